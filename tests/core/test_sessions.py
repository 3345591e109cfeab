"""Sessions: notes saved fast and durably, the 'we stopped here' marker, the timeline order."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop.core.records import clients, notes_index, sessions
from desktop.core.records.search import search_notes
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


def _indexed(db, word: str) -> list[int]:
    return [row[0] for row in db.execute("SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?", [word])]


def test_save_notes_is_durable_and_searchable(db, client, vault):
    session = sessions.create_session(db, client.id)
    sessions.save_notes(db, session.id, "Talked about the bakery shifts")
    assert sessions.get_session(db, session.id).notes == "Talked about the bakery shifts"
    assert [hit.session_id for hit in search_notes(db, "bakery")] == [session.id]
    sessions.save_notes(db, session.id, "Talked about the garden")
    assert search_notes(db, "bakery") == [] and [hit.session_id for hit in search_notes(db, "gard")] == [session.id]


def test_autosave_leaves_indexing_for_later_and_search_stays_exact_meanwhile(db, client):
    """An autosave does not re-index the note on the GUI thread (issue 21); it remembers what the index holds. Until
    the index catches up (off the GUI thread), search matches that note on its saved text: nothing is missed and
    nothing stale is found, across many saves; catching up leaves an index that passes FTS5's own check."""
    other = sessions.create_session(db, client.id)
    sessions.save_notes(db, other.id, "the garden behind the bakery")
    session = sessions.create_session(db, client.id)
    sessions.save_notes(db, session.id, "bakery shifts")
    assert notes_index.index_pending_notes(db) == 2 and _indexed(db, "bakery") == [other.id, session.id]
    for text in ("bakery shifts and rent", "garden rent", "garden rent, the landlord"):
        sessions.save_notes(db, session.id, text)
    assert notes_index.notes_waiting_for_index(db) == 1
    assert _indexed(db, "bakery") == [other.id, session.id] and _indexed(db, "landlord") == []  # the index lags
    assert [hit.session_id for hit in search_notes(db, "bakery")] == [other.id]               # search does not
    assert [hit.session_id for hit in search_notes(db, "landl")] == [session.id]
    assert [hit.session_id for hit in search_notes(db, "gard")] == [session.id, other.id]    # newest first
    assert notes_index.index_pending_notes(db) == 1 and notes_index.notes_waiting_for_index(db) == 0
    assert _indexed(db, "bakery") == [other.id] and _indexed(db, "landlord") == _indexed(db, "garden")[1:]
    db.execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)")  # raises if inconsistent


def test_deleting_a_session_with_an_edit_not_yet_indexed_leaves_the_index_whole(db, client):
    kept = sessions.create_session(db, client.id)
    sessions.save_notes(db, kept.id, "the bakery on Main")
    gone = sessions.create_session(db, client.id)
    sessions.save_notes(db, gone.id, "first words")
    notes_index.index_pending_notes(db)
    sessions.save_notes(db, gone.id, "the bakery again, then the garden")  # pending: the index holds "first words"
    db.execute("DELETE FROM sessions WHERE id = ?", [gone.id])
    assert [hit.session_id for hit in search_notes(db, "first")] == []
    assert notes_index.index_pending_notes(db) == 1 and notes_index.notes_waiting_for_index(db) == 0
    assert _indexed(db, "first") == [] and _indexed(db, "bakery") == [kept.id]
    db.execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)")  # raises if inconsistent


def test_a_new_session_reusing_the_id_of_one_still_being_scrubbed_is_indexed_alone(db, client):
    gone = sessions.create_session(db, client.id)
    sessions.save_notes(db, gone.id, "zanzibar words")
    notes_index.index_pending_notes(db)
    db.execute("DELETE FROM sessions WHERE id = ?", [gone.id])  # the index still holds "zanzibar" for this id
    again = sessions.create_session(db, client.id, notes="the garden")
    assert again.id == gone.id and notes_index.notes_waiting_for_index(db) == 0
    assert _indexed(db, "zanzibar") == [] and _indexed(db, "garden") == [again.id]
    db.execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)")


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
