"""The connection search-as-you-type runs on: one of the vault's lent connections (Vault.worker_db), kept open
between keystrokes and closed KEPT_SECONDS after the last search, when the search screen goes, and before a lock.

    searches = SearchConnection(vault)
    with searches.borrowed() as db: ...      # on the worker thread; one search at a time
    searches.close()                         # from any thread: now, or as soon as the search under way ends

The pause is timed on a thread of its own, not the event loop: locking (or re-keying) waits for every lent
connection to be closed, on the GUI thread, and the app's lock closes this one at once (about_to_lock) but a lock
from elsewhere must not wait for an event loop it is blocking.

Why kept: a fresh connection reads the whole schema and starts with a cold page cache, ~15 ms more on every
keystroke at 2,000 clients (median 26 ms against 10 ms). Why its own: the next key interrupts a stale search
(``interrupt()`` stops every statement running on a connection), which must never touch the window's connection,
whose autosave may be running at that moment.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

KEPT_SECONDS = 1.0  # typing again within it finds the connection and its page cache warm


class SearchConnection:
    def __init__(self, vault) -> None:
        self._vault = vault
        self._changed = threading.Condition()
        self._held: ExitStack | None = None
        self._db = None
        self._busy = False
        self._close_when_done = False
        self._pause: threading.Timer | None = None

    @contextmanager
    def borrowed(self) -> Iterator:
        """The open connection, opened first if need be; waits for a search still ending on it (one interrupted by
        this keystroke: it ends within milliseconds), since an interrupt stops whatever runs on the connection."""
        with self._changed:
            self._changed.wait_for(lambda: not self._busy)
            self._stop_pause()
            if self._db is None:
                held = ExitStack()
                self._db = held.enter_context(self._vault.worker_db())  # VaultError once the vault is locking
                self._held = held
            self._busy, self._close_when_done = True, False
            db = self._db
        try:
            yield db
        finally:
            with self._changed:
                self._busy = False
                if self._close_when_done:
                    self._close()
                else:
                    self._pause = threading.Timer(KEPT_SECONDS, self.close)
                    self._pause.daemon = True
                    self._pause.start()
                self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            if self._busy:
                self._close_when_done = True  # the search under way closes it when it ends (a lock interrupts it)
            else:
                self._close()

    @property
    def is_open(self) -> bool:
        return self._db is not None

    def _stop_pause(self) -> None:
        if self._pause is not None:
            self._pause.cancel()
            self._pause = None

    def _close(self) -> None:
        self._stop_pause()
        if self._held is not None:
            held, self._held, self._db = self._held, None, None
            held.close()
