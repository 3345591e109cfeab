"""Encrypted backups of notes.db into the vault's backups/ folder, and restoring one.

A backup is made with SQLite's online backup API from the open connection into a new SQLCipher file keyed with
the same data key, so it is as encrypted as the original and opens with the same passphrase or recovery key.
Made before any schema migration and at most once a day on unlock; the newest KEEP are kept.
"""

from __future__ import annotations

import errno
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlcipher3

from desktop.core.common.files import fsync_folder
from desktop.i18n import _

KEEP = 7
_PREFIX = "notes-"
_PARTIAL = ".partial"
DB_FILE = "notes.db"
SET_ASIDE_PREFIX = f"{DB_FILE}.before-restore-"
SET_ASIDE = "set-aside"
_PAGES_PER_STEP = 1024  # 4 MB: a backup on a worker thread holds the shared connection for one step at a time


class BackupFailed(Exception):
    """A backup could not be written (a full disk, usually). No part of it is left where a restore could find it;
    ``reason`` is what the system said."""

    def __init__(self, reason: str) -> None:
        super().__init__(_("Harbour could not write a backup: {reason}. Your notes themselves are safe.").format(
            reason=reason))
        self.reason = reason


class VaultStillOpen(Exception):
    """A restore was asked for while the notes are open: swapping notes.db under an open connection is refused."""

    def __init__(self) -> None:
        super().__init__(_("Lock Harbour first: a backup cannot be restored while your notes are open."))


def backups_folder(vault_folder: Path) -> Path:
    return Path(vault_folder) / "backups"


def list_backups(vault_folder: Path) -> list[Path]:
    """Newest first."""
    return sorted(backups_folder(vault_folder).glob(f"{_PREFIX}*.db"), reverse=True)


def make_backup(vault, reason: str = "daily", now: datetime | None = None) -> Path:
    """Raises BackupFailed when the copy cannot be written; the earlier backups are untouched then."""
    from desktop.core.vault.vault import apply_cipher_pragmas  # the vault imports this module

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
            vault.db.conn.backup(target, pages=_PAGES_PER_STEP)  # lets the GUI's statements in between steps
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
    ``backup`` may also be such a kept file: that is how a restore is undone (its -wal, if any, comes along).

    The backup is first copied to a temp file in the vault folder and fsynced, so a crash at any point leaves either
    the old notes.db or the complete backup in place, never half a file; a failure part way puts back what was moved."""
    from desktop.core.vault.vault import Vault  # the vault imports this module

    vault_folder = Path(vault_folder)
    backup = Path(backup)
    if Vault.open_here(vault_folder):
        raise VaultStillOpen()
    if not backup.is_file() or backup.stat().st_size == 0:
        raise FileNotFoundError(errno.ENOENT, "no backup there", str(backup))
    database = vault_folder / DB_FILE
    incoming = vault_folder / ".notes.db.restoring"
    # A set-aside file may hold its newest writes in a -wal beside it (the vault runs in WAL mode).
    carried = [(backup.with_name(f"{backup.name}-wal"), vault_folder / ".notes.db.restoring-wal")]
    carried = [(source, copy) for source, copy in carried if source.is_file()]
    try:
        for source, copy in [(backup, incoming), *carried]:
            shutil.copyfile(source, copy)
            with open(copy, "rb+") as copied:
                os.fsync(copied.fileno())
    except BaseException:
        _discard(incoming, *(copy for _source, copy in carried))  # notes.db was not touched, no half copy stays
        raise
    kept = _unused_name(vault_folder, f"{SET_ASIDE_PREFIX}{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}")
    moves = [(vault_folder / f"{DB_FILE}{suffix}", vault_folder / f"{kept.name}{suffix}")
             for suffix in ("", "-wal", "-shm")]
    moves += [(incoming, database)] + [(copy, vault_folder / f"{DB_FILE}-wal") for _source, copy in carried]
    done: list[tuple[Path, Path]] = []
    try:
        for source, target in moves:
            if source.exists():
                os.replace(source, target)
                done.append((source, target))
    except BaseException:
        for source, target in reversed(done):  # put every file back where it was: nothing half-done
            os.replace(target, source)
        _discard(incoming, *(copy for _source, copy in carried))
        raise
    fsync_folder(vault_folder)
    return kept


def _discard(*paths: Path) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


@dataclass(frozen=True)
class RestorePoint:
    """Something a restore can put back: a backup, or notes set aside by an earlier restore (``kind`` SET_ASIDE).
    ``kind`` is otherwise the backup's reason: "daily", "before-migration", "manual"."""

    path: Path
    when: datetime
    kind: str


def restore_points(vault_folder: Path) -> list[RestorePoint]:
    """The backups and the set-aside files, newest first."""
    vault_folder = Path(vault_folder)
    points = [RestorePoint(path, _taken_at(path), _reason(path)) for path in list_backups(vault_folder)]
    for path in vault_folder.glob(f"{SET_ASIDE_PREFIX}*"):
        if path.is_file() and not path.name.endswith(("-wal", "-shm", "-journal")):
            points.append(RestorePoint(path, _stamp_or_file_time(path, len(SET_ASIDE_PREFIX)), SET_ASIDE))
    return sorted(points, key=lambda point: point.when, reverse=True)


def _reason(backup: Path) -> str:
    _stamp, _dash, reason = backup.stem[len(_PREFIX):].partition("-")
    return reason


def _unused_name(folder: Path, name: str) -> Path:
    candidate, number = folder / name, 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{name}-{number}"
    return candidate


def _taken_at(path: Path) -> datetime:
    """When a backup was taken (from its name; the file time if the name was changed)."""
    return _stamp_or_file_time(path, len(_PREFIX))


def _stamp_or_file_time(path: Path, start: int) -> datetime:
    stamp = path.name[start:].split("-")[0]
    try:
        return datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    except ValueError:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def _prune(vault_folder: Path) -> None:
    for old in list_backups(vault_folder)[KEEP:]:
        old.unlink()
