"""The one background-operation helper: work runs on a worker thread, results come back on the GUI thread, the
event loop keeps running meanwhile, failures are reported, and an overtaken query's result is dropped."""

from __future__ import annotations

import threading
import time

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from desktop.ui.widgets.operations import BackgroundOperation, Cancelled, is_busy, wait_for_running


@pytest.fixture
def window(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_work_runs_off_the_gui_thread_and_reports_back_on_it(qtbot, window):
    seen = {}

    def work(_progress):
        seen["work"] = threading.current_thread()
        return 42

    def success(result):
        seen["success"] = (threading.current_thread(), result)

    operation = BackgroundOperation(window, work, success=success, label="Working…").run()
    qtbot.waitUntil(lambda: operation.done)
    assert seen["work"] is not threading.main_thread()
    assert seen["success"] == (threading.main_thread(), 42)


def test_the_event_loop_keeps_answering_while_work_runs(qtbot, window):
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(10)
    operation = BackgroundOperation(window, lambda _p: time.sleep(0.3), label="Working…").run()
    assert is_busy()
    qtbot.waitUntil(lambda: operation.done, timeout=5000)
    timer.stop()
    assert len(ticks) >= 5, "the GUI thread kept running its timers while the work slept"
    assert not is_busy()


def test_a_failure_reaches_the_failure_callback_on_the_gui_thread(qtbot, window):
    failures = []

    def work(_progress):
        raise ValueError("disk gone")

    operation = BackgroundOperation(window, work, failure=lambda error: failures.append(
        (threading.current_thread(), str(error)))).run()
    qtbot.waitUntil(lambda: operation.done)
    assert failures == [(threading.main_thread(), "disk gone")]


def test_an_overtaken_query_is_dropped(qtbot, window):
    results = []
    slow = BackgroundOperation(window, lambda _p: (time.sleep(0.2), "old")[1], success=results.append,
                               blocking=False, key="search").run()
    fast = BackgroundOperation(window, lambda _p: "new", success=results.append, blocking=False, key="search").run()
    qtbot.waitUntil(lambda: slow.done and fast.done, timeout=5000)
    assert results == ["new"]


def test_progress_is_reported_and_waiting_finishes_everything(qtbot, window):
    def work(progress):
        for step in range(3):
            progress.report(step + 1, 3)
        return "ok"

    operation = BackgroundOperation(window, work, label="Working…").run()
    assert wait_for_running(5000)
    assert operation.done and operation.result == "ok"


def test_a_screen_closed_while_its_work_runs_does_not_leave_the_work_running_for_ever(qtbot):
    """Its report never arrived (the operation went with the screen), so every later lock waited for it."""
    import threading

    from PySide6.QtWidgets import QWidget

    from desktop.ui.widgets import operations

    screen = QWidget()
    release = threading.Event()
    told = []
    operations.BackgroundOperation(screen, lambda _progress: release.wait(5), success=told.append).run()
    screen.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(screen))
    release.set()
    assert operations.wait_for_running(5_000)
    assert not operations.is_busy()
    assert told == []  # the closed screen is not asked to show a result


def test_cancelling_calls_what_stops_the_work_only_while_its_block_runs(qtbot, window):
    """Work waiting inside one long call (a query) is stopped by the cancel itself, from the cancelling thread."""
    calls = []
    operation = BackgroundOperation(window, lambda _progress: None, blocking=False)
    with operation.progress.stopping(lambda: calls.append("stop")):
        operation.progress.cancel()
    operation.progress.cancel()
    assert calls == ["stop"], "called once, while the block ran; never after it ended"
    with pytest.raises(Cancelled), operation.progress.stopping(lambda: calls.append("late")):
        pass
    assert calls == ["stop"]
