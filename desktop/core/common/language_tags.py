"""The one parser of BCP 47 language tags ("pa-Guru", "es-MX", "zh-hant-tw", "yue"), on Babel's ``parse_locale``.

Every module that needs a tag's parts (clients, interpreters, matching, language names, catalogs) asks here, so a
tag is read the same way everywhere: language lower case, script title case, region upper case, variants lower case.
A person's list of languages (a client's, an interpreter's, the worker's most met) is checked by ``checked_tags``,
and a tag that is not one is refused in one sentence, ``not_a_tag_message``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from babel.core import parse_locale

from desktop.i18n import _

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_SCRIPT = re.compile(r"^[A-Z][a-z]{3}$")
_REGION = re.compile(r"^(?:[A-Z]{2}|\d{3})$")
_VARIANT = re.compile(r"^(?:[a-z0-9]{5,8}|\d[a-z0-9]{3})$")


class InvalidLanguageTag(ValueError):
    """Text that is not a BCP 47 language tag; ``args[0]`` is the text as given (see not_a_tag_message)."""


@dataclass(frozen=True)
class LanguageTag:
    language: str                  # "pa"
    script: str = ""               # "Guru"
    region: str = ""               # "MX", "419"
    variants: tuple[str, ...] = ()

    def __str__(self) -> str:
        """The tag as BCP 47 writes it: 'pa-Guru', 'es-MX', 'ca-ES-valencia'."""
        return "-".join(part for part in (self.language, self.script, self.region, *self.variants) if part)

    @property
    def locale(self) -> str:
        """The same as a Babel identifier: 'pa_Guru', 'zh_Hant_TW'."""
        return str(self).replace("-", "_")


@lru_cache(maxsize=1024)  # a roster or a client list repeats a few tags thousands of times; the result is frozen
def parse_tag(tag: str) -> LanguageTag:
    """'PA_guru' -> LanguageTag('pa', 'Guru'). Raises InvalidLanguageTag for anything else ('Spanish', 'e1', '')."""
    text = tag.strip().replace("_", "-")
    try:
        language, region, script, variant, *_modifier = parse_locale(text, sep="-")
    except ValueError:
        raise InvalidLanguageTag(tag) from None
    parsed = LanguageTag(language.lower(), (script or "").title(), (region or "").upper(),
                         tuple(part.lower() for part in (variant or "").split("-") if part))
    if (not _LANGUAGE.match(parsed.language) or (parsed.script and not _SCRIPT.match(parsed.script))
            or (parsed.region and not _REGION.match(parsed.region))
            or not all(_VARIANT.match(variant) for variant in parsed.variants)):
        raise InvalidLanguageTag(tag)
    return parsed


def is_language_tag(tag: str) -> bool:
    try:
        parse_tag(tag)
    except InvalidLanguageTag:
        return False
    return True


def normalise_tag(tag: str) -> str:
    """'PA_guru' -> 'pa-Guru'. Raises InvalidLanguageTag."""
    return str(parse_tag(tag))


def checked_tags(tags: Iterable[str]) -> list[str]:
    """A list of languages as it is stored: blanks dropped, each tag normalised ('PA_guru' -> 'pa-Guru') and kept
    once, in the order given. Raises InvalidLanguageTag for the first text that is not a tag."""
    return list(dict.fromkeys(normalise_tag(tag) for tag in tags if tag and tag.strip()))


def not_a_tag_message(tag: str) -> str:
    """The sentence for a worker whose text is not a language tag."""
    return _("\u201c{tag}\u201d is not a language code. Use codes such as yue, pa-Guru or zh-Hant.").format(
        tag=tag.strip())
