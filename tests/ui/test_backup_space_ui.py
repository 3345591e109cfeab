"""A nearly full disk as the worker meets it (issue 21, backups within a disk budget): the lock's copy is skipped
and the unlock screen says so in a sentence (the restore screen: tests/ui/test_restore_backup.py). The free space
is faked where the code asks it (``backup_space.disk_free``)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core.records import clients
from desktop.core.vault import backup_space, backups
from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import Vault
from desktop.ui.shell.controller import HarbourController
from desktop.ui.widgets.operations import wait_for_running
from tests.conftest import TEST_PASSPHRASE
from tests.ui.test_restore_backup import NEARLY_FULL


@pytest.fixture
def controller(qapp, preferences, tmp_path):
    vault, _recovery = Vault.create(tmp_path / "vault", TEST_PASSPHRASE, cost=TEST_COST)
    vault.lock()
    made = HarbourController(qapp, preferences, tmp_path / "vault", cost=TEST_COST)
    made.start()
    yield made
    made.shutdown()
    made.unlock_window.close()


def test_a_lock_on_a_nearly_full_disk_skips_its_copy_and_the_unlock_screen_says_so(qtbot, controller, monkeypatch):
    qtbot.keyClicks(controller.unlock_window.secret, TEST_PASSPHRASE)
    qtbot.keyClick(controller.unlock_window.secret, Qt.Key.Key_Return)
    wait_for_running()   # unlocking, then the day's backup, on worker threads
    assert controller.vault is not None
    folder = controller.vault.folder
    kept = backups.list_backups(folder)
    clients.create_client(controller.context.db, "Mei")
    monkeypatch.setattr(backup_space, "disk_free", lambda _folder: NEARLY_FULL)
    controller.lock()
    wait_for_running()   # the lock's copy runs on a worker thread once the unlock screen is up
    said = controller.unlock_window.message.text()
    assert "did not make a backup" in said and "Free some space on the disk" in said
    assert backups.list_backups(folder) == kept and backups.wait_for_copies(timeout=0)


def test_the_unlock_screen_says_while_the_disk_is_too_full_for_a_backup(qtbot, vault, monkeypatch):
    from desktop.ui.vault.unlock import UnlockWindow

    vault.lock()
    monkeypatch.setattr(backup_space, "disk_free", lambda _folder: 10 ** 12)
    roomy = UnlockWindow(vault.folder)
    qtbot.addWidget(roomy)
    assert roomy.message.text() == ""
    monkeypatch.setattr(backup_space, "disk_free", lambda _folder: NEARLY_FULL)
    full = UnlockWindow(vault.folder)
    qtbot.addWidget(full)
    assert "nearly full" in full.message.text() and "makes no new backup" in full.message.text()
    monkeypatch.setattr(backup_space, "disk_free", lambda _folder: 10 ** 12)
    full.reset()   # after a lock, once space was freed
    assert full.message.text() == ""


def test_the_days_backup_held_off_by_a_nearly_full_disk_says_why_after_unlock(qtbot, controller, monkeypatch):
    """The day's backup after unlock, skipped for the disk's margin, says so (how full, what is kept), not the
    general 'could not make today's backup'."""
    import os

    from PySide6.QtWidgets import QApplication, QMessageBox

    for old in backups.list_backups(controller.folder):
        os.utime(old, (old.stat().st_atime, old.stat().st_mtime - 2 * 86_400))  # the newest copy is two days old
    monkeypatch.setattr(backup_space, "disk_free", lambda _folder: NEARLY_FULL)
    qtbot.keyClicks(controller.unlock_window.secret, TEST_PASSPHRASE)
    qtbot.keyClick(controller.unlock_window.secret, Qt.Key.Key_Return)
    wait_for_running()   # unlocking, then the day's backup, on worker threads
    said = [box.text() for box in QApplication.topLevelWidgets() if isinstance(box, QMessageBox) and box.isVisible()]
    assert len(said) == 1
    assert "did not make a backup" in said[0] and "Free some space on the disk" in said[0]
