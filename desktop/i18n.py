"""The one front door for Harbour's own UI strings (gettext catalogs in i18n/).

Usage everywhere: ``from desktop.i18n import _, ngettext``. ``setup_i18n(locale)`` is called once by the app
before any window is built; until then (and in core tests) the English source text is returned.
Translators edit the .po files; ``tools/sync_catalogs.py`` compiles each into the desktop.mo beside it, which is
committed and shipped, and the app reads only those with the standard library's gettext: a French or Spanish
worker's first window does not wait for Babel to parse a .po (issue 18: start-up). tests/core/test_catalogs.py
fails when a .mo is not in step with its .po.
"""

from __future__ import annotations

import gettext
import logging
import struct
from collections import Counter
from functools import lru_cache
from pathlib import Path
from string import Formatter

from desktop.paths import i18n_dir

SOURCE_LOCALE = "en"
CATALOG_NAME = "desktop.mo"
_active: gettext.NullTranslations = gettext.NullTranslations()
_active_locale: str = SOURCE_LOCALE
_load_problem: str | None = None
log = logging.getLogger(__name__)

# What the standard library's .mo reader raises on a damaged or hostile file: a bad magic number or offsets
# (OSError), a truncated table (struct.error), bytes or a charset that do not decode (ValueError, LookupError), a
# broken header line (IndexError) or Plural-Forms expression (ValueError, SyntaxError, RecursionError).
_UNREADABLE_MO = (OSError, ValueError, LookupError, TypeError, AttributeError, struct.error, SyntaxError,
                  RecursionError)


# What Babel's parser raises on a damaged or hostile .po file (bad bytes, an unknown charset, a broken header date,
# a truncated entry); LookupError covers IndexError and KeyError. The script catalogs are .po files read with it.
def po_read_errors() -> tuple[type[BaseException], ...]:
    from babel.messages.pofile import PoFileError

    return (OSError, ValueError, LookupError, TypeError, AttributeError, PoFileError)


class CatalogDamaged(ValueError):
    """A UI catalog that cannot be read; the message is a sentence for the worker."""


def catalog_path(locale: str) -> Path:
    return i18n_dir() / locale / "LC_MESSAGES" / CATALOG_NAME


def available_ui_locales() -> list[str]:
    found = {path.parent.parent.name for path in i18n_dir().glob(f"*/LC_MESSAGES/{CATALOG_NAME}")}
    return sorted(found | {SOURCE_LOCALE})


def load_catalog(locale: str) -> gettext.NullTranslations:
    """Translations for ``locale`` (e.g. 'fr_CA'), falling back to its language ('fr'), then to English. Only a
    shipped locale is looked up (a stored preference never names a path), and a damaged catalog is skipped with
    a warning (see ``load_problem``) instead of stopping Harbour."""
    global _load_problem
    _load_problem = None
    shipped = set(available_ui_locales())
    for candidate in _fallbacks(locale):
        if candidate == SOURCE_LOCALE:
            # The source strings are English and the English catalog only repeats them (test_catalogs checks
            # that), so no file is read for it.
            return gettext.NullTranslations()
        mo_path = catalog_path(candidate)
        if candidate not in shipped or not mo_path.is_file():
            continue
        try:
            return read_catalog(mo_path, candidate)
        except CatalogDamaged as damaged:
            _load_problem = str(damaged)
            log.warning("%s", damaged)
    return gettext.NullTranslations()


def read_catalog(mo_path: Path, locale: str) -> gettext.GNUTranslations:
    """One compiled catalog, or CatalogDamaged. Its answers are checked as they are asked for (CheckedTranslations),
    so ``_(...).format(name=...)`` cannot fail on a translation."""
    try:
        with mo_path.open("rb") as source:
            translations = CheckedTranslations(source)
    except _UNREADABLE_MO as error:
        reason = str(error)[:200] or type(error).__name__
        raise CatalogDamaged(_("The {locale} translation of Harbour cannot be read ({reason}), so it is not "
                               "used.").format(locale=locale, reason=reason)) from None
    translations.plural = _safe_plural(translations.plural)
    return translations


class CheckedTranslations(gettext.GNUTranslations):
    """A .mo catalog whose every answer is held against the English the code passed (not the English the file
    claims, which a hand-edited .mo could change): a translation whose {placeholders} differ gives the English."""

    def gettext(self, message):
        return _checked(super().gettext(message), message, (message,))

    def ngettext(self, msgid1, msgid2, n):
        return _checked(super().ngettext(msgid1, msgid2, n), msgid1 if n == 1 else msgid2, (msgid1, msgid2))

    def pgettext(self, context, message):
        return _checked(super().pgettext(context, message), message, (message,))

    def npgettext(self, context, msgid1, msgid2, n):
        return _checked(super().npgettext(context, msgid1, msgid2, n), msgid1 if n == 1 else msgid2,
                        (msgid1, msgid2))


def _checked(translated: str, english: str, sources: tuple[str, ...]) -> str:
    if translated in sources or (translated and _same_placeholders(translated, sources)):
        return translated
    return english  # an empty translation too: English reads better than a blank


def setup_i18n(locale: str) -> None:
    global _active, _active_locale
    _active = load_catalog(locale)
    _active_locale = locale


def load_problem() -> str | None:
    """Why the last ``load_catalog`` fell back (a damaged catalog), as a sentence; None when all went well."""
    return _load_problem


def current_locale() -> str:
    return _active_locale


def _(message: str) -> str:
    return _active.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _active.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    return _active.pgettext(context, message)


def N_(message: str) -> str:
    """Marks a string for extraction where it must be translated later (module-level tables)."""
    return message


def _fallbacks(locale: str) -> list[str]:
    if not isinstance(locale, str) or not locale:
        return [SOURCE_LOCALE]
    # The language is what comes before the region or script ("fr_CA", "pa-Guru" -> "fr", "pa"): no CLDR to load
    # for it, so the first window of a French worker does not wait for Babel's locale data (issue 18's start-up).
    return list(dict.fromkeys([locale, locale.replace("-", "_").split("_")[0]]))


def _fields(text: str) -> Counter | None:
    """The {placeholders} of a format string with their conversion and spec; None if it is not one."""
    try:
        return Counter((name, conversion, spec) for _literal, name, spec, conversion in Formatter().parse(text)
                       if name is not None)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _same_placeholders(translated: str, sources: tuple[str, ...]) -> bool:
    """Whether ``translated`` uses only the {placeholders} of its English sources (singular and plural together),
    with their conversion and spec. A source that is not a format string is never .format()ted: anything goes."""
    allowed: Counter = Counter()
    for source in sources:
        found = _fields(source)
        if found is None:
            return True
        allowed |= found
    found = _fields(translated)
    return found is not None and not found - allowed


def _safe_plural(plural):
    """A Plural-Forms expression that fails for some count (n/0) answers with the English rule instead."""

    def choose(count: int) -> int:
        try:
            return plural(count)
        except (ArithmeticError, ValueError, TypeError, RecursionError):
            return int(count != 1)

    return choose
