"""Qt's own strings (standard dialog buttons, context menus of text fields) in the worker's language.

Harbour's strings go through gettext (desktop.i18n); Qt's go through its shipped ``qtbase_<lang>.qm`` files,
loaded with a QTranslator. ``app.py`` calls ``desktop.i18n.setup_i18n(locale)`` and then
``setup_qt_translations(app, locale)`` once, before any window is built.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

# The installed translators must outlive this call: Qt does not take ownership, and a collected QTranslator
# silently stops translating.
_installed: list[QTranslator] = []


def qt_translations_dir() -> Path:
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def setup_qt_translations(app: QCoreApplication, locale: str) -> bool:
    """Set the default QLocale and load Qt's own translations for ``locale`` (e.g. 'fr_CA').

    Returns True when a qtbase translation was installed. English, or a language Qt does not ship, leaves Qt's
    built-in English text and logs one line; it never stops the app.
    """
    qlocale = QLocale(locale.replace("-", "_"))
    QLocale.setDefault(qlocale)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()

    language = qlocale.name().split("_")[0]
    if language == "en":
        return False
    folder = qt_translations_dir()
    for candidate in dict.fromkeys([qlocale.name(), language]):
        translator = QTranslator(app)
        if translator.load(f"qtbase_{candidate}", str(folder)):
            app.installTranslator(translator)
            _installed.append(translator)
            log.info("Qt translations loaded: qtbase_%s from %s", candidate, folder)
            return True
    log.warning("No Qt translation qtbase_%s.qm in %s; Qt's own buttons stay in English", language, folder)
    return False


# The shipped UI languages in their own words, as CLDR (Babel) writes them. Loading CLDR takes longer than showing
# a bare window (issue 18's start-up), and the first run's language question needs only these few names; a test
# (tests/ui/test_startup_imports.py) keeps the table equal to Babel's names for every shipped catalog.
UI_LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr_CA": "Français (Canada)"}


def ui_language_label(locale: str) -> str:
    """A UI language in its own words, e.g. 'Français (Canada)', so a worker can find it whatever is shown now."""
    if locale in UI_LANGUAGE_NAMES:
        return UI_LANGUAGE_NAMES[locale]
    return cldr_language_label(locale)


def cldr_language_label(locale: str) -> str:
    from babel import Locale, UnknownLocaleError  # CLDR: only for a language that has no entry above

    try:
        parsed = Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        return locale
    name = parsed.get_display_name(parsed) or locale
    return name[:1].upper() + name[1:]
