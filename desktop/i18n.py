"""The one front door for Harbour's own UI strings (gettext catalogs in i18n/, read through Babel).

Usage everywhere: ``from desktop.i18n import _, ngettext``. ``setup_i18n(locale)`` is called once by the app
before any window is built; until then (and in core tests) the English source text is returned.
Catalogs are compiled in memory from the shipped .po files, so no .mo build step is needed.
"""

from __future__ import annotations

import gettext
import io

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from desktop.paths import i18n_dir

SOURCE_LOCALE = "en"
_active: gettext.NullTranslations = gettext.NullTranslations()
_active_locale: str = SOURCE_LOCALE


def available_ui_locales() -> list[str]:
    found = {path.parent.parent.name for path in i18n_dir().glob("*/LC_MESSAGES/desktop.po")}
    return sorted(found | {SOURCE_LOCALE})


def load_catalog(locale: str) -> gettext.NullTranslations:
    """Translations for ``locale`` (e.g. 'fr_CA'), falling back to its language ('fr'), then to English."""
    for candidate in _fallbacks(locale):
        po_path = i18n_dir() / candidate / "LC_MESSAGES" / "desktop.po"
        if po_path.is_file():
            with po_path.open("rb") as source:
                catalog = read_po(source, locale=candidate)
            buffer = io.BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            return gettext.GNUTranslations(buffer)
    return gettext.NullTranslations()


def setup_i18n(locale: str) -> None:
    global _active, _active_locale
    _active = load_catalog(locale)
    _active_locale = locale


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
    names = [locale]
    try:
        parsed = Locale.parse(locale)
        names.append(parsed.language)
    except (UnknownLocaleError, ValueError):
        names.append(locale.split("_")[0])
    return list(dict.fromkeys(names))
