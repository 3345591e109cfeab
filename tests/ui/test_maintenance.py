"""The background index work of the open vault (issues 18 and 21) runs on a connection of its own."""

from __future__ import annotations

from desktop.core.records import clients, notes_index, retention, sessions
from desktop.ui.shell import maintenance


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
