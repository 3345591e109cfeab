"""Lists, tables and split panes that never scroll sideways: their rows wrap, their columns share the width they
have, their panes stack when narrow. A laptop at 200 % display scaling gives Qt a 960 x 540 screen; in French the
audit log, the client list and the interpreter directory ran past the right edge of their pane."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListView,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop.ui.widgets.screen_fit import measured_from_sample, size_rows, title_width


def _wanted_width(pane: QWidget) -> int:
    """A table wants its columns' whole width (its size hint is a fixed 256 px); other panes what they ask for."""
    if isinstance(pane, QTableView):
        header, bar = pane.horizontalHeader(), pane.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        columns = [column for column in range(header.count()) if not pane.isColumnHidden(column)]
        if not columns:
            return 0
        *fixed, last = columns  # the last one may stretch over the rest: its own text, not what it took
        natural = sum(header.sectionSize(column) for column in fixed)
        natural += max(header.sectionSizeHint(last), pane.sizeHintForColumn(last))
        return natural + 2 * pane.frameWidth() + bar
    return max(pane.minimumSizeHint().width(), pane.sizeHint().width())


class TurningSplitter(QSplitter):
    """Panes side by side where the window has room for them, one above the other where it has not (the interpreter
    directory and its editor on a laptop at 200 % display scaling left the list 100 px wide)."""

    def _room_side_by_side(self) -> int:
        panes = [self.widget(index) for index in range(self.count())]
        return sum(_wanted_width(pane) for pane in panes) + self.handleWidth() * (len(panes) - 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        panes = [self.widget(index).minimumSizeHint() for index in range(self.count())]
        widest = max((pane.width() for pane in panes), default=0)
        return QSize(widest, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        side_by_side = event.size().width() >= self._room_side_by_side()
        wanted = Qt.Orientation.Horizontal if side_by_side else Qt.Orientation.Vertical
        if self.orientation() != wanted:
            self.setOrientation(wanted)
            self.updateGeometry()
        super().resizeEvent(event)


class _WrapWithinRow(QStyledItemDelegate):
    """Measures a wrapped row at the width its text really gets: the theme's item padding is added after the words
    are wrapped at the whole row's width, so each long row came out a few pixels wider than the list."""

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint(option, index)
        width = option.rect.width()
        if width > 0 and hint.width() > width:
            narrower = QStyleOptionViewItem(option)
            rect = QRect(option.rect)
            rect.setWidth(max(width - (hint.width() - width), 1))
            narrower.rect = rect
            hint = QSize(width, super().sizeHint(narrower, index).height())
        return hint


def wrapping_rows(view: QListView) -> QListView:
    """A list whose long rows wrap onto more lines within its width instead of running past its right edge."""
    view.setWordWrap(True)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setItemDelegate(_WrapWithinRow(view))
    return view


class _WithinWidth(QObject):
    """Sizes a table's columns again (once per burst of changes) when it is shown or resized, its text size or
    its rows change."""

    def __init__(self, view: QTableView, optional: Sequence[int]) -> None:
        super().__init__(view)
        self.view, self.optional = view, tuple(optional)
        self.one_line = view.verticalHeader().defaultSectionSize()
        self.later = QTimer(self)
        self.later.setSingleShot(True)
        self.later.setInterval(0)
        self.later.timeout.connect(self.fit)
        model = view.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(self.later.start)
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)  # narrower when a vertical scroll bar appears

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.later.start()
        return False

    def fit(self) -> None:
        view, header = self.view, self.view.horizontalHeader()
        room = view.viewport().width()
        if room <= 0 or view.model() is None:
            return
        least = header.minimumSectionSize()
        # the title whole, with the sort arrow beside it on the column sorted by
        titles = {column: max(title_width(view, column), header.sectionSizeHint(column), least)
                  for column in range(header.count())}
        for column in self.optional:
            view.setColumnHidden(column, False)
        shown = [column for column in range(header.count()) if not view.isColumnHidden(column)]
        hidden = list(self.optional)
        while sum(titles[column] for column in shown) > room and hidden:  # the detail pane shows them whole
            column = hidden.pop()
            view.setColumnHidden(column, True)
            shown.remove(column)
        widths = {column: max(titles[column], view.sizeHintForColumn(column)) for column in shown}
        # Give way down to half a column's width first (its words then fit on two lines), then to its title
        halves = {column: max(titles[column], widths[column] // 2 + 16) for column in shown}
        for floor in (halves, titles):
            self._give_way(widths, floor, sum(widths.values()) - room)
        for column in shown:
            header.resizeSection(column, widths[column])
        self._rows(shrunk=sum(widths.values()) > 0 and any(
            widths[column] < view.sizeHintForColumn(column) for column in shown))

    @staticmethod
    def _give_way(widths: dict[int, int], floor: dict[int, int], over: int) -> None:
        """The widest columns above their ``floor`` give up ``over`` pixels between them."""
        while over > 0:
            widest = max(widths, key=lambda column: widths[column] - floor[column])
            spare = widths[widest] - floor[widest]
            if spare <= 0:
                return
            given = min(over, max(spare // 2, 1))
            widths[widest] -= given
            over -= given

    def _rows(self, shrunk: bool) -> None:
        """Rows of two lines while cells had to give up width (their words wrap), of one where everything fits."""
        vertical = self.view.verticalHeader()
        if not self.view.wordWrap() or vertical.sectionResizeMode(0) == QHeaderView.ResizeMode.ResizeToContents:
            return
        if vertical.defaultSectionSize() >= 2 * self.view.fontMetrics().lineSpacing() and not shrunk:
            if self.view.property("harbourRowsDoubled"):
                self.view.setProperty("harbourRowsDoubled", False)
                size_rows(self.view, 1)
            return
        if shrunk and vertical.defaultSectionSize() < 2 * self.view.fontMetrics().lineSpacing():
            self.view.setProperty("harbourRowsDoubled", True)
            size_rows(self.view, 2)


def within_width(view: QTableView, optional: Sequence[int] = ()) -> QTableView:
    """A table whose columns share the view's width instead of scrolling sideways: each as wide as its cells where
    there is room; where there is not, the widest give way (their words wrap onto a second line, never below the
    column's whole title), and the ``optional`` columns (the last first) are hidden while even the titles do not
    fit. Again whenever the view is resized, its text size or its rows change."""
    view.setWordWrap(True)
    view.horizontalHeader().setStretchLastSection(True)
    measured_from_sample(view)
    _WithinWidth(view, optional)
    return view
