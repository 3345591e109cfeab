"""Presentation mode: the client's language only, large type, full screen, keys and clicks to move, Esc leaves."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from desktop.core.scripts import catalogs as scripts
from desktop.ui.scripts.presentation import DEFAULT_POINT_SIZE, MAX_POINT_SIZE, PresentationWindow
from desktop.ui.scripts.scripts_view import ScriptsView

TEXTS = ["Title", "First", "Second", "Third"]


def _window(qtbot, **kwargs) -> PresentationWindow:
    window = PresentationWindow(TEXTS, **kwargs)
    qtbot.addWidget(window)
    window.show_on(QGuiApplication.primaryScreen())
    qtbot.waitExposed(window)
    return window


def test_keys_move_forward_and_back(qtbot):
    window = _window(qtbot)
    assert window.current_text() == "Title"
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown):
        qtbot.keyClick(window, key)
    assert window.current_text() == "Third"
    qtbot.keyClick(window, Qt.Key.Key_Right)                      # stays on the last one
    assert window.current_text() == "Third"
    qtbot.keyClick(window, Qt.Key.Key_Left)
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    assert window.current_text() == "First"
    assert window.position_label.text() == "2 / 4"


def test_a_click_goes_on_and_a_right_click_goes_back(qtbot):
    window = _window(qtbot)
    qtbot.mouseClick(window, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window, Qt.MouseButton.RightButton)
    assert window.current_text() == "First"


def test_plus_and_minus_change_the_type_size_within_limits(qtbot):
    window = _window(qtbot)
    qtbot.keyClick(window, Qt.Key.Key_Plus)
    assert window.text_label.font().pointSize() > DEFAULT_POINT_SIZE
    for _ in range(40):
        qtbot.keyClick(window, Qt.Key.Key_Plus)
    assert window.text_label.font().pointSize() == MAX_POINT_SIZE
    qtbot.keyClick(window, Qt.Key.Key_Minus)
    assert window.text_label.font().pointSize() < MAX_POINT_SIZE


def test_it_fills_the_chosen_screen_and_escape_leaves(qtbot):
    window = _window(qtbot)
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    assert window.screen() is QGuiApplication.primaryScreen()
    assert window.text_label.font().pointSize() >= 30
    with qtbot.waitSignal(window.closed):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_right_to_left_text_is_presented_right_to_left(qtbot):
    window = _window(qtbot, right_to_left=True)
    assert window.text_label.layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_the_view_presents_only_the_clients_language(qtbot, context):
    view = ScriptsView(context)
    qtbot.addWidget(view)
    view.handle_navigation({"language": "fa", "script": "stop"})
    view.present()
    window = view.presentation
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    persian = scripts.load_script("stop", "fa")
    assert window.texts == [persian.title.text] + [p.text for p in persian.paragraphs]
    assert not any("We can" in text for text in window.texts)
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    qtbot.keyClick(window, Qt.Key.Key_Escape)
