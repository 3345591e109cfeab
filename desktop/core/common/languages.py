"""Language tags for the client's side: BCP 47 tags, names from CLDR (Babel), text direction, and which
tag is served by which shipped script catalog.

A tag is what a person or a booking says ("pa-Guru", "zh-Hant", "yue", "tl"); a catalog locale is a Babel
identifier of a shipped file ("pa_Guru", "zh_Hant", "fil"). Some languages are best served by a live interpreter
rather than by shipped text (Mayan languages, Indigenous languages, sign languages): the view says so and offers a
booking instead of showing a translation.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.localedata import locale_identifiers

from desktop.core.common.language_tags import InvalidLanguageTag, parse_tag
from desktop.core.scripts.catalogs import SOURCE_LOCALE, shipped_locales
from desktop.i18n import N_, _, current_locale

# Language subtags whose written form is a shipped catalog under another code. The script still decides:
# Cantonese ("yue") is usually written in Traditional characters, so it reads zh_Hant, but "yue-Hans" reads
# zh_Hans; Dari ("prs") is written Persian; Mandarin ("cmn") is written Chinese.
_LANGUAGE_ALIASES: dict[str, str] = {
    "tl": "fil",
    "yue": "zh",
    "cmn": "zh",
    "prs": "fa",
    "pes": "fa",
}

# Best served by a live interpreter: no written script can stand in for them here. Kept as language subtags.
LIVE_INTERPRETER_LANGUAGES: frozenset[str] = frozenset({
    "quc",  # K'iche'
    "mam",  # Mam
    "ase",  # American Sign Language
    "fcs",  # Quebec Sign Language (LSQ)
    "cr", "crk", "oj", "iu", "moh", "hai", "kwk", "mic", "oka", "bla", "chr", "dak", "lkt", "nv",
})

# Names CLDR does not carry: (English name for the worker's language, native name).
_EXTRA_NAMES: dict[str, tuple[str, str]] = {
    "mam": (N_("Mam"), "Qyool Mam"),
    "fcs": (N_("Quebec Sign Language (LSQ)"), "Langue des signes québécoise"),
    "ase": (N_("American Sign Language (ASL)"), "ASL"),
    "prs": (N_("Dari"), "دری"),
}

# Offered in the client picker besides the shipped catalogs: spoken languages read from a catalog in another code.
_SPOKEN_EXTRAS: tuple[str, ...] = ("yue", "prs")
_RIGHT_TO_LEFT_SCRIPTS = frozenset({"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand", "Samr"})
_APOSTROPHES = frozenset("'\u2019\u02bc\u02bb`\u00b4")


@dataclass(frozen=True)
class Language:
    tag: str                 # BCP 47, e.g. "pa-Guru"
    name: str                # in the worker's language, e.g. "Punjabi"
    native: str              # in the language itself, e.g. "ਪੰਜਾਬੀ"
    right_to_left: bool
    catalog: str | None      # the shipped catalog that serves it, or None

    @property
    def label(self) -> str:
        """'Punjabi — ਪੰਜਾਬੀ', or just the name when both are the same."""
        if not self.native or self.native.casefold() == self.name.casefold():
            return self.name
        return f"{self.name} — {self.native}"

    @property
    def needs_live_interpreter(self) -> bool:
        return self.catalog is None or needs_live_interpreter(self.tag)


def tag_to_locale(tag: str) -> str:
    """'pa-Guru' -> 'pa_Guru', 'zh-hant-tw' -> 'zh_Hant_TW'; '' for text that is not a language tag."""
    try:
        return parse_tag(tag).locale
    except InvalidLanguageTag:
        return ""


def locale_to_tag(locale: str) -> str:
    """'pa_Guru' -> 'pa-Guru'."""
    return locale.replace("_", "-")


def catalog_for(tag: str, shipped: Iterable[str] | None = None) -> str | None:
    """The shipped catalog locale that serves ``tag``, or None when we ship nothing for it.

    'pa' and 'pa-IN' -> 'pa_Guru'; 'zh-TW' and 'yue' -> 'zh_Hant'; 'fr-CA' -> 'fr'; 'pa-Arab' -> None (Shahmukhi
    is not Gurmukhi, and showing the wrong script would be worse than offering an interpreter).
    """
    available = set(shipped_locales() if shipped is None else shipped)
    locale = tag_to_locale(tag)
    if not locale:
        return None
    if locale in available:
        return locale
    language = locale.split("_")[0]
    target = _LANGUAGE_ALIASES.get(language, language)
    script = _script_of(locale) or _script_of(target)
    if script:
        if f"{target}_{script}" in available:
            return f"{target}_{script}"
        if target in available and _script_of(target) == script:
            return target
        return None
    return target if target in available else None


def has_catalog(tag: str) -> bool:
    return catalog_for(tag) is not None


def needs_live_interpreter(tag: str) -> bool:
    """True for languages we send to a live interpreter (sign, Mayan, Indigenous) and for any without a catalog."""
    language = tag_to_locale(tag).split("_")[0]
    return language in LIVE_INTERPRETER_LANGUAGES or not has_catalog(tag)


def is_right_to_left(tag: str) -> bool:
    """From CLDR's character order; for a tag CLDR has no locale for, from its (likely) script."""
    locale = tag_to_locale(tag)
    try:
        return Locale.parse(locale).character_order == "right-to-left"
    except (UnknownLocaleError, ValueError, TypeError):
        language = locale.split("_")[0]
        script = _script_of(locale) or _script_of(_LANGUAGE_ALIASES.get(language, language))
        return script in _RIGHT_TO_LEFT_SCRIPTS


def display_name(tag: str, worker_locale: str | None = None) -> str:
    """The language's name in the worker's language ('Punjabi' for an English-speaking worker); the worker's
    language is the UI's unless given."""
    locale = tag_to_locale(tag)
    language = locale.split("_")[0]
    if language in _EXTRA_NAMES:
        return _(_EXTRA_NAMES[language][0])
    parsed = _parse(tag)
    worker = _parse(worker_locale or current_locale()) or Locale.parse(SOURCE_LOCALE)
    if parsed is None:
        return worker.languages.get(language) or Locale.parse(SOURCE_LOCALE).languages.get(language) or tag
    if _script_is_implied(parsed):
        return worker.languages.get(language) or parsed.get_display_name(worker) or tag
    return parsed.get_display_name(worker) or tag


def english_name(tag: str) -> str:
    """The language's English name whatever the UI language ('Tagalog' for 'tl'), or '': a worker may type it."""
    language = tag_to_locale(tag).split("_")[0]
    if language in _EXTRA_NAMES:
        return _EXTRA_NAMES[language][0]
    return Locale.parse(SOURCE_LOCALE).languages.get(language, "") if language else ""


def native_name(tag: str) -> str:
    """The language's own name for itself ('ਪੰਜਾਬੀ'), or '' when CLDR does not know it."""
    language = tag_to_locale(tag).split("_")[0]
    if language in _EXTRA_NAMES:
        return _EXTRA_NAMES[language][1]
    parsed = _parse(tag)
    if parsed is None:
        return ""
    if _script_is_implied(parsed):
        return parsed.languages.get(parsed.language) or parsed.get_display_name() or ""
    return parsed.get_display_name() or ""


def describe(tag: str, worker_locale: str | None = None) -> Language:
    # Cached: CLDR lookups cost about a millisecond per language and the pickers list some fifty. The UI locale is
    # part of the key because the names Harbour adds itself (_EXTRA_NAMES) are translated through gettext.
    return _describe(tag, worker_locale or current_locale(), current_locale())


@lru_cache(maxsize=2048)
def _describe(tag: str, worker_locale: str, _ui_locale: str) -> Language:
    return Language(
        tag=locale_to_tag(tag_to_locale(tag)),
        name=display_name(tag, worker_locale),
        native=native_name(tag),
        right_to_left=is_right_to_left(tag),
        catalog=catalog_for(tag),
    )


def tag_label(tag: str, worker_locale: str | None = None) -> str:
    """'es-MX' -> 'Spanish (Mexico) — español', 'pa-Guru' -> 'Punjabi — ਪੰਜਾਬੀ': how a chosen language with its
    dialect is shown, so nobody reads a bare code."""
    return with_dialect(tag, worker_locale).label


def with_dialect(tag: str, worker_locale: str | None = None) -> Language:
    """describe(), with the region the tag states in the name ('Spanish (Mexico)'); for lists of stored tags."""
    try:
        parsed = parse_tag(tag)
    except InvalidLanguageTag:
        return Language(tag=tag, name=tag, native="", right_to_left=False, catalog=None)
    language = describe(str(replace(parsed, region="")), worker_locale)
    if not parsed.region:
        return language
    names = _parse(worker_locale or current_locale()) or Locale.parse(SOURCE_LOCALE)
    return replace(language, tag=str(parsed), name=_("{language} ({details})").format(
        language=language.name, details=names.territories.get(parsed.region, parsed.region)))


def client_languages(worker_locale: str | None = None) -> list[Language]:
    """Every language the client picker offers: the shipped catalogs, then those served by an interpreter."""
    tags = [locale_to_tag(locale) for locale in shipped_locales()]
    tags += list(_SPOKEN_EXTRAS) + sorted(LIVE_INTERPRETER_LANGUAGES)
    found = [describe(tag, worker_locale) for tag in dict.fromkeys(tags)]
    return sorted(found, key=lambda language: fold(language.name))


def known_languages(worker_locale: str | None = None) -> list[Language]:
    """Every language a person may speak, for the pickers of a client's or an interpreter's languages: those the
    client picker offers (with native names), then every other language CLDR has data for and a name in the
    worker's language or English (name only: reading some 300 locales' own names would cost seconds)."""
    return list(_known_languages(worker_locale or current_locale(), current_locale()))


@lru_cache(maxsize=8)
def _known_languages(worker_locale: str, _ui_locale: str) -> tuple[Language, ...]:
    offered = client_languages(worker_locale)
    seen = {tag_to_locale(language.tag).split("_")[0] for language in offered}
    worker = _parse(worker_locale) or Locale.parse(SOURCE_LOCALE)
    english = Locale.parse(SOURCE_LOCALE)
    others = []
    for code in sorted({identifier.split("_")[0] for identifier in locale_identifiers()} - seen):
        name = worker.languages.get(code) or english.languages.get(code)
        if name and code not in {"root", "und"}:
            others.append(Language(tag=code, name=name, native="", right_to_left=False, catalog=None))
    return tuple(sorted([*offered, *others], key=lambda language: fold(language.name)))


def regions_for(tag: str, worker_locale: str | None = None) -> list[tuple[str, str]]:
    """(region, name) where CLDR knows ``tag``'s language is used, by name: 'es' -> [('AR', 'Argentina'), ...,
    ('MX', 'Mexico'), ...]. The pickers offer them as the dialect, so a worker never types 'es-MX'."""
    try:
        wanted = parse_tag(tag)
    except InvalidLanguageTag:
        return []
    names = _parse(worker_locale or current_locale()) or Locale.parse(SOURCE_LOCALE)
    regions = set()
    for identifier in locale_identifiers():
        try:
            found = parse_tag(identifier)
        except InvalidLanguageTag:
            continue
        same_script = not wanted.script or found.script in ("", wanted.script)   # pa-Guru: India, not Pakistan
        if found.language == wanted.language and found.region and same_script:
            regions.add(found.region)
    named = [(region, names.territories.get(region, region)) for region in regions]
    return sorted(named, key=lambda pair: fold(pair[1]))


def worker_languages(worker_locale: str | None = None) -> list[Language]:
    """The languages the worker's side can show: only shipped catalogs."""
    found = [describe(locale_to_tag(locale), worker_locale) for locale in shipped_locales()]
    return sorted(found, key=lambda language: fold(language.name))


def warm_up(worker_locale: str | None = None) -> None:
    """Reads the CLDR data behind every offered language's names once, so the first language picker opens at once.

    Meant for a background thread while the unlock window waits for the passphrase: the first read of some fifty
    locales costs about 0.2 s, which the worker would otherwise feel on opening Scripts or a new client. Babel's
    locale-data cache is guarded by a lock, so this is safe beside the UI thread."""
    client_languages(worker_locale)
    worker_languages(worker_locale)
    known_languages(worker_locale)


def fold(text: str) -> str:
    """Lower case without accents or apostrophes, for matching what a person types."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Apostrophe look-alikes vanish, so "kiche" finds "Kʼicheʼ".
    return "".join(char for char in decomposed if not unicodedata.combining(char) and char not in _APOSTROPHES)


def _parse(tag: str) -> Locale | None:
    locale = tag_to_locale(tag)
    if not locale:
        return None
    try:
        return Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        try:
            return Locale.parse(locale.split("_")[0])
        except (UnknownLocaleError, ValueError, TypeError):
            return None


def _script_of(locale: str) -> str | None:
    """The script subtag written in ``locale``, or the one CLDR says is likely for it."""
    parts = locale.split("_")
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            return part
    likely = get_global("likely_subtags")
    full = likely.get(locale) or likely.get(parts[0])
    if full:
        for part in full.split("_")[1:]:
            if len(part) == 4 and part.isalpha():
                return part
    return None


def _script_is_implied(parsed: Locale) -> bool:
    """'pa_Guru' is just 'Punjabi'; 'zh_Hant' stays 'Chinese (Traditional)' because two Chinese catalogs ship."""
    if not parsed.script:
        return True
    siblings = [loc for loc in shipped_locales() if loc.split("_")[0] == parsed.language]
    return len(siblings) <= 1 and _script_of(parsed.language) == parsed.script


_EXTRA_LANGUAGE_NAMES = {"cmn": N_("Mandarin Chinese")}   # codes CLDR has no name for


def language_name(tag: str, display_locale: str | None = None) -> str:
    """'es-MX' -> 'Spanish (Mexico)', 'yue-HK' -> 'Cantonese (Hong Kong SAR China)': the language in the
    worker's language with only the subtags the tag states (the dialect), never guessed ones."""
    return _language_name(tag, display_locale or current_locale(), current_locale())


# A table of 1,000 interpreters asks for the same few names tens of thousands of times while Qt sizes its rows:
# each is worked out once per language it is shown in and UI language (whose catalog translates a few names).
@lru_cache(maxsize=4096)
def _language_name(tag: str, display_locale: str, _ui_locale: str) -> str:
    try:
        names = Locale.parse(display_locale)
    except (UnknownLocaleError, ValueError):
        names = Locale.parse("en")
    english = Locale.parse("en")
    try:
        parsed = parse_tag(tag)
    except InvalidLanguageTag:
        return tag
    language = parsed.language
    name = (_(_EXTRA_LANGUAGE_NAMES[language]) if language in _EXTRA_LANGUAGE_NAMES
            else _(_EXTRA_NAMES[language][0]) if language in _EXTRA_NAMES
            else names.languages.get(language) or english.languages.get(language) or language)
    extras = [names.scripts.get(parsed.script) or parsed.script] if parsed.script else []
    if parsed.region:
        extras.append(names.territories.get(parsed.region) or parsed.region)
    extras += parsed.variants
    return _("{language} ({details})").format(language=name, details=", ".join(extras)) if extras else name
