"""The one way slow work runs off the GUI thread (the pattern of Anki's aqt/operations).

``BackgroundOperation(parent, work, success=...).run()`` runs ``work(progress)`` on a worker thread; ``success``,
``failure`` and progress reports arrive back on the GUI thread through queued signals, so only the GUI thread ever
touches a widget. While it runs, the window shows that it is busy (a wait cursor, and after a short delay a
progress dialog saying what is happening), and keeps answering: repainting, moving, the quick-hide key.

``blocking=True`` (the default) is for work on the vault: the progress dialog is window-modal, so the worker cannot
start a second change to the same database while the first is under way. ``blocking=False`` is for reads the
worker may overtake (search as you type): nothing is shown, and a newer operation of the same ``key`` makes the
older one's result be dropped.

Work must not touch widgets; it gets plain values in its closure and returns plain values.

Before each operation, the objects alive at that moment (modules, CLDR data, the open screens) are set aside from
Python's cyclic garbage collector (``gc.freeze``): a full collection set off by the worker's allocations scans
every tracked object while holding the GIL, and the window cannot run a line of Python meanwhile (45-100 ms after
a 1,000-row roster import, measured). Objects freed by reference counting are freed as before; cyclic garbage among
the set-aside objects waits for ``give_back_set_aside``, which locking calls, so nothing of a session is kept past
its lock.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QProgressDialog, QWidget

# A dialog that flashes up for a fast operation is worse than none: it appears only for work that takes longer.
DIALOG_DELAY_MS = 400

_running: set[BackgroundOperation] = set()
_latest_of_key: dict[str, int] = {}


class Cancelled(Exception):
    """Work that found its operation cancelled before it began (``Progress.stopping``)."""


class Progress:
    """Handed to the work: ``progress.report(done, total)`` (thread-safe), ``progress.cancelled``, and
    ``with progress.stopping(connection.interrupt): ...`` for work that waits inside one long call (a query):
    cancelling then calls that at once, from the thread that cancels, so the work stops mid-statement."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancel = threading.Event()
        self._stoppers: list[Callable[[], None]] = []
        self._stoppers_lock = threading.Lock()  # a stopper is never called once its block has ended

    def report(self, done: int, total: int) -> None:
        self._signals.progress.emit(int(done), int(total))

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        with self._stoppers_lock:
            self._cancel.set()
            for stop in self._stoppers:
                stop()

    @contextmanager
    def stopping(self, stop: Callable[[], None]) -> Iterator[None]:
        """While the block runs, ``cancel()`` also calls ``stop`` (e.g. ``interrupt()`` on the connection the work
        reads on: thread-safe, the running statement fails with "interrupted"; between two statements it does
        nothing, so work of several statements looks at ``cancelled`` too). Already cancelled: Cancelled."""
        with self._stoppers_lock:
            if self._cancel.is_set():
                raise Cancelled()
            self._stoppers.append(stop)
        try:
            yield
        finally:
            with self._stoppers_lock:
                self._stoppers.remove(stop)


class _Signals(QObject):
    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], progress: Progress, signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._work, self._progress, self._signals = work, progress, signals

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except BaseException as error:  # every failure is reported to the GUI thread, never lost
            self._signals.failed.emit(error)
        else:
            self._signals.succeeded.emit(result)


class BackgroundOperation(QObject):
    finished = Signal()

    def __init__(self, parent: QWidget | None, work: Callable[[Progress], Any], *,
                 success: Callable[[Any], None] | None = None,
                 failure: Callable[[BaseException], None] | None = None,
                 label: str = "", blocking: bool = True, key: str = "") -> None:
        super().__init__(parent)
        self._parent, self._work, self._label, self._blocking, self._key = parent, work, label, blocking, key
        self._success, self._failure = success, failure
        self._signals = _Signals()  # created on the GUI thread, so its queued signals are delivered here
        self._signals.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._signals.succeeded.connect(self._on_success, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self._on_failure, Qt.ConnectionType.QueuedConnection)
        self.progress = Progress(self._signals)
        self._dialog: QProgressDialog | None = None
        self._generation = 0
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> BackgroundOperation:
        gc.freeze()  # O(1): the collector the worker may set off scans only what is made from now on
        _running.add(self)
        if self._key:
            self._generation = _latest_of_key[self._key] = _latest_of_key.get(self._key, 0) + 1
        if self._blocking:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            QTimer.singleShot(DIALOG_DELAY_MS, self._show_dialog)
        QThreadPool.globalInstance().start(_Runnable(self._work, self.progress, self._signals))
        return self

    def _show_dialog(self) -> None:
        if self.done or not self._label:
            return
        dialog = QProgressDialog(self._label, "", 0, 0, self._parent)
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAccessibleName(self._label)
        dialog.show()
        self._dialog = dialog

    def _on_progress(self, done: int, total: int) -> None:
        if self._dialog is not None:
            self._dialog.setMaximum(max(total, 0))
            self._dialog.setValue(min(done, total))

    def _stale(self) -> bool:
        return bool(self._key) and _latest_of_key.get(self._key) != self._generation

    def _finish(self) -> None:
        self.done = True
        if self._blocking:
            QGuiApplication.restoreOverrideCursor()
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        _running.discard(self)

    def _on_success(self, result: object) -> None:
        self._finish()
        self.result = result
        if self._success is not None and not self._stale():
            self._success(result)
        self.finished.emit()

    def _on_failure(self, error: BaseException) -> None:
        self._finish()
        self.error = error
        if self._stale():
            pass  # overtaken by a newer operation of the same key
        elif self._failure is not None:
            self._failure(error)
        else:
            sys.excepthook(type(error), error, error.__traceback__)  # the redacting crash hook, as on the GUI thread
        self.finished.emit()


def _forget_closed() -> None:
    """Drops operations that went with a screen closed while they ran: their report can never arrive, and they
    must not keep every later lock waiting (nor the busy cursor on)."""
    for operation in [each for each in _running if not shiboken6.isValid(each)]:
        _running.discard(operation)
        if operation._blocking and not operation.done:
            operation.done = True
            QGuiApplication.restoreOverrideCursor()


def is_busy() -> bool:
    """True while any blocking operation runs (locking waits for it, so the vault never closes under a write)."""
    _forget_closed()
    return any(operation._blocking for operation in _running)


def cancel_running() -> None:
    """Asks every running operation to stop at its next look at ``progress.cancelled`` (locking does, so work that
    can stop half way, like tidying the search index, does not hold the lock up; it resumes after the next unlock)."""
    for operation in list(_running):
        operation.progress.cancel()


def wait_for_running(timeout_ms: int = 30_000) -> bool:
    """Lets every running operation finish (the worker thread, then its report on the GUI thread), including one
    that a finishing operation starts in its turn (a chain of steps)."""
    deadline = QDeadlineTimer(timeout_ms)
    while True:
        finished = QThreadPool.globalInstance().waitForDone(max(0, deadline.remainingTime()))
        for _round in range(10):
            _forget_closed()
            if not _running:
                break
            QCoreApplication.processEvents()
        if not _running or not finished or deadline.hasExpired():
            return finished and not _running


def give_back_set_aside() -> None:
    """Hands every object set aside by ``run`` back to the collector and collects (locking calls it, once the vault
    is closed: a pause there costs nothing, and no cyclic garbage of the session outlives the lock)."""
    gc.unfreeze()
    gc.collect()
