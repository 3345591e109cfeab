"""The very first question on a new computer: which language Harbour should speak.

Harbour cannot switch its language while windows are open, so this comes before the set-up wizard is built. Each
language is written in its own words ("français (Canada)"), so a worker finds theirs whatever the system shows;
the few words around the list are in the system's language when Harbour has it.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.i18n import N_, SOURCE_LOCALE, _, available_ui_locales, current_locale, load_catalog, setup_i18n
from desktop.ui.shell.qt_i18n import ui_language_label
from desktop.ui.shell.theme import LAYOUT_HORIZONTAL_SPACING, LAYOUT_MARGIN, LAYOUT_VERTICAL_SPACING

QUESTION = N_("Which language should Harbour use?")
HINT = N_("You can change it later in Preferences; Harbour then needs a restart.")


def system_ui_locale(available: list[str], system: str | None = None) -> str:
    """The shipped UI language closest to the system's ('fr_FR' -> 'fr_CA', 'es_MX' -> 'es'), else English."""
    name = (system or QLocale.system().name()).replace("-", "_")
    if name in available:
        return name
    language = name.split("_")[0]
    for locale in available:
        if locale.split("_")[0] == language:
            return locale
    return SOURCE_LOCALE


def apply_ui_locale(app, locale: str) -> None:
    """Harbour's and Qt's own strings in ``locale`` from now on (windows built before keep their words)."""
    from desktop.ui.shell.qt_i18n import setup_qt_translations

    setup_i18n(locale)
    setup_qt_translations(app, locale)


class FirstLanguageDialog(QDialog):
    """Emits ``chosen(locale)`` when the worker confirms; closing it means 'not now' (the controller quits)."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, default: str | None = None):
        super().__init__(parent)
        available = available_ui_locales()
        # An explicit --lang for this run wins over the system's language as the suggestion.
        suggestion = default or (current_locale() if current_locale() != SOURCE_LOCALE else
                                 system_ui_locale(available))
        self.setWindowTitle(_("Harbour"))
        self.question = QLabel(_(QUESTION))
        self.question.setWordWrap(True)
        self.language = QComboBox()
        self.language.setAccessibleName(_("Language of Harbour"))
        for locale in available:
            self.language.addItem(ui_language_label(locale), locale)
        self.language.setCurrentIndex(max(0, self.language.findData(suggestion)))
        self.question.setBuddy(self.language)
        self.hint = QLabel(_(HINT))
        self.hint.setWordWrap(True)
        self.language.currentIndexChanged.connect(self._speak_the_chosen_language)
        buttons = QDialogButtonBox()
        # Not the constructor that takes the buttons: choosing among its overloads builds the Python types of Qt's
        # whole namespace (~1,200 enum values), which the first window can do without (issue 18's start-up).
        buttons.setStandardButtons(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # HarbourStyle's room, set here: this window is shown under the first window's style (theme.FocusStyle),
        # which leaves the sizes to Fusion, and must not move when HarbourStyle replaces it.
        buttons.layout().setSpacing(LAYOUT_HORIZONTAL_SPACING)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(LAYOUT_MARGIN, LAYOUT_MARGIN, LAYOUT_MARGIN, LAYOUT_MARGIN)
        layout.setSpacing(LAYOUT_VERTICAL_SPACING)
        layout.addWidget(self.question)
        layout.addWidget(self.language)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 50)
        self._fit_height()
        self.language.setFocus()

    def _fit_height(self) -> None:
        # Qt under-counts the height of wrapped lines in a window's minimum size; ask for all of it.
        self.setMinimumHeight(self.sizeHint().height())

    def _speak_the_chosen_language(self, _index: int) -> None:
        # The question follows the language being chosen, so a worker sees at once that it is theirs.
        catalog = load_catalog(self.language.currentData())
        self.question.setText(catalog.gettext(QUESTION))
        self.hint.setText(catalog.gettext(HINT))
        self._fit_height()

    def choose(self, locale: str) -> bool:
        index = self.language.findData(locale)
        if index < 0:
            return False
        self.language.setCurrentIndex(index)
        return True

    def accept(self) -> None:
        super().accept()
        self.chosen.emit(self.language.currentData())
