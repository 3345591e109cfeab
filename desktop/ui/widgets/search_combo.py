"""The one searchable drop-down: an editable combo box showing names, whose typed words narrow the list by a folded
search key kept beside each entry (accents, case and apostrophes ignored), and whose data is the code underneath
(a language tag, a time zone ID). The language and time-zone pickers are this with their own entries.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter

from desktop.core.common.language_search import matches

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1


class SearchCombo(QComboBox):
    """Entries are added with ``add_choice(value, label, key)``; ``key`` holds the folded words typed text is
    matched against (language_search.matches). Qt's own completer filter only compares raw text, so a proxy
    filters and the completer shows what is left.

    Typed text that names an entry, then Enter or leaving the field, chooses the first that fits. Text that names
    none is put back to the chosen entry's name, or, with ``keep_unknown_text``, left as typed so the screen can
    say what is wrong (``names_nothing``)."""

    def __init__(self, parent=None, *, keep_unknown_text: bool = False,
                 match: Callable[[str, str], bool] = matches) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self._keep_unknown_text = keep_unknown_text
        self._search_model = QStandardItemModel(self)
        self._matching = _Matching(match, self)
        self._matching.setSourceModel(self._search_model)
        completer = QCompleter(self._matching, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.activated[QModelIndex].connect(self._completed)
        self.lineEdit().setCompleter(completer)
        self.lineEdit().textEdited.connect(self._matching.set_query)
        self._completer = completer
        self.lineEdit().editingFinished.connect(self._choose_typed)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        # Enter chooses what was typed (see _choose_typed); it must not also press the dialog's default button,
        # which saved a client before the language was even added.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # the line edit has chosen already: Enter finished its editing
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt API
        """A click into the field selects its text, so what is typed next replaces the name shown ("Vancouver"
        stayed in front of the zone typed after it); the click's own press would clear a selection made now."""
        super().focusInEvent(event)
        if event.reason() == Qt.FocusReason.MouseFocusReason and self.lineEdit() is not None:
            QTimer.singleShot(0, self.lineEdit(), self.lineEdit().selectAll)

    def completer(self) -> QCompleter:  # noqa: D102 - the folded-key completer, not the combo's default
        return self._completer

    def clear_choices(self) -> None:
        self.clear()
        self._search_model.clear()

    def add_choice(self, value: str, label: str, key: str, *, listed: bool = True) -> None:
        """Offers ``value`` as ``label``; ``listed=False`` puts it in the search only (it is listed already)."""
        if listed:
            self.addItem(label, value)
        item = QStandardItem(label)
        item.setData(key, SEARCH_ROLE)
        item.setData(value, Qt.ItemDataRole.UserRole)
        self._search_model.appendRow(item)

    def matching_values(self) -> list[str]:
        """The values the completer offers for the text typed so far."""
        return [self._matching.index(row, 0).data(Qt.ItemDataRole.UserRole) for row in range(self._matching.rowCount())]

    def current_value(self) -> str:
        # An empty combo has no data to hand back (see scripts_view.NO_SESSION for why None is avoided).
        return self.currentData() if self.currentIndex() >= 0 else ""

    def select_value(self, value: str) -> bool:
        """Selects ``value`` if offered; returns False (selection unchanged) otherwise."""
        index = self.findData(value)
        if index < 0:
            return False
        self.setCurrentIndex(index)
        return True

    def names_nothing(self) -> bool:
        """True while the field holds typed text that is no entry's name (kept with ``keep_unknown_text``)."""
        return self.currentText() != self.itemText(self.currentIndex())

    def _completed(self, index: QModelIndex) -> None:
        if not self.select_value(index.data(Qt.ItemDataRole.UserRole)):
            return
        # The completer writes its search key into the line edit right after this signal: put the label back after.
        QTimer.singleShot(0, self, self._show_current_label)

    def _show_current_label(self) -> None:
        self.setEditText(self.itemText(self.currentIndex()))

    def _choose_typed(self) -> None:
        # Typed text that names an entry ("Tagalog", then Enter) chooses the first that fits; text that names none
        # must not linger as if it were chosen.
        typed = self.currentText()
        match = self.findText(typed, Qt.MatchFlag.MatchFixedString)
        if match >= 0 and self.itemData(match) is not None:  # never the separator
            self.setCurrentIndex(match)
            self._show_current_label()
            return
        self._matching.set_query(typed)
        fitting = self.matching_values()
        self._matching.set_query("")
        if typed.strip() and fitting:
            self.select_value(fitting[0])
        elif typed.strip() and self._keep_unknown_text:
            return
        self._show_current_label()


class _Matching(QSortFilterProxyModel):
    """The rows of the picker's search model whose key the typed text matches."""

    _query = ""  # also on the class: Qt may filter before __init__ has set it (seen once, under load)

    def __init__(self, match: Callable[[str, str], bool], parent=None) -> None:
        super().__init__(parent)
        self._match = match

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._query = text
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802 - Qt API
        return self._match(self._query, self.sourceModel().index(row, 0, parent).data(SEARCH_ROLE))
