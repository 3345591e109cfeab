"""Windows and dialogs open at the size their content asks for, and never larger than the screen they are on (a
1366 x 768 laptop, or 200 % text on a full-HD screen): OK and Cancel always stay on screen.

Qt under-counts the height of word-wrapped text in a window's size hint; ``fit_to_screen`` asks the layout for the
height it needs at the width the window gets.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialogButtonBox,
    QFrame,
    QHeaderView,
    QScrollArea,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

TITLE_BAR_ROOM = 40  # the window's title bar, which the available screen height still has to hold
# Rows Qt measures, beside those on screen, to size a column to its cells (Qt's default is 1,000: a long directory
# or audit log was measured cell by cell on the GUI thread, a quarter of a second for a 1,000-row roster).
SAMPLE_ROWS = 50


def screen_room(window: QWidget) -> QSize:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry().size() - QSize(0, TITLE_BAR_ROOM)


def fit_to_screen(window: QWidget) -> None:
    """Resizes ``window`` to what its content asks for, within the screen (what does not fit then scrolls)."""
    room = screen_room(window)
    width = min(max(window.sizeHint().width(), window.minimumSizeHint().width()), room.width())
    layout = window.layout()
    needed = layout.totalHeightForWidth(width) if layout is not None and layout.hasHeightForWidth() else -1
    window.resize(width, min(max(needed, window.sizeHint().height()), room.height()))


class _WholeContentArea(QScrollArea):
    """Asks for the room its content needs. Qt's own scroll area asks for at most 36 x 24 lines of text whatever it
    holds, so a dialog sized from its hint opened with its fields cut and scroll bars on a full-HD screen (the
    Preferences picture of the user guide); ``fit_to_screen`` still keeps the window within the screen."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        content = self.widget()
        if content is None:
            return super().sizeHint()
        frame = 2 * self.frameWidth()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        return content.sizeHint() + QSize(frame + bar, frame)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Scrolling only up and down, it is as narrow as its content can be and no narrower: its rows wrap (a
        FlowRow, word-wrapped labels) instead of running past the right edge."""
        content = self.widget()
        if content is None or self.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
            return super().minimumSizeHint()
        frame = 2 * self.frameWidth()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        least = content.minimumSizeHint().expandedTo(content.minimumSize()).width()
        return QSize(least + frame + bar, super().minimumSizeHint().height())


def scrolling(content: QWidget, sideways: bool = True) -> QScrollArea:
    """``content`` in a frameless scroll area: on a small screen or at 200 % text it scrolls instead of pushing
    the window (and its OK and Cancel) past the screen's edge. With ``sideways=False`` it scrolls up and down only:
    the content is as wide as the area, so its rows wrap instead of asking the worker to scroll sideways (a laptop
    at 200 % display scaling is 960 logical pixels wide)."""
    area = _WholeContentArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    if not sideways:
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    return area


def scrolling_body(dialog: QWidget, size: QSize | None = None) -> QScrollArea:
    """Moves everything in ``dialog``'s box layout but its buttons (a QDialogButtonBox) into a pane that scrolls up
    and down, then opens the dialog at ``size`` (or what it asks for) within the screen: on a laptop at 200 %
    display scaling (960 x 540) the client editor and the duty-to-report form were taller than the screen, with
    Save below its edge. Tab still reaches the fields first, then the buttons."""
    layout = dialog.layout()
    assert isinstance(layout, QBoxLayout), "a dialog laid out top to bottom"
    content = QWidget()
    inner = QVBoxLayout(content)
    inner.setContentsMargins(0, 0, 0, 0)
    taken = []
    while layout.count():
        stretch = layout.stretch(0)
        taken.append((layout.takeAt(0), stretch))
    buttons = []
    for item, stretch in taken:
        widget, sub = item.widget(), item.layout()
        if isinstance(widget, QDialogButtonBox):
            buttons.append(widget)
        elif widget is not None:
            inner.addWidget(widget, stretch)
        elif sub is not None:
            inner.addLayout(sub, stretch)
        else:
            inner.addItem(item)
    area = scrolling(content, sideways=False)
    layout.addWidget(area, 1)
    for box in buttons:  # out and back in: after the fields in the Tab order
        box.setParent(None)
        layout.addWidget(box)
    if size is not None:
        dialog.resize(size.boundedTo(screen_room(dialog)))
    else:
        fit_to_screen(dialog)
    return area


class _ColumnsFollowText(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Show):
            view = watched.parentWidget() if isinstance(watched, QHeaderView) else watched
            if isinstance(view, QTableView):
                QTimer.singleShot(0, view, lambda: fit_columns(view))
        return False


_columns_filter: _ColumnsFollowText | None = None


def columns_follow_text(view: QTableView) -> QTableView:
    """A table whose columns are as wide as their headers and cells need, again whenever its rows or the text size
    change (at 200 % a fixed column cuts "First name" and dates)."""
    global _columns_filter
    if _columns_filter is None:
        _columns_filter = _ColumnsFollowText()
    view.installEventFilter(_columns_filter)
    view.horizontalHeader().installEventFilter(_columns_filter)
    measured_from_sample(view)
    later = QTimer(view)  # once after a burst of changes; it goes with the view
    later.setSingleShot(True)
    later.setInterval(0)
    later.timeout.connect(lambda: fit_columns(view))
    model = view.model()
    for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
        signal.connect(later.start)
    return view


def measured_from_sample(view: QTableView) -> QTableView:
    """Columns sized to their cells (resizeColumnsToContents, fit_columns) measure the rows on screen and a sample
    of SAMPLE_ROWS more, never every row of a long table."""
    view.horizontalHeader().setResizeContentsPrecision(SAMPLE_ROWS)
    return view


class _RowsFollowText(QObject):
    def __init__(self, lines: int, parent: QObject) -> None:
        super().__init__(parent)
        self.lines = lines

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Polish):
            # Once the view has handled the event: before it, a style sheet's item padding is not applied yet.
            QTimer.singleShot(0, self, lambda: size_rows(watched, self.lines))
        return False


def rows_of_lines(view: QTableView, lines: int = 2) -> QTableView:
    """Every row the height of ``lines`` lines of wrapped text, again when the text size changes: Qt never measures
    a row (a 1,000-row table sized each of its rows to its contents on the GUI thread). A cell needing more lines
    is elided on its last one; its model gives the whole text as the tooltip, and the screen a pane showing it."""
    view.setWordWrap(True)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.installEventFilter(_RowsFollowText(lines, view))
    size_rows(view, lines)
    return measured_from_sample(view)


def size_rows(view: QTableView, lines: int) -> None:
    # What the style (and the theme's item padding) gives a cell of one line, the further lines, and the grid line.
    # The style sizes a text of several lines as one, so padding was lost and a row "of two lines" showed one.
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay | QStyleOptionViewItem.ViewItemFeature.WrapText
    option.text = "Mg"
    option.font = view.font()
    option.fontMetrics = view.fontMetrics()
    one_line = view.style().sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, option, QSize(), view).height()
    spacing = view.fontMetrics().lineSpacing()
    header = view.verticalHeader()
    header.setMinimumSectionSize(0)
    header.setDefaultSectionSize(max(one_line, spacing) + (lines - 1) * spacing + 1)


def fit_columns(view: QTableView) -> None:
    """Columns as wide as their cells and their whole title: Qt's own size for a title can fall a few pixels short
    of the text (a short title such as "Expires" then loses its last letters)."""
    header = view.horizontalHeader()
    # A last column that stretches keeps taking the rest of the width (sizing it to its text would end the table
    # short of the view's edge); it is still widened below if its title needs more.
    sized = header.count() - 1 if header.stretchLastSection() else header.count()
    for column in range(sized):
        view.resizeColumnToContents(column)
    room = 2 * view.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header) + 4
    for column in range(header.count()):
        wanted = title_width(view, column, room)
        if header.sectionSize(column) < wanted:
            header.resizeSection(column, wanted)


def title_width(view: QTableView, column: int, room: int | None = None) -> int:
    """The width a column's whole title needs, on each of its lines."""
    header = view.horizontalHeader()
    if room is None:
        room = 2 * view.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header) + 4
    title = str(view.model().headerData(column, Qt.Orientation.Horizontal) or "")
    return max((header.fontMetrics().horizontalAdvance(line) for line in title.splitlines()), default=0) + room
