"""Finding 1 of issue 15: no secret field can show an earlier passphrase or recovery key after any kind of lock,
by undo, redo, their other keys or the context menu. Every field is typed into with real key presses, every lock
is caused the way a person (or the system) causes it."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QMessageBox

from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import Vault
from desktop.ui.shell.controller import HarbourController
from desktop.ui.widgets.operations import wait_for_running
from desktop.ui.widgets.secret_field import SecretField
from tests.conftest import TEST_PASSPHRASE

SECRET_TYPED = "zebra lantern quietly 42"
HISTORY_KEYS = [(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier),
                (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
                (Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier),
                (Qt.Key.Key_Backspace, Qt.KeyboardModifier.AltModifier)]


@pytest.fixture
def made(qapp, preferences, tmp_path):
    vault, recovery_key = Vault.create(tmp_path / "vault", TEST_PASSPHRASE, cost=TEST_COST)
    vault.lock()
    controller = HarbourController(qapp, preferences, tmp_path / "vault", cost=TEST_COST)
    controller.start()
    yield controller, recovery_key
    controller.shutdown()
    controller.unlock_window.close()


def _focused(controller):
    """Where a person's key press goes: the focused widget of the window in front (made active, as on a desktop)."""
    front = QApplication.activeModalWidget() or controller.main_window
    front.activateWindow()
    QApplication.setActiveWindow(front)
    return front.focusWidget() or front


def _lock_by_ctrl_l(qtbot, controller):
    qtbot.keyClick(_focused(controller), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert controller.vault is None


def _lock_by_f12(qtbot, controller):
    qtbot.keyClick(_focused(controller), Qt.Key.Key_F12)
    assert controller.vault is None


def _lock_by_idle(qtbot, controller):
    controller.idle.set_minutes(0.001)
    controller.idle.start()
    qtbot.waitUntil(lambda: controller.vault is None, timeout=5000)


def _lock_by_system(qtbot, controller):
    controller.system_lock.on_session_lock()  # what the D-Bus signal calls (tests/ui/test_system_lock_dbus.py)


LOCKS = {"ctrl-l": _lock_by_ctrl_l, "f12": _lock_by_f12, "idle": _lock_by_idle, "system": _lock_by_system}


def _type_and_unlock(qtbot, controller, text):
    window = controller.unlock_window
    window.secret.setFocus()
    qtbot.keyClicks(window.secret, text)
    qtbot.keyClick(window.secret, Qt.Key.Key_Return)
    wait_for_running()  # unlocking runs on a worker thread
    assert controller.vault is not None


def _assert_holds_no_history(qtbot, field: QLineEdit):
    if not shiboken6.isValid(field):
        return  # deleted with its window: nothing is left to show
    assert field.text() == ""
    field.setEchoMode(QLineEdit.EchoMode.Normal)  # the recovery key's mode: would show anything undone
    for key, modifiers in HISTORY_KEYS:
        qtbot.keyClick(field, key, modifiers)
        assert field.text() == ""
    assert not field.isUndoAvailable() and not field.isRedoAvailable()
    QApplication.sendEvent(field, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(2, 2),
                                                    field.mapToGlobal(QPoint(2, 2))))
    menus = [widget for widget in QApplication.topLevelWidgets() if isinstance(widget, QMenu) and widget.isVisible()]
    assert menus
    for menu in menus:
        names = {action.objectName() for action in menu.actions()}
        assert not names & {"edit-undo", "edit-redo"}
        menu.close()
    assert field.text() == ""


@pytest.mark.parametrize("lock", LOCKS)
def test_unlock_passphrase_cannot_be_undone_back_after_a_lock(qtbot, made, lock):
    controller, _recovery = made
    _type_and_unlock(qtbot, controller, TEST_PASSPHRASE)
    LOCKS[lock](qtbot, controller)
    window = controller.unlock_window
    window.recovery_button.click()  # the normal-echo field, where an undone passphrase would be readable
    window.secret.setFocus()
    for key, modifiers in HISTORY_KEYS:
        qtbot.keyClick(window.secret, key, modifiers)
        assert TEST_PASSPHRASE not in window.secret.text()
    _assert_holds_no_history(qtbot, window.secret)


@pytest.mark.parametrize("lock", LOCKS)
def test_recovery_key_cannot_be_undone_back_after_a_lock(qtbot, made, lock, monkeypatch):
    controller, recovery_key = made
    monkeypatch.setattr(QMessageBox, "information", lambda *args, **kwargs: QMessageBox.StandardButton.Ok)
    controller.unlock_window.recovery_button.click()
    _type_and_unlock(qtbot, controller, recovery_key)
    for dialog in [w for w in QApplication.topLevelWidgets() if w.windowTitle() == "Change passphrase"]:
        qtbot.keyClicks(dialog.current, recovery_key)  # the current secret, typed into the dialog that opens
    LOCKS[lock](qtbot, controller)
    window = controller.unlock_window
    window.recovery_button.click()
    if window.secret.echoMode() != QLineEdit.EchoMode.Normal:
        window.recovery_button.click()
    for key, modifiers in HISTORY_KEYS:
        qtbot.keyClick(window.secret, key, modifiers)
        assert window.secret.text() == ""
    _assert_holds_no_history(qtbot, window.secret)


@pytest.mark.parametrize("lock", LOCKS)
def test_change_passphrase_fields_hold_nothing_after_a_lock(qtbot, made, lock):
    controller, _recovery = made
    _type_and_unlock(qtbot, controller, TEST_PASSPHRASE)
    controller.main_window.passphrase_action.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == "ChangePassphraseDialog"
                  and w.isVisible())
    fields = dialog.findChildren(SecretField)
    assert len(fields) >= 3  # the current passphrase, the new one and its repetition
    for field in fields:
        field.setFocus()
        qtbot.keyClicks(field, SECRET_TYPED)
    LOCKS[lock](qtbot, controller)
    for field in fields:
        _assert_holds_no_history(qtbot, field)


@pytest.mark.parametrize("lock", LOCKS)
def test_create_vault_fields_hold_nothing_after_a_lock(qtbot, qapp, preferences, tmp_path, lock):
    preferences.set("ui_locale", "en")
    controller = HarbourController(qapp, preferences, tmp_path / "new vault", cost=TEST_COST)
    try:
        controller.start()
        wizard = controller.create_wizard
        pair = wizard.passphrase_page.pair
        for field in (pair.first, pair.second):
            field.setFocus()
            qtbot.keyClicks(field, SECRET_TYPED)
        wizard.next()
        wait_for_running()  # the vault is made on a worker thread
        wizard.recovery_page.stored.setChecked(True)
        wizard.next()
        wait_for_running()
        wizard.about_page.worker_name.setText("Sam")
        wizard.accept()
        wait_for_running()
        assert controller.vault is not None
        LOCKS[lock](qtbot, controller)
        for field in (pair.first, pair.second):
            _assert_holds_no_history(qtbot, field)
    finally:
        controller.shutdown()
        controller.unlock_window.close()
