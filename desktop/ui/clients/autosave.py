"""Writes a screen makes while the worker types (a typing pause, a field left), which never wait for background
work (issues 18 and 21):

    writes = KeptWrites(self, busy=self._say_kept, landed=self._say_written)
    writes.try_now("notes", self._write_notes)   # on the typing pause: written now, or kept and retried
    writes.keep("notes", self._write_notes)
    writes.flush()                               # Ctrl+S, lock, quit, closing: all kept, waiting if it must

A write is a callable that writes what is on screen now and says so itself (saved, or "Not saved: …" on a real
failure). When background work holds the database (an index merge step, a deletion's rows, the scrub), the write
is refused at once instead of holding the window (connection.writing(wait=False)): it is kept, ``busy`` says so,
background work lets it in between two of its steps, and it is tried again every RETRY_MS until it lands. A write
kept under the same name is replaced by the newer one, which writes the newer text.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from desktop.core.vault import connection
from desktop.core.vault.connection import VaultBusy

RETRY_MS = 30  # background work waits for the retry between two of its steps: soon, but not a busy loop


class KeptWrites(QObject):
    def __init__(self, parent: QObject, busy: Callable[[], None], landed: Callable[[], None]) -> None:
        """``busy`` says a write was kept for a retry; ``landed`` that everything kept since has been written."""
        super().__init__(parent)
        self._busy, self._landed = busy, landed
        self._was_busy = False
        self._kept: dict[str, Callable[[], None]] = {}
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(lambda: self._write_kept(wait=False))

    def keep(self, name: str, write: Callable[[], None]) -> None:
        """Keeps ``write`` for the next attempt (flush, or a retry), in place of one kept under the same name."""
        self._kept[name] = write

    def try_now(self, name: str, write: Callable[[], None]) -> bool:
        """Writes now if the database is free, else keeps ``write`` and retries it shortly. True once written."""
        self.keep(name, write)
        return self._write_kept(wait=False)

    def flush(self) -> bool:
        """Writes everything kept now, waiting for background work if it must (an explicit or final save). False if
        the database stayed busy past connection.BUSY_TIMEOUT_MS: what is kept stays kept, and is retried."""
        return self._write_kept(wait=True)

    def waiting(self) -> bool:
        """Whether a write is kept for a retry (the database was busy)."""
        return bool(self._kept)

    def forget(self) -> None:
        """Drops what is kept (what it would write no longer exists)."""
        self._retry.stop()
        self._kept.clear()

    def _write_kept(self, *, wait: bool) -> bool:
        self._retry.stop()
        for name, write in list(self._kept.items()):
            try:
                with connection.writing(wait=wait):
                    write()
            except VaultBusy:
                self._was_busy = True
                self._busy()
                self._retry.start()
                return False
            self._kept.pop(name, None)
        if self._was_busy:
            self._was_busy = False
            self._landed()
        return True
