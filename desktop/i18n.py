"""The one front door for Harbour's own UI strings (gettext catalogs in i18n/, read through Babel).

Usage everywhere: ``from desktop.i18n import _, ngettext``. ``setup_i18n(locale)`` is called once by the app
before any window is built; until then (and in core tests) the English source text is returned.
Catalogs are compiled in memory from the shipped .po files, so no .mo build step is needed.
"""

from __future__ import annotations

import gettext
import io
import logging
from collections import Counter
from pathlib import Path
from string import Formatter
from typing import TYPE_CHECKING

from desktop.paths import i18n_dir

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

# Babel (its .po reader, and CLDR behind it) loads only when a translation is read: an English start, the first
# window of a first run among them, does without it (issue 18: start-up).

SOURCE_LOCALE = "en"
_active: gettext.NullTranslations = gettext.NullTranslations()
_active_locale: str = SOURCE_LOCALE
_load_problem: str | None = None
log = logging.getLogger(__name__)

# What Babel's parser raises on a damaged or hostile .po file (bad bytes, an unknown charset, a broken header date,
# a truncated entry); LookupError covers IndexError and KeyError. scripts.py reads its catalogs with it too.
def po_read_errors() -> tuple[type[BaseException], ...]:
    from babel.messages.pofile import PoFileError

    return (OSError, ValueError, LookupError, TypeError, AttributeError, PoFileError)


def _unreadable() -> tuple[type[BaseException], ...]:
    """po_read_errors(), and what gettext raises on a broken Plural-Forms expression."""
    return (*po_read_errors(), SyntaxError, RecursionError)


class CatalogDamaged(ValueError):
    """A UI catalog that cannot be read; the message is a sentence for the worker."""


def available_ui_locales() -> list[str]:
    found = {path.parent.parent.name for path in i18n_dir().glob("*/LC_MESSAGES/desktop.po")}
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
            # that): parsing its 1,000 entries with Babel would cost a first run ~0.3 s for nothing.
            return gettext.NullTranslations()
        po_path = i18n_dir() / candidate / "LC_MESSAGES" / "desktop.po"
        if candidate not in shipped or not po_path.is_file():
            continue
        try:
            return read_catalog(po_path, candidate)
        except CatalogDamaged as damaged:
            _load_problem = str(damaged)
            log.warning("%s", damaged)
    return gettext.NullTranslations()


def read_catalog(po_path: Path, locale: str) -> gettext.GNUTranslations:
    """One .po file compiled in memory, or CatalogDamaged. A translation whose {placeholders} differ from its
    English source is dropped (the English shows instead), so ``_(...).format(name=...)`` cannot fail on it."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    try:
        with po_path.open("rb") as source:
            catalog = read_po(source, locale=locale, abort_invalid=True)
        _drop_unsafe_translations(catalog)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        translations = gettext.GNUTranslations(buffer)
    except _unreadable() as error:
        reason = str(error)[:200] or type(error).__name__
        raise CatalogDamaged(_("The {locale} translation of Harbour cannot be read ({reason}), so it is not "
                               "used.").format(locale=locale, reason=reason)) from None
    translations.plural = _safe_plural(translations.plural)
    return translations


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


def _drop_unsafe_translations(catalog: Catalog) -> None:
    for message in catalog:
        if not message.id or not message.string:
            continue
        sources = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        forms = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        allowed: Counter = Counter()
        for source in sources:
            found = _fields(source)
            if found is None:
                break  # the source is not a format string: the code does not .format() it
            allowed |= found
        else:
            if any((found := _fields(form)) is None or found - allowed for form in forms if form):
                message.string = ("",) * len(forms) if isinstance(message.string, (tuple, list)) else ""


def _safe_plural(plural):
    """A Plural-Forms expression that fails for some count (n/0) answers with the English rule instead."""

    def choose(count: int) -> int:
        try:
            return plural(count)
        except (ArithmeticError, ValueError, TypeError, RecursionError):
            return int(count != 1)

    return choose
