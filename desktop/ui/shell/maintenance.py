"""Work on the open vault that nobody should wait for (issues 18 and 21), all through BackgroundOperation:

- right after unlock: the audit log's check (on the GUI thread: it may write), the client list's language names
  (worked out on a worker thread, so its first opening is as quick as the next), then one after the other the daily
  backup and, on a large vault, the whole-file integrity check that unlocking skips (once a day); each says what it
  found;
- catching the search index up with edited and deleted notes (``catch_up``: after a deletion for good, and when
  the worker is idle), so a deleted note leaves no trace; and when idle, merging the index's segments
  (notes_index.tidy_index), so an index grown by months of autosaves stays compact and deleting stays fast;
- on a vault from before migration 0013, copying its sessions' languages into their own small table
  (session_languages.fill) after the unlock's catch-up and when idle, so search by language gets fast.

The index work runs on a connection of its own (Vault.worker_db) in short transactions: the GUI thread's reads
never wait for it and its saves wait for one short step at most (none of idle tidying's: the worker's first input
after an idle spell, like a lock, interrupts its step mid-statement). Locking cancels what can stop half way
(operations.cancel_running), the vault interrupts and closes that connection, and the work left is taken up after
the next unlock.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlcipher3
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core.records import client_list, notes_index, retention, session_languages
from desktop.core.vault import integrity
from desktop.core.vault.backup_space import BackupSkipped
from desktop.core.vault.errors import VaultError
from desktop.core.vault.integrity import CheckInterrupted
from desktop.i18n import _
from desktop.ui.shell.context import AppContext
from desktop.ui.shell.idle import IdleWatcher
from desktop.ui.widgets.operations import BackgroundOperation, Cancelled, Progress

IDLE_MINUTES = 0.5
TIDY_SECONDS = 5.0    # of index merging per idle spell; the next spell goes on
# What stops background index work without being a bug: the vault locked or locking (VaultError, or the statement
# interrupted), or a write of the GUI's held the lock past busy_timeout, or a reader kept the WAL from emptying.
_STOPPED = (VaultError, sqlcipher3.OperationalError, retention.DeletionIncomplete)


def catch_up(context: AppContext, parent: QWidget | None,
             finished: Callable[[bool], None] | None = None) -> BackgroundOperation:
    """Clears deleted notes from the search index and indexes edited ones on a worker thread, on a connection of its
    own, then empties the WAL; ``finished(True)`` once no trace of a deleted note is left, ``finished(False)`` when a
    lock stopped it first (the next unlock or idle spell finishes it). Never blocks the window."""
    vault = context.vault

    def work(progress: Progress) -> bool:
        try:
            with vault.worker_db() as db:
                return retention.scrub(db, should_stop=lambda: progress.cancelled, report=progress.report)
        except _STOPPED:
            return False

    return BackgroundOperation(parent, work, success=finished, blocking=False).run()


class VaultMaintenance(QObject):
    def __init__(self, context: AppContext, window: QWidget, warn: Callable[[str], None]) -> None:
        super().__init__(window)
        self.context, self.window, self._warn = context, window, warn
        self._stopped = False
        self._running: BackgroundOperation | None = None
        self.idle = IdleWatcher(IDLE_MINUTES, self, rearm_on_input=True)
        self.idle.idle.connect(self.when_idle)
        self.idle.back.connect(self._worker_back)
        self._tidying: BackgroundOperation | None = None
        QApplication.instance().installEventFilter(self.idle)
        self.idle.start()

    def stop(self) -> None:
        """Starts nothing more (a step under way is cancelled by the lock, or finishes)."""
        self._stopped = True
        self.idle.stop()
        QApplication.instance().removeEventFilter(self.idle)

    def _run(self, work, success=None, then: Callable[[], None] | None = None) -> BackgroundOperation:
        vault = self.context.vault

        def succeeded(result) -> None:
            if not self._stopped and vault.is_open:
                if success is not None:
                    success(result)
                if then is not None:
                    then()

        def failed(error: BaseException) -> None:
            if not self._stopped and vault.is_open:
                raise error  # a bug, not the vault locked under it: reported by the crash hook

        self._running = BackgroundOperation(self.window, work, success=succeeded, failure=failed, blocking=False).run()
        return self._running

    # -- after unlock ----------------------------------------------------------------------------------------
    def after_unlock(self) -> None:
        from desktop.ui.consent.audit_view import show_chain_warning, unlock_warning

        # The audit log's check writes (the entry a restore owes it, the head beside the vault), so it runs here on
        # the GUI thread, before anything else can write, and not beside a lock that closes the connection.
        show_chain_warning(self.context, unlock_warning(self.context), self.window)
        self._prepare_client_list()
        self._backup()

    def _prepare_client_list(self) -> None:
        """The client list's language names and the time-zone pickers' names, worked out on a worker thread while
        Today is shown, so neither screen's first opening loads CLDR's data on the GUI thread (the stored lists are
        read here: a few ms; the zones' names took 55-160 ms on the first Bookings screen)."""
        from desktop.core.common.time_zones import zone_choices
        from desktop.ui.models.clients_model import language_names

        stored = client_list.distinct_language_lists(self.context.db)

        def work(_progress) -> None:
            language_names(stored)
            zone_choices()

        BackgroundOperation(self.window, work, blocking=False).run()

    def _backup(self) -> None:
        vault = self.context.vault

        def work(progress) -> Exception | None:
            return vault.make_daily_backup(stop=lambda: progress.cancelled)  # a lock stops it at once

        self._run(work, self._backup_done, then=self._check_whole_file)

    def _backup_done(self, error: Exception | None) -> None:
        if isinstance(error, BackupSkipped):
            self._warn(str(error))  # held off by the disk budget: it says how full the disk is and what is kept
        elif error is not None:
            self._warn(_("Harbour could not make today's backup, so your notes have no fresh copy. Check that the "
                         "disk has free space. Your notes themselves are safe."))

    def _check_whole_file(self) -> None:
        vault = self.context.vault
        if integrity.checked_at_unlock(vault.folder) or not integrity.check_due(vault):
            self.catch_up()
            return

        def work(_progress) -> list[str] | None:
            try:
                return vault.whole_file_check().run()
            except CheckInterrupted:
                return None  # stopped for a deletion or a lock: it runs again next time

        self._run(work, self._checked, then=self.catch_up)

    def _checked(self, problems: list[str] | None) -> None:
        if problems:
            self._warn(_("Harbour read the whole vault file and found damage: {problems}. Your notes stay open "
                         "for now. Lock Harbour and restore the newest backup from the unlock screen; Harbour will "
                         "keep a copy of the damaged file.").format(problems="; ".join(problems[:3])))

    # -- the search index ------------------------------------------------------------------------------------
    def catch_up(self) -> BackgroundOperation:
        return catch_up(self.context, self.window, lambda _done: self._fill_languages())

    def _fill_languages(self) -> None:
        vault = self.context.vault
        if self._stopped or not vault.is_open or session_languages.complete(self.context.db):
            return

        def work(progress: Progress) -> None:
            try:
                with vault.worker_db() as db:
                    session_languages.fill(db, should_stop=lambda: progress.cancelled)
            except _STOPPED:
                pass  # locked: the next unlock or idle spell goes on

        self._run(work)

    def when_idle(self) -> None:
        if self._running is not None and not self._running.done:
            # Still at the backup or the whole-file check: another connection's writes would restart the backup.
            self.idle.start()
            return
        vault = self.context.vault

        def work(progress: Progress) -> bool:
            stop = lambda: progress.cancelled  # noqa: E731
            try:
                with vault.worker_db() as db:
                    finished = retention.scrub(db, should_stop=stop)
                    # A merge step can hold the write lock for a second on a years-old vault: the worker's return
                    # (or a lock) interrupts it mid-statement, so a save they make waits only for its rollback.
                    with progress.stopping(db.conn.interrupt):
                        filled = session_languages.fill(db, should_stop=stop)
                        return notes_index.tidy_index(db, should_stop=stop, seconds=TIDY_SECONDS) or not finished \
                            or not filled
            except (*_STOPPED, Cancelled):
                return True  # the next idle spell tries again

        def done(more_to_do: bool) -> None:
            self._tidying = None
            if more_to_do:
                self.idle.start()  # again at the next idle spell; otherwise at the next one after some input

        self._tidying = self._run(work, done)

    def _worker_back(self) -> None:
        if self._tidying is not None:
            self._tidying.progress.cancel()
