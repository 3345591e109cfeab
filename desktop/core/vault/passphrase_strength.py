"""A rough, offline passphrase strength estimate for the create-vault screen. Not a security boundary: the
minimum length is enforced by the vault; this only helps the worker choose something long and unusual."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from desktop.i18n import N_, _

_COMMON = {"password", "passwort", "motdepasse", "123456", "qwerty", "azerty", "letmein", "harbour", "welcome",
           "iloveyou", "admin", "abc123", "monkey", "dragon", "sunshine", "football", "secret"}

LEVELS = (N_("Too short"), N_("Weak"), N_("Fair"), N_("Good"), N_("Strong"))


@dataclass(frozen=True)
class Strength:
    score: int          # 0..4, an index into LEVELS
    bits: float         # a rough entropy estimate
    advice: str         # one translated sentence

    @property
    def label(self) -> str:
        return _(LEVELS[self.score])


def estimate(passphrase: str, minimum_length: int) -> Strength:
    if len(passphrase) < minimum_length:
        return Strength(0, 0.0, _("Use at least {count} characters. A short sentence only you know works well.")
                        .format(count=minimum_length))
    pool = 0
    pool += 26 if re.search(r"[a-z]", passphrase) else 0
    pool += 26 if re.search(r"[A-Z]", passphrase) else 0
    pool += 10 if re.search(r"\d", passphrase) else 0
    pool += 33 if re.search(r"[^\w\s]", passphrase) else 0
    pool += 1 if " " in passphrase else 0
    pool += 100 if re.search(r"[^\x00-\x7f]", passphrase) else 0
    distinct = len(set(passphrase))
    bits = len(passphrase) * math.log2(max(pool, 2)) * min(1.0, distinct / max(8, len(passphrase) / 2))
    lowered = passphrase.lower()
    if any(word in lowered for word in _COMMON) or distinct <= 3:
        bits = min(bits, 30.0)
    score = 1 if bits < 45 else 2 if bits < 65 else 3 if bits < 110 else 4
    advice = {
        1: _("Easy to guess. Add more words or make it longer."),
        2: _("Could be stronger. Another word or two would help."),
        3: _("Good. Make sure you can remember it."),
        4: _("Strong. Make sure you can remember it."),
    }[score]
    return Strength(score, bits, advice)
