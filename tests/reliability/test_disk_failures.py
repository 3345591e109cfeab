"""A disk that fills up mid-write, while saving key.json (a passphrase change), an export and a backup.

Each case runs twice: with a file object that raises ENOSPC after N bytes (patched in at the seam the code writes
through), and on a real full filesystem (a tiny tmpfs; skipped where mounting is not allowed). Either way the
worker gets a sentence, not a traceback, and the file that was there before is intact byte for byte.
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from desktop.core.common import files
from desktop.core.consent import consents as consent
from desktop.core.records import clients, sessions
from desktop.core.vault import backup_space, backups
from desktop.core.vault import connection as connection_module
from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import Vault, VaultCorrupted, VaultUnavailable, VaultWriteFailed, WrongPassphrase
from desktop.ui.consent import share_delivery
from desktop.ui.consent import share_dialogs as egress_dialogs
from desktop.ui.widgets.operations import wait_for_running
from tests.reliability.fault_helpers import (
    PASSPHRASE,
    DiskFullAfter,
    assert_human,
    assert_sound,
    file_hashes,
    fill_disk,
    make_vault,
    sha256,
    tiny_filesystem,
)

NEW_PASSPHRASE = "a brand new passphrase for the vault"


def _disk_full_after(monkeypatch, limit: int) -> None:
    """write_atomically writes through os.fdopen(temp file): that file object now fills up after ``limit`` bytes."""
    real_fdopen = files.os.fdopen
    monkeypatch.setattr(files.os, "fdopen", lambda *args, **kwargs: DiskFullAfter(real_fdopen(*args, **kwargs),
                                                                                  limit))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".partial", ".restoring")))


@pytest.fixture
def disk(tmp_path: Path, monkeypatch):
    """A real 2 MiB filesystem, empty. Backups there are not held off by their free-space margin (1 GiB, more than
    the whole disk: tests/core/test_backup_space.py): here a copy must meet the full disk itself."""
    monkeypatch.setattr(backup_space, "disk_free", lambda _folder: 10 ** 12)
    with tiny_filesystem(tmp_path / "disk") as mounted:
        yield mounted


# -- key.json -----------------------------------------------------------------------------------------------------


def _assert_passphrase_change_failed_cleanly(folder: Path, vault: Vault, key_before: bytes) -> None:
    with pytest.raises(VaultWriteFailed) as raised:
        vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, cost=TEST_COST)
    assert_human(raised.value)
    assert "old passphrase" in str(raised.value)
    assert (folder / "key.json").read_bytes() == key_before
    assert _leftovers(folder) == []


@pytest.mark.parametrize("limit", [0, 1, 64, 400])
def test_a_passphrase_change_on_a_disk_that_fills_up_keeps_the_old_key_json(tmp_path, monkeypatch, limit):
    folder = tmp_path / "vault"
    make_vault(folder)
    key_before = (folder / "key.json").read_bytes()
    vault = Vault.unlock(folder, PASSPHRASE)
    _disk_full_after(monkeypatch, limit)
    try:
        _assert_passphrase_change_failed_cleanly(folder, vault, key_before)
    finally:
        vault.lock()
    monkeypatch.undo()
    with pytest.raises(WrongPassphrase):
        Vault.unlock(folder, NEW_PASSPHRASE)
    Vault.unlock(folder, PASSPHRASE).lock()


def test_a_passphrase_change_on_a_really_full_disk_keeps_the_old_key_json(disk):
    folder = disk / "vault"
    make_vault(folder)
    key_before = (folder / "key.json").read_bytes()
    vault = Vault.unlock(folder, PASSPHRASE)
    filler = fill_disk(disk)
    try:
        _assert_passphrase_change_failed_cleanly(folder, vault, key_before)
    finally:
        vault.lock()
    filler.unlink()
    Vault.unlock(folder, PASSPHRASE).lock()


def test_unlocking_on_a_full_disk_blames_the_disk_not_the_vault(disk):
    folder = disk / "vault"
    make_vault(folder)
    before = file_hashes(folder)
    filler = fill_disk(disk)
    with pytest.raises(VaultUnavailable) as raised:
        Vault.unlock(folder, PASSPHRASE)
    assert not isinstance(raised.value, VaultCorrupted)
    assert_human(raised.value)
    after = file_hashes(folder)
    assert {name: after[name] for name in before} == before and not (folder / "quarantine").exists()
    # SQLite may have made its side files before the disk refused; an empty WAL holds nothing and is harmless.
    assert set(after) - set(before) <= {"notes.db-wal", "notes.db-shm"}
    assert not (folder / "notes.db-wal").exists() or (folder / "notes.db-wal").stat().st_size == 0
    filler.unlink()
    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        assert_sound(vault.db)
    finally:
        vault.lock()


# -- exports ------------------------------------------------------------------------------------------------------


@pytest.fixture
def share(qtbot, context, monkeypatch):
    """share(channel, path): the worker shares a consented client's first name to a file, as in the Share dialog.
    Returns the dialog, whose error line is what the worker reads."""
    client = clients.create_client(context.db, "Ana", languages=["es"])
    sessions.save_notes(context.db, sessions.create_session(context.db, client.id).id, "Lives near the bridge")
    consent.record_consent(context.db, client_id=client.id, purpose="Shelter place", recipient="Safe Haven Shelter",
                           categories=("first_name",), method="written_signed", recorded_by="Sam")

    def run(channel: str, path: Path):
        dialog = egress_dialogs.share_client_data(context, client.id)
        qtbot.addWidget(dialog)
        dialog.set_channel(channel)
        monkeypatch.setattr(share_delivery, "ask_save_path", lambda parent, chosen: path)
        dialog.share()
        wait_for_running()  # files and printouts are written on a worker thread
        return dialog

    return run


EXPORTS = {"file_text": "referral.txt", "file_csv": "referral.csv", "file_pdf": "referral.pdf"}


def _assert_export_failed_cleanly(dialog, target: Path, before: str) -> None:
    message = dialog.error.text()
    assert message and "the disk is full" in message, message  # files.write_failure_sentence
    assert "Traceback" not in message and "Errno" not in message
    assert sha256(target) == before
    assert _leftovers(target.parent) == []


@pytest.mark.parametrize("channel", sorted(EXPORTS))
def test_an_export_on_a_disk_that_fills_up_reports_it_and_keeps_the_previous_file(share, tmp_path, monkeypatch,
                                                                                  channel):
    target = tmp_path / "exports" / EXPORTS[channel]
    target.parent.mkdir()
    share(channel, target)
    before = sha256(target)
    _disk_full_after(monkeypatch, 10)
    _assert_export_failed_cleanly(share(channel, target), target, before)


@pytest.mark.parametrize("channel", sorted(EXPORTS))
def test_an_export_on_a_really_full_disk_reports_it_and_keeps_the_previous_file(share, disk, channel):
    target = disk / EXPORTS[channel]
    share(channel, target)
    before = sha256(target)
    fill_disk(disk)
    _assert_export_failed_cleanly(share(channel, target), target, before)


def test_a_handout_pdf_on_a_disk_that_fills_up_keeps_the_previous_file(context, tmp_path, monkeypatch):
    from desktop.core.scripts import catalogs as scripts
    from desktop.exports import handout

    def release():
        return handout.release_handout(
            context.db, scripts.load_script("role", "en"), scripts.load_script("role", "pa_Guru"),
            values={"worker_name": "Sam"}, organisation="Harbour Outreach", worker="Sam", layout="sequential",
            channel="file_pdf")

    target = tmp_path / "handout.pdf"
    handout.write_pdf(release(), target)
    before = sha256(target)
    assert (tmp_path / "handout.pdf").read_bytes().startswith(b"%PDF")
    _disk_full_after(monkeypatch, 1000)
    with pytest.raises(OSError) as raised:
        handout.write_pdf(release(), target)
    assert raised.value.errno == errno.ENOSPC  # script_output.py turns this into "could not be saved: <reason>"
    assert sha256(target) == before and _leftovers(tmp_path) == []


# -- backups ------------------------------------------------------------------------------------------------------


def _assert_backup_failed_cleanly(vault: Vault, folder: Path, backups_before: dict[str, str]) -> None:
    with pytest.raises(backups.BackupFailed) as raised:
        backups.make_backup(vault, "manual")
    assert_human(raised.value)
    after = {p.name: sha256(p) for p in (folder / "backups").iterdir()}
    assert after == backups_before  # no half file that pruning or a restore could pick up, earlier ones whole


def _limit_backup_target_to(monkeypatch, pages: int) -> None:
    """The backup's target database refuses to grow past ``pages`` pages: SQLite's own 'disk is full' mid-copy."""
    real = connection_module.apply_cipher_pragmas

    def limited(connection, data_key):
        real(connection, data_key)
        connection.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(connection_module, "apply_cipher_pragmas", limited)


@pytest.mark.parametrize("how", ["sqlite runs out of pages", "fsync says ENOSPC"])
def test_a_backup_on_a_disk_that_fills_up_leaves_no_half_file(tmp_path, monkeypatch, how):
    folder = tmp_path / "vault"
    make_vault(folder)
    backups_before = {p.name: sha256(p) for p in (folder / "backups").iterdir()}
    assert len(backups_before) == 2  # the backup made at the lock after writing, and the copy of key.json
    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        if how == "fsync says ENOSPC":
            def no_space(_descriptor):
                raise OSError(errno.ENOSPC, "No space left on device")
            monkeypatch.setattr(backups.os, "fsync", no_space)
        else:
            _limit_backup_target_to(monkeypatch, 4)
        _assert_backup_failed_cleanly(vault, folder, backups_before)
    finally:
        vault.lock()
    monkeypatch.undo()
    backups.restore_backup(folder, backups.list_backups(folder)[0])
    Vault.unlock(folder, PASSPHRASE).lock()


def test_a_backup_on_a_really_full_disk_leaves_no_half_file_and_restore_still_works(disk):
    folder = disk / "vault"
    make_vault(folder)
    backups_before = {p.name: sha256(p) for p in (folder / "backups").iterdir()}
    vault = Vault.unlock(folder, PASSPHRASE)
    filler = fill_disk(disk)
    try:
        _assert_backup_failed_cleanly(vault, folder, backups_before)
    finally:
        vault.lock()
    notes_before = sha256(folder / "notes.db")
    with pytest.raises(OSError):  # a restore needs room for a whole copy first
        backups.restore_backup(folder, backups.list_backups(folder)[0])
    assert sha256(folder / "notes.db") == notes_before and _leftovers(folder) == []
    filler.unlink()
    backups.restore_backup(folder, backups.list_backups(folder)[0])
    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        assert_sound(vault.db)
    finally:
        vault.lock()


def test_a_backup_killed_half_way_is_cleared_by_the_next_one(tmp_path):
    folder = tmp_path / "vault"
    make_vault(folder)
    half = folder / "backups" / "notes-20261123T090000000000Z-daily.partial"
    half.write_bytes(b"half a backup")
    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        made = backups.make_backup(vault, "manual")
    finally:
        vault.lock()
    assert not half.exists() and made in backups.list_backups(folder)


def test_the_unlock_screen_says_when_a_restore_finds_no_room(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.vault.restore_dialog import RestoreDialog
    from desktop.ui.vault.unlock import UnlockWindow

    folder = tmp_path / "vault"
    make_vault(folder)
    (folder / "notes.db").write_bytes(b"\0" * 8192)
    window = UnlockWindow(folder)
    qtbot.addWidget(window)
    window.secret.setText(PASSPHRASE)
    window.attempt()
    wait_for_running()  # unlocking runs on a worker thread
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(backups.shutil, "copyfile", lambda *_args: (_ for _ in ()).throw(
        OSError(errno.ENOSPC, "No space left on device")))
    said = []

    def press_restore(dialog):
        dialog.restore_button.click()  # a raw OSError here would reach the crash handler
        said.append(dialog.message.text())
        return dialog.result()

    monkeypatch.setattr(RestoreDialog, "exec", press_restore)
    window.restore_button.click()
    assert "the disk is full" in said[0]
    assert (folder / "notes.db").read_bytes() == b"\0" * 8192 and _leftovers(folder) == []


def test_an_update_that_fills_the_disk_is_rolled_back_and_said_in_words(disk, monkeypatch):
    import shutil

    from desktop.core.vault import schema
    from tests.data.make_fixture_vault import FIXTURE
    from tests.data.make_fixture_vault import PASSPHRASE as FIXTURE_PASSPHRASE

    folder = disk / "vault"
    shutil.copytree(FIXTURE, folder)
    newer = disk.parent / "migrations"
    shutil.copytree(schema._MIGRATIONS_DIR, newer)
    upcoming = schema.latest_version() + 1
    (newer / f"{upcoming:04d}_big.sql").write_text(  # far more than the 2 MiB disk holds
        "CREATE TABLE big (body TEXT);"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
        " INSERT INTO big SELECT randomblob(2000) FROM n;")
    monkeypatch.setattr(schema, "_MIGRATIONS_DIR", newer)
    with pytest.raises(VaultUnavailable) as raised:
        Vault.unlock(folder, FIXTURE_PASSPHRASE)
    assert_human(raised.value)
    monkeypatch.undo()
    for leftover in (folder / "backups").glob("*"):
        leftover.unlink()  # room again; the before-migration backup was made and is not what is checked here
    vault = Vault.unlock(folder, FIXTURE_PASSPHRASE)
    try:
        assert schema.current_version(vault.db.conn) == schema.latest_version()  # the real ones, not "big"
        assert not vault.db["big"].exists()
        assert_sound(vault.db)
    finally:
        vault.lock()
