"""How guessable a passphrase is, with zxcvbn (what KeePassXC uses) and a list of common passwords, offline.

``refuse_weakest`` is the core's rule, for every route that sets a passphrase (create, change, re-key): too short,
a common password, or zxcvbn's lowest two scores (guessed in well under a day offline) are refused with
PassphraseTooWeak. ``estimate`` is what the wizard shows: a level, and zxcvbn's feedback as our own translated
sentences (zxcvbn's are English only). Score 2 is allowed but weak: the wizard asks for an explicit "use it anyway".
"""

from __future__ import annotations

from dataclasses import dataclass

from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from desktop.core.vault.errors import MIN_PASSPHRASE_LENGTH, PassphraseTooShort, PassphraseTooWeak
from desktop.i18n import N_, _

LEVELS = (N_("Too short"), N_("Weak"), N_("Fair"), N_("Good"), N_("Strong"))
REFUSED_BELOW = 2   # zxcvbn scores 0 and 1
WEAK_BELOW = 3      # score 2: allowed only when the person says "use it anyway"
_ZXCVBN_MAX = 72    # zxcvbn refuses longer input; a passphrase that long is judged by its first 72 characters
# Words a worker here might reach for, beyond zxcvbn's lists (which are English).
_OUR_COMMON = ("harbour", "harbor", "motdepasse", "contraseña", "contrasena", "passwort", "azerty", "bienvenue",
               "bienvenido", "soleil", "outreach")
_COMMON = frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(_OUR_COMMON)

# zxcvbn's English feedback -> our sentences, translated in the catalogs.
_FEEDBACK = {
    "Straight rows of keys are easy to guess.": N_("Rows of keys next to each other are easy to guess."),
    "Short keyboard patterns are easy to guess.": N_("Short keyboard patterns are easy to guess."),
    "Use a longer keyboard pattern with more turns.": N_("Avoid keyboard patterns."),
    'Repeats like "aaa" are easy to guess.': N_("Repeated characters, like “aaa”, are easy to guess."),
    "Avoid repeated words and characters.": N_("Avoid repeating words and characters."),
    'Sequences like "abc" or "6543" are easy to guess.': N_("Sequences, like “abc” or “6543”, are easy to guess."),
    "Avoid sequences.": N_("Avoid sequences."),
    "Recent years are easy to guess.": N_("Recent years are easy to guess."),
    "Avoid recent years.": N_("Avoid recent years."),
    "Avoid years that are associated with you.": N_("Avoid years and dates that have to do with you."),
    "Dates are often easy to guess.": N_("Dates are easy to guess."),
    "Avoid dates and years that are associated with you.": N_("Avoid years and dates that have to do with you."),
    "This is a top-10 common password.": N_("This is one of the most common passwords."),
    "This is a top-100 common password.": N_("This is one of the most common passwords."),
    "This is a very common password.": N_("This is a very common password."),
    "This is similar to a commonly used password.": N_("This is close to a common password."),
    "A word by itself is easy to guess.": N_("A single word is easy to guess."),
    "Names and surnames by themselves are easy to guess.": N_("Names on their own are easy to guess."),
    "Common names and surnames are easy to guess.": N_("Common names are easy to guess."),
    "Capitalization doesn't help very much.": N_("Capital letters do not help much."),
    "All-uppercase is almost as easy to guess as all-lowercase.": N_("Capital letters do not help much."),
    "Reversed words aren't much harder to guess.": N_("Words spelled backwards are not much harder to guess."),
    "Predictable substitutions like '@' instead of 'a' don't help very much.":
        N_("Swapping letters for look-alike symbols (@ for a) does not help much."),
    "Use a few words, avoid common phrases.": N_("Use a few words, and avoid common phrases."),
    "No need for symbols, digits, or uppercase letters.": N_("You do not need symbols, digits or capitals."),
    "Add another word or two. Uncommon words are better.": N_("Add another word or two. Unusual words are better."),
}


@dataclass(frozen=True)
class Strength:
    score: int               # 0..4, an index into LEVELS (0 also for too short)
    advice: str              # translated sentences: why, and what helps
    refused: bool            # the core will not take it
    weak: bool               # allowed only after an explicit "use it anyway"

    @property
    def label(self) -> str:
        return _(LEVELS[self.score])


def estimate(passphrase: str, minimum_length: int = MIN_PASSPHRASE_LENGTH) -> Strength:
    if len(passphrase) < minimum_length:
        return Strength(0, _("Use at least {count} characters. A short sentence only you know works well.")
                        .format(count=minimum_length), refused=True, weak=False)
    result = zxcvbn(passphrase[:_ZXCVBN_MAX])
    score = int(result["score"])
    common = passphrase.strip().lower() in _COMMON or not passphrase.strip()
    if common:
        score = 0
    sentences = _feedback(result, common)
    if score < REFUSED_BELOW:
        sentences = sentences or [_("Easy to guess. Add more words or make it longer.")]
    elif score < WEAK_BELOW:
        sentences = sentences or [_("Could be stronger. Another word or two would help.")]
    else:
        sentences = [_("Good. Make sure you can remember it.") if score == 3 else
                     _("Strong. Make sure you can remember it.")]
    # The bar's lowest level, "Too short", is kept for passphrases under the minimum length.
    return Strength(max(score, 1), " ".join(sentences), refused=score < REFUSED_BELOW,
                    weak=REFUSED_BELOW <= score < WEAK_BELOW)


def refuse_weakest(passphrase: str) -> None:
    """Raises PassphraseTooShort or PassphraseTooWeak (with the reasons) for what no route may set."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise PassphraseTooShort()
    strength = estimate(passphrase)
    if strength.refused:
        raise PassphraseTooWeak([strength.advice])


def _feedback(result: dict, common: bool) -> list[str]:
    english = [result["feedback"].get("warning") or "", *result["feedback"].get("suggestions", [])]
    if common:
        english.insert(0, "This is a very common password.")
    sentences: list[str] = []
    for text in english:
        ours = _FEEDBACK.get(text)
        if ours and _(ours) not in sentences:
            sentences.append(_(ours))
    return sentences
