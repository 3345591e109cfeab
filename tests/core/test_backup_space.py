"""Backups within a disk budget (issue 21: at 20,000 clients the rotation took 27 GB): a copy that would leave the
disk nearly full is skipped, the older ones kept and the worker told in a sentence; the copies together stay
within BUDGET_COPIES times the notes file, the newest two always kept. The free space is faked where the code asks
it (``backup_space.disk_free``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.core.vault import backup_space, backups
from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import Vault
from tests.core.test_backups import PASSPHRASE, SENTINEL, _rows

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "vault"
    vault, _recovery = Vault.create(path, PASSPHRASE, cost=TEST_COST)
    vault.db.execute("CREATE TABLE notes (body TEXT)")
    vault.db.execute("INSERT INTO notes VALUES (?)", [SENTINEL])
    vault.lock()
    for made_at_lock in backups.list_backups(path):
        made_at_lock.unlink()
    return path


def _disk_with(monkeypatch, free_after_copy: int, folder: Path) -> None:
    """The disk as ``disk_free`` reports it: ``free_after_copy`` bytes left once a copy of notes.db is written."""
    size = (folder / "notes.db").stat().st_size + sum(
        path.stat().st_size for path in [folder / "notes.db-wal"] if path.is_file())
    monkeypatch.setattr(backup_space, "disk_free", lambda _folder: size + free_after_copy)


def test_a_copy_that_would_leave_the_disk_nearly_full_is_skipped_said_and_the_older_ones_kept(folder, monkeypatch):
    vault = Vault.unlock(folder, PASSPHRASE, daily_backup=False)
    first = backups.make_backup(vault, "manual", NOW - timedelta(days=3))
    data_key = vault.raw_key_for_backup()
    _disk_with(monkeypatch, backup_space.MIN_FREE - 1, folder)   # one byte short of the margin

    with pytest.raises(backups.BackupSkipped) as skipped:
        backups.make_backup(vault, "manual", NOW)
    sentence = str(skipped.value)
    assert "did not make a backup" in sentence and "Your earlier backup is kept." in sentence
    assert "free some space" in sentence.casefold() and "GB" in sentence
    assert backups.list_backups(folder) == [first]
    assert list(backups.backups_folder(folder).glob("*.partial*")) == []

    vault.make_daily_backup()   # the day's backup after unlock: skipped, and said (maintenance shows backup_error)
    assert vault.backup_error is not None and "did not make a backup" in vault.backup_error
    assert backups.list_backups(folder) == [first]

    vault.db.execute("INSERT INTO notes VALUES ('written after')")
    owed = vault.lock(copy_later=True)   # the lock's copy of the closed file: the unlock screen shows its sentence
    assert owed is not None
    said = owed.run()
    assert said is not None and "did not make a backup" in said
    assert backups.list_backups(folder) == [first] and backups.wait_for_copies(timeout=0)

    # The kept copy still restores; with room again, the next lock makes one.
    assert _rows(first, data_key) == [SENTINEL]
    _disk_with(monkeypatch, backup_space.MIN_FREE + 10 ** 7, folder)
    vault = Vault.unlock(folder, PASSPHRASE, daily_backup=False)
    vault.db.execute("INSERT INTO notes VALUES ('and more')")
    owed = vault.lock(copy_later=True)
    assert owed is not None and owed.run() is None
    assert len(backups.list_backups(folder)) == 2


def test_a_large_vault_margin_is_its_own_size():
    assert backup_space.margin_for(10) == backup_space.MIN_FREE
    assert backup_space.margin_for(5 * 1024 ** 3) == 5 * 1024 ** 3


def test_the_backups_stay_within_the_budget_the_oldest_extras_dropped_first(folder, monkeypatch):
    """Two copies a day for five days: with the floor set to nothing (as for a 2.3 GB vault), the copies take at
    most BUDGET_COPIES times the notes file. What goes first is the older copy of a day that has a newer one, then
    whole days, oldest first; the newest two stay whatever happens."""
    monkeypatch.setattr(backup_space, "BUDGET_FLOOR", 0)
    vault = Vault.unlock(folder, PASSPHRASE, daily_backup=False)
    made = []
    try:
        for day in range(5):
            for hour in (9, 17):
                made.append(backups.make_backup(vault, "manual", NOW + timedelta(days=day, hours=hour - 9)))
                kept = backups.list_backups(folder)
                assert made[-1] in kept and (len(made) < 2 or made[-2] in kept)
                size = made[-1].stat().st_size
                assert sum(path.stat().st_size for path in kept) <= backup_space.BUDGET_COPIES * size
    finally:
        vault.lock(copy_later=False)
    kept = backups.list_backups(folder)
    # Newest first: day 4's two copies (the newest two), then the newest copy of days 3 and 2.
    assert kept == [made[9], made[8], made[7], made[5]]


def test_a_small_vault_keeps_its_whole_rotation(folder):
    """Under the floor (2 GB), the budget never trims: twelve copies of a small vault take a few MB."""
    vault = Vault.unlock(folder, PASSPHRASE, daily_backup=False)
    try:
        for hour in range(backups.RECENT + 2):
            backups.make_backup(vault, "manual", NOW + timedelta(hours=hour))
    finally:
        vault.lock(copy_later=False)
    assert len(backups.list_backups(folder)) == backups.RECENT   # all on one day: the newest RECENT
