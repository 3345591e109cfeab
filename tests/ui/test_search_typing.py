"""Search as you type on a large vault (issue 21): every keystroke's search runs on a worker thread, the window
keeps taking keys, and a search overtaken by a newer one never replaces the newer one's results."""

from __future__ import annotations

import threading

import pytest
import sqlcipher3
from PySide6.QtCore import Qt

from desktop.core.records import clients, search, sessions
from desktop.ui.clients.search_panel import SearchView
from desktop.ui.widgets.operations import Cancelled, cancel_running, wait_for_running


@pytest.fixture
def view(qtbot, context):
    mei = clients.create_client(context.db, "Mei")
    for text in ("the clinic on Main", "a cleaning job", "the clinic again"):
        sessions.create_session(context.db, mei.id, notes=text)
    widget = SearchView(context)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    context.events.about_to_lock.emit()  # as the app's lock does: the search's connection closes at once


def test_a_slow_search_overtaken_by_the_next_key_is_dropped(qtbot, view, monkeypatch):
    real = search.search_notes
    release = threading.Event()

    def slow_for_the_first(db, text, filters=None, limit=search.DEFAULT_LIMIT):
        if text == "cl":
            release.wait(5)  # the vault is slow on this one: the worker types on meanwhile
        return real(db, text, filters, limit)

    monkeypatch.setattr(search, "search_notes", slow_for_the_first)
    qtbot.keyClicks(view.query, "cl")
    view.run()
    assert view.results.count() == 0  # still searching, on a worker thread: run() came back at once
    qtbot.keyClicks(view.query, "inic")  # the window still takes keys while "cl" is being searched
    assert view.query.text() == "clinic"
    view.run()
    qtbot.waitUntil(lambda: view.results.count() == 2)
    release.set()
    wait_for_running()
    assert view.results.count() == 2, "the overtaken search for 'cl' (3 matches) must not replace 'clinic'"
    texts = [view.results.item(row).data(Qt.ItemDataRole.AccessibleTextRole) for row in range(2)]
    assert all("clinic" in text for text in texts) and "2 matches" in view.count.text()


def test_one_letter_asks_for_one_more(qtbot, view):
    qtbot.keyClicks(view.query, "c")
    view.run()
    wait_for_running()
    assert view.results.count() == 0 and "second letter" in view.count.text()
    qtbot.keyClicks(view.query, "l")
    qtbot.waitUntil(lambda: view.results.count() == 3)


def test_the_next_key_interrupts_a_search_still_running_and_only_its_results_are_shown(qtbot, view, monkeypatch,
                                                                                     context):
    """On a large vault a short prefix can take a while: the next keystroke stops its statement where it is (on the
    search's own connection, never the window's), so its results never come late or replace the newer ones."""
    real = search.search_notes
    started, stopped = threading.Event(), []

    def endless_for_cl(db, text, filters=None, limit=search.DEFAULT_LIMIT):
        if text == "cl":
            started.set()
            try:  # a statement that never ends by itself: only an interrupt stops it
                db.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                           "SELECT COUNT(*) FROM n").fetchone()
            except sqlcipher3.OperationalError as error:
                stopped.append(str(error))
                raise
        return real(db, text, filters, limit)

    monkeypatch.setattr(search, "search_notes", endless_for_cl)
    qtbot.keyClicks(view.query, "cl")
    qtbot.waitUntil(started.is_set)  # the pause after typing ran the search for "cl"
    qtbot.keyClicks(view.query, "inic")
    qtbot.waitUntil(lambda: view.results.count() == 2, timeout=10_000)
    qtbot.waitUntil(lambda: stopped == ["interrupted"], timeout=10_000)
    wait_for_running()
    texts = [view.results.item(row).data(Qt.ItemDataRole.AccessibleTextRole) for row in range(2)]
    assert all("clinic" in text for text in texts) and "2 matches" in view.count.text()
    # The window's own connection was never interrupted: it saves and reads as before.
    first = context.db.execute("SELECT MIN(id) FROM sessions").fetchone()[0]
    sessions.save_notes(context.db, first, "the clinic on Main Street")
    assert sessions.get_session(context.db, first).notes == "the clinic on Main Street"


def test_a_lock_interrupts_a_search_still_running(qtbot, view, monkeypatch, context):
    """Locking cancels running work: a search waiting inside a statement stops at once, and says nothing."""
    started, stopped = threading.Event(), []

    def endless(db, text, filters=None, limit=search.DEFAULT_LIMIT):
        started.set()
        try:
            db.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n"
                       ).fetchone()
        except sqlcipher3.OperationalError as error:
            stopped.append(str(error))
            raise

    monkeypatch.setattr(search, "search_notes", endless)
    qtbot.keyClicks(view.query, "clinic")
    qtbot.waitUntil(started.is_set)
    cancel_running()
    qtbot.waitUntil(lambda: stopped == ["interrupted"], timeout=10_000)
    assert wait_for_running(10_000)
    assert view.results.count() == 0


def test_the_search_connection_is_kept_while_typing_and_closed_after_a_pause_and_before_a_lock(qtbot, view,
                                                                                                monkeypatch, context):
    """A fresh connection per keystroke reads the schema and starts with a cold cache (~15 ms more on a large
    vault): one is kept while the worker types, and closed once they stop, or at once when the vault locks."""
    from desktop.ui.clients import search_connection

    real, used = search.search_notes, []

    def remembering(db, text, filters=None, limit=search.DEFAULT_LIMIT):
        used.append(db.conn)  # the connection under the search's view of it
        return real(db, text, filters, limit)

    monkeypatch.setattr(search, "search_notes", remembering)
    qtbot.keyClicks(view.query, "cl")
    qtbot.waitUntil(lambda: view.results.count() == 3)
    qtbot.keyClicks(view.query, "inic")
    qtbot.waitUntil(lambda: view.results.count() == 2)
    assert len(used) == 2 and used[0] is used[1] and used[0] is not context.db.conn
    assert view._connection.is_open
    context.events.about_to_lock.emit()
    assert not view._connection.is_open, "closed before the lock, which waits for every lent connection"
    monkeypatch.setattr(search_connection, "KEPT_SECONDS", 0.05)
    qtbot.keyClick(view.query, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: len(used) == 3)
    qtbot.waitUntil(lambda: not view._connection.is_open)  # the worker stopped typing


def test_a_search_cancelled_between_two_statements_starts_no_more(qtbot, view, monkeypatch):
    """An interrupt stops a statement that is running; between two there is none, so the cancelled search is
    refused its next one, and the next keystroke's search (which waits for it to end) never waits for the rest."""
    real = search.search_notes
    between, go_on, refused = threading.Event(), threading.Event(), []

    def pausing_for_cl(db, text, filters=None, limit=search.DEFAULT_LIMIT):
        if text == "cl":
            db.execute("SELECT 1").fetchone()
            between.set()
            go_on.wait(10)  # between two statements when the next key comes
            try:
                db.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                           "SELECT COUNT(*) FROM n").fetchone()
            except Cancelled:
                refused.append(text)
                raise
        return real(db, text, filters, limit)

    monkeypatch.setattr(search, "search_notes", pausing_for_cl)
    qtbot.keyClicks(view.query, "cl")
    qtbot.waitUntil(between.is_set)
    first = view._searching
    qtbot.keyClicks(view.query, "inic")
    qtbot.waitUntil(lambda: first.progress.cancelled)  # the pause after typing ran the next search, which cancels
    go_on.set()
    qtbot.waitUntil(lambda: view.results.count() == 2, timeout=10_000)
    assert refused == ["cl"] and "2 matches" in view.count.text()


def test_the_filter_choices_are_read_off_the_gui_thread_and_a_client_asked_for_is_chosen_at_once(qtbot, view,
                                                                                                 monkeypatch, context):
    """Every session's language is read for the language filter (4.5 s at 20,000 clients): never on the GUI
    thread. Opened from a client's page, the screen searches that client's notes from the first keystroke."""
    readers = []
    real = search.all_session_languages
    monkeypatch.setattr(search, "all_session_languages",
                        lambda db: readers.append(threading.current_thread()) or real(db))
    ana = clients.create_client(context.db, "Ana", tags=["farm"])
    sessions.create_session(context.db, ana.id, notes="the clinic for Ana", language="yue")
    view.refresh_filters(ana.id)
    assert view.filters().client_id == ana.id, "chosen before the lists are read"
    qtbot.keyClicks(view.query, "clinic")
    qtbot.waitUntil(lambda: view.results.count() == 1 and view.tag_filter.count() == 2)
    wait_for_running()
    assert readers and threading.main_thread() not in readers
    assert view.filters().client_id == ana.id and view.client_filter.field.text() == "Ana"   # still chosen
    assert view.language_filter.count() > 1
    view.refresh_filters()
    assert view.filters().client_id is None


def test_a_lock_stops_the_reading_of_the_filter_choices(qtbot, view, monkeypatch):
    """Locking waits for running work before it closes the vault: the seconds-long read of every session's
    language must stop at once, not hold the lock up."""
    started, stopped = threading.Event(), []

    def endless(db):
        started.set()
        try:
            db.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n"
                       ).fetchone()
        except sqlcipher3.OperationalError as error:
            stopped.append(str(error))
            raise

    wait_for_running()  # the choices read when the screen was made
    monkeypatch.setattr(search, "all_session_languages", endless)
    view.refresh_filters()
    qtbot.waitUntil(started.is_set)
    cancel_running()
    qtbot.waitUntil(lambda: stopped == ["interrupted"], timeout=10_000)
    assert wait_for_running(10_000)
