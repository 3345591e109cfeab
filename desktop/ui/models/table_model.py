"""The one table-model base: a model declares its columns (a Column each: title, text, tooltip, icon, alignment,
what it sorts by) and supplies its rows; data(), headerData() and columnCount() are written once, here.

A row's texts are computed once, when a view first asks for the row, and kept until the rows change: a view asks
for each cell many times (painting, sizing, the screen reader), and dates and language names go through Babel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.i18n import _

_ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One column. ``title`` is marked with N_() and translated when shown; ``text`` gives the cell from a row, in
    words (a state such as "overdue" is said, never left to a colour or an icon alone)."""

    key: str                                        # the column's name in code and tests: "status", "credential"
    title: str
    text: Callable[[Any], str]
    tooltip: Callable[[Any], str | None] | None = None
    icon: Callable[[Any], Any] | None = None         # a QIcon or None; it repeats what the text says
    alignment: Qt.AlignmentFlag | None = None
    sort: str | None = None                         # what the model sorts by for this column; None: it does not


RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter  # numbers line up by their last digit


class ColumnTableModel(QAbstractTableModel):
    """A table of ``columns``. A subclass says how many rows there are (rowCount) and gives one (row); extra roles
    (an id for the view to act on) come from role_data."""

    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns: tuple[Column, ...] = tuple(columns)
        self._texts: dict[int, tuple[str, ...]] = {}
        for signal in (self.modelReset, self.rowsInserted, self.rowsRemoved, self.layoutChanged):
            signal.connect(self._forget_texts)

    def row(self, number: int) -> Any:  # pragma: no cover - every subclass gives its rows
        raise NotImplementedError

    def role_data(self, row: Any, role: int) -> Any:
        """Roles beyond the columns' (e.g. an id); None by default."""
        return None

    def column_index(self, key: str) -> int:
        return next(number for number, column in enumerate(self.columns) if column.key == key)

    def row_texts(self, row: Any) -> tuple[str, ...]:
        """Every column's text for ``row``. Plain Python (no Qt), so a worker thread can make a long list's texts
        before the rows reach the model (ListTableModel.set_rows)."""
        return tuple(spec.text(row) for spec in self.columns)

    def text(self, number: int, column: int) -> str:
        if number not in self._texts:
            self._texts[number] = self.row_texts(self.row(number))
        return self._texts[number][column]

    def _forget_texts(self, *_args) -> None:
        self._texts.clear()

    # -- Qt model ------------------------------------------------------------------------------------------------
    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section].title)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip is column.text:  # the whole text of a cell a fixed-height row may cut
                return self.text(index.row(), index.column())
            return column.tooltip(self.row(index.row())) if column.tooltip else None
        if role == Qt.ItemDataRole.DecorationRole:
            return column.icon(self.row(index.row())) if column.icon else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.alignment
        return self.role_data(self.row(index.row()), role)


class ListTableModel(ColumnTableModel):
    """A table over a list held whole in memory (the audit log shown, a directory, one client's consents)."""

    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(columns, parent)
        self.rows: list = []

    def set_rows(self, rows: Sequence, texts: Sequence[tuple[str, ...]] | None = None) -> None:
        """``texts``: each row's row_texts(), when a worker thread made them already."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()  # forgets the old texts (_forget_texts), so the ready ones go in after
        if texts is not None:
            self._texts.update(enumerate(texts))

    def row(self, number: int) -> Any:
        return self.rows[number]

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)
