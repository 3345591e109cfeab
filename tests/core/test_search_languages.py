"""Search by session language at years of notes (issue 21): each session's language in a small table of its own
(migration 0013), kept right by triggers and filled in steps on an older vault, gives the same results as reading
the language from the sessions themselves, and leaves nothing behind when a session is deleted for good."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlcipher3
import sqlite_utils

from desktop.core.records import clients, retention, search, session_languages, sessions
from desktop.core.records.search import SearchFilters, search_notes
from desktop.core.vault import schema
from desktop.core.vault.db import transaction
from tests.core.test_retention import _plaintext_db, plain_file_keys  # noqa: F401 - a fixture

WORDS = ("clinic", "clinician", "rent", "passport", "zebra", "interpreter", "interview")
LANGUAGES = ("yue", "yue", "yue", "yue", "ti", "pa", "pa-Guru", "es-MX", "", "yue")


def _table(db) -> list[tuple[int, str]]:
    return [tuple(row) for row in db.execute("SELECT session_id, language FROM session_languages ORDER BY 1")]


def _expected(db) -> list[tuple[int, str]]:
    return [tuple(row) for row in db.execute("SELECT id, language FROM sessions WHERE language != '' ORDER BY 1")]


def _as_before_migration_13(db) -> None:
    """The table emptied and marked not yet filled, as migration 0013 leaves a vault that had sessions."""
    with transaction(db):
        db.execute("DELETE FROM session_languages")
        db.execute("INSERT OR REPLACE INTO vault_meta (key, value) SELECT 'session_languages_fill_below', "
                   "MAX(id) + 1 FROM sessions")


@pytest.fixture
def years(db):
    """Three clients' sessions over two months in a handful of languages (yue common, ti rare, pa and pa-Guru
    under one filter, some with none), one client archived, one note edited and not yet indexed."""
    made = [clients.create_client(db, name) for name in ("Mei", "Ana", "Tesfa")]
    start = datetime(2026, 9, 1, 9, tzinfo=UTC)
    with transaction(db):
        for number in range(70):
            words = " ".join(WORDS[(number * step) % len(WORDS)] for step in (1, 3, 5) if number % (step + 1))
            sessions.create_session(db, made[number % 3].id, started_at=start + timedelta(days=number),
                                    language=LANGUAGES[number % len(LANGUAGES)],
                                    notes=f"Session {number}: {words or 'nothing said'}.")
    retention.archive_client(db, made[2].id)
    edited = sessions.sessions_for_client(db, made[0].id)[3]
    sessions.save_notes(db, edited.id, edited.notes + " zebra passport")  # waits for the index to catch up
    return db


def _hits(db, text: str, filters: SearchFilters, limit: int) -> list[tuple]:
    return [(hit.session_id, hit.language, hit.snippet) for hit in search_notes(db, text, filters, limit=limit)]


@pytest.mark.parametrize("limit", [3, 50])
def test_every_language_filter_finds_what_reading_the_sessions_found(years, monkeypatch, limit):
    """With few sessions counting as few (FEW_SESSIONS 5): a rare language read session by session, a common one
    whose newest sessions hold the matches, one whose do not (the index walked below them), no language at all,
    with dates and archived clients, in the same order with the same snippets as before migration 0013."""
    monkeypatch.setattr(search, "FEW_SESSIONS", 5)
    walked_below, real_walk = [], search._from_index
    monkeypatch.setattr(search, "_from_index", lambda *args: walked_below.append(args[-1]) or real_walk(*args))
    assert session_languages.complete(years)
    cases = [(text, SearchFilters(language=language, since=since, include_archived=archived))
             for text in ("cl", "clin", "clinic ", "zeb", "interv", "qq", "rent passport")
             for language in (None, "yue", "ti", "pa", "es", "fr", "PA")
             for since, archived in ((None, False), (date(2026, 10, 1), True))]
    now = [_hits(years, text, filters, limit) for text, filters in cases]
    assert None in walked_below and any(walked_below), "no language, and a common one's older sessions, walked"
    _as_before_migration_13(years)
    assert not session_languages.complete(years)
    assert [_hits(years, text, filters, limit) for text, filters in cases] == now
    assert any(now) and (limit > 3 or any(len(hits) == limit for hits in now))


def test_a_rare_language_reads_its_few_sessions_and_never_walks_the_index(years):
    statements = []

    class Recording:
        def execute(self, sql, params=()):
            statements.append(sql)
            return years.execute(sql, params)

    hits = search_notes(Recording(), "cli", SearchFilters(language="ti"))
    assert hits and {hit.language for hit in hits} == {"ti"}
    assert not any("notes_fts" in sql for sql in statements)


def test_the_filters_list_of_languages_is_read_from_the_table(years):
    listed = search.all_session_languages(years)
    assert listed == ["es-MX", "pa", "pa-Guru", "ti", "yue"]
    _as_before_migration_13(years)
    assert search.all_session_languages(years) == listed  # the old way meanwhile, the same list


def test_the_table_follows_every_insert_edit_and_delete(db):
    client = clients.create_client(db, "Mei")
    made = [sessions.create_session(db, client.id, language=tag).id for tag in ("yue", "ti", "", "pa-Guru")]
    assert _table(db) == _expected(db) == [(made[0], "yue"), (made[1], "ti"), (made[3], "pa-Guru")]
    sessions.update_session(db, made[0], language="ko")
    sessions.update_session(db, made[1], language="")
    sessions.update_session(db, made[2], language="fa")
    sessions.update_session(db, made[3], place="Clinic")  # not the language: nothing to do
    sessions.save_notes(db, made[3], "Notes do not move the language")
    assert _table(db) == _expected(db) == [(made[0], "ko"), (made[2], "fa"), (made[3], "pa-Guru")]
    retention.delete_session_for_good(db, made[2])
    assert _table(db) == _expected(db) == [(made[0], "ko"), (made[3], "pa-Guru")]
    retention.delete_client_for_good(db, client.id, confirm_first_name="Mei")
    assert _table(db) == []


def test_deleting_for_good_leaves_no_byte_of_the_language_row(tmp_path, plain_file_keys):  # noqa: F811
    """On an unencrypted file with the vault's schema and PRAGMAs (secure_delete): the session's row in the new
    table and its index entry are overwritten, not just unlinked."""
    db = _plaintext_db(tmp_path)
    client = clients.create_client(db, "Mei")
    kept = clients.create_client(db, "Ana")
    sessions.create_session(db, kept.id, language="yue")
    gone = sessions.create_session(db, client.id, notes="A visit")
    db.execute("UPDATE sessions SET language = 'x-quokkatongue' WHERE id = ?", [gone.id])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"x-quokkatongue" in (tmp_path / "notes.db").read_bytes()
    retention.delete_client_for_good(db, client.id, confirm_first_name="Mei")
    assert _table(db) == _expected(db) and len(_table(db)) == 1
    for name in ("notes.db", "notes.db-wal"):
        if (tmp_path / name).exists():
            assert b"quokkatongue" not in (tmp_path / name).read_bytes(), name
    db.conn.close()


def test_filling_goes_in_steps_resumes_after_a_stop_and_keeps_edits_made_meanwhile(years):
    expected = _expected(years)
    _as_before_migration_13(years)
    steps = []
    assert session_languages.fill(years, step=10, should_stop=lambda: steps.append(1) or len(steps) > 3) is False
    assert 0 < len(_table(years)) < len(expected) and not session_languages.complete(years)
    newest = _table(years)[-1][0]
    assert newest == expected[-1][0]  # newest first
    oldest = expected[0][0]
    sessions.update_session(years, oldest, language="ko")      # not filled yet: the trigger writes its row
    sessions.update_session(years, newest, language="fa")      # filled already: the trigger moves it
    retention.delete_session_for_good(years, expected[1][0])  # deleted before its turn: never written
    assert session_languages.fill(years, step=10) is True
    assert session_languages.complete(years) and _table(years) == _expected(years)
    assert (oldest, "ko") in _table(years) and (newest, "fa") in _table(years)
    assert session_languages.fill(years) is True  # nothing left: at once


def test_a_vault_at_schema_12_is_migrated_then_filled(tmp_path):
    connection = sqlcipher3.connect(str(tmp_path / "notes.db"), isolation_level=None)
    for step in schema.migrations():
        if step.version <= 12:
            connection.executescript(f"BEGIN;\n{step.sql}\n;\nPRAGMA user_version = {step.version};\nCOMMIT;")
    stamp = "2026-01-01T00:00:00+00:00"
    connection.execute("INSERT INTO clients (first_name, created_at, updated_at) VALUES ('Mei', ?, ?)", [stamp, stamp])
    for language in ("yue", "", "ti", "yue", "pa-Guru"):
        connection.execute("INSERT INTO sessions (client_id, started_at, language, notes, created_at, updated_at) "
                           "VALUES (1, ?, ?, 'clinic visit', ?, ?)", [stamp, language, stamp, stamp])
    assert schema.migrate(connection) == schema.latest_version() - 12
    db = sqlite_utils.Database(connection)
    assert _table(db) == [] and not session_languages.complete(db)
    assert [hit.session_id for hit in search_notes(db, "clin", SearchFilters(language="ti"))] == [3]  # the old way
    assert session_languages.fill(db, step=2) is True
    assert _table(db) == [(1, "yue"), (3, "ti"), (4, "yue"), (5, "pa-Guru")]
    assert [hit.session_id for hit in search_notes(db, "clin", SearchFilters(language="ti"))] == [3]
    assert search.all_session_languages(db) == ["pa-Guru", "ti", "yue"]
    connection.close()


def test_a_new_vault_has_nothing_to_fill(db):
    assert session_languages.complete(db)
    assert session_languages.fill(db) is True
