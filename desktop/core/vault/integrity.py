"""Checking notes.db for damage without making the worker wait for it (issue 21).

Unlocking reads the schema, and SQLCipher authenticates every page it reads with its HMAC: a wrong key or a
damaged page that is read fails then and there. What unlocking no longer does on a large vault is read every page
(``PRAGMA quick_check`` took 66 s at 20,000 clients). Instead:

    needs_check_at_unlock(path)      # small files (< FULL_CHECK_AT_UNLOCK_BYTES) are still checked whole at unlock
    check_due(vault)                 # otherwise once a day: the last whole check is older than CHECK_EVERY
    check = WholeFileCheck(vault)    # on a worker thread, after unlock, on a read-only connection of its own
    problems = check.run()           # [] when sound; CheckInterrupted when the vault was locked meanwhile
    check.interrupt()                # from any thread: locking, and deleting for good, stop it at once

A check that found damage leaves a note in the vault folder (FOUND_NAME): the next unlock then runs the whole
check before opening, so the damaged file is refused and kept in quarantine like any other.
"""

from __future__ import annotations

import contextlib
import threading
from datetime import datetime, timedelta
from pathlib import Path

import sqlcipher3

from desktop.core.common.files import write_json_atomically
from desktop.core.vault.db import utc_now
from desktop.core.vault.errors import VaultError

FULL_CHECK_AT_UNLOCK_BYTES = 8 * 1024 * 1024  # ~0.15 s of quick_check: below this, unlock checks every page itself
FOUND_NAME = "integrity-problem.json"
CHECK_EVERY = timedelta(days=1)
_CHECKED_KEY = "whole_file_checked_at"  # in vault_meta: when the last whole check found nothing
_MOST_PROBLEMS = 20
_SQLITE_INTERRUPT = 9

_running: set[WholeFileCheck] = set()
_running_lock = threading.Lock()


class CheckInterrupted(Exception):
    """The check stopped before reading every page (the vault was locked, or a deletion needed the file)."""


def needs_check_at_unlock(folder: Path, db_name: str) -> bool:
    """Whether unlocking must read every page: the file is small enough for that to be quick, or an earlier
    background check found damage."""
    database = Path(folder) / db_name
    try:
        small = database.stat().st_size <= FULL_CHECK_AT_UNLOCK_BYTES
    except OSError:
        small = True  # the open itself will say what is wrong
    return small or (Path(folder) / FOUND_NAME).exists()


def checked_at_unlock(folder: Path) -> bool:
    """Whether unlocking already read every page (a small file, or one found damaged before and sound now)."""
    return needs_check_at_unlock(folder, "notes.db")


def check_due(vault) -> bool:
    """Whether a large vault's whole-file check is due: never done, found damage, or older than CHECK_EVERY."""
    if (Path(vault.folder) / FOUND_NAME).exists():
        return True
    row = vault.db.execute("SELECT value FROM vault_meta WHERE key = ?", [_CHECKED_KEY]).fetchone()
    try:
        last = datetime.fromisoformat(row[0]) if row else None
    except ValueError:
        last = None
    return last is None or not timedelta(0) <= utc_now() - last < CHECK_EVERY


def check_connection(connection) -> list[str]:
    """SQLite's quick_check over every page of ``connection``'s database: [] when sound, else what it found."""
    rows = connection.execute(f"PRAGMA quick_check({_MOST_PROBLEMS})").fetchall()
    found = [str(row[0]) for row in rows]
    return [] if found == ["ok"] else found


def cheap_check(connection) -> None:
    """What every unlock reads: page 1 and the schema (authenticated by SQLCipher's HMAC as they are read)."""
    connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()


class WholeFileCheck:
    """Reads every page of an open vault's notes.db on a connection of its own, so the worker's own connection
    stays free (a single quick_check holds its connection for the whole read)."""

    def __init__(self, vault) -> None:
        self._vault = vault
        self._connection = None
        self._interrupted = threading.Event()

    def run(self) -> list[str]:
        if self._interrupted.is_set():
            raise CheckInterrupted()
        try:
            with self._vault.worker_db(read_only=True) as db:
                problems = self._read_every_page(db.conn)
        except VaultError:
            raise CheckInterrupted() from None  # locked before it could begin
        except sqlcipher3.OperationalError as error:
            if getattr(error, "sqlite_errorcode", None) == _SQLITE_INTERRUPT:
                raise CheckInterrupted() from None  # locked while its connection was being set up
            raise
        if self._interrupted.is_set():
            raise CheckInterrupted()
        _remember(self._vault, problems)
        return problems

    def _read_every_page(self, connection) -> list[str]:
        with _running_lock:
            if self._interrupted.is_set():
                raise CheckInterrupted()
            self._connection = connection
            _running.add(self)
        try:
            return check_connection(connection)
        except sqlcipher3.OperationalError as error:
            if self._interrupted.is_set() or getattr(error, "sqlite_errorcode", None) == _SQLITE_INTERRUPT:
                raise CheckInterrupted() from None  # stopped (a lock, a deletion), not damage
            return [str(error)]
        except sqlcipher3.DatabaseError as error:
            return [str(error)]  # a page that fails its HMAC is damage too
        finally:
            with _running_lock:
                _running.discard(self)
                self._connection = None

    def interrupt(self) -> None:
        with _running_lock:
            self._interrupted.set()
            if self._connection is not None:
                self._connection.interrupt()


def interrupt_running_checks() -> None:
    """Stops every check under way (they hold a read snapshot that would keep the WAL from being emptied)."""
    with _running_lock:
        checks = list(_running)
    for check in checks:
        check.interrupt()


def clear_found(folder: Path) -> None:
    """Every page was just read and found sound: an earlier finding no longer holds."""
    (Path(folder) / FOUND_NAME).unlink(missing_ok=True)


def _remember(vault, problems: list[str]) -> None:
    note = Path(vault.folder) / FOUND_NAME
    if problems:
        write_json_atomically(note, {"found_at": utc_now().isoformat(), "problems": problems})
    else:
        note.unlink(missing_ok=True)
        with contextlib.suppress(VaultError, sqlcipher3.Error):  # locked meanwhile: only tomorrow's check moves up
            vault.db.execute("INSERT OR REPLACE INTO vault_meta (key, value) VALUES (?, ?)",
                             [_CHECKED_KEY, utc_now().isoformat()])
