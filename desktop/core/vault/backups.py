"""Encrypted backups of notes.db into the vault's backups/ folder, and restoring one.

While the vault is open, a backup is made with SQLite's online backup API from the open connection into a new
SQLCipher file keyed with the same data key, so it is as encrypted as the original and opens with the same passphrase
or recovery key: before any schema migration, and at most once a day on unlock. At every lock or quit when anything
changed, the closed notes.db is copied as it is on disk (``FileCopy``): a copy of ciphertext needs no key, so it runs
after the key is wiped, and in the background (a years-old vault is gigabytes; the backup API took 6 s for 230 MB).
An unlock or a restore waits for a copy still running (``wait_for_copies``).
Kept: the newest RECENT, plus the newest of each of the last DAYS days, within a disk budget; a copy that would
leave the disk nearly full is skipped (backup_space says how). Backups are listed and pruned only as regular files
(never a symlink), ordered by their file time, never by their names, which anyone can fake.
A copy of key.json (wrapped keys only: harmless without the passphrase or recovery key) is kept beside them.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.core.common.files import fsync_folder, write_atomically
from desktop.core.vault import backup_space
from desktop.core.vault.backup_space import DAYS, RECENT, BackupFailed, BackupSkipped  # noqa: F401 - public names
from desktop.core.vault.backup_space import taken_at as _taken_at
from desktop.core.vault.errors import VaultError
from desktop.i18n import _

AT_LOCK = "lock"
KEY_COPY = "key.json"
_PAGE_SIZE = 4096  # SQLCipher 4's page: every backup is a whole number of them
_PREFIX = "notes-"
_PARTIAL = ".partial"
DB_FILE = backup_space.DB_FILE
SET_ASIDE_PREFIX = f"{DB_FILE}.before-restore-"
SET_ASIDE = "set-aside"
COPY_WAIT_SECONDS = 600.0  # a lock's copy of a years-old vault on a slow disk: a minute or two, not ten
_PAGES_PER_STEP = 1024  # 4 MB: a backup on a worker thread holds the shared connection for one step at a time


class VaultStillOpen(Exception):
    """A restore was asked for while the notes are open: swapping notes.db under an open connection is refused."""

    def __init__(self) -> None:
        super().__init__(_("Lock Harbour first: a backup cannot be restored while your notes are open."))


def backups_folder(vault_folder: Path) -> Path:
    return Path(vault_folder) / "backups"


def list_backups(vault_folder: Path) -> list[Path]:
    """Regular files only (a symlink is no restore point) that can be an encrypted database (whole pages), newest
    first by file time. Anything else named like a backup is neither offered nor ever removed."""
    found = [path for path in backups_folder(vault_folder).glob(f"{_PREFIX}*.db") if _regular(path) and _paged(path)]
    return sorted(found, key=_taken_at, reverse=True)


def _regular(path: Path) -> bool:
    return not path.is_symlink() and path.is_file()


def _paged(path: Path) -> bool:
    size = path.stat().st_size
    return size >= _PAGE_SIZE and size % _PAGE_SIZE == 0


class BackupStopped(Exception):
    """A backup stopped half way because the vault is locking (its partial copy is removed; the next unlock makes
    the day's backup again, and the lock copies the file itself if anything changed)."""


def make_backup(vault, reason: str = "daily", now: datetime | None = None,
                stop: Callable[[], bool] | None = None) -> Path:
    """Raises BackupFailed when the copy cannot be written (BackupSkipped: it would leave the disk nearly full),
    BackupStopped when ``stop()`` turned true between two steps; the earlier backups are untouched either way."""
    import sqlcipher3  # SQLCipher loads when a copy is made, not for the unlock window's list (start-up)

    from desktop.core.vault import connection

    now = now or datetime.now(UTC)
    folder = backups_folder(vault.folder)
    target_path = _target(vault.folder, reason, now)
    partial = target_path.with_suffix(_PARTIAL)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        _remove_partials(folder)  # left by a backup that was killed or lost power half way
        _check_room(vault.folder)
        target = sqlcipher3.connect(str(partial))
        try:
            connection.apply_cipher_pragmas(target, vault.data_key())
            target.execute("PRAGMA journal_mode = DELETE")
            vault.db.conn.backup(target, pages=_PAGES_PER_STEP, progress=lambda *_counts: _stop_if(stop))
        finally:
            target.close()
        _publish(partial, target_path, now)
    except (OSError, sqlcipher3.Error) as error:
        _remove_partials(folder)
        raise BackupFailed(getattr(error, "strerror", None) or str(error)) from error
    except BaseException:
        _remove_partials(folder)
        raise
    vault.changes_backed_up = vault.db.conn.total_changes  # a lock right after need not copy the same again
    _prune(vault.folder, keep=target_path, now=now)
    return target_path


def _stop_if(stop: Callable[[], bool] | None) -> None:
    # Called by SQLite between two steps of 4 MB, where the GUI's statements get in too; raising aborts the copy.
    if stop is not None and stop():
        raise BackupStopped()


def _target(vault_folder: Path, reason: str, now: datetime) -> Path:
    return backups_folder(vault_folder) / f"{_PREFIX}{now:%Y%m%dT%H%M%S%fZ}-{reason}.db"


def _publish(partial: Path, target_path: Path, now: datetime) -> None:
    """The written copy reaches the disk, takes its time and its name, in that order: a crash leaves a partial file
    (removed by the next backup) or a whole backup, never half of one under a backup's name."""
    with open(partial, "rb+") as written:
        os.fsync(written.fileno())
    os.utime(partial, (now.timestamp(), now.timestamp()))  # its file time is its time from now on
    os.replace(partial, target_path)
    fsync_folder(target_path.parent)


class _Copies:
    """How many copies of a closed notes.db are owed or running: an unlock or a restore waits for none."""

    def __init__(self) -> None:
        self._owed = 0
        self._changed = threading.Condition()

    def add(self) -> None:
        with self._changed:
            self._owed += 1

    def done(self) -> None:
        with self._changed:
            self._owed -= 1
            self._changed.notify_all()

    def wait(self, timeout: float | None) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._owed == 0, timeout)


_copies = _Copies()


def owed_at_lock(vault) -> FileCopy | None:
    """The backup a lock owes, the vault still open: every saved page is written back into notes.db, which is copied
    once closed; should a reader hold the WAL (none can once every lent connection is closed), the backup API copies
    it now, with the key. A failure is kept in ``vault.backup_error``."""
    import sqlcipher3

    try:
        busy, _pages, _copied = vault.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if not busy:
            return FileCopy(vault.folder, AT_LOCK)
        make_backup(vault, reason=AT_LOCK)
    except (BackupFailed, VaultError, sqlcipher3.Error) as error:
        vault.backup_error = str(error)
    return None


def wait_for_copies(timeout: float | None = COPY_WAIT_SECONDS) -> bool:
    """Waits until no copy of a closed notes.db is owed or running; False if ``timeout`` ran out first (a copy
    never run must not keep the notes closed for ever: opening beside it can only spoil that copy, not the notes)."""
    return _copies.wait(timeout)


class FileCopy:
    """The backup owed by a lock: notes.db copied as it is on disk once every connection has closed (its WAL
    written back into it, so the file alone holds every saved word). It is ciphertext, so no key is needed and
    none is kept for it. Owed from the moment it is made until ``run`` ends, whichever thread runs it."""

    def __init__(self, vault_folder: Path, reason: str = AT_LOCK, now: datetime | None = None) -> None:
        self.vault_folder, self.reason, self.now = Path(vault_folder), reason, now or datetime.now(UTC)
        self._owed = True
        _copies.add()

    def run(self) -> str | None:
        """None once the backup is made, else what went wrong (nothing half-written is left; older backups stay)."""
        try:
            self._copy()
            return None
        except BackupFailed as error:
            return str(error)
        finally:
            if self._owed:
                self._owed = False
                _copies.done()

    def _copy(self) -> Path:
        source = self.vault_folder / DB_FILE
        wal = self.vault_folder / f"{DB_FILE}-wal"
        if wal.is_file() and wal.stat().st_size:  # writes the file alone does not hold: a copy would miss them
            raise BackupFailed(_("not every change had reached the notes file"))
        target_path = _target(self.vault_folder, self.reason, self.now)
        partial = target_path.with_suffix(_PARTIAL)
        try:
            partial.parent.mkdir(mode=0o700, exist_ok=True)
            _remove_partials(partial.parent)
            _check_room(self.vault_folder)
            shutil.copyfile(source, partial)  # in the kernel where it can (copy_file_range): no Python buffers
            _publish(partial, target_path, self.now)
        except OSError as error:
            _remove_partials(partial.parent)
            raise BackupFailed(error.strerror or str(error)) from error
        except BaseException:
            _remove_partials(partial.parent)
            raise
        _prune(self.vault_folder, keep=target_path, now=self.now)
        return target_path


def _remove_partials(folder: Path) -> None:
    # Only our own half-written names ("notes-<time>-<reason>.partial" and SQLite's side files of it).
    for leftover in folder.glob(f"{_PREFIX}*{_PARTIAL}*"):
        leftover.unlink(missing_ok=True)


def make_daily_backup(vault, now: datetime | None = None, stop: Callable[[], bool] | None = None) -> Path | None:
    now = now or datetime.now(UTC)
    newest = list_backups(vault.folder)[:1]
    # A backup dated in the future (the clock was wrong once) must not hold off daily backups until that date.
    if newest and timedelta(0) <= now - _taken_at(newest[0]) < timedelta(days=1):
        return None
    try:
        return make_backup(vault, "daily", now, stop)
    except BackupStopped:
        return None  # the vault is locking: the next unlock makes it (the lock copies the file if it changed)


def restore_backup(vault_folder: Path, backup: Path) -> Path:
    """Puts ``backup`` in place of notes.db while the vault is locked. The current notes.db (and its -wal) is kept
    beside it as notes.db.before-restore-<time>, so a restore never destroys anything. Returns that kept file's path.
    ``backup`` may also be such a kept file: that is how a restore is undone (its -wal, if any, comes along).

    The backup is first copied to a temp file in the vault folder and fsynced, so a crash at any point leaves either
    the old notes.db or the complete backup in place, never half a file; a failure part way puts back what was moved."""
    from desktop.core.vault import connection

    vault_folder = Path(vault_folder)
    backup = Path(backup)
    if connection.open_here(vault_folder):
        raise VaultStillOpen()
    wait_for_copies()  # the lock's copy of notes.db ends before notes.db is swapped
    if not _regular(backup) or backup.stat().st_size == 0:
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
    os.utime(kept)  # its file time says when it was set aside, which is what the restore list shows
    fsync_folder(vault_folder)
    return kept


def _discard(*paths: Path) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


@dataclass(frozen=True)
class RestorePoint:
    """Something a restore can put back: a backup, or notes set aside by an earlier restore (``kind`` SET_ASIDE).
    ``kind`` is otherwise the backup's reason: "daily", "before-migration", "lock", "manual"."""

    path: Path
    when: datetime
    kind: str


def restore_points(vault_folder: Path) -> list[RestorePoint]:
    """The backups and the set-aside files, newest first."""
    vault_folder = Path(vault_folder)
    points = [RestorePoint(path, _taken_at(path), _reason(path)) for path in list_backups(vault_folder)]
    points += [RestorePoint(path, _taken_at(path), SET_ASIDE) for path in set_aside_files(vault_folder)]
    return sorted(points, key=lambda point: point.when, reverse=True)


def set_aside_files(vault_folder: Path) -> list[Path]:
    return [path for path in Path(vault_folder).glob(f"{SET_ASIDE_PREFIX}*")
            if _regular(path) and not path.name.endswith(("-wal", "-shm", "-journal"))]


def _reason(backup: Path) -> str:
    _stamp, _dash, reason = backup.stem[len(_PREFIX):].partition("-")
    return reason


def _unused_name(folder: Path, name: str) -> Path:
    candidate, number = folder / name, 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{name}-{number}"
    return candidate


def _check_room(vault_folder: Path) -> None:
    """BackupSkipped if a copy of notes.db (and what its WAL adds) would leave the disk nearly full."""
    size = sum(path.stat().st_size for path in (vault_folder / DB_FILE, vault_folder / f"{DB_FILE}-wal")
               if path.is_file())
    backup_space.check_room(vault_folder, size, kept=len(list_backups(vault_folder)))


def _prune(vault_folder: Path, keep: Path, now: datetime) -> None:
    """Keeps ``keep`` (just made) and what the rotation keeps within the disk budget (backup_space.to_remove);
    removes the rest. Only regular files named like our backups are ever removed."""
    for old in backup_space.to_remove(list_backups(vault_folder), keep, now):
        old.unlink(missing_ok=True)


def keep_key_copy(vault_folder: Path) -> None:
    """A copy of key.json beside the backups, so a lost or damaged key.json is not the end of the notes."""
    with contextlib.suppress(OSError):  # the vault works without it; the next change or unlock tries again
        source = Path(vault_folder) / KEY_COPY
        write_atomically(backups_folder(vault_folder) / KEY_COPY, source.read_bytes())


def key_copy(vault_folder: Path) -> Path | None:
    copy = backups_folder(vault_folder) / KEY_COPY
    return copy if _regular(copy) else None


def rekey_copies(vault_folder: Path, old_key: bytearray, new_key: bytearray) -> list[Path]:
    """Re-encrypts every backup and set-aside copy from ``old_key`` to ``new_key``, keeping its file time. A copy
    that cannot be re-encrypted (damaged, unreadable) is removed: under the old key it would be one that an old
    key.json and an old passphrase could still open. Returns the removed ones."""
    import sqlcipher3  # SQLCipher loads when a copy is made, not for the unlock window's list (start-up)

    from desktop.core.vault import connection

    removed = []
    for path in [*list_backups(vault_folder), *set_aside_files(vault_folder)]:
        times = (path.stat().st_atime, path.stat().st_mtime)
        opened = None
        try:
            opened = sqlcipher3.connect(str(path), isolation_level=None)
            connection.apply_cipher_pragmas(opened, old_key)
            connection.rekey(opened, new_key)
            opened.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except (sqlcipher3.Error, OSError, VaultError):
            if opened is not None:
                opened.close()
                opened = None
            for leftover in (path, *(path.with_name(path.name + side) for side in ("-wal", "-shm"))):
                leftover.unlink(missing_ok=True)
            removed.append(path)
        finally:
            if opened is not None:
                opened.close()
        if path not in removed:
            os.utime(path, times)
    return removed
