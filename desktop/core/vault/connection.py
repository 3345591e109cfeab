"""SQLCipher connections keyed from a mutable buffer, the cipher PRAGMAs, and the vaults open in this process.

Both vault.py and backups.py key connections here (so neither imports the other for it). The data key reaches
SQLCipher through ``sqlite3_key``/``sqlite3_rekey`` from a ctypes buffer that is zeroed at once, never as the
text ``PRAGMA key = "x'…'"``: a Python string cannot be wiped and would stay in memory after the lock.
"""

from __future__ import annotations

import ctypes
import threading
import time
import weakref
from contextlib import contextmanager, suppress
from pathlib import Path

import sqlcipher3
from sqlcipher3 import _sqlite3 as _native

from desktop.core.vault import keys
from desktop.core.vault.errors import VaultError
from desktop.i18n import _

_opened: weakref.WeakSet = weakref.WeakSet()  # open Vault objects, so a restore can refuse to swap files under one
_RAW_KEY_LENGTH = keys.DATA_KEY_BYTES * 2 + 3  # x'<64 hex digits>'
_HEX = b"0123456789abcdef"
# How long a statement waits for another connection's write before failing "database is locked". Background work
# writes on a connection of its own in short transactions (WorkerConnections), so the GUI thread's saves wait at
# most one of those; a background step waits for the GUI's (short) writes the same way.
BUSY_TIMEOUT_MS = 5000
# SQLite's busy handler sleeps up to 100 ms between tries, so a background worker that begins its next step at once
# would keep the GUI thread's save waiting for seconds. Instead the GUI thread's connection says it is waiting and
# tries every 2 ms, and background work lets it in between two of its steps (yield_to_waiting_writer).
_RETRY_SECONDS = 0.002
_YIELD_SECONDS = 0.01
# A write the window made without waiting (an autosave) and found busy is tried again a moment later (the screen's
# retry timer); until it lands, background work waits between two steps, at most this long after the last refusal
# (so a retry that never comes, its screen closed, holds background work up once, briefly).
_DEFERRED_PATIENCE_SECONDS = 0.5
_writer_waiting = threading.Event()
_deferred_until = 0.0  # time.monotonic() until which a refused window write is owed a turn
_this_thread = threading.local()
_BUSY_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int)


class VaultBusy(Exception):
    """A write the window made met background work holding the database (or waited past BUSY_TIMEOUT_MS): nothing
    was written. Not an error to show: keep what was typed and try again shortly."""


@_BUSY_HANDLER
def _waiting_for_background(_argument, tries: int) -> int:
    if getattr(_this_thread, "no_waiting", False):
        return 0  # refused at once: the caller keeps its write and tries again (writing(wait=False))
    if tries * _RETRY_SECONDS * 1000 >= BUSY_TIMEOUT_MS:
        return 0  # "database is locked", as with busy_timeout
    if tries == 0:
        _stop_steps_for_the_window()
    _writer_waiting.set()
    time.sleep(_RETRY_SECONDS)
    return 1


@contextmanager
def writing(*, wait: bool):
    """Wraps a write the GUI thread makes on the window's connection. ``wait=False`` (an autosave on a timer, a
    field saved as the worker moves on): if background work holds the database, fail at once with VaultBusy and ask
    background work to let the retry in, so the window never waits on a background step (one FTS5 merge step can
    take over a second on a large index). ``wait=True`` (a click on Save, a lock, a quit, closing): wait as long as
    BUSY_TIMEOUT_MS; VaultBusy only past it. Either way, a write that lands ends the turn owed to it."""
    global _deferred_until
    _this_thread.no_waiting = not wait
    try:
        yield
    except sqlcipher3.OperationalError as error:
        if not is_busy(error):
            raise
        _deferred_until = time.monotonic() + _DEFERRED_PATIENCE_SECONDS
        raise VaultBusy(str(error)) from None
    finally:
        _this_thread.no_waiting = False
    _deferred_until = 0.0


# Background connections inside a step that a window write waiting for the database may stop (step_aside_for_the_
# window), and those it stopped: an FTS5 merge step cannot be split and takes up to a second on a years-old index,
# so a click on Save interrupts it (SQLite rolls the step back at once) instead of waiting for its end.
_steps_aside_lock = threading.Lock()
_steps_the_window_may_stop: set = set()
_stopped_for_the_window: set = set()


@contextmanager
def step_aside_for_the_window(connection):
    """Runs one background statement (autocommit, so an interrupt rolls back only it) that a window write waiting
    for the database interrupts; the caller catches the error, asks stopped_for_the_window(), and does the step
    again after yield_to_waiting_writer(). A lock's interrupt is not one of these: it stops the work as before."""
    with _steps_aside_lock:
        _steps_the_window_may_stop.add(connection)
    finished = False
    try:
        yield
        finished = True
    finally:
        with _steps_aside_lock:
            _steps_the_window_may_stop.discard(connection)
            if finished:  # an interrupt that came after the statement stopped nothing (SQLite drops it)
                _stopped_for_the_window.discard(connection)


def stopped_for_the_window(connection, error: BaseException) -> bool:
    """Whether ``error`` is a waiting window write's interrupt of ``connection``'s step (do the step again)."""
    with _steps_aside_lock:
        stopped = connection in _stopped_for_the_window
        _stopped_for_the_window.discard(connection)
    return stopped and isinstance(error, sqlcipher3.OperationalError) and "interrupted" in str(error)


def _stop_steps_for_the_window() -> None:
    with _steps_aside_lock:
        for connection in _steps_the_window_may_stop:
            _stopped_for_the_window.add(connection)
            with suppress(sqlcipher3.ProgrammingError):  # closed meanwhile by a lock
                connection.interrupt()


def is_busy(error: BaseException) -> bool:
    """Whether ``error`` is SQLite's SQLITE_BUSY (another connection holds the lock), not a real failure."""
    return isinstance(error, sqlcipher3.OperationalError) and "database is locked" in str(error)


def wait_before_background(connection) -> None:
    """Makes ``connection`` (the GUI thread's) the one background work makes way for when it waits to write, and
    leaves checkpoints to the others (background work, idle maintenance, the lock): after a background merge the
    WAL is large, and copying it back on whichever connection commits next stalled a GUI-thread save ~0.9 s."""
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    library, handle = _native_handle(connection)
    library.sqlite3_busy_handler.argtypes = [ctypes.c_void_p, _BUSY_HANDLER, ctypes.c_void_p]
    library.sqlite3_busy_handler(handle, _waiting_for_background, None)


def yield_to_waiting_writer() -> None:
    """Called by background work between two of its transactions: lets a waiting GUI-thread write go first, and
    waits while a write the window kept for later (writing(wait=False) found it busy) is owed its retry."""
    if _writer_waiting.is_set():
        _writer_waiting.clear()
        time.sleep(_YIELD_SECONDS)
    while window_write_owed():
        time.sleep(_RETRY_SECONDS)


def window_write_owed() -> bool:
    """Whether a write the window kept for later (refused by writing(wait=False)) is still owed its turn."""
    return time.monotonic() < _deferred_until


def register_open(vault) -> None:
    _opened.add(vault)


def open_vaults() -> list:
    """The Vault objects open in this process (the audit log finds the one a database belongs to)."""
    return list(_opened)


def open_here(folder: Path) -> bool:
    """Whether this process holds ``folder``'s notes.db open (a restore must wait until it is locked)."""
    folder = Path(folder).resolve()
    return any(vault.is_open and vault.folder.resolve() == folder for vault in list(_opened))


def open_connection(path: Path, data_key: bytearray):
    connection = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        apply_cipher_pragmas(connection, data_key)
    except BaseException:
        connection.close()
        raise
    return connection


def apply_cipher_pragmas(connection, data_key: bytearray) -> None:
    """Keys a fresh connection and sets the safety PRAGMAs."""
    connection.execute("PRAGMA cipher_log_level = NONE")
    _call_with_raw_key(connection, data_key, "sqlite3_key")
    version = connection.execute("PRAGMA cipher_version").fetchone()
    if not version or not version[0]:
        connection.close()
        raise _cannot_encrypt()
    connection.execute("PRAGMA cipher_memory_security = ON")  # SQLCipher zeroes what it frees, our key copies too
    connection.execute("PRAGMA temp_store = MEMORY")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA secure_delete = ON")
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def rekey(connection, new_key: bytearray) -> None:
    """Re-encrypts every page of the open database under ``new_key`` (SQLCipher's rekey, one transaction)."""
    _call_with_raw_key(connection, new_key, "sqlite3_rekey")
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # fails here, not later, if it did not take


def _call_with_raw_key(connection, data_key: bytearray, function: str) -> None:
    if len(data_key) != keys.DATA_KEY_BYTES:
        raise ValueError("data key has the wrong length")
    library, handle = _native_handle(connection)
    raw = ctypes.create_string_buffer(_RAW_KEY_LENGTH)
    try:
        raw[0], raw[1], raw[_RAW_KEY_LENGTH - 1] = b"x", b"'", b"'"
        for index, byte in enumerate(data_key):  # hex digit by digit: no bytes/str copy of the key is made
            raw[2 + 2 * index] = _HEX[byte >> 4]
            raw[3 + 2 * index] = _HEX[byte & 0xF]
        call = getattr(library, function)
        call.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
        if call(handle, raw, _RAW_KEY_LENGTH) != 0:
            raise sqlcipher3.DatabaseError(f"{function} failed")
    finally:
        ctypes.memset(raw, 0, _RAW_KEY_LENGTH)


def _native_handle(connection):
    """The connection's sqlite3* (the first field after the object header of sqlcipher3's Connection), checked by
    asking it which file it has open, against what the connection itself says: a different build that moved the
    field is refused, never guessed at."""
    if not isinstance(connection, sqlcipher3.dbapi2.Connection):  # plain sqlite3 would ignore a key: refuse
        raise _cannot_encrypt()
    path = next(row[2] for row in connection.execute("PRAGMA database_list") if row[1] == "main")
    library = ctypes.CDLL(_native.__file__)  # the SQLCipher linked into sqlcipher3 itself
    handle = ctypes.c_void_p.from_address(id(connection) + object.__basicsize__).value
    library.sqlite3_db_filename.restype = ctypes.c_char_p
    library.sqlite3_db_filename.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    opened = library.sqlite3_db_filename(handle, b"main") if handle else None
    if not opened or not path or opened.decode("utf-8", "surrogateescape") != path:
        raise _cannot_encrypt()
    return library, handle


def _cannot_encrypt() -> VaultError:
    return VaultError(_("This copy of Harbour cannot encrypt: its SQLCipher library is missing. Reinstall Harbour. "
                        "Nothing was opened or written."))


class WorkerConnections:
    """The connections one open vault lends to work on worker threads (the index catch-up and scrub, the idle
    merges, the whole-file check), so none of it shares, or holds, the GUI thread's connection. Each is keyed from
    a copy of the data key that is wiped at once. ``close_all`` (locking, re-keying) refuses new ones, interrupts
    the statement each is running and waits until their owners have closed them: nothing stays open, or keyed,
    after a lock."""

    def __init__(self) -> None:
        self._open: set = set()
        self._changed = threading.Condition()
        self._refused = False

    def open(self, vault, *, read_only: bool = False):
        with self._changed:
            if self._refused:
                raise VaultError(_("The vault is locked."))
            data_key = vault.raw_key_for_backup()
            try:
                opened = open_connection(vault.folder / "notes.db", data_key)
            finally:
                keys.wipe(data_key)
            if read_only:
                opened.execute("PRAGMA query_only = ON")
            # A statement begun after close_all() (between two steps of the work) fails at its first instruction, like
            # one under way: work keyed with the old key never writes again after a re-key (the check costs nothing
            # measurable: the heavy work runs inside single FTS5 instructions).
            opened.set_progress_handler(lambda: self._refused, 1)
            self._open.add(opened)
            return opened

    def holds(self, opened) -> bool:
        with self._changed:
            return opened in self._open

    def close(self, opened) -> None:
        with self._changed:
            try:
                opened.close()
            finally:
                self._open.discard(opened)
                self._changed.notify_all()

    def close_all(self, timeout: float = 30.0) -> bool:
        """Stops every lent connection and waits until each is closed; True when none is left open."""
        with self._changed:
            self._refused = True
            for opened in self._open:
                opened.interrupt()  # thread-safe: the running statement fails with "interrupted"
            return self._changed.wait_for(lambda: not self._open, timeout)

    def allow_again(self) -> None:
        with self._changed:
            self._refused = False
