"""The backup a lock owes (issue 18 "no lost day", issue 21 "years of notes"): a copy of the closed notes.db,
which needs no key, so a lock wipes the key at once and the copy may run afterwards, off the GUI thread; an unlock
waits for a copy still running, and a copy that cannot be written says so and leaves nothing half-written."""

from __future__ import annotations

import errno
import shutil
import threading
from pathlib import Path

import pytest

from desktop.core.vault import backups
from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import Vault
from tests.core.test_backups import _rows

PASSPHRASE = "a long enough test passphrase"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "vault"
    vault, _recovery = Vault.create(path, PASSPHRASE, cost=TEST_COST)
    vault.db.execute("CREATE TABLE notes (body TEXT)")
    vault.lock()
    for made_at_lock in backups.list_backups(path):
        made_at_lock.unlink()
    return path


def _written_and_locked_later(folder: Path, body: str) -> tuple[backups.FileCopy, bytearray]:
    vault = Vault.unlock(folder, PASSPHRASE, daily_backup=False)
    data_key = vault.raw_key_for_backup()
    vault.db.execute("INSERT INTO notes VALUES (?)", [body])
    owed = vault.lock(copy_later=True)
    assert owed is not None
    assert not vault.is_open
    with pytest.raises(Exception, match="locked"):
        vault.data_key()  # the key is gone before the copy is made
    return owed, data_key


def test_a_lock_wipes_the_key_first_and_its_later_copy_holds_every_saved_word(folder: Path) -> None:
    owed, data_key = _written_and_locked_later(folder, "saved a moment before the lock")
    assert backups.list_backups(folder) == []
    assert not (folder / "notes.db-wal").exists()  # the file alone holds every saved word
    assert owed.run() is None
    newest = backups.list_backups(folder)[0]
    assert newest.name.endswith(f"-{backups.AT_LOCK}.db")
    assert _rows(newest, data_key) == ["saved a moment before the lock"]
    assert newest.read_bytes() == (folder / "notes.db").read_bytes()  # as encrypted as the vault itself


def test_an_unlock_waits_for_the_copy_a_lock_still_owes(folder: Path) -> None:
    owed, _key = _written_and_locked_later(folder, "a note")
    assert not backups.wait_for_copies(timeout=0)
    opened: list[Vault] = []
    unlocking = threading.Thread(target=lambda: opened.append(Vault.unlock(folder, PASSPHRASE, daily_backup=False)))
    unlocking.start()
    unlocking.join(1.0)
    assert unlocking.is_alive() and not opened  # it waits while the copy is owed
    owed.run()
    unlocking.join(30)
    assert opened and opened[0].is_open
    opened[0].lock()
    assert backups.wait_for_copies(timeout=0)


def test_a_copy_that_cannot_be_written_says_so_and_leaves_nothing_half_written(folder: Path, monkeypatch) -> None:
    first, _key = _written_and_locked_later(folder, "first")
    assert first.run() is None
    kept = backups.list_backups(folder)
    owed, _key = _written_and_locked_later(folder, "second")

    def disk_full(source, target, **_kwargs):
        Path(target).write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", disk_full)
    error = owed.run()
    assert error is not None and "No space left on device" in error and "safe" in error
    assert backups.list_backups(folder) == kept
    assert list(backups.backups_folder(folder).glob("*.partial*")) == []
    assert backups.wait_for_copies(timeout=0)  # a failed copy is no longer owed: unlocking goes on


def test_a_lock_with_nothing_changed_owes_no_copy(folder: Path) -> None:
    vault = Vault.unlock(folder, PASSPHRASE, daily_backup=False)
    assert vault.lock(copy_later=True) is None


def test_a_lock_stops_the_days_backup_half_way_and_leaves_nothing_of_it(folder: Path) -> None:
    """The day's backup of a years-old vault takes seconds to a minute on a worker thread; a lock must not wait
    for it (the lock copies the file itself if anything changed, and the next unlock makes the day's backup)."""
    vault = Vault.unlock(folder, PASSPHRASE, daily_backup=False)
    vault.db.execute("INSERT INTO notes VALUES ('x')")
    steps: list[int] = []
    vault.make_daily_backup(stop=lambda: steps.append(1) or True)
    assert steps and vault.backup_error is None
    assert backups.list_backups(folder) == []
    assert list(backups.backups_folder(folder).glob("*.partial*")) == []
    vault.lock()
    assert len(backups.list_backups(folder)) == 1  # the lock's own copy
