"""Issue 18's start-up: the first window is shown under a light style (theme.FocusStyle: Fusion and the focus outline,
no Python ``pixelMetric()`` for Qt to call while laying out), and HarbourStyle replaces it just after, unasked. The
first windows look the same, pixel for pixel, under both, and keyboard focus is outlined under both."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget

from desktop.ui.shell import theme
from desktop.ui.shell.controller import HarbourController
from desktop.ui.vault.first_language import FirstLanguageDialog
from desktop.ui.vault.unlock import UnlockWindow

FIRST_WINDOWS = {"language question": lambda folder: FirstLanguageDialog(),
                 "unlock window": lambda folder: UnlockWindow(folder)}


def _start_up_look(app, name: str = "light", zoom: int = 100) -> None:
    theme.apply_theme(app, name, zoom, keyboard_rules=False, first_window=True)  # as app.py starts


def _shown(qtbot, window: QWidget) -> QWidget:
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # keyboard focus, and so its outline, needs an active window
    return window


def _settled(window: QWidget) -> QImage:
    for _ in range(3):  # a new style posts its re-layout and repaint
        QApplication.processEvents()
    return window.grab().toImage()


def _outlined(image: QImage, colour: str) -> int:
    """How many pixels of the widget's edge (its outermost 3 pixels all round) are in the focus colour."""
    wanted = QColor(colour).rgb()
    edge = [QPoint(x, y) for x in range(image.width()) for y in range(image.height())
            if min(x, y, image.width() - 1 - x, image.height() - 1 - y) < 3]
    return sum(image.pixel(point) == wanted for point in edge)


@pytest.mark.parametrize("name", ["light", "dark"])
@pytest.mark.parametrize("which", list(FIRST_WINDOWS))
def test_each_first_window_looks_the_same_under_the_first_style_and_harbourstyle(themed, qtbot, tmp_path, name,
                                                                                 which):
    _start_up_look(themed, name)
    assert type(theme.current_style()) is theme.FocusStyle
    window = _shown(qtbot, FIRST_WINDOWS[which](tmp_path / "vault"))
    before = _settled(window)
    assert QApplication.focusWidget() is not None and QApplication.focusWidget().window() is window
    assert theme.use_harbour_style(themed)
    assert type(theme.current_style()) is theme.HarbourStyle
    assert _settled(window) == before  # same sizes, same room between widgets, same outline around the focus


def test_the_focus_outline_is_drawn_under_the_first_style(themed, qtbot):
    _start_up_look(themed)
    dialog = _shown(qtbot, FirstLanguageDialog())
    focus = theme.colours_for("light").focus
    assert dialog.language.hasFocus()
    language = _settled(dialog.language)
    assert _outlined(language, focus) > (language.width() + language.height()) * 2 * 0.8  # the whole way round
    qtbot.keyClick(dialog.language, Qt.Key.Key_Tab)  # as a person moves on to the buttons
    button = QApplication.focusWidget()
    assert button is not dialog.language and button.window() is dialog
    assert _outlined(_settled(button), focus) > (button.width() + button.height()) * 2 * 0.8
    assert _outlined(_settled(dialog.language), focus) == 0  # and only on the control that has the focus


def test_harbourstyle_replaces_the_first_style_just_after_the_first_window_unasked(themed, qtbot, preferences,
                                                                                 tmp_path):
    _start_up_look(themed)
    controller = HarbourController(themed, preferences, tmp_path / "vault")
    controller.start()
    try:
        dialog = controller.language_dialog
        assert dialog.isVisible()
        assert type(theme.current_style()) is theme.FocusStyle
        qtbot.waitUntil(lambda: type(theme.current_style()) is theme.HarbourStyle)  # nothing asked for it
        assert controller.app_hooks_installed and dialog.isVisible()
    finally:
        controller.language_dialog.close()
        controller.shutdown()


@pytest.mark.parametrize("name, zoom", [("high-contrast", 100), ("light", 150), ("dark", 200)])
def test_high_contrast_and_a_zoom_start_with_harbourstyle_and_keep_it(themed, name, zoom):
    """There the first window's look needs HarbourStyle (its zoomed check boxes, icons and scroll bars; the
    high-contrast frames), so it is used from the start and nothing is replaced after."""
    _start_up_look(themed, name, zoom)
    style = theme.current_style()
    assert type(style) is theme.HarbourStyle
    assert not theme.use_harbour_style(themed)
    assert theme.current_style() is style
    assert themed.property("harbour_theme") == name and themed.property("harbour_zoom") == zoom
