"""A searchable language picker: each entry reads "Punjabi — ਪੰਜਾਬੀ"; typing part of either name narrows it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter

from desktop.core.languages import Language, fold

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1


def search_key(language: Language) -> str:
    """As written (for those who type accents) and folded (for those who don't)."""
    parts = (language.name, language.native, language.tag)
    return " | ".join([part.casefold() for part in parts] + [fold(part) for part in parts])


class LanguagePicker(QComboBox):
    """An editable combo box over Language records; ``language_chosen`` carries the BCP 47 tag."""

    language_chosen = Signal(str)

    def __init__(self, languages: list[Language], parent=None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self._languages = list(languages)
        for language in self._languages:
            self.addItem(language.label, language.tag)
        # The completer matches typed text against a folded key (name, native name and tag, without accents or
        # apostrophes), so "francais" finds "French — français" and "kiche" finds "Kʼicheʼ"; it shows the label.
        self._search_model = QStandardItemModel(self)
        for language in self._languages:
            item = QStandardItem(language.label)
            item.setData(search_key(language), SEARCH_ROLE)
            item.setData(language.tag, Qt.ItemDataRole.UserRole)
            self._search_model.appendRow(item)
        completer = QCompleter(self._search_model, self)
        completer.setCompletionRole(SEARCH_ROLE)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.activated[QModelIndex].connect(self._completed)
        self.lineEdit().setCompleter(completer)
        self._completer = completer
        self.currentIndexChanged.connect(self._emit_choice)
        self.lineEdit().editingFinished.connect(self._restore_text_if_unknown)

    def completer(self) -> QCompleter:  # noqa: D102 - the folded-key completer, not the combo's default
        return self._completer

    def _completed(self, index: QModelIndex) -> None:
        tag = index.data(Qt.ItemDataRole.UserRole)
        if not self.select_tag(tag):
            return
        # The completer writes its search key into the line edit right after this signal: put the label back after.
        QTimer.singleShot(0, self, self._show_current_label)

    def _show_current_label(self) -> None:
        self.setEditText(self.itemText(self.currentIndex()))

    def current_tag(self) -> str:
        # An empty combo has no data to hand back (see scripts_view.NO_SESSION for why None is avoided).
        return self.currentData() if self.currentIndex() >= 0 else ""

    def current_language(self) -> Language | None:
        index = self.currentIndex()
        return self._languages[index] if 0 <= index < len(self._languages) else None

    def select_tag(self, tag: str) -> bool:
        """Selects ``tag`` if offered; returns False (selection unchanged) otherwise."""
        index = self.findData(tag)
        if index < 0:
            return False
        self.setCurrentIndex(index)
        return True

    def _emit_choice(self, index: int) -> None:
        if index >= 0:
            self.language_chosen.emit(self.itemData(index))

    def _restore_text_if_unknown(self) -> None:
        # Typed text that names no language must not linger as if it were chosen.
        match = self.findText(self.currentText(), Qt.MatchFlag.MatchFixedString)
        if match >= 0:
            self.setCurrentIndex(match)
        else:
            self.setEditText(self.itemText(self.currentIndex()))
