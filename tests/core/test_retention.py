"""Retention: archive, delete for good (no trace in the file or the index), review inactive clients."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlcipher3
import sqlite_utils

from desktop.core.records import clients, notes_index, promises, retention, sessions
from desktop.core.records.search import search_notes
from desktop.core.vault import schema
from desktop.core.vault.db import transaction


class _PlainFileKeys:
    """A plain (unencrypted) test file has no vault, so the audit room's keys come from this stand-in."""

    def __init__(self, folder) -> None:
        self.folder = folder

    def derived_key(self, purpose: str) -> bytes:
        return purpose.encode().ljust(32, b"k")[:32]


@pytest.fixture
def plain_file_keys(monkeypatch, tmp_path):
    from desktop.core.vault.vault import Vault

    monkeypatch.setattr(Vault, "owning", classmethod(lambda cls, db: _PlainFileKeys(tmp_path)))

SECRET = "Zanzibarquokka"


def _client_with_secret(db):
    client = clients.create_client(db, "Mei")
    for index in range(3):
        session = sessions.create_session(db, client.id)
        sessions.save_notes(db, session.id, f"Visit {index}: she named the farm {SECRET}{index} and the boss. "
                                            + "filler words " * 200)
    promises.add_promise(db, client.id, f"Call about {SECRET}", date(2026, 12, 1))
    other = clients.create_client(db, "Ana")
    sessions.save_notes(db, sessions.create_session(db, other.id).id, "Ana kept her own notes about the bakery")
    return client, other


def _assert_no_trace(db, folder):
    assert db.execute("SELECT COUNT(*) FROM sessions WHERE notes LIKE ?", [f"%{SECRET}%"]).fetchone()[0] == 0
    assert search_notes(db, SECRET.lower()) == []
    assert retention.index_terms_containing(db, SECRET) == []
    # every shadow table of the index, byte by byte
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE name LIKE 'notes_fts_%' AND type = 'table'"):
        for row in db.execute(f"SELECT * FROM {table}"):
            for value in row:
                blob = value if isinstance(value, bytes) else str(value).encode()
                assert SECRET.lower().encode() not in blob.lower()
    for name in ("notes.db", "notes.db-wal"):
        path = folder / name
        if path.exists():
            data = path.read_bytes()
            assert SECRET.encode() not in data and SECRET.lower().encode() not in data


def test_archive_hides_and_unarchive_brings_back(db):
    client = clients.create_client(db, "Mei")
    assert retention.archive_client(db, client.id).is_archived
    assert clients.list_clients(db) == []
    assert not retention.unarchive_client(db, client.id).is_archived


def test_deletion_summary_names_what_is_deleted(db):
    client, _other = _client_with_secret(db)
    summary = retention.deletion_summary(db, client.id)
    assert (summary.first_name, summary.sessions, summary.promises) == ("Mei", 3, 1)
    assert "Mei" in summary.sentence() and "3 sessions" in summary.sentence()


def test_wrong_confirmation_deletes_nothing(db):
    client, _other = _client_with_secret(db)
    with pytest.raises(retention.ConfirmationMismatch):
        retention.delete_client_for_good(db, client.id, confirm_first_name="Ana")
    assert len(sessions.sessions_for_client(db, client.id)) == 3


def test_delete_for_good_leaves_no_text_in_vault_or_index(db, vault):
    client, other = _client_with_secret(db)
    retention.delete_client_for_good(db, client.id, confirm_first_name="mei")
    with pytest.raises(clients.ClientNotFound):
        clients.get_client(db, client.id)
    assert db.execute("SELECT COUNT(*) FROM promises WHERE client_id = ?", [client.id]).fetchone()[0] == 0
    _assert_no_trace(db, vault.folder)
    assert vault.folder.joinpath("notes.db-wal").stat().st_size == 0
    assert [h.client_id for h in search_notes(db, "bakery")] == [other.id]


def _plaintext_db(folder):
    """The vault's schema and PRAGMAs on an unencrypted notes.db, so a scan of the file sees what is really there."""
    connection = sqlcipher3.connect(str(folder / "notes.db"), isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON", "secure_delete = ON"):
        connection.execute(f"PRAGMA {pragma}")
    schema.migrate(connection)
    return sqlite_utils.Database(connection)


def test_delete_for_good_leaves_no_bytes_in_a_plaintext_file(tmp_path, plain_file_keys):
    """The vault file is encrypted, so scanning it proves little: the same schema and PRAGMAs on an unencrypted
    file show that the deleted text is really overwritten, not just hidden behind the cipher."""
    db = _plaintext_db(tmp_path)
    client, _other = _client_with_secret(db)
    notes_index.index_pending_notes(db)
    sessions.save_notes(db, sessions.sessions_for_client(db, client.id)[0].id, f"An edit not yet indexed {SECRET}9")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert SECRET.encode() in (tmp_path / "notes.db").read_bytes()  # the scan does see plaintext
    assert retention.index_terms_containing(db, SECRET)               # and the index did hold the words
    retention.delete_client_for_good(db, client.id, confirm_first_name="Mei")
    _assert_no_trace(db, tmp_path)
    db.conn.close()


def test_many_notes_deleted_at_once_are_merged_out_leaving_no_bytes(tmp_path, plain_file_keys, monkeypatch):
    """A client with many sessions (issue 21): their notes are marked deleted in the index and the whole index is
    merged in short steps, which drops them; a lock in between only postpones the merge, which the vault remembers."""
    monkeypatch.setattr(notes_index, "BULK_NOTES", 2)
    monkeypatch.setattr(notes_index, "MARK_NOTES", 2)
    monkeypatch.setattr(notes_index, "MERGE_PAGES", 1)
    db = _plaintext_db(tmp_path)
    client, other = _client_with_secret(db)
    notes_index.index_pending_notes(db)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert SECRET.encode() in (tmp_path / "notes.db").read_bytes()
    retention.delete_client_for_good(db, client.id, confirm_first_name="Mei", scrub_now=False)
    marked = lambda: notes_index.merge_owed(db) and notes_index.notes_waiting_for_index(db) == 0  # noqa: E731
    assert retention.scrub(db, should_stop=marked) is False  # a lock as the merge begins
    assert retention.index_terms_containing(db, SECRET) == []  # hidden at once; the merge takes the bytes out
    assert notes_index.notes_waiting_for_index(db) == 0 and notes_index.merge_owed(db)
    assert search_notes(db, SECRET.lower()) == []
    assert retention.scrub(db) is True
    assert not notes_index.merge_owed(db) and notes_index.segment_count(db) == 1
    _assert_no_trace(db, tmp_path)
    assert [hit.client_id for hit in search_notes(db, "bakery")] == [other.id]
    assert db.execute("SELECT v FROM notes_fts_config WHERE k = 'secure-delete'").fetchone()[0] == 1
    db.conn.close()


def test_deleted_first_term_of_an_index_page_leaves_no_bytes(tmp_path, plain_file_keys):
    """'aaaquokka' sorts first, so it heads the first leaf page and its %_idx entry; a large index spans pages."""
    import random

    connection = sqlcipher3.connect(str(tmp_path / "notes.db"), isolation_level=None)
    for pragma in ("journal_mode = WAL", "foreign_keys = ON", "secure_delete = ON"):
        connection.execute(f"PRAGMA {pragma}")
    schema.migrate(connection)
    db = sqlite_utils.Database(connection)
    rng = random.Random(3)
    vocabulary = ["".join(rng.choices("bcdefghijklmnopqrstuvwxyz", k=8)) for _ in range(3000)]
    keep = clients.create_client(db, "Ana")
    for _index in range(150):
        sessions.save_notes(db, sessions.create_session(db, keep.id).id, " ".join(rng.choices(vocabulary, k=300)))
    gone = clients.create_client(db, "Mei")
    sessions.save_notes(db, sessions.create_session(db, gone.id).id, "aaaquokka " + " ".join(vocabulary[:50]))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"aaaquokka" in (tmp_path / "notes.db").read_bytes()
    retention.delete_client_for_good(db, gone.id, confirm_first_name="Mei")
    assert retention.index_terms_containing(db, "aaaquokka") == []
    assert b"aaaquokka" not in (tmp_path / "notes.db").read_bytes()
    assert len(search_notes(db, vocabulary[0])) > 0  # the others' notes are still found
    connection.close()


def test_clients_inactive_for_months_are_offered_for_review(db):
    quiet = clients.create_client(db, "Quiet")
    busy = clients.create_client(db, "Busy")
    db.execute("UPDATE clients SET updated_at = '2025-01-01T00:00:00+00:00'")
    sessions.create_session(db, quiet.id, started_at=datetime(2025, 3, 1, tzinfo=UTC))
    sessions.create_session(db, busy.id, started_at=datetime(2026, 10, 1, tzinfo=UTC))
    review = retention.clients_to_review(db, months=6, today=date(2026, 11, 23))
    assert [item.client.id for item in review] == [quiet.id]
    assert retention.clients_to_review(db, months=0, today=date(2026, 11, 23)) == []


def test_months_before_handles_short_months():
    assert retention._months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert retention._months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)


def test_summary_counts_linked_records_and_says_what_is_kept(db):
    from desktop.core.scripts import script_log

    client, _other = _client_with_secret(db)
    session_id = sessions.sessions_for_client(db, client.id)[0].id
    script_log.record_shown(db, session_id, "who_i_am", "fr", "1")
    summary = retention.deletion_summary(db, client.id)
    assert summary.linked == 1
    assert "1 linked record" in summary.sentence()
    retention.delete_client_for_good(db, client.id, confirm_first_name="Mei")
    assert script_log.shown_in_session(db, session_id) == []


def test_deleting_for_good_without_waiting_hides_at_once_and_the_scrub_finishes_later(db, vault):
    """The UI's way (issue 21): the rows go in well under a second, the client's notes vanish from search at once,
    and the index is scrubbed note by note on a worker thread; a lock stops the scrub, the next one finishes it."""
    client, other = _client_with_secret(db)
    notes_index.index_pending_notes(db)
    retention.delete_client_for_good(db, client.id, confirm_first_name="Mei", scrub_now=False)
    with pytest.raises(clients.ClientNotFound):
        clients.get_client(db, client.id)
    assert search_notes(db, SECRET.lower()) == [] and search_notes(db, "filler") == []
    assert retention.index_terms_containing(db, SECRET)  # not scrubbed yet
    asked = []
    assert retention.scrub(db, should_stop=lambda: len(asked) > 0 or asked.append(1)) is False  # stopped after one
    assert notes_index.notes_waiting_for_index(db) == 2
    reports = []
    assert retention.scrub(db, report=lambda done, total: reports.append((done, total))) is True
    assert reports == [(0, 2), (1, 2)]
    _assert_no_trace(db, vault.folder)
    assert vault.folder.joinpath("notes.db-wal").stat().st_size == 0
    assert [hit.session_id for hit in search_notes(db, "bakery")] == [sessions.sessions_for_client(db, other.id)[0].id]


def test_every_foreign_key_is_indexed_so_deleting_never_reads_a_whole_table(db):
    """Deleting a 200-session client held the write lock 0.25 s at 2,000 clients (an autosave elsewhere waited for
    it): each session's deletion read every promise, looking for those made in it (promises.session_id had no
    index). As a class: every foreign key column leads an index, so a deletion finds the rows it touches."""
    unindexed = []
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        leading = {db.execute(f"PRAGMA index_info({index[1]})").fetchone()[2]
                   for index in db.execute(f"PRAGMA index_list({table})").fetchall()}
        unindexed += [f"{table}.{key[3]}" for key in db.execute(f"PRAGMA foreign_key_list({table})").fetchall()
                      if key[3] not in leading]
    assert unindexed == []


def test_a_client_is_hidden_at_once_and_their_sessions_deleted_in_short_steps_finished_after_a_stop(vault, db):
    """Deleting a 200-session client in one transaction held the write lock 0.15–0.25 s, and an autosave elsewhere
    waited for all of it. The first, short, step now hides the client from every page, list and search; their
    sessions then go a few at a time, each step its own transaction; a lock between two steps leaves the rest
    hidden, and the next scrub finishes it, leaving no trace."""
    from desktop.core.records import client_list

    client, other = _client_with_secret(db)
    with transaction(db):
        for index in range(40):
            sessions.create_session(db, client.id, worker="Sam", notes=f"More about {SECRET}{index} today")
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    steps = iter([False, False, True])   # a lock arrives after two steps
    retention.delete_client_for_good(db, client.id, "Mei", scrub_now=False, should_stop=lambda: next(steps))
    db.conn.set_trace_callback(None)
    left = db.execute("SELECT COUNT(*) FROM sessions WHERE client_id = ?", [client.id]).fetchone()[0]
    assert 0 < left < 40 and seen.count("BEGIN IMMEDIATE") == 3   # the hiding step, then two of the sessions'
    with pytest.raises(clients.ClientNotFound):
        clients.get_client(db, client.id)
    assert [c.id for c in clients.list_clients(db, include_archived=True)] == [other.id]
    assert [row.client.id for row in client_list.client_rows(db, client_list.ClientQuery(), "2026-11-23", 50)] == [
        other.id]
    assert client_list.count_clients(db, client_list.ClientQuery()) == 1
    assert search_notes(db, SECRET.lower()) == [] and {h.client_id for h in search_notes(db, "bakery")} == {other.id}
    assert retention.scrub(db) is True
    assert db.execute("SELECT COUNT(*) FROM clients_leaving").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM clients WHERE id = ?", [client.id]).fetchone()[0] == 0
    _assert_no_trace(db, vault.folder)
