"""Windows and dialogs open at the size their content asks for, and never larger than the screen they are on (a
1366 x 768 laptop, or 200 % text on a full-HD screen): OK and Cancel always stay on screen.

Qt under-counts the height of word-wrapped text in a window's size hint; ``fit_to_screen`` asks the layout for the
height it needs at the width the window gets.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

TITLE_BAR_ROOM = 40  # the window's title bar, which the available screen height still has to hold


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


def scrolling(content: QWidget) -> QScrollArea:
    """``content`` in a frameless scroll area: on a small screen or at 200 % text it scrolls instead of pushing
    the window (and its OK and Cancel) past the screen's edge."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    return area
