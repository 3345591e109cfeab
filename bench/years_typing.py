"""What a worker typing in a note meets while background work runs (issues 18 and 21), for bench_years.py and
bench_stalls.py: the largest gap between 10 ms ticks of a GUI-thread timer (``largest_stall``), and a worker typing
through the real SessionEditor (``TypingWorker``) with how long each typed text waited to be saved.
"""

from __future__ import annotations

import threading
import time


def largest_stall(start, finished) -> float:
    """Milliseconds of the longest gap between 10 ms ticks of a GUI-thread timer, from ``start()`` (queued on the
    event loop) until ``finished()`` is true."""
    from PySide6.QtCore import QEventLoop, QTimer

    ticks: list[float] = []
    loop = QEventLoop()
    ticker = QTimer()
    ticker.setInterval(10)
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))
    watcher = QTimer()
    watcher.setInterval(20)
    watcher.timeout.connect(lambda: finished() and loop.quit())
    ticker.start()
    watcher.start()
    QTimer.singleShot(0, start)
    ticks.append(time.perf_counter())
    loop.exec()
    ticks.append(time.perf_counter())
    ticker.stop()
    watcher.stop()
    return max(later - earlier for earlier, later in zip(ticks, ticks[1:], strict=False)) * 1000


class TypingWorker:
    """The real SessionEditor on ``session_id``, shown, a word typed into its notes every 100 ms (key events) and
    saved by its own autosave timer, its typing pause shortened to 50 ms so an autosave comes every 100 ms. For each
    save, ``waits`` holds how long the oldest word it wrote had waited (ms, from its keystroke: the 50 ms pause
    included); ``kept`` counts the words typed while an earlier save was kept for a retry (background work held the
    database). ``stop`` saves and puts the note back as it was."""

    TYPE_EVERY_MS = 100
    PAUSE_MS = 50

    def __init__(self, context, session_id: int) -> None:
        from PySide6.QtCore import QTimer

        from desktop.core.records import sessions
        from desktop.ui.clients.session_editor import SessionEditor

        self.context, self.session_id = context, session_id
        self.original = sessions.get_session(context.db, session_id).notes
        self.editor = SessionEditor(context, session_id)
        self.editor._timer.setInterval(self.PAUSE_MS)
        self.editor.saved.connect(self._saved)
        self.editor.show()
        self.waits: list[float] = []
        self.kept = 0
        self._oldest_unsaved: float | None = None
        self._typer = QTimer()
        self._typer.setInterval(self.TYPE_EVERY_MS)
        self._typer.timeout.connect(self._type)

    def start(self) -> None:
        self._typer.start()

    def stop(self) -> None:
        from desktop.core.records import sessions

        self._typer.stop()
        self.editor.flush()
        self.editor.saved.disconnect(self._saved)
        self.editor.close()
        self.editor.deleteLater()
        sessions.save_notes(self.context.db, self.session_id, self.original)

    def _type(self) -> None:
        from PySide6.QtTest import QTest

        if self.editor.waiting_for_background():
            self.kept += 1
        if self._oldest_unsaved is None:
            self._oldest_unsaved = time.perf_counter()
        QTest.keyClicks(self.editor.notes_edit, " word")

    def _saved(self) -> None:
        if self._oldest_unsaved is not None:
            self.waits.append((time.perf_counter() - self._oldest_unsaved) * 1000)
            self._oldest_unsaved = None


def explicit_saves_during(work, vault, session_id: int, every_s: float = 0.1) -> tuple[float, list[float]]:
    """Runs ``work(db)`` on a worker connection in a thread while the GUI connection makes an explicit save
    (connection.writing(wait=True), as Ctrl+S does) of the session's notes every ``every_s``: the work's total
    seconds, and how long each save waited (ms). The notes are put back as found."""
    from desktop.core.records import sessions
    from desktop.core.vault import connection

    found = sessions.get_session(vault.db, session_id).notes
    outcome: dict[str, float] = {}

    def background() -> None:
        started = time.perf_counter()
        with vault.worker_db() as db:
            work(db)
        outcome["total"] = time.perf_counter() - started

    thread = threading.Thread(target=background)
    thread.start()
    waits: list[float] = []
    while thread.is_alive():
        started = time.perf_counter()
        with connection.writing(wait=True):
            sessions.save_notes(vault.db, session_id, f"{found} saved {len(waits)}")
        waits.append((time.perf_counter() - started) * 1000)
        time.sleep(every_s)
    thread.join()
    sessions.save_notes(vault.db, session_id, found)
    return outcome["total"], waits
