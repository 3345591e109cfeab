"""What Harbour copies does not stay on the clipboard: it is taken back after a delay, on lock and on quit, and
only while the clipboard still holds Harbour's text."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication

from desktop.core.vault.keys import TEST_COST
from desktop.ui.shell.controller import HarbourController
from desktop.ui.widgets.clipboard_guard import CLEAR_AFTER_SECONDS, ClipboardGuard, copied_message
from desktop.ui.widgets.operations import wait_for_running
from tests.conftest import TEST_PASSPHRASE

SHORT_MS = 50  # the delay under test; the real one is CLEAR_AFTER_SECONDS


@pytest.fixture
def clipboard(qapp):
    board = QGuiApplication.clipboard()
    board.clear()
    yield board
    board.clear()


def test_harbour_text_is_cleared_after_the_delay(qtbot, clipboard):
    guard = ClipboardGuard(clear_after_ms=SHORT_MS)
    guard.copy("First name: Ana")
    assert clipboard.text() == "First name: Ana"
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=5000)
    assert not guard.holds_harbour_text()


def test_the_delay_leaves_what_the_worker_copied_elsewhere_since(qtbot, clipboard):
    guard = ClipboardGuard(clear_after_ms=SHORT_MS)
    guard.copy("First name: Ana")
    clipboard.setText("an address from the browser")
    qtbot.wait(SHORT_MS * 6)
    assert clipboard.text() == "an address from the browser"


def test_the_real_delay_is_thirty_seconds_and_the_worker_is_told(qtbot, clipboard):
    assert CLEAR_AFTER_SECONDS == 30
    assert ClipboardGuard().clear_after_ms == 30_000
    assert "30 seconds" in copied_message()


def test_quitting_clears_harbour_text(qtbot, qapp, clipboard, preferences, vault):
    vault.lock()
    controller = HarbourController(qapp, preferences, vault.folder, cost=TEST_COST)
    controller.start()
    controller.unlock_window.secret.setText(TEST_PASSPHRASE)
    controller.unlock_window.unlock_button.click()
    wait_for_running()  # unlocking runs on a worker thread
    assert controller.vault is not None
    controller.clipboard.copy("Mei prefers Cantonese")
    controller.shutdown()  # connected to QApplication.aboutToQuit, and main() calls it again on the way out
    controller.unlock_window.close()
    assert clipboard.text() == ""
