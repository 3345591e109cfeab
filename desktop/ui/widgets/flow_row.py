"""A row of buttons that wraps onto the next line when the window is narrow (Qt's flow-layout pattern), instead of
pushing the window wider than the screen or making its pane scroll sideways: a French booking editor on a laptop at
200 % display scaling (960 x 540 logical pixels) showed half of its lifecycle buttons past the right edge."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QLayoutItem, QSizePolicy, QStyle, QWidget


class FlowLayout(QLayout):
    """Items left to right, onto a new line when the next one does not fit; as high as its lines need at the width
    it gets (height for width), as narrow as its widest item."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        needed = self._arrange(rect, move=True)
        # Qt passes a height for a width only through layouts that ask for it (not a tab page, a splitter or a
        # form that has no room to spare): the rows' height becomes the widget's least, which every layout keeps.
        holder = self.parentWidget()
        if holder is not None and rect.width() > 0 and holder.minimumHeight() != needed:
            holder.setMinimumHeight(needed)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Everything on one line, where the window has room for it."""
        visible = [item.sizeHint() for item in self._shown()]
        width = sum(size.width() for size in visible) + self._gap() * max(len(visible) - 1, 0)
        height = max((size.height() for size in visible), default=0)
        return QSize(width, height) + self._margins()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        return size + self._margins()

    def _margins(self) -> QSize:
        margins = self.contentsMargins()
        return QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _gap(self) -> int:
        if self.spacing() >= 0:
            return self.spacing()
        parent = self.parentWidget()
        style = parent.style() if parent is not None else None
        return style.pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing, None, parent) if style else 6

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Lays the items out in lines (when ``move``); returns the height they take. On each line, the items that
        may grow sideways (a text field) share what room is left."""
        area = rect.marginsRemoved(self.contentsMargins())
        gap, lines, line, used = self._gap(), [], [], 0
        for item in self._shown():
            size = item.sizeHint().expandedTo(item.minimumSize()).boundedTo(QSize(area.width(), 1 << 24))
            if line and used + gap + size.width() > area.width():  # onto the next line
                lines.append(line)
                line, used = [], 0
            used += (gap if line else 0) + size.width()
            line.append((item, size))
        if line:
            lines.append(line)
        y = area.y()
        for line in lines:
            height = max(size.height() for _item, size in line)
            if move:
                self._place(line, area, y, height, gap)
            y += height + gap
        return (y - gap if lines else area.y()) - rect.y() + self.contentsMargins().bottom()

    @staticmethod
    def _place(line: list, area: QRect, y: int, height: int, gap: int) -> None:
        """One line, its items at the top; a label level with the field beside it (centred in the line)."""
        growing = [item for item, _size in line if item.expandingDirections() & Qt.Orientation.Horizontal]
        spare = area.width() - sum(size.width() for _item, size in line) - gap * (len(line) - 1)
        x = area.x()
        for item, size in line:
            width = size.width() + (spare // len(growing) if item in growing and spare > 0 else 0)
            lower = (height - size.height()) // 2 if isinstance(item.widget(), QLabel) else 0
            item.setGeometry(QRect(QPoint(x, y + lower), QSize(width, size.height())))
            x += width + gap


class FlowRow(QWidget):
    """A row of widgets (buttons, a label and its field) that wraps when narrow; Tab follows the order added."""

    def __init__(self, *widgets: QWidget, parent: QWidget | None = None) -> None:
        # Beside its widgets from the start: a widget moved into another window goes to the end of its Tab order.
        super().__init__(parent if parent is not None or not widgets else widgets[0].parentWidget())
        self.flow = FlowLayout(self)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        for widget in widgets:
            self.addWidget(widget)

    def addWidget(self, widget: QWidget) -> None:  # noqa: N802 - like QLayout.addWidget
        self.flow.addWidget(widget)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self.flow.heightForWidth(width)


def together(*widgets: QWidget) -> QWidget:
    """Widgets that wrap as one (a label and its field) in a FlowRow."""
    group = QWidget(widgets[0].parentWidget() if widgets else None)  # the same window: Tab order unchanged
    layout = QHBoxLayout(group)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return group
