"""The encrypted vault: a folder holding notes.db (SQLCipher 4), key.json (wrapped data key) and backups/.

    vault, recovery_key = Vault.create(folder, passphrase)
    vault = Vault.unlock(folder, passphrase)            # WrongPassphrase, VaultCorrupted, TooManyAttempts
    vault = Vault.unlock(folder, passphrase, daily_backup=False)  # the caller makes it afterwards, off the GUI thread
    vault = Vault.unlock_with_recovery_key(folder, recovery_key)
    vault.change_passphrase(new_passphrase)             # rewrites only key.json, atomically
    vault.db                                            # sqlite_utils.Database on the encrypted connection
    vault.lock()

Nothing here ever creates, deletes or rewrites notes.db because it failed to open. A file found damaged is copied
into quarantine/<UTC time>/ (see quarantine.py) before the error reaches the worker.
"""

from __future__ import annotations

import base64
import json
import shutil
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlcipher3
import sqlite_utils

from desktop.core.common.files import fsync_folder, write_json_atomically
from desktop.core.vault import backups, integrity, keys, quarantine, schema
from desktop.core.vault.attempts import AttemptLog
from desktop.core.vault.errors import (
    MIN_PASSPHRASE_LENGTH,
    PassphraseTooShort,
    TooManyAttempts,
    VaultCorrupted,
    VaultError,
    VaultExists,
    VaultTooNew,
    VaultUnavailable,
    VaultWriteFailed,
    WrongPassphrase,
    WrongRecoveryKey,
)
from desktop.i18n import _

DB_NAME = "notes.db"
KEY_NAME = "key.json"
BACKUPS_NAME = "backups"
FORMAT = "harbour-vault"
FORMAT_VERSION = 1
_PLAINTEXT_SQLITE_HEADER = b"SQLite format 3\x00"


class Vault:
    """An open vault. Build one with create() or unlock(); never directly."""

    _opened: weakref.WeakSet[Vault] = weakref.WeakSet()  # so a restore can refuse to swap files under an open one

    def __init__(self, folder: Path, data_key: bytearray, connection) -> None:
        Vault._opened.add(self)
        self.folder = Path(folder)
        self._data_key: bytearray | None = data_key
        self._connection = connection
        self._db: sqlite_utils.Database | None = sqlite_utils.Database(connection)
        # Set when the daily backup could not be written (disk full, ...): unlocking still works, the UI may say so.
        self.backup_error: str | None = None

    # -- opening -------------------------------------------------------------------------------------------------
    @classmethod
    def create(cls, folder: Path, passphrase: str, *, cost: keys.KdfCost = keys.DEFAULT_COST) -> tuple[Vault, str]:
        folder = Path(folder)
        if len(passphrase) < MIN_PASSPHRASE_LENGTH:
            raise PassphraseTooShort()
        if folder.exists():
            raise VaultExists(folder)
        folder.parent.mkdir(parents=True, exist_ok=True)
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            raise VaultExists(folder) from None
        connection = None
        try:
            (folder / BACKUPS_NAME).mkdir(mode=0o700)
            data_key = keys.new_data_key()
            recovery_key = keys.new_recovery_key()
            header = _new_header(passphrase, recovery_key, data_key, cost)
            write_json_atomically(folder / KEY_NAME, header)
            connection = _open_connection(folder / DB_NAME, data_key)
            schema.migrate(connection)
            connection.execute("INSERT INTO vault_meta(key, value) VALUES ('created_at', datetime('now'))")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # so the check below reads real pages
            with open(folder / DB_NAME, "rb") as written:
                first = written.read(len(_PLAINTEXT_SQLITE_HEADER))
            if len(first) < len(_PLAINTEXT_SQLITE_HEADER) or first == _PLAINTEXT_SQLITE_HEADER:
                raise RuntimeError("SQLCipher did not write an encrypted database; refusing to continue")
        except BaseException:
            # Only ever removes the folder this very call made a moment ago; it holds no one's notes yet.
            if connection is not None:
                connection.close()
            shutil.rmtree(folder, ignore_errors=True)
            raise
        fsync_folder(folder)  # the new notes.db and backups/ entries survive a power cut, not only their contents
        fsync_folder(folder.parent)
        return cls(folder, data_key, connection), recovery_key

    @classmethod
    def unlock(cls, folder: Path, passphrase: str, *, daily_backup: bool = True) -> Vault:
        folder = Path(folder)
        with _quarantine_on_damage(folder):
            return cls._unlock_with_passphrase(folder, passphrase, daily_backup)

    @classmethod
    def _unlock_with_passphrase(cls, folder: Path, passphrase: str, daily_backup: bool) -> Vault:
        header = _read_header(folder)
        attempts = AttemptLog(folder)
        wait = attempts.seconds_to_wait()
        if wait > 0:
            raise TooManyAttempts(wait)
        kdf = header["kdf"]
        kek = keys.passphrase_kek(passphrase, _b64decode(kdf["salt"]), keys.cost_from_dict(kdf))
        try:
            data_key = keys.unwrap(kek, header["slots"]["passphrase"], _passphrase_aad(header))
        except keys.UnwrapFailed:
            attempts.record_failure()
            raise WrongPassphrase() from None
        finally:
            keys.wipe(kek)
        attempts.record_success()
        return cls._open(folder, data_key, daily_backup)

    @classmethod
    def unlock_with_recovery_key(cls, folder: Path, recovery_key: str, *, daily_backup: bool = True) -> Vault:
        # No delay here: the recovery key holds 160 random bits, so guessing it is hopeless with or without one, and
        # the person reaching for it has usually just run into the passphrase delay. Success clears that delay.
        folder = Path(folder)
        with _quarantine_on_damage(folder):
            return cls._unlock_with_recovery_key(folder, recovery_key, daily_backup)

    @classmethod
    def _unlock_with_recovery_key(cls, folder: Path, recovery_key: str, daily_backup: bool) -> Vault:
        header = _read_header(folder)
        try:
            kek = keys.recovery_kek(recovery_key)
        except ValueError:
            raise WrongRecoveryKey() from None
        try:
            data_key = keys.unwrap(kek, header["slots"]["recovery"], _recovery_aad(header))
        except keys.UnwrapFailed:
            raise WrongRecoveryKey() from None
        finally:
            keys.wipe(kek)
        AttemptLog(folder).record_success()
        return cls._open(folder, data_key, daily_backup)

    @classmethod
    def _open(cls, folder: Path, data_key: bytearray, daily_backup: bool = True) -> Vault:
        db_path = folder / DB_NAME
        if not db_path.is_file() or db_path.stat().st_size == 0:
            keys.wipe(data_key)
            raise VaultCorrupted("notes.db is missing or empty")
        try:
            connection = _open_connection(db_path, data_key)
        except VaultError:
            keys.wipe(data_key)
            raise
        except sqlcipher3.DatabaseError as error:
            keys.wipe(data_key)
            # The data key was authenticated by AES-GCM, so a database that will not read is damaged, not locked
            # (unless SQLite says the disk itself failed).
            raise _damaged_or_disk(error) from None
        try:
            _check_integrity(connection, folder)
            if schema.current_version(connection) > schema.latest_version():
                raise VaultTooNew()
        except (sqlcipher3.DatabaseError, VaultError) as error:
            connection.close()  # closing the last connection removes the -wal and -shm files it made
            keys.wipe(data_key)
            if isinstance(error, VaultError):
                raise
            raise _damaged_or_disk(error) from None
        vault = cls(folder, data_key, connection)
        try:
            if schema.pending(connection):
                if schema.current_version(connection) > 0:
                    _backup_before_migration(vault)
                schema.migrate(connection)
        except BaseException as error:
            vault.lock()  # a failed migration rolled back; never hand out a half-migrated vault
            if isinstance(error, sqlcipher3.DatabaseError) and _disk_failed(error):
                raise VaultUnavailable(str(error)) from None  # the disk filled up mid-update: say so in words
            raise
        if daily_backup:
            vault.make_daily_backup()
        return vault

    def make_daily_backup(self) -> None:
        """The backup of the day, if none in the last 24 hours; a failure (disk full) only sets ``backup_error``.
        Copies the whole file: the app runs it off the GUI thread (the copy lets other statements in between)."""
        try:
            backups.make_daily_backup(self)
        except (backups.BackupFailed, OSError, sqlcipher3.Error) as error:
            self.backup_error = str(error)

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
        folder = Path(folder).resolve()
        return any(vault.is_open and vault.folder.resolve() == folder for vault in list(cls._opened))

    def raw_key_for_backup(self) -> bytes:
        """The data key, for keying a backup copy or a second reader (open_reader). Nothing else calls this."""
        if self._data_key is None:
            raise VaultError(_("The vault is locked."))
        return bytes(self._data_key)

    def change_passphrase(self, new_passphrase: str, *, cost: keys.KdfCost | None = None) -> None:
        if len(new_passphrase) < MIN_PASSPHRASE_LENGTH:
            raise PassphraseTooShort()
        if self._data_key is None:
            raise VaultError(_("The vault is locked."))
        header = _read_header(self.folder)
        cost = cost or keys.cost_from_dict(header["kdf"])
        header["kdf"] = {**keys.cost_to_dict(cost), "name": "argon2id", "salt": _b64encode(keys.new_salt())}
        kek = keys.passphrase_kek(new_passphrase, _b64decode(header["kdf"]["salt"]), cost)
        header["slots"]["passphrase"] = keys.wrap(kek, self._data_key, _passphrase_aad(header))
        keys.wipe(kek)
        try:
            write_json_atomically(self.folder / KEY_NAME, header)
        except OSError as error:
            raise VaultWriteFailed(_("The new passphrase could not be saved: {reason}. The old passphrase still opens "
                                     "the vault.").format(reason=error.strerror or error)) from error

    def lock(self) -> None:
        integrity.interrupt_running_checks()  # a check reading the file must not outlive the key
        if self._connection is not None:
            try:
                self._connection.close()
            finally:
                self._connection = None
                self._db = None
        keys.wipe(self._data_key)
        self._data_key = None


def _new_header(passphrase: str, recovery_key: str, data_key: bytearray, cost: keys.KdfCost) -> dict:
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "kdf": {**keys.cost_to_dict(cost), "name": "argon2id", "salt": _b64encode(keys.new_salt())},
        "slots": {},
    }
    kek = keys.passphrase_kek(passphrase, _b64decode(header["kdf"]["salt"]), cost)
    header["slots"]["passphrase"] = keys.wrap(kek, data_key, _passphrase_aad(header))
    keys.wipe(kek)
    recovery = keys.recovery_kek(recovery_key)
    header["slots"]["recovery"] = keys.wrap(recovery, data_key, _recovery_aad(header))
    keys.wipe(recovery)
    return header


def _passphrase_aad(header: dict) -> dict:
    return {"format": header["format"], "version": header["version"], "kdf": header["kdf"], "slot": "passphrase"}


def _recovery_aad(header: dict) -> dict:
    return {"format": header["format"], "version": header["version"], "slot": "recovery"}


def _read_header(folder: Path) -> dict:
    path = folder / KEY_NAME
    if not folder.is_dir():
        raise VaultError(_("There is no vault in this folder."))
    try:
        header = json.loads(path.read_text(encoding="utf-8"))
        if header.get("format") != FORMAT or header.get("version") != FORMAT_VERSION:
            raise ValueError("unknown format")
        keys.cost_from_dict(header["kdf"])
        if len(_b64decode(header["kdf"]["salt"])) < keys.SALT_BYTES:
            raise ValueError("salt too short")
        header["slots"]["passphrase"], header["slots"]["recovery"]  # noqa: B018 - both must be present
    except FileNotFoundError:
        raise VaultCorrupted("key.json is missing", damaged_file=KEY_NAME) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ArithmeticError) as error:
        raise VaultCorrupted(f"key.json unreadable: {error}", damaged_file=KEY_NAME) from None
    return header


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
        raise


def _backup_before_migration(vault: Vault) -> None:
    try:
        backups.make_backup(vault, reason="before-migration")
    except backups.BackupFailed as error:
        raise VaultWriteFailed(_("Harbour backs up the vault before updating it, and that backup could not be "
                                 "written: {reason}. Nothing was changed. Free some disk space, then try again.")
                               .format(reason=error.reason)) from error


def _open_connection(path: Path, data_key: bytearray):
    connection = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        apply_cipher_pragmas(connection, data_key)
    except BaseException:
        connection.close()
        raise
    return connection


def apply_cipher_pragmas(connection, data_key: bytes | bytearray) -> None:
    """Keys a fresh connection and sets the safety PRAGMAs. The key is hex from our own random bytes, never text."""
    connection.execute("PRAGMA cipher_log_level = NONE")
    hex_key = bytes(data_key).hex()
    if len(hex_key) != keys.DATA_KEY_BYTES * 2:
        raise ValueError("data key has the wrong length")
    connection.execute(f"PRAGMA key = \"x'{hex_key}'\"")
    version = connection.execute("PRAGMA cipher_version").fetchone()
    if not version or not version[0]:
        connection.close()
        raise VaultError(_("This copy of Harbour cannot encrypt: its SQLCipher library is missing. Reinstall "
                           "Harbour. Nothing was opened or written."))
    connection.execute("PRAGMA cipher_memory_security = ON")
    connection.execute("PRAGMA temp_store = MEMORY")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA secure_delete = ON")


def _check_integrity(connection, folder: Path) -> None:
    """Every page on a small file or one found damaged before; otherwise the schema only (integrity.py)."""
    integrity.cheap_check(connection)
    if integrity.needs_check_at_unlock(folder, DB_NAME):
        problems = integrity.check_connection(connection)
        if problems:
            raise sqlcipher3.DatabaseError(f"quick_check: {problems[:3]}")
        integrity.clear_found(folder)  # sound now (a backup was restored over the file found damaged, say)


def open_reader(vault: Vault):
    """A second, read-only connection to an open vault's notes.db, for a long read on a worker thread."""
    data_key = bytearray(vault.raw_key_for_backup())
    try:
        connection = _open_connection(vault.folder / DB_NAME, data_key)
    finally:
        keys.wipe(data_key)
    connection.execute("PRAGMA query_only = ON")
    return connection


def _b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.b64decode(text, validate=True)

