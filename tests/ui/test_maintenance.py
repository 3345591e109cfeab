"""The background index work of the open vault (issues 18 and 21) runs on a connection of its own."""

from __future__ import annotations

import threading

import sqlcipher3
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.core.records import clients, notes_index, retention, session_languages, sessions
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


def _languages_not_filled(db) -> list[tuple[int, str]]:
    """Sessions in a few languages, their table emptied and marked not yet filled (a vault just migrated to 0013)."""
    client = clients.create_client(db, "Mei")
    for index in range(12):
        sessions.create_session(db, client.id, language=("yue", "ti", "pa-Guru")[index % 3])
    expected = [tuple(row) for row in db.execute("SELECT id, language FROM sessions ORDER BY id")]
    db.execute("DELETE FROM session_languages")
    db.execute("INSERT INTO vault_meta (key, value) SELECT 'session_languages_fill_below', MAX(id) + 1 FROM sessions")
    return expected


def _filled(db) -> list[tuple[int, str]]:
    return [tuple(row) for row in db.execute("SELECT session_id, language FROM session_languages ORDER BY 1")]


def _filled_by_maintenance(qtbot, context, start=lambda _keeper: None) -> list[tuple[int, str]]:
    """What the table holds once a VaultMaintenance has filled it (``start`` sets it going)."""
    window = QWidget()
    qtbot.addWidget(window)
    keeper = maintenance.VaultMaintenance(context, window, warn=lambda _text: None)
    try:
        start(keeper)
        qtbot.waitUntil(lambda: session_languages.complete(context.db), timeout=20_000)
    finally:
        keeper.stop()
        assert operations.wait_for_running(10_000)
    return _filled(context.db)


def test_an_idle_spell_fills_the_session_languages_of_a_vault_from_before(qtbot, context, monkeypatch):
    monkeypatch.setattr(maintenance, "IDLE_MINUTES", 0.001)
    monkeypatch.setattr(session_languages, "STEP", 5)
    expected = _languages_not_filled(context.db)
    assert _filled_by_maintenance(qtbot, context) == expected


def test_a_lock_stops_the_filling_between_two_steps_and_the_next_spell_goes_on(qtbot, context, monkeypatch):
    monkeypatch.setattr(maintenance, "IDLE_MINUTES", 0.001)
    monkeypatch.setattr(session_languages, "STEP", 1)
    expected = _languages_not_filled(context.db)
    stepped, real_step = threading.Event(), session_languages._fill_step

    def a_slow_step(db, below: int, step: int) -> None:
        real_step(db, below, step)
        stepped.set()  # one step written (committed as it returns): the lock comes while this one lingers
        threading.Event().wait(0.1)

    monkeypatch.setattr(session_languages, "_fill_step", a_slow_step)
    window = QWidget()
    qtbot.addWidget(window)
    keeper = maintenance.VaultMaintenance(context, window, warn=lambda _text: None)
    try:
        qtbot.waitUntil(stepped.is_set, timeout=10_000)
        keeper.stop()
        operations.cancel_running()  # what locking does first: work that can stop half way stops
        assert operations.wait_for_running(10_000)
    finally:
        keeper.stop()
    assert 0 < len(_filled(context.db)) < len(expected) and not session_languages.complete(context.db)
    assert _filled_by_maintenance(qtbot, context) == expected  # the next idle spell


def test_the_catch_up_after_unlock_goes_on_to_fill_the_session_languages(qtbot, context):
    expected = _languages_not_filled(context.db)
    # Where after_unlock's chain ends (after the backup and the whole-file check); idle comes after 30 s only.
    assert _filled_by_maintenance(qtbot, context, start=lambda keeper: keeper.catch_up()) == expected
