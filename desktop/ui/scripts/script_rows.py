"""The aligned rows of the side-by-side view: one grid row per paragraph, the worker's text in one cell, the
client's in the other, a number cell that says where the reader is. A grid keeps both cells of a row the same
height, so an interpreter's eye can go straight across.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop.core.common.formatting import format_date
from desktop.core.scripts.catalogs import AlignedRow, Paragraph, ReviewStatus
from desktop.i18n import _
from desktop.ui.widgets.speech import message_label

DRAFT_MARKER = "draft"
MISSING_MARKER = "missing"
UNUSABLE_MARKER = "unusable"
CHECKED_MARKER = "checked"
NO_FONT_MARKER = "no_font"
READING_SCALE = 1.2


def absolute_alignment(right_to_left: bool) -> Qt.AlignmentFlag:
    """Right for RTL text, left otherwise, on screen. (Plain AlignRight flips back to the left in an RTL widget.)"""
    side = Qt.AlignmentFlag.AlignRight if right_to_left else Qt.AlignmentFlag.AlignLeft
    return side | Qt.AlignmentFlag.AlignAbsolute


def marker_text(kind: str, font_hint: str = "", paragraph: Paragraph | None = None) -> str:
    if kind == CHECKED_MARKER and paragraph is not None and paragraph.checked_by is not None:
        by = paragraph.checked_by
        if by.credential:
            return _("Checked by {name} ({credential}), {date}").format(
                name=by.name, credential=by.credential, date=format_date(by.on))
        return _("Checked by {name}, {date}").format(name=by.name, date=format_date(by.on))
    if kind == UNUSABLE_MARKER and paragraph is not None:
        return _("This translation could not be used ({problem}). The English text is shown.").format(
            problem=paragraph.problem)
    if kind == DRAFT_MARKER:
        return _("Draft translation — ask the interpreter to check")
    if kind == MISSING_MARKER:
        return _("Not translated yet — the English text is shown")
    if kind == NO_FONT_MARKER:
        return _("No font for this language here — install {font}. The English text is shown.").format(
            font=font_hint)
    return ""


class ParagraphCell(QFrame):
    """One paragraph in one language, with its plain-text marker when it is a draft or missing."""

    clicked = Signal()

    def __init__(self, paragraph: Paragraph, text: str, *, right_to_left: bool, family: str | None,
                 marker: str, font_hint: str = "", scale: float = 1.0, locale: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.paragraph = paragraph
        self.marker_kind = marker
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        self.text_label = QLabel(text)
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        # Reachable with Tab, row by row, and spoken in its own language: a screen reader picks the voice from the
        # label's locale (the paragraph's catalog; English when the English text stands in).
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.text_label.setLocale(QLocale(locale or paragraph.locale))
        align = absolute_alignment(right_to_left)
        self.text_label.setAlignment(align | Qt.AlignmentFlag.AlignTop)
        self.text_label.setLayoutDirection(self.layoutDirection())
        font = QFont(self.text_label.font())
        font.setPointSizeF(font.pointSizeF() * READING_SCALE * scale)  # read aloud across a table: a little larger
        if family:
            font.setFamily(family)
        self.text_label.setFont(font)
        layout.addWidget(self.text_label)
        self.marker_label = QLabel(marker_text(marker, font_hint, paragraph))
        self.marker_label.setWordWrap(True)
        self.marker_label.setVisible(bool(marker))
        self.marker_label.setAlignment(align)
        small = QFont(self.marker_label.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        small.setItalic(True)
        self.marker_label.setFont(small)
        self.marker_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.marker_label)
        layout.addStretch(1)
        message_label(self.text_label, self.marker_label.text())

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.clicked.emit()
        super().mousePressEvent(event)


def marker_for(paragraph: Paragraph, is_source_side: bool) -> str:
    """Per paragraph: checked by whom and when, a draft, English in place of a missing or unusable translation."""
    if paragraph.status is ReviewStatus.UNUSABLE:
        return UNUSABLE_MARKER
    if paragraph.status is ReviewStatus.MISSING and not is_source_side:
        return MISSING_MARKER
    if paragraph.status is ReviewStatus.DRAFT:
        return DRAFT_MARKER
    if paragraph.checked_by is not None:
        return CHECKED_MARKER
    return ""


class RowGrid(QWidget):
    """The grid of aligned rows. Column 0 is the row number and reading state; 1 the worker; 2 the client."""

    row_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(8)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        self.numbers: list[QLabel] = []
        self.left_cells: list[ParagraphCell] = []
        self.right_cells: list[ParagraphCell] = []

    def add_row(self, row: AlignedRow, left_text: str, right_text: str, *, left_rtl: bool, right_rtl: bool,
                left_family: str | None, right_family: str | None, right_marker: str, font_hint: str,
                right_scale: float = 1.0, right_locale: str | None = None) -> None:
        index = len(self.numbers)
        number = QLabel(str(row.number))
        number.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        number.setMinimumWidth(48)
        left = ParagraphCell(row.left, left_text, right_to_left=left_rtl, family=left_family,
                             marker=marker_for(row.left, is_source_side=True))
        right = ParagraphCell(row.right, right_text, right_to_left=right_rtl, family=right_family,
                              marker=right_marker, font_hint=font_hint, scale=right_scale, locale=right_locale)
        for cell in (left, right):
            cell.clicked.connect(lambda index=index: self.row_clicked.emit(index))
        self.grid.addWidget(number, index, 0)
        self.grid.addWidget(left, index, 1)
        self.grid.addWidget(right, index, 2)
        self.numbers.append(number)
        self.left_cells.append(left)
        self.right_cells.append(right)

    def finish(self) -> None:
        self.grid.setRowStretch(len(self.numbers), 1)

    def texts_in_reading_order(self) -> list[QWidget]:
        """The paragraphs, row by row: the worker's, then the client's (the Tab order between pickers and buttons)."""
        return [cell.text_label for pair in zip(self.left_cells, self.right_cells, strict=True) for cell in pair]

    def show_progress(self, current: int, read: set[int]) -> None:
        """Number cells say 'reading' / 'read' in words and symbols; the current row's frame is drawn thicker."""
        for index, number in enumerate(self.numbers):
            base = str(index + 1)
            if index == current:
                number.setText("▶ " + base)
                number.setToolTip(_("Reading now"))
            elif index in read:
                number.setText("✓ " + base)
                number.setToolTip(_("Read"))
            else:
                number.setText(base)
                number.setToolTip("")
            message_label(number, number.toolTip())  # heard as its number, then "Reading now" or "Read"
            for cell in (self.left_cells[index], self.right_cells[index]):
                cell.setLineWidth(3 if index == current else 1)
                cell.setFrameShape(QFrame.Shape.Box if index == current else QFrame.Shape.StyledPanel)
                cell.setEnabled(True)
