"""Issue 15 findings 8 and 10 as a worker meets them: a missing key.json still brings up the unlock screen, which
says what can help; writes a crash lost are said when Harbour opens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import Vault
from desktop.ui.shell.controller import HarbourController
from desktop.ui.widgets.operations import wait_for_running
from tests.conftest import TEST_PASSPHRASE


@pytest.fixture
def start(qapp, preferences):
    made = []

    def starting(folder):
        controller = HarbourController(qapp, preferences, folder, cost=TEST_COST)
        controller.start()
        made.append(controller)
        return controller

    yield starting
    for controller in made:
        controller.shutdown()
        controller.unlock_window.close()


def _type_and_unlock(qtbot, controller):
    qtbot.keyClicks(controller.unlock_window.secret, TEST_PASSPHRASE)
    qtbot.keyClick(controller.unlock_window.secret, Qt.Key.Key_Return)
    wait_for_running()  # unlocking runs on a worker thread


def test_a_missing_key_json_shows_the_unlock_screen_and_says_what_can_help(qtbot, start, tmp_path):
    vault, _recovery = Vault.create(tmp_path / "vault", TEST_PASSPHRASE, cost=TEST_COST)
    vault.lock()
    (tmp_path / "vault" / "key.json").unlink()
    controller = start(tmp_path / "vault")
    assert controller.unlock_window.isVisible() and controller.create_wizard is None
    _type_and_unlock(qtbot, controller)
    assert controller.vault is None
    assert str(tmp_path / "vault" / "backups" / "key.json") in controller.unlock_window.message.text()


def test_writes_a_crash_lost_are_said_when_harbour_opens(qtbot, start, tmp_path):
    vault, _recovery = Vault.create(tmp_path / "vault", TEST_PASSPHRASE, cost=TEST_COST)
    vault.db.execute("CREATE TABLE notes (body TEXT)")
    vault.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for text in ("one", "two", "three"):
        vault.db.execute("INSERT INTO notes VALUES (?)", [text])
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for name in ("notes.db", "notes.db-wal", "key.json"):  # as a kill -9 leaves them
        (crashed / name).write_bytes((tmp_path / "vault" / name).read_bytes())
    vault.lock()
    wal = bytearray((crashed / "notes.db-wal").read_bytes())
    wal[-100] ^= 0x01
    (crashed / "notes.db-wal").write_bytes(bytes(wal))
    controller = start(crashed)
    _type_and_unlock(qtbot, controller)
    assert controller.vault is not None
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert any("not all of the last changes" in box.text() for box in boxes)
