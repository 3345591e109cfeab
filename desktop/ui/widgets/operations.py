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

Python's cyclic garbage collector and slow work: a full collection scans every tracked object while holding the
GIL, so the window cannot run a line of Python meanwhile (45-100 ms when a worker set one off after a 1,000-row
roster import; ~100 ms at every lock). So:
- while any operation runs, no full collection starts by itself (the young generations are collected as usual):
  the worker's allocations cannot set one off;
- the objects made at start-up and kept for the process's life (modules, CLDR data, the language names the
  warm-up works out), made before any vault is opened, are set aside from the collector for good, once
  (``set_aside_start_up_objects``, gc.freeze): no full collection scans them again;
- locking collects everything else (``collect_the_session``, once the vault is closed), so no cyclic garbage of
  a session, which may hold note text, outlives its lock. Objects freed by reference counting are freed at once,
  as always.
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
_thresholds_while_idle: tuple[int, int, int] | None = None  # the collector's thresholds, kept while work runs
_start_up_set_aside = False
_an_operation_ran = False
NO_FULL_COLLECTION = 2**30  # a threshold for the oldest generation that is never reached


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
        global _an_operation_ran
        _an_operation_ran = True
        _hold_full_collections()
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
        _release_full_collections()

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
    _release_full_collections()


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


def _hold_full_collections() -> None:
    global _thresholds_while_idle
    if _thresholds_while_idle is None:
        _thresholds_while_idle = gc.get_threshold()
        young, middle, _oldest = _thresholds_while_idle
        gc.set_threshold(young, middle, NO_FULL_COLLECTION)


def _release_full_collections() -> None:
    global _thresholds_while_idle
    if _thresholds_while_idle is not None and not _running:
        gc.set_threshold(*_thresholds_while_idle)
        _thresholds_while_idle = None


def set_aside_start_up_objects() -> bool:
    """Once per process, before any operation has run (so before any vault is opened, and before any passphrase
    was handed to work; the controller calls it when the start-up warm-up is done): sets every object alive aside
    from the collector for good. O(1) but for a collection of the young generations first: a full one would hold
    the unlock screen ~100 ms, and what it could free is start-up's own garbage, which no full collection would
    reach after this either (a little memory, none of it client data or a secret)."""
    global _start_up_set_aside
    if _start_up_set_aside or _running or _an_operation_ran:
        return False
    gc.collect(1)
    gc.freeze()
    _start_up_set_aside = True
    return True


def start_up_set_aside() -> bool:
    return _start_up_set_aside


def collect_the_session() -> None:
    """Locking calls it once the vault is closed: a full collection of everything but what start-up set aside,
    so every cyclic object made while the vault was open and no longer used is freed before the unlock screen."""
    gc.collect()
