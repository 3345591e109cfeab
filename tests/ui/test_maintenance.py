"""The background index work of the open vault (issues 18 and 21) runs on a connection of its own."""

from __future__ import annotations

import threading

import sqlcipher3
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.core.records import clients, notes_index, retention, sessions
from desktop.ui.shell import maintenance
from desktop.ui.widgets import operations


def test_the_catch_up_after_a_deletion_runs_on_a_connection_of_its_own(qtbot, context, monkeypatch):
    db = context.db
    client = clients.create_client(db, "Mei")
    for _index in range(3):
        sessions.create_session(db, client.id, notes="zanzibarine employer address")
    retention.delete_client_for_good(db, client.id, "Mei", scrub_now=False)
    used, real_scrub = [], retention.scrub
    monkeypatch.setattr(retention, "scrub", lambda on, **kwargs: used.append(on.conn) or real_scrub(on, **kwargs))
    finished: list[bool] = []
    operation = maintenance.catch_up(context, None, finished.append)
    qtbot.waitUntil(lambda: operation.done, timeout=30_000)
    assert used and used[0] is not db.conn
    assert finished == [True]
    assert notes_index.notes_waiting_for_index(db) == 0
    assert retention.index_terms_containing(db, "zanzibarine") == []


def test_idle_tidying_is_interrupted_mid_step_by_the_first_key_when_the_worker_comes_back(qtbot, context, monkeypatch):
    """A merge step of the index's idle tidying can hold the write lock for a second on a years-old vault: the key
    the worker comes back with (here Ctrl+S, a save that would wait for it) stops the step mid-statement."""
    monkeypatch.setattr(maintenance, "IDLE_MINUTES", 0.001)  # a quiet spell of 60 ms
    running, ended = threading.Event(), []

    def a_step_that_would_take_long(db, **_kwargs) -> bool:
        running.set()
        try:
            db.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 200000000) "
                       "SELECT COUNT(*) FROM n").fetchone()
        except sqlcipher3.OperationalError as error:
            ended.append(str(error))
            raise
        ended.append("ran to its end")
        return False

    monkeypatch.setattr(notes_index, "tidy_index", a_step_that_would_take_long)
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    keeper = maintenance.VaultMaintenance(context, window, warn=lambda _text: None)
    try:
        qtbot.waitUntil(running.is_set, timeout=10_000)
        qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert operations.wait_for_running(10_000)
    finally:
        keeper.stop()
    assert ended == ["interrupted"]
