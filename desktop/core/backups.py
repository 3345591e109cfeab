"""Encrypted backups of notes.db into the vault's backups/ folder, and restoring one.

A backup is made with SQLite's online backup API from the open connection into a new SQLCipher file keyed with
the same data key, so it is as encrypted as the original and opens with the same passphrase or recovery key.
Made before any schema migration and at most once a day on unlock; the newest KEEP are kept.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlcipher3

from desktop.core.files import fsync_folder

KEEP = 7
_PREFIX = "notes-"


def backups_folder(vault_folder: Path) -> Path:
    return Path(vault_folder) / "backups"


def list_backups(vault_folder: Path) -> list[Path]:
    """Newest first."""
    return sorted(backups_folder(vault_folder).glob(f"{_PREFIX}*.db"), reverse=True)


def make_backup(vault, reason: str = "daily", now: datetime | None = None) -> Path:
    from desktop.core.vault import apply_cipher_pragmas  # the vault imports this module

    now = now or datetime.now(UTC)
    folder = backups_folder(vault.folder)
    folder.mkdir(mode=0o700, exist_ok=True)
    target_path = folder / f"{_PREFIX}{now:%Y%m%dT%H%M%S%fZ}-{reason}.db"
    partial = target_path.with_suffix(".partial")
    try:
        target = sqlcipher3.connect(str(partial))
        try:
            apply_cipher_pragmas(target, vault.raw_key_for_backup())
            target.execute("PRAGMA journal_mode = DELETE")
            vault.db.conn.backup(target)
        finally:
            target.close()
        with open(partial, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(partial, target_path)
    except BaseException:
        for leftover in (partial, Path(f"{partial}-journal"), Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    fsync_folder(folder)
    _prune(vault.folder)
    return target_path


def make_daily_backup(vault, now: datetime | None = None) -> Path | None:
    now = now or datetime.now(UTC)
    newest = list_backups(vault.folder)[:1]
    # A backup dated in the future (the clock was wrong once) must not hold off daily backups until that date.
    if newest and timedelta(0) <= now - _taken_at(newest[0]) < timedelta(days=1):
        return None
    return make_backup(vault, "daily", now)


def restore_backup(vault_folder: Path, backup: Path) -> Path:
    """Puts ``backup`` in place of notes.db while the vault is locked. The current notes.db (and its -wal) is kept
    beside it as notes.db.before-restore-<time>, so a restore never destroys anything. Returns that kept file's path.

    The backup is first copied to a temp file in the vault folder and fsynced, so a crash at any point leaves either
    the old notes.db or the complete backup in place, never half a file."""
    vault_folder = Path(vault_folder)
    backup = Path(backup)
    if not backup.is_file() or backup.stat().st_size == 0:
        raise FileNotFoundError(f"no backup at {backup}")
    database = vault_folder / "notes.db"
    incoming = vault_folder / ".notes.db.restoring"
    shutil.copyfile(backup, incoming)
    with open(incoming, "rb+") as copied:
        os.fsync(copied.fileno())
    kept = _unused_name(vault_folder, f"notes.db.before-restore-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}")
    if database.exists():
        database.rename(kept)
    for suffix in ("-wal", "-shm"):
        side = vault_folder / f"notes.db{suffix}"
        if side.exists():
            side.rename(vault_folder / f"{kept.name}{suffix}")
    os.replace(incoming, database)
    fsync_folder(vault_folder)
    return kept


def _unused_name(folder: Path, name: str) -> Path:
    candidate, number = folder / name, 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{name}-{number}"
    return candidate


def taken_at(path: Path) -> datetime:
    """When a backup was taken (from its name; the file time if the name was changed)."""
    return _taken_at(path)


def _taken_at(path: Path) -> datetime:
    stamp = path.name[len(_PREFIX):].split("-")[0]
    try:
        return datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    except ValueError:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def _prune(vault_folder: Path) -> None:
    for old in list_backups(vault_folder)[KEEP:]:
        old.unlink()
