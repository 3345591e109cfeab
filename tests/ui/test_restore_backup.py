"""Restoring a backup from the unlock screen: any backup, not only the newest, with the notes it replaces set aside
and offered in the same list, so a restore can be undone from the app too."""

from __future__ import annotations

import errno
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop.core.records import clients
from desktop.core.vault import backup_space, backups
from desktop.core.vault.vault import Vault
from desktop.ui.vault import restore_dialog
from desktop.ui.vault.unlock import UnlockWindow
from desktop.ui.widgets.operations import wait_for_running
from tests.conftest import TEST_PASSPHRASE

NEARLY_FULL = 10 * 1000 ** 2   # 10 MB free: under the 1 GiB margin a backup leaves


def _names(vault: Vault) -> list[str]:
    return sorted(client.first_name for client in clients.list_clients(vault.db))


@pytest.fixture
def two_days(vault):
    """Maria in a backup from two days ago; Jun added yesterday, in a daily backup; the vault then locked."""
    clients.create_client(vault.db, "Maria")
    now = datetime.now(UTC)
    backups.make_backup(vault, "before-migration", now - timedelta(days=2))
    clients.create_client(vault.db, "Jun")
    backups.make_backup(vault, "daily", now - timedelta(hours=20))
    vault.lock()
    return vault.folder


def _open_window(qtbot, folder) -> UnlockWindow:
    window = UnlockWindow(folder)
    qtbot.addWidget(window)
    window.show()
    return window


def _restore_through_dialog(monkeypatch, window: UnlockWindow, pick, answer=QMessageBox.StandardButton.Yes):
    """Clicks 'Restore a backup…'; in the dialog, picks the row ``pick(labels)`` names and presses Restore.
    Returns what the dialog showed: its rows and its message."""
    seen = {}

    def run_dialog(dialog):
        labels = [dialog.choices.item(row).text() for row in range(dialog.choices.count())]
        dialog.choices.setCurrentRow(pick(labels))
        dialog.restore_button.click()
        seen.update(labels=labels, message=dialog.message.text(), title=dialog.windowTitle())
        return dialog.result()

    monkeypatch.setattr(QMessageBox, "question", lambda *_args: answer)
    monkeypatch.setattr(restore_dialog.RestoreDialog, "exec", run_dialog)
    window.restore_button.click()
    return seen


def _unlock(qtbot, window: UnlockWindow) -> Vault:
    with qtbot.waitSignal(window.unlocked) as opened:
        window.secret.setText(TEST_PASSPHRASE)
        window.unlock_button.click()
        wait_for_running()  # unlocking runs on a worker thread
    return opened.args[0]


def test_an_older_backup_is_restored_from_the_unlock_screen_and_the_restore_can_be_undone(qtbot, two_days,
                                                                                            monkeypatch):
    window = _open_window(qtbot, two_days)
    assert window.restore_button.isVisible() and window.restore_button.isFlat()
    assert window.restore_button.accessibleName()

    shown = _restore_through_dialog(monkeypatch, window, lambda labels: len(labels) - 1)  # the oldest
    assert shown["message"] == ""
    assert [label.split(" — ")[1] for label in shown["labels"]] == ["daily backup", "backup made before an update"]
    assert "Unlock with your passphrase" in window.message.text()
    vault = _unlock(qtbot, window)
    try:
        assert _names(vault) == ["Maria"]
    finally:
        vault.lock()

    # Undo: the notes the restore replaced are offered as set aside, and restoring them brings Jun back.
    window.reset()
    shown = _restore_through_dialog(
        monkeypatch, window, lambda labels: next(row for row, label in enumerate(labels) if "set aside on" in label))
    assert sum("set aside on" in label for label in shown["labels"]) == 1
    vault = _unlock(qtbot, window)
    try:
        assert _names(vault) == ["Jun", "Maria"]
    finally:
        vault.lock()
    assert len(list(two_days.glob("notes.db.before-restore-*"))) == 2  # both replaced files kept


def test_saying_no_to_the_question_changes_nothing(qtbot, two_days, monkeypatch):
    before = (two_days / "notes.db").read_bytes()
    window = _open_window(qtbot, two_days)
    _restore_through_dialog(monkeypatch, window, lambda labels: 1, answer=QMessageBox.StandardButton.No)
    assert (two_days / "notes.db").read_bytes() == before
    assert not list(two_days.glob("notes.db.before-restore-*"))


def test_a_vault_with_no_backups_offers_no_restore(qtbot, vault):
    vault.lock()
    assert not backups.list_backups(vault.folder)
    window = _open_window(qtbot, vault.folder)
    assert not window.restore_button.isVisible()


def test_a_failed_restore_says_so_in_words_and_leaves_notes_db_untouched(qtbot, two_days, monkeypatch):
    before = (two_days / "notes.db").read_bytes()
    window = _open_window(qtbot, two_days)

    def disk_full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups.shutil, "copyfile", disk_full)
    shown = _restore_through_dialog(monkeypatch, window, lambda labels: 1)
    assert "the disk is full" in shown["message"] and "Nothing was changed" in shown["message"]
    assert "Restored" not in window.message.text()
    assert (two_days / "notes.db").read_bytes() == before
    assert sorted(path.name for path in two_days.iterdir()) == ["backups", "key.json", "notes.db"]


def test_a_backup_that_vanished_is_said_and_leaves_the_list(qtbot, two_days, monkeypatch):
    before = (two_days / "notes.db").read_bytes()
    window = _open_window(qtbot, two_days)
    oldest = backups.list_backups(two_days)[-1]
    dialog = restore_dialog.RestoreDialog(two_days, window)
    qtbot.addWidget(dialog)
    dialog.choices.setCurrentRow(dialog.choices.count() - 1)
    oldest.unlink()  # removed by hand while the dialog was open
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    dialog.restore_button.click()
    assert "no longer there" in dialog.message.text()
    assert dialog.choices.count() == 1 and dialog.result() != QDialog.DialogCode.Accepted
    assert (two_days / "notes.db").read_bytes() == before


def test_a_damaged_vault_makes_the_restore_stand_out_and_restoring_opens_it(qtbot, two_days, monkeypatch):
    database = two_days / "notes.db"
    database.write_bytes(database.read_bytes()[:4096])  # truncated: the laptop died mid-copy
    window = _open_window(qtbot, two_days)
    window.secret.setText(TEST_PASSPHRASE)
    window.unlock_button.click()
    wait_for_running()  # unlocking runs on a worker thread
    assert "damaged" in window.message.text()
    assert window.restore_button.isVisible() and not window.restore_button.isFlat()
    with qtbot.waitSignal(window.unlocked) as opened:
        shown = _restore_through_dialog(monkeypatch, window, lambda labels: 0)  # the newest: yesterday's
    assert "daily backup" in shown["labels"][0]
    vault = opened.args[0]
    try:
        assert _names(vault) == ["Jun", "Maria"]
    finally:
        vault.lock()
    assert window.restore_button.isFlat()


def test_the_restore_screen_says_the_disk_is_nearly_full_and_every_kept_copy_still_restores(qtbot, two_days,
                                                                                             monkeypatch):
    window = _open_window(qtbot, two_days)
    seen = {}

    def run_dialog(dialog):
        seen.update(note=dialog.space_note.text(), shown=not dialog.space_note.isHidden(),
                    rows=dialog.choices.count())
        dialog.choices.setCurrentRow(dialog.choices.count() - 1)   # the oldest
        dialog.restore_button.click()
        return dialog.result()

    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(restore_dialog.RestoreDialog, "exec", run_dialog)
    monkeypatch.setattr(backup_space, "disk_free", lambda _folder: 10 ** 12)
    window.restore_button.click()
    assert seen["note"] == "" and not seen["shown"]     # room enough: nothing to say

    window.reset()
    monkeypatch.setattr(backup_space, "disk_free", lambda _folder: NEARLY_FULL)
    window.restore_button.click()
    assert seen["shown"] and "nearly full" in seen["note"] and "10 MB" in seen["note"]
    assert "The backups listed here are kept" in seen["note"]
    assert seen["rows"] == 3   # both backups and the notes the first restore set aside
    vault = _unlock(qtbot, window)
    try:
        assert _names(vault) == ["Maria"]
    finally:
        vault.lock()
