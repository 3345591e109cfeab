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
from desktop.i18n import _

KEEP = 7
_PREFIX = "notes-"
_PARTIAL = ".partial"


class BackupFailed(Exception):
    """A backup could not be written (a full disk, usually). No part of it is left where a restore could find it;
    ``reason`` is what the system said."""

    def __init__(self, reason: str) -> None:
        super().__init__(_("Harbour could not write a backup: {reason}. Your notes themselves are safe.").format(
            reason=reason))
        self.reason = reason


def backups_folder(vault_folder: Path) -> Path:
    return Path(vault_folder) / "backups"


def list_backups(vault_folder: Path) -> list[Path]:
    """Newest first."""
    return sorted(backups_folder(vault_folder).glob(f"{_PREFIX}*.db"), reverse=True)


def make_backup(vault, reason: str = "daily", now: datetime | None = None) -> Path:
    """Raises BackupFailed when the copy cannot be written; the earlier backups are untouched then."""
    from desktop.core.vault import apply_cipher_pragmas  # the vault imports this module

    now = now or datetime.now(UTC)
    folder = backups_folder(vault.folder)
    target_path = folder / f"{_PREFIX}{now:%Y%m%dT%H%M%S%fZ}-{reason}.db"
    partial = target_path.with_suffix(_PARTIAL)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        _remove_partials(folder)  # left by a backup that was killed or lost power half way
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
    except (OSError, sqlcipher3.Error) as error:
        _remove_partials(folder)
        raise BackupFailed(getattr(error, "strerror", None) or str(error)) from error
    except BaseException:
        _remove_partials(folder)
        raise
    _prune(vault.folder)
    return target_path


def _remove_partials(folder: Path) -> None:
    # Only our own half-written names ("notes-<time>-<reason>.partial" and SQLite's side files of it).
    for leftover in folder.glob(f"{_PREFIX}*{_PARTIAL}*"):
        leftover.unlink(missing_ok=True)


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
    try:
        shutil.copyfile(backup, incoming)
        with open(incoming, "rb+") as copied:
            os.fsync(copied.fileno())
    except BaseException:
        incoming.unlink(missing_ok=True)  # a full disk: notes.db was not touched yet, and no half copy stays
        raise
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
