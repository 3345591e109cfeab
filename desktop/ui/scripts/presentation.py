"""Presentation mode: the client's language only, one paragraph at a time in large type, full screen on the
screen that faces the client. Right / Space / Page Down go on, Left / Page Up go back, + and - change the size,
a click goes on, Esc leaves. Under each paragraph, in the client's language and smaller, what the client should
know about those words: a draft not yet checked by a qualified translator, English shown because the translation
could not be used, or who checked it and when.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.ui.widgets.speech import message_label

MIN_POINT_SIZE, MAX_POINT_SIZE, DEFAULT_POINT_SIZE, STEP = 16, 96, 36, 4
_NEXT = {Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown, Qt.Key.Key_Down}
_BACK = {Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up, Qt.Key.Key_Backspace}
_BIGGER = {Qt.Key.Key_Plus, Qt.Key.Key_Equal}
_SMALLER = {Qt.Key.Key_Minus, Qt.Key.Key_Underscore}


class PresentationWindow(QWidget):
    """A frameless full-screen window; ``texts[0]`` is the title, the rest the paragraphs (already filled);
    ``notices[i]`` is the note shown under ``texts[i]`` ('' for none)."""

    closed = Signal()

    def __init__(self, texts: list[str], *, notices: list[str] | None = None, right_to_left: bool = False,
                 family: str | None = None, start: int = 0, point_size: int = DEFAULT_POINT_SIZE,
                 parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        if not texts:
            raise ValueError("nothing to present")
        self.texts = list(texts)
        self.notices = list(notices or [])[:len(self.texts)] + [""] * max(0, len(self.texts) - len(notices or []))
        self.index = min(max(start, 0), len(self.texts) - 1)
        self.point_size = point_size
        self.family = family
        self.setWindowTitle(_("Presentation"))
        direction = Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight
        self.setLayoutDirection(direction)
        self.setAutoFillBackground(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.text_label = QLabel()
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text_label.setLayoutDirection(direction)
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        self.notice_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notice_label.setLayoutDirection(direction)
        self.notice_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.position_label = QLabel()
        self.position_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        message_label(self.position_label, _("Position"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 60, 80, 40)
        layout.addWidget(self.text_label, 1)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.position_label)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._show()

    def show_on(self, screen: QScreen | None = None) -> None:
        """Full screen on ``screen`` (the primary one if None)."""
        screen = screen or QGuiApplication.primaryScreen()
        if screen is not None:
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.activateWindow()
        self.setFocus()

    def current_text(self) -> str:
        return self.texts[self.index]

    def current_notice(self) -> str:
        return self.notices[self.index]

    def next(self) -> None:
        if self.index < len(self.texts) - 1:
            self.index += 1
            self._show()

    def back(self) -> None:
        if self.index > 0:
            self.index -= 1
            self._show()

    def change_size(self, steps: int) -> None:
        self.point_size = min(MAX_POINT_SIZE, max(MIN_POINT_SIZE, self.point_size + steps * STEP))
        self._show()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close()
        elif key in _NEXT:
            self.next()
        elif key in _BACK:
            self.back()
        elif key in _BIGGER:
            self.change_size(+1)
        elif key in _SMALLER:
            self.change_size(-1)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Left click goes on, right click goes back: no buttons to aim for on a stranger's screen.
        if event.button() == Qt.MouseButton.RightButton:
            self.back()
        else:
            self.next()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.closed.emit()
        super().closeEvent(event)

    def _show(self) -> None:
        font = QFont(self.text_label.font())
        if self.family:
            font.setFamily(self.family)
        font.setPointSize(self.point_size)
        font.setBold(self.index == 0)
        self.text_label.setFont(font)
        self.text_label.setText(self.texts[self.index])
        notice = QFont(font)
        notice.setBold(False)
        notice.setItalic(True)
        notice.setPointSize(max(MIN_POINT_SIZE // 2, self.point_size // 2))  # readable, clearly not the script
        self.notice_label.setFont(notice)
        self.notice_label.setText(self.notices[self.index])
        self.notice_label.setVisible(bool(self.notices[self.index]))
        self.position_label.setText(f"{self.index + 1} / {len(self.texts)}")
