"""A session records which script was shown, in which language and which version of the words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop.core.scripts import catalogs as scripts
from desktop.core.scripts import script_log
from desktop.core.vault.db import to_db_time, utc_now


def _session(db) -> int:
    now = to_db_time(utc_now())
    client = db.execute("INSERT INTO clients (first_name, created_at, updated_at) VALUES ('Ana', ?, ?)",
                        [now, now]).lastrowid
    return db.execute("INSERT INTO sessions (client_id, started_at, created_at, updated_at) VALUES (?, ?, ?, ?)",
                      [client, now, now, now]).lastrowid


def test_a_shown_script_is_recorded_with_language_and_revision(db):
    session_id = _session(db)
    shown = scripts.load_script("confidentiality", "pa_Guru")
    revision = scripts.revision(shown.paragraphs)
    script_log.record_shown(db, session_id, "confidentiality", "pa_Guru", revision)
    [row] = script_log.shown_in_session(db, session_id)
    assert (row.script_id, row.locale, row.revision) == ("confidentiality", "pa_Guru", revision)
    assert row.shown_at.tzinfo is not None


def test_showing_the_same_words_twice_in_a_row_records_once(db):
    session_id = _session(db)
    first = script_log.record_shown(db, session_id, "role", "ar", "abc")
    again = script_log.record_shown(db, session_id, "role", "ar", "abc")
    assert again.id == first.id
    script_log.record_shown(db, session_id, "role", "fa", "def")
    assert [row.locale for row in script_log.shown_in_session(db, session_id)] == ["ar", "fa"]


def test_records_come_back_oldest_first(db):
    session_id = _session(db)
    script_log.record_shown(db, session_id, "stop", "en", "r2", at=datetime(2026, 1, 2, tzinfo=UTC))
    script_log.record_shown(db, session_id, "role", "en", "r1", at=datetime(2026, 1, 1, tzinfo=UTC))
    assert [row.script_id for row in script_log.shown_in_session(db, session_id)] == ["role", "stop"]


def test_unknown_session_is_refused_with_a_sentence_and_nothing_is_stored(db):
    with pytest.raises(script_log.ScriptLogError, match="session could not be found"):
        script_log.record_shown(db, 9999, "role", "en", "abc")
    assert db.execute("SELECT count(*) FROM scripts_shown").fetchone()[0] == 0


def test_a_record_without_a_revision_is_refused(db):
    session_id = _session(db)
    with pytest.raises(script_log.ScriptLogError):
        script_log.record_shown(db, session_id, "role", "en", "")
    assert script_log.shown_in_session(db, session_id) == []


def test_deleting_the_session_deletes_its_records(db):
    session_id = _session(db)
    script_log.record_shown(db, session_id, "role", "en", "abc")
    db.execute("DELETE FROM sessions WHERE id = ?", [session_id])
    assert script_log.shown_in_session(db, session_id) == []


def test_revision_changes_when_the_words_change():
    english = scripts.load_script("role", "en").paragraphs
    french = scripts.load_script("role", "fr").paragraphs
    assert scripts.revision(english) == scripts.revision(list(english))
    assert scripts.revision(english) != scripts.revision(french)
    assert len(scripts.revision(english)) == 16


def test_recent_sessions_come_latest_first_with_the_first_name(db):
    older = _session(db)
    db.execute("UPDATE sessions SET started_at = '2026-01-01T10:00:00+00:00' WHERE id = ?", [older])
    newer = _session(db)
    choices = script_log.recent_sessions(db)
    assert [choice.id for choice in choices] == [newer, older]
    assert choices[0].first_name == "Ana"
    assert script_log.recent_sessions(db, limit=1)[0].id == newer
