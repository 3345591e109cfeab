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
    fsync_folder(folder)
    _prune(vault.folder)
    return target_path


def make_daily_backup(vault, now: datetime | None = None) -> Path | None:
    now = now or datetime.now(UTC)
    newest = list_backups(vault.folder)[:1]
    if newest and now - _taken_at(newest[0]) < timedelta(days=1):
        return None
    return make_backup(vault, "daily", now)


def restore_backup(vault_folder: Path, backup: Path) -> Path:
    """Puts ``backup`` in place of notes.db while the vault is locked. The current notes.db is kept beside it
    as notes.db.before-restore-<time>, so a restore never destroys anything. Returns that kept file's path."""
    vault_folder = Path(vault_folder)
    database = vault_folder / "notes.db"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = vault_folder / f"notes.db.before-restore-{stamp}"
    for suffix in ("-wal", "-shm"):
        side = vault_folder / f"notes.db{suffix}"
        if side.exists():
            side.rename(vault_folder / f"{kept.name}{suffix}")
    if database.exists():
        database.rename(kept)
    shutil.copyfile(backup, database)
    with open(database, "rb+") as copied:
        os.fsync(copied.fileno())
    fsync_folder(vault_folder)
    return kept


def _taken_at(path: Path) -> datetime:
    stamp = path.name[len(_PREFIX):].split("-")[0]
    try:
        return datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    except ValueError:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def _prune(vault_folder: Path) -> None:
    for old in list_backups(vault_folder)[KEEP:]:
        old.unlink()
