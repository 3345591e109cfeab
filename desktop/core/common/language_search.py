"""Finding a language by what a person types: its name in their language or its own, its code, or another name
people use for it ("Tagalog" for Filipino, "Farsi" for Persian, "K'iche'" with a plain apostrophe). The pickers,
the client list and the interpreter directory all match this way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from babel.core import get_global

from desktop.core.common.languages import Language, english_name, fold, tag_to_locale


def search(query: str, languages: Iterable[Language]) -> list[Language]:
    """Languages whose name, native name, tag or another name people use for it (search_terms) contains ``query``
    (case-, accent- and apostrophe-insensitive: "K'iche'" finds "Kʼicheʼ", "Tagalog" finds Filipino)."""
    return [language for language in languages if matches(query, search_text(language))]


def search_text(language: Language) -> str:
    """The folded words a typed query is matched against (see ``matches``): the name, native name and tag the
    pickers show, and search_terms. Pickers keep it beside each row."""
    terms = (language.name, language.native, language.tag, *search_terms(language.tag))
    return " " + " ".join(_words(term) for term in terms) + " "


def matches(query: str, text: str) -> bool:
    """Whether the typed words start words of ``text`` (from search_text), in order: "arab" finds Arabic, "chinese
    trad" finds Chinese (Traditional), and "dari" finds Dari but not Mandarin."""
    wanted = _words(query)
    return not wanted or f" {wanted}" in text


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))


# Names people use that CLDR files under another code or not at all. Search keys only, never shown.
_COMMON_NAMES: dict[str, tuple[str, ...]] = {
    "fa": ("Farsi",), "zh": ("Mandarin",), "pa": ("Panjabi",), "es": ("Castilian", "Castellano"),
    "yue": ("Guangdonghua",), "quc": ("Kiche", "Quiche", "Quiché"), "fil": ("Pilipino",),
}


@lru_cache(maxsize=512)
def search_terms(tag: str) -> tuple[str, ...]:
    """Other names and codes of ``tag``'s language a worker may type: the codes Babel's language_aliases maps onto
    it (tl -> fil, cmn -> zh, pes -> fa) with their CLDR names ("Tagalog"), its English name (a French-speaking worker
    may type "Spanish"), and a few common names CLDR lacks ("Farsi")."""
    language = tag_to_locale(tag).split("_")[0]
    if not language:
        return ()
    terms = [english_name(language)]
    for alias in _aliases().get(language, ()):
        terms += [alias, english_name(alias)]
    terms += _COMMON_NAMES.get(language, ())
    return tuple(dict.fromkeys(term for term in terms if term))


@lru_cache(maxsize=1)
def _aliases() -> dict[str, tuple[str, ...]]:
    """language -> the language codes Babel's global alias table maps onto it ('fil' -> ('tl', 'tgl'))."""
    found: dict[str, list[str]] = {}
    for alias, target in get_global("language_aliases").items():
        if alias.isalpha() and alias.islower() and 2 <= len(alias) <= 3:
            found.setdefault(target.split("_")[0], []).append(alias)
    return {language: tuple(aliases) for language, aliases in found.items()}
