"""Sessions: notes saved fast and durably, the 'we stopped here' marker, the timeline order."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop.core.records import clients, sessions
from desktop.core.records.sessions import InvalidSession, SessionNotFound


@pytest.fixture
def client(db):
    return clients.create_client(db, "Mei")


def test_create_session_records_who_where_and_language(db, client):
    started = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
    session = sessions.create_session(db, client.id, started_at=started, place="Drop-in", worker="Sam",
                                      interpreter_name="Lin", language="yue")
    stored = sessions.get_session(db, session.id)
    assert (stored.started_at, stored.place, stored.worker, stored.language) == (started, "Drop-in", "Sam", "yue")
    assert stored.interpreter_id is None and stored.stopped_reason is None


def test_save_notes_is_durable_and_searchable(db, client, vault):
    session = sessions.create_session(db, client.id)
    sessions.save_notes(db, session.id, "Talked about the bakery shifts")
    assert sessions.get_session(db, session.id).notes == "Talked about the bakery shifts"
    assert db.execute("SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'bakery'").fetchall() == [(session.id,)]
    sessions.save_notes(db, session.id, "Talked about the garden")
    assert db.execute("SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'bakery'").fetchall() == []


def test_save_notes_on_missing_session_says_so(db):
    with pytest.raises(SessionNotFound):
        sessions.save_notes(db, 404, "text")


def test_session_for_missing_client_is_refused(db):
    with pytest.raises(clients.ClientNotFound):
        sessions.create_session(db, 404)


def test_stop_marker_records_reason_and_can_be_cleared(db, client):
    session = sessions.create_session(db, client.id)
    stopped = sessions.stop_here(db, session.id, "distress", "Paused at the employer question")
    assert stopped.stopped and stopped.stopped_note == "Paused at the employer question"
    assert sessions.stop_reason_label("distress")
    cleared = sessions.clear_stop(db, session.id)
    assert cleared.stopped_reason is None and cleared.stopped_note == ""


def test_unknown_stop_reason_is_refused_and_nothing_changes(db, client):
    session = sessions.create_session(db, client.id, place="Park")
    with pytest.raises(InvalidSession):
        sessions.update_session(db, session.id, place="Cafe", stopped_reason="bored")
    assert sessions.get_session(db, session.id).place == "Park"


def test_bad_language_is_a_session_error(db, client):
    with pytest.raises(InvalidSession):
        sessions.create_session(db, client.id, language="not a tag")


def test_sessions_for_client_newest_first(db, client):
    older = sessions.create_session(db, client.id, started_at=datetime(2026, 1, 1, tzinfo=UTC))
    newer = sessions.create_session(db, client.id, started_at=datetime(2026, 2, 1, tzinfo=UTC))
    assert [s.id for s in sessions.sessions_for_client(db, client.id)] == [newer.id, older.id]
