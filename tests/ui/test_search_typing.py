"""Search as you type on a large vault (issue 21): every keystroke's search runs on a worker thread, the window
keeps taking keys, and a search overtaken by a newer one never replaces the newer one's results."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from desktop.core.records import clients, search, sessions
from desktop.ui.clients.search_panel import SearchView
from desktop.ui.widgets.operations import wait_for_running


@pytest.fixture
def view(qtbot, context):
    mei = clients.create_client(context.db, "Mei")
    for text in ("the clinic on Main", "a cleaning job", "the clinic again"):
        sessions.create_session(context.db, mei.id, notes=text)
    widget = SearchView(context)
    qtbot.addWidget(widget)
    widget.show()
    return widget


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
