"""A searchable language picker: each entry reads "Punjabi — ਪੰਜਾਬੀ"; typing part of either name narrows it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter

from desktop.core.languages import Language


class LanguagePicker(QComboBox):
    """An editable combo box over Language records; ``language_chosen`` carries the BCP 47 tag."""

    language_chosen = Signal(str)

    def __init__(self, languages: list[Language], parent=None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._languages = list(languages)
        for language in self._languages:
            self.addItem(language.label, language.tag)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.currentIndexChanged.connect(self._emit_choice)
        self.lineEdit().editingFinished.connect(self._restore_text_if_unknown)

    def current_tag(self) -> str:
        return self.currentData() or ""

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
