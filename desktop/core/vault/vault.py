"""The encrypted vault: a folder holding notes.db (SQLCipher 4), key.json (wrapped data key) and backups/.

    vault, recovery_key = Vault.create(folder, passphrase)
    vault = Vault.unlock(folder, passphrase)            # WrongPassphrase, VaultCorrupted, TooManyAttempts
    vault = Vault.unlock_with_recovery_key(folder, recovery_key)
    vault.change_passphrase(current, new_passphrase)    # rewrites only key.json, atomically (rekey.py)
    recovery_key = vault.rekey(current, new_passphrase=None)  # a new data key, notes and backups re-encrypted
    vault.db                                            # sqlite_utils.Database on the encrypted connection
    with vault.worker_db() as db: ...                   # a connection of its own, for work on a worker thread
    vault.lock()

Nothing here ever creates, deletes or rewrites notes.db because it failed to open. A file found damaged is copied
into quarantine/<UTC time>/ (see quarantine.py) before the error reaches the worker, and so are notes.db and its
-wal whenever a -wal is found at unlock (a crash left it), before SQLite replays it (wal.py).
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlcipher3
import sqlite_utils

from desktop.core.common.files import fsync_folder, write_json_atomically
from desktop.core.vault import (
    backups,
    connection,
    header,
    integrity,
    keys,
    passphrase_strength,
    quarantine,
    rekey,
    schema,
    wal,
)
from desktop.core.vault.attempts import AttemptLog
from desktop.core.vault.errors import (
    MIN_PASSPHRASE_LENGTH,
    PassphraseTooShort,
    PassphraseTooWeak,
    TooManyAttempts,
    VaultCorrupted,
    VaultError,
    VaultExists,
    VaultTooNew,
    VaultUnavailable,
    VaultWriteFailed,
    WrongCurrentPassphrase,
    WrongPassphrase,
    WrongRecoveryKey,
)
from desktop.core.vault.header import KEY_NAME, NEXT_KEY_NAME
from desktop.i18n import _

__all__ = ["MIN_PASSPHRASE_LENGTH", "KEY_NAME", "PassphraseTooShort", "PassphraseTooWeak", "TooManyAttempts",
           "Vault", "VaultCorrupted", "VaultError", "VaultExists", "VaultTooNew", "VaultUnavailable",
           "VaultWriteFailed", "WrongCurrentPassphrase", "WrongPassphrase", "WrongRecoveryKey", "apply_cipher_pragmas"]

DB_NAME = "notes.db"
BACKUPS_NAME = "backups"
_PLAINTEXT_SQLITE_HEADER = b"SQLite format 3\x00"
apply_cipher_pragmas = connection.apply_cipher_pragmas  # where tests and tools have always found it


class Vault:
    """An open vault. Build one with create() or unlock(); never directly."""

    def __init__(self, folder: Path, data_key: bytearray, sqlite_connection, authenticated_header: dict) -> None:
        connection.register_open(self)
        connection.wait_before_background(sqlite_connection)  # background work lets its writes go first
        self.folder = Path(folder)
        self._data_key: bytearray | None = data_key
        self._connection = sqlite_connection
        self._db: sqlite_utils.Database | None = sqlite_utils.Database(sqlite_connection)
        # The header whose AES-GCM tag matched at unlock: a passphrase change takes its cost from here, not disk.
        self.header = authenticated_header
        self.backup_error: str | None = None  # a backup could not be written (disk full...): the UI may say so
        self.recovery_note: str | None = None  # a crash's -wal held writes SQLite could not replay (see quarantine)
        self.changes_backed_up = 0  # connection.total_changes when the newest backup was taken
        self._workers = connection.WorkerConnections()

    # -- opening -------------------------------------------------------------------------------------------------
    @classmethod
    def create(cls, folder: Path, passphrase: str, *, cost: keys.KdfCost = keys.DEFAULT_COST) -> tuple[Vault, str]:
        folder = Path(folder)
        passphrase_strength.refuse_weakest(passphrase)
        keys.check_cost(cost)
        if folder.exists():
            raise VaultExists(folder)
        folder.parent.mkdir(parents=True, exist_ok=True)
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            raise VaultExists(folder) from None
        opened = None
        try:
            (folder / BACKUPS_NAME).mkdir(mode=0o700)
            data_key = keys.new_data_key()
            recovery_key = keys.new_recovery_key()
            made = header.new_header(passphrase, recovery_key, data_key, cost)
            write_json_atomically(folder / KEY_NAME, made)
            opened = connection.open_connection(folder / DB_NAME, data_key)
            schema.migrate(opened)
            opened.execute("INSERT INTO vault_meta(key, value) VALUES ('created_at', datetime('now'))")
            opened.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # so the check below reads real pages
            with open(folder / DB_NAME, "rb") as written:
                first = written.read(len(_PLAINTEXT_SQLITE_HEADER))
            if len(first) < len(_PLAINTEXT_SQLITE_HEADER) or first == _PLAINTEXT_SQLITE_HEADER:
                raise RuntimeError("SQLCipher did not write an encrypted database; refusing to continue")
        except BaseException:
            # Only ever removes the folder this very call made a moment ago; it holds no one's notes yet.
            if opened is not None:
                opened.close()
            shutil.rmtree(folder, ignore_errors=True)
            raise
        fsync_folder(folder)  # the new notes.db and backups/ entries survive a power cut, not only their contents
        fsync_folder(folder.parent)
        vault = cls(folder, data_key, opened, made)
        vault.changes_backed_up = opened.total_changes
        backups.keep_key_copy(folder)
        return vault, recovery_key

    @classmethod
    def unlock(cls, folder: Path, passphrase: str, *, daily_backup: bool = True) -> Vault:
        """``daily_backup=False``: the caller makes it afterwards, off the GUI thread (make_daily_backup)."""
        folder = Path(folder)
        with _quarantine_on_damage(folder):
            return cls._unlock_with_passphrase(folder, passphrase, daily_backup)

    @classmethod
    def _unlock_with_passphrase(cls, folder: Path, passphrase: str, daily_backup: bool) -> Vault:
        candidates = _headers(folder)
        attempts = AttemptLog(folder)
        wait = attempts.seconds_to_wait()
        if wait > 0:
            raise TooManyAttempts(wait)
        return cls._open_first(folder, candidates, lambda found: header.unwrap_passphrase(found, passphrase),
                               attempts.record_failure, WrongPassphrase, daily_backup)

    @classmethod
    def unlock_with_recovery_key(cls, folder: Path, recovery_key: str, *, daily_backup: bool = True) -> Vault:
        # No delay here: the recovery key holds 160 random bits, so guessing it is hopeless with or without one, and
        # the person reaching for it has usually just run into the passphrase delay. Success clears that delay.
        folder = Path(folder)
        with _quarantine_on_damage(folder):
            candidates = _headers(folder)
            return cls._open_first(folder, candidates, lambda found: header.unwrap_recovery(found, recovery_key),
                                   lambda: None, WrongRecoveryKey, daily_backup)

    @classmethod
    def _open_first(cls, folder: Path, candidates: list[tuple[str, dict]], unwrap, on_wrong, wrong,
                    daily_backup: bool) -> Vault:
        """Opens notes.db with the first header the secret unwraps and whose key reads the database: key.json, or
        key.json.next when a re-key was cut short after re-encrypting notes.db (then it takes key.json's place)."""
        unwrapped = False
        for position, (name, found) in enumerate(candidates):
            try:
                data_key = unwrap(found)
            except (keys.UnwrapFailed, ValueError):
                continue
            unwrapped = True
            try:
                vault = cls._open(folder, data_key, found, daily_backup)
            except VaultCorrupted:
                if position + 1 < len(candidates):
                    continue
                raise
            _settle_interrupted_rekey(folder, name)
            AttemptLog(folder).record_success()
            return vault
        if not unwrapped:
            on_wrong()
            raise wrong()
        raise VaultCorrupted("notes.db does not open with the key")

    @classmethod
    def _open(cls, folder: Path, data_key: bytearray, authenticated_header: dict, daily_backup: bool = True) -> Vault:
        db_path = folder / DB_NAME
        backups.wait_for_copies()  # a lock's copy of notes.db, still running, ends before it is opened again
        if not db_path.is_file() or db_path.stat().st_size == 0:
            keys.wipe(data_key)
            raise VaultCorrupted("notes.db is missing or empty")
        kept_before_replay = wal.keep_copy_if_left_by_a_crash(folder)
        try:
            opened = connection.open_connection(db_path, data_key)
        except VaultError:
            keys.wipe(data_key)
            raise
        except sqlcipher3.DatabaseError as error:
            keys.wipe(data_key)
            # AES-GCM authenticated the data key: a database that will not read is damaged (or the disk failed).
            raise _damaged_or_disk(error) from None
        try:
            recovery_note = wal.lost_writes_note(opened, kept_before_replay)
            _check_integrity(opened, folder)
            if schema.current_version(opened) > schema.latest_version():
                raise VaultTooNew()
        except (sqlcipher3.DatabaseError, VaultError) as error:
            opened.close()  # closing the last connection removes the -wal and -shm files it made
            keys.wipe(data_key)
            if isinstance(error, VaultError):
                raise
            raise _damaged_or_disk(error) from None
        vault = cls(folder, data_key, opened, authenticated_header)
        vault.recovery_note = recovery_note
        try:
            if schema.pending(opened):
                if schema.current_version(opened) > 0:
                    _backup_before_migration(vault)
                schema.migrate(opened)
        except BaseException as error:
            vault.lock()  # a failed migration rolled back; never hand out a half-migrated vault
            if isinstance(error, sqlcipher3.DatabaseError) and _disk_failed(error):
                raise VaultUnavailable(str(error)) from None  # the disk filled up mid-update: say so in words
            raise
        if daily_backup:
            vault.make_daily_backup()
        vault.changes_backed_up = opened.total_changes
        return vault

    def make_daily_backup(self, stop=None) -> Exception | None:
        """The day's backup if none in 24 hours, off the GUI thread (``stop()``: a lock); returns a failure."""
        try:
            backups.make_daily_backup(self, stop=stop)
        except (backups.BackupFailed, OSError, sqlcipher3.Error) as error:
            self.backup_error = str(error)
            return error
        return None

    @contextmanager
    def worker_db(self, *, read_only: bool = False) -> Iterator[sqlite_utils.Database]:
        """A connection of its own for work on a worker thread, so the GUI thread's stays free; locking interrupts
        and closes it first (connection.WorkerConnections). VaultError when the vault is locked or locking."""
        opened = self._workers.open(self, read_only=read_only)
        try:
            yield sqlite_utils.Database(opened)
        finally:
            self._workers.close(opened)

    def whole_file_check(self) -> integrity.WholeFileCheck:
        """The check of every page that unlocking skips on a large file; run it off the GUI thread."""
        return integrity.WholeFileCheck(self)

    # -- using -----------------------------------------------------------------------------------------------------
    @property
    def db(self) -> sqlite_utils.Database:
        if self._db is None:
            raise VaultError(_("The vault is locked."))
        return self._db

    @property
    def is_open(self) -> bool:
        return self._db is not None

    @classmethod
    def open_here(cls, folder: Path) -> bool:
        """Whether this process holds ``folder``'s notes.db open (a restore must wait until it is locked)."""
        return connection.open_here(folder)

    def data_key(self) -> bytearray:
        """The data key itself (not a copy), for keying a backup or a re-key. Never keep it."""
        if self._data_key is None:
            raise VaultError(_("The vault is locked."))
        return self._data_key

    def derived_key(self, purpose: str) -> bytes:
        """A key for one purpose derived from the data key (keys.derive_key); the audit log keys its chain with one."""
        if self._data_key is None:
            raise VaultError(_("The vault is locked."))
        return keys.derive_key(self._data_key, purpose)

    @classmethod
    def owning(cls, db) -> Vault | None:
        """The open vault whose database ``db`` is (its own, or one it lent to background work), if any."""
        return next((vault for vault in connection.open_vaults()
                     if vault._db is db or vault._workers.holds(getattr(db, "conn", None))), None)

    def raw_key_for_backup(self) -> bytearray:
        """A copy of the data key the caller wipes (keys.wipe) when done."""
        return bytearray(self.data_key())

    def replace_key(self, new_key: bytearray, authenticated_header: dict) -> None:
        """After a re-key (rekey.py): the connection already uses ``new_key``; the old one is wiped."""
        keys.wipe(self._data_key)
        self._data_key = new_key
        self.header = authenticated_header

    def change_passphrase(self, current: str, new_passphrase: str, *, cost: keys.KdfCost | None = None) -> None:
        """Raises WrongCurrentPassphrase unless ``current`` is the passphrase (or the recovery key)."""
        rekey.change_passphrase(self, current, new_passphrase, cost)

    def rekey(self, current: str, new_passphrase: str | None = None, *, cost: keys.KdfCost | None = None,
              progress=None) -> str:
        """A new data key for notes.db and every backup; returns the new recovery key (see rekey.py). Background
        work keyed with the old key is stopped first, and may start again afterwards."""
        self._workers.close_all()
        try:
            return rekey.rekey(self, current, new_passphrase, cost, progress)
        finally:
            self._workers.allow_again()

    def lock(self, *, copy_later: bool = False) -> backups.FileCopy | None:
        """Closes the database, wipes the key, and copies the closed file if anything changed since the last backup
        (here, or returned with ``copy_later`` to run off the GUI thread); a failed backup sets ``backup_error``."""
        integrity.interrupt_running_checks()  # a check reading the file must not outlive the key
        self._workers.close_all()  # nor any other background connection: each is stopped and closed first
        owed = None
        if self._connection is not None:
            try:
                if self._connection.total_changes != self.changes_backed_up:  # written since the last backup
                    owed = backups.owed_at_lock(self)
            finally:
                closing, self._connection, self._db = self._connection, None, None
                closing.close()  # the last connection: its WAL is written back into notes.db
        keys.wipe(self._data_key)
        self._data_key = None
        if owed is not None and not copy_later:
            self.backup_error, owed = owed.run() or self.backup_error, None
        return owed


def _headers(folder: Path) -> list[tuple[str, dict]]:
    """key.json, then key.json.next if a re-key left one (a damaged .next is ignored: key.json still stands)."""
    candidates = [(KEY_NAME, header.read_header(folder))]
    if (folder / NEXT_KEY_NAME).is_file():
        with contextlib.suppress(VaultCorrupted):
            candidates.append((NEXT_KEY_NAME, header.read_header(folder, NEXT_KEY_NAME)))
    return candidates


def _settle_interrupted_rekey(folder: Path, opened_with: str) -> None:
    next_key = folder / NEXT_KEY_NAME
    if not next_key.exists():
        return
    try:
        if opened_with == NEXT_KEY_NAME:  # notes.db was re-keyed: the new header is the real one now
            next_key.replace(folder / KEY_NAME)
        else:  # the re-key never reached notes.db
            next_key.unlink()
        fsync_folder(folder)
    except OSError:
        pass  # both are tried again at the next unlock


# SQLite result codes that blame the disk or the system, not the file's content: PERM, BUSY, LOCKED, NOMEM,
# READONLY, IOERR, FULL, CANTOPEN.
_DISK_CODES = frozenset({3, 5, 6, 7, 8, 10, 13, 14})


def _disk_failed(error: sqlcipher3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _DISK_CODES


def _damaged_or_disk(error: sqlcipher3.DatabaseError) -> VaultError:
    return VaultUnavailable(str(error)) if _disk_failed(error) else VaultCorrupted(str(error))


@contextmanager
def _quarantine_on_damage(folder: Path) -> Iterator[None]:
    try:
        yield
    except VaultCorrupted as error:
        if (folder / error.damaged_file).is_file():
            names = [KEY_NAME] if error.damaged_file == KEY_NAME else [DB_NAME, f"{DB_NAME}-wal", KEY_NAME]
            try:
                kept = quarantine.keep_copy(folder, names)
            except OSError:
                kept = None  # a full disk: the damaged files are still untouched where they were
            if kept is not None:
                error.note_kept_copy(kept)
        if error.damaged_file == KEY_NAME:
            error.note_key_copy(backups.key_copy(folder))
        raise


def _backup_before_migration(vault: Vault) -> None:
    try:
        backups.make_backup(vault, reason="before-migration")
    except backups.BackupFailed as error:
        raise VaultWriteFailed(_("Harbour backs up the vault before updating it, and that backup could not be "
                                 "written: {reason}. Nothing was changed. Free some disk space, then try again.")
                               .format(reason=error.reason)) from error


def _check_integrity(opened, folder: Path) -> None:
    """Every page on a small file or one found damaged before; otherwise the schema only (integrity.py)."""
    integrity.cheap_check(opened)
    if integrity.needs_check_at_unlock(folder, DB_NAME):
        problems = integrity.check_connection(opened)
        if problems:
            raise sqlcipher3.DatabaseError(f"quick_check: {problems[:3]}")
        integrity.clear_found(folder)  # sound now (a backup was restored over the file found damaged, say)

