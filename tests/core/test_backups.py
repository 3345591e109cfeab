"""Encrypted backups: before a migration, at most once a day, the last seven kept, and restoring one."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlcipher3

from desktop.core.vault import backups, schema
from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import Vault, apply_cipher_pragmas

PASSPHRASE = "a long enough test passphrase"
SENTINEL = "BACKUP-SENTINEL-Zq8v"
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "vault"
    vault, _recovery = Vault.create(path, PASSPHRASE, cost=TEST_COST)
    vault.db.execute("CREATE TABLE notes (body TEXT)")
    vault.db.execute("INSERT INTO notes VALUES (?)", [SENTINEL])
    vault.lock()
    for made_at_lock in backups.list_backups(path):  # each test starts from a vault without backups
        made_at_lock.unlink()
    return path


def _rows(path: Path, data_key: bytes) -> list[str]:
    connection = sqlcipher3.connect(str(path))
    try:
        apply_cipher_pragmas(connection, data_key)
        return [row[0] for row in connection.execute("SELECT body FROM notes ORDER BY rowid")]
    finally:
        connection.close()


def test_creating_a_vault_makes_no_backup_and_the_first_unlock_makes_one(tmp_path: Path) -> None:
    vault, _recovery = Vault.create(tmp_path / "fresh", PASSPHRASE, cost=TEST_COST)
    vault.lock()
    folder = tmp_path / "fresh"
    assert backups.list_backups(folder) == []
    Vault.unlock(folder, PASSPHRASE).lock()
    made = backups.list_backups(folder)
    assert len(made) == 1 and made[0].name.endswith("-daily.db")


def test_a_backup_is_encrypted_and_opens_with_the_same_key(folder: Path) -> None:
    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        backup = backups.make_backup(vault, reason="manual")
        data_key = vault.raw_key_for_backup()
    finally:
        vault.lock()
    content = backup.read_bytes()
    assert not content.startswith(b"SQLite format 3")
    assert SENTINEL.encode() not in content and SENTINEL.encode("utf-16-le") not in content
    assert _rows(backup, data_key) == [SENTINEL]
    with pytest.raises(sqlcipher3.DatabaseError):
        _rows(backup, bytes(32))
    leftovers = [p for p in backup.parent.iterdir() if not p.name.endswith(".db") and p.name != backups.KEY_COPY]
    assert not leftovers  # no partial or journal left


def test_at_most_one_daily_backup_per_day(folder: Path) -> None:
    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        for name in backups.list_backups(folder):
            name.unlink()
        assert backups.make_daily_backup(vault, now=MONDAY) is not None
        assert backups.make_daily_backup(vault, now=MONDAY + timedelta(hours=23)) is None
        assert backups.make_daily_backup(vault, now=MONDAY + timedelta(days=1, minutes=1)) is not None
    finally:
        vault.lock()
    assert len(backups.list_backups(folder)) == 2


def test_one_a_day_is_kept_for_a_week(folder: Path) -> None:
    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        for name in backups.list_backups(folder):
            name.unlink()
        made = [backups.make_backup(vault, "daily", now=MONDAY + timedelta(days=day)) for day in range(10)]
    finally:
        vault.lock()
    kept = backups.list_backups(folder)
    # the newest RECENT, and one a day for the last DAYS days: here ten days, one backup a day
    assert kept == list(reversed(made[10 - backups.DAYS:]))  # newest first


def test_a_backup_is_made_before_a_migration_runs(folder: Path, tmp_path: Path, monkeypatch) -> None:
    newer = tmp_path / "migrations"
    shutil.copytree(schema._MIGRATIONS_DIR, newer)
    next_version = schema.latest_version() + 1
    (newer / f"{next_version:04d}_test_added_column.sql").write_text("ALTER TABLE notes ADD COLUMN mood TEXT;\n")
    monkeypatch.setattr(schema, "_MIGRATIONS_DIR", newer)

    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        assert schema.current_version(vault.db.conn) == next_version
        assert "mood" in vault.db["notes"].columns_dict
        data_key = vault.raw_key_for_backup()
    finally:
        vault.lock()
    made = backups.list_backups(folder)
    assert [p.name.split("-", 2)[-1] for p in made] == ["before-migration.db"]  # and no extra daily one
    connection = sqlcipher3.connect(str(made[0]))
    apply_cipher_pragmas(connection, data_key)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == next_version - 1
    assert "mood" not in [row[1] for row in connection.execute("PRAGMA table_info(notes)")]
    connection.close()


def test_a_failed_migration_leaves_the_vault_as_it_was_with_a_backup(folder: Path, tmp_path: Path,
                                                                    monkeypatch) -> None:
    broken = tmp_path / "migrations"
    shutil.copytree(schema._MIGRATIONS_DIR, broken)
    version = schema.latest_version()
    (broken / f"{version + 1:04d}_test_broken.sql").write_text("CREATE TABLE half (x);\nNOT SQL AT ALL;\n")
    monkeypatch.setattr(schema, "_MIGRATIONS_DIR", broken)
    with pytest.raises(sqlcipher3.OperationalError):
        Vault.unlock(folder, PASSPHRASE)
    assert len(backups.list_backups(folder)) == 1
    assert not (folder / "notes.db-wal").exists()  # the half-migrated vault was closed, not left open
    monkeypatch.undo()
    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        assert schema.current_version(vault.db.conn) == version
        assert not vault.db["half"].exists()
        assert vault.db.execute("SELECT body FROM notes").fetchall() == [(SENTINEL,)]
    finally:
        vault.lock()


def test_a_failed_daily_backup_does_not_stop_the_worker_from_unlocking(folder: Path, monkeypatch) -> None:
    def disk_full(vault, reason="daily", now=None, stop=None):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "make_backup", disk_full)
    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        assert "No space" in vault.backup_error
        assert vault.db.execute("SELECT body FROM notes").fetchall() == [(SENTINEL,)]
    finally:
        vault.lock()


def test_restoring_a_backup_brings_its_data_back_and_keeps_the_replaced_file(folder: Path) -> None:
    vault = Vault.unlock(folder, PASSPHRASE)
    backup = backups.make_backup(vault, reason="manual")
    vault.db.execute("INSERT INTO notes VALUES ('written after the backup')")
    data_key = vault.raw_key_for_backup()
    vault.lock()

    kept = backups.restore_backup(folder, backup)

    assert kept.parent == folder and kept.name.startswith("notes.db.before-restore-")
    assert _rows(kept, data_key) == [SENTINEL, "written after the backup"]
    assert backup.exists()  # the backup itself stays available
    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        assert [row[0] for row in vault.db.execute("SELECT body FROM notes")] == [SENTINEL]
        assert vault.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        vault.lock()
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temp file left


def test_restoring_twice_never_overwrites_an_earlier_kept_file(folder: Path) -> None:
    vault = Vault.unlock(folder, PASSPHRASE)
    backup = backups.make_backup(vault, reason="manual")
    vault.lock()
    first = backups.restore_backup(folder, backup)
    second = backups.restore_backup(folder, backup)
    assert first != second and first.exists() and second.exists()


def test_restoring_a_missing_backup_changes_nothing(folder: Path) -> None:
    before = (folder / "notes.db").read_bytes()
    with pytest.raises(FileNotFoundError):
        backups.restore_backup(folder, folder / "backups" / "notes-nothing.db")
    assert (folder / "notes.db").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["backups", "key.json", "notes.db"]


def test_a_backup_dated_in_the_future_does_not_hold_off_daily_backups(folder: Path) -> None:
    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        for name in backups.list_backups(folder):
            name.unlink()
        backups.make_backup(vault, "daily", now=MONDAY + timedelta(days=400))  # the clock was wrong once
        assert backups.make_daily_backup(vault, now=MONDAY) is not None
    finally:
        vault.lock()


def test_a_migration_whose_last_statement_lacks_a_semicolon_still_applies(folder: Path, tmp_path: Path,
                                                                           monkeypatch) -> None:
    newer = tmp_path / "migrations"
    shutil.copytree(schema._MIGRATIONS_DIR, newer)
    next_version = schema.latest_version() + 1
    (newer / f"{next_version:04d}_test_no_semicolon.sql").write_text("CREATE TABLE later (x TEXT) -- done")
    monkeypatch.setattr(schema, "_MIGRATIONS_DIR", newer)
    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        assert schema.current_version(vault.db.conn) == next_version
        assert vault.db["later"].exists()
    finally:
        vault.lock()


def test_restore_points_list_backups_and_set_aside_files_newest_first_with_their_reason(folder: Path) -> None:
    vault = Vault.unlock(folder, PASSPHRASE)  # the first unlock makes today's daily backup
    older = backups.make_backup(vault, reason="before-migration", now=MONDAY)
    vault.lock()
    kept = backups.restore_backup(folder, older)
    (folder / f"{kept.name}-wal").write_bytes(b"")  # a side file is never offered on its own

    points = backups.restore_points(folder)

    assert [point.kind for point in points] == [backups.SET_ASIDE, "daily", "before-migration"]
    assert [point.path for point in points][::2] == [kept, older]
    assert points[2].when == MONDAY and points[0].when > points[1].when


def test_undoing_a_restore_brings_back_the_set_aside_notes_with_their_wal(folder: Path) -> None:
    vault = Vault.unlock(folder, PASSPHRASE)
    backup = backups.make_backup(vault, reason="manual")
    data_key = vault.raw_key_for_backup()
    vault.lock()
    kept = backups.restore_backup(folder, backup)
    wal = folder / f"{kept.name}-wal"
    wal.write_bytes(b"the newest writes of the set-aside notes")

    backups.restore_backup(folder, kept)

    assert (folder / "notes.db").read_bytes() == kept.read_bytes()
    assert (folder / "notes.db-wal").read_bytes() == wal.read_bytes()
    assert kept.exists() and wal.exists()  # copied, never moved: the undo can itself be undone
    assert _rows(kept, data_key) == [SENTINEL]


def test_a_restore_that_fails_half_way_puts_every_file_back(folder: Path, monkeypatch) -> None:
    vault = Vault.unlock(folder, PASSPHRASE)
    backup = backups.make_backup(vault, reason="manual")
    vault.lock()
    before = {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}
    real_replace = backups.os.replace

    def refuse_the_swap(source, target):
        if Path(source).name == ".notes.db.restoring":
            raise OSError(13, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr(backups.os, "replace", refuse_the_swap)
    with pytest.raises(OSError):
        backups.restore_backup(folder, backup)
    assert {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()} == before


def test_a_restore_is_refused_while_the_notes_are_open(folder: Path) -> None:
    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        backup = backups.make_backup(vault, reason="manual")
        before = sorted(path.name for path in folder.iterdir())
        with pytest.raises(backups.VaultStillOpen):
            backups.restore_backup(folder, backup)
        assert sorted(path.name for path in folder.iterdir()) == before
        assert vault.db.execute("SELECT body FROM notes").fetchall() == [(SENTINEL,)]
    finally:
        vault.lock()
    assert backups.restore_backup(folder, backup).exists()  # locked: now it may


# -- issue 15 finding 9 and issue 18: real files by their real time, a backup at every lock ------------------------


def test_future_dated_names_and_symlinks_neither_prune_real_backups_nor_become_restore_points(folder: Path,
                                                                                           tmp_path: Path) -> None:
    vault = Vault.unlock(folder, PASSPHRASE)  # makes today's daily backup
    try:
        real = backups.list_backups(folder)
        assert len(real) == 1
        elsewhere = tmp_path / "elsewhere.db"
        elsewhere.write_bytes(real[0].read_bytes())
        for year in range(2090, 2097):  # seven fakes named in the future, written now
            (backups.backups_folder(folder) / f"notes-{year}0101T000000000000Z-daily.db").write_bytes(b"x" * 10)
        (backups.backups_folder(folder) / "notes-20990101T000000000000Z-daily.db").symlink_to(elsewhere)
        just_made = backups.make_backup(vault, reason="manual")
    finally:
        vault.lock()
    kept = backups.list_backups(folder)
    assert just_made in kept and real[0] in kept
    assert kept[0] == just_made or kept[0].name.startswith("notes-20")  # ordered by file time, not by name
    assert all(not path.is_symlink() for path in kept)
    assert all(not point.path.is_symlink() for point in backups.restore_points(folder))
    assert elsewhere.exists()  # a symlink's target is never touched


def test_rotation_keeps_the_recent_ones_and_one_a_day_for_a_week(folder: Path) -> None:
    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        for path in backups.list_backups(folder):
            path.unlink()
        older = [backups.make_backup(vault, "lock", now=MONDAY + timedelta(days=day, hours=hour))
                 for day in range(9) for hour in (1, 2, 3)]
    finally:
        vault.lock()
    kept = set(backups.list_backups(folder))
    newest_day = MONDAY + timedelta(days=8)
    assert set(older[-backups.RECENT:]) <= kept  # the recent ones
    days = {datetime.fromtimestamp(p.stat().st_mtime, UTC).date() for p in kept}
    assert days == {(newest_day - timedelta(days=n)).date() for n in range(backups.DAYS)}  # one a day for a week
    assert len(kept) == backups.RECENT + backups.DAYS - 2  # the two newest days are among the recent ones


def test_a_lock_leaves_a_backup_with_everything_saved_before_it(folder: Path) -> None:
    vault = Vault.unlock(folder, PASSPHRASE)
    data_key = vault.raw_key_for_backup()
    vault.db.execute("INSERT INTO notes VALUES ('written just before the lock')")
    vault.lock()
    newest = backups.list_backups(folder)[0]
    assert newest.name.endswith(f"-{backups.AT_LOCK}.db")
    assert _rows(newest, data_key) == [SENTINEL, "written just before the lock"]
    Vault.unlock(folder, PASSPHRASE).lock()  # nothing changed: no new backup
    assert backups.list_backups(folder)[0] == newest


def test_a_copy_of_key_json_is_kept_with_the_backups(folder: Path) -> None:
    assert (backups.backups_folder(folder) / backups.KEY_COPY).read_bytes() == (folder / "key.json").read_bytes()
