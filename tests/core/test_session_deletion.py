"""Deleting one session recorded by mistake: its notes leave the vault and the index for good, its promises stay
with the client (unlinked), and the audit log is untouched."""

from __future__ import annotations

from datetime import date

import pytest
import sqlcipher3
import sqlite_utils

from desktop.core.consent import audit
from desktop.core.records import clients, promises, retention, sessions
from desktop.core.records.search import search_notes
from desktop.core.scripts import script_log
from desktop.core.vault import schema
from tests.leak_scan import file_leaks, needles

SECRET = "Quokkabarzanzi"


def _mistaken_session(db):
    mei = clients.create_client(db, "Mei")
    kept = sessions.create_session(db, mei.id)
    sessions.save_notes(db, kept.id, "Mei asked about the bakery job")
    wrong = sessions.create_session(db, mei.id)
    sessions.save_notes(db, wrong.id, f"This was Ana: she named the farm {SECRET} and the boss. " + "filler " * 200)
    promise = promises.add_promise(db, mei.id, "Call back on Friday", date(2026, 12, 1), session_id=wrong.id)
    script_log.record_shown(db, wrong.id, "who_i_am", "fr", "1")
    return mei, kept, wrong, promise


def _log_one(db, client_id):
    return audit.append(db, worker="Sam", client_id=client_id, channel="clipboard", recipient="Clinic",
                        purpose="appointment", categories=("first_name",), basis="consent", outcome="released",
                        consent_id=1, payload_sha256=audit.payload_hash(db, {"first_name": "Mei"}))


def _assert_no_trace(db, folder):
    assert db.execute("SELECT COUNT(*) FROM sessions WHERE notes LIKE ?", [f"%{SECRET}%"]).fetchone()[0] == 0
    assert search_notes(db, SECRET.lower()) == []
    assert search_notes(db, SECRET[:6].lower()) == []  # nor while typing it
    assert retention.index_terms_containing(db, SECRET) == []
    assert file_leaks([folder], needles([SECRET, SECRET.lower()])) == []  # notes.db, its WAL, anything else


def test_summary_says_what_goes_and_that_promises_stay(db):
    mei, _kept, wrong, _promise = _mistaken_session(db)
    summary = retention.session_deletion_summary(db, wrong.id)
    assert (summary.client_id, summary.first_name, summary.promises, summary.linked) == (mei.id, "Mei", 1, 1)
    sentence = summary.sentence()
    assert "for good" in sentence and "cannot be undone" in sentence
    assert "stays on Mei's page" in sentence and "script shown" in sentence


def test_deleting_a_session_keeps_the_others_the_promises_and_the_audit_log(db, vault):
    mei, kept, wrong, promise = _mistaken_session(db)
    entry = _log_one(db, mei.id)
    retention.delete_session_for_good(db, wrong.id)
    with pytest.raises(sessions.SessionNotFound):
        sessions.get_session(db, wrong.id)
    assert [s.id for s in sessions.sessions_for_client(db, mei.id)] == [kept.id]
    assert clients.client_overview(db, "2026-11-23")[0].session_count == 1
    unlinked = promises.get_promise(db, promise.id)
    assert (unlinked.session_id, unlinked.status, unlinked.client_id) == (None, "open", mei.id)
    assert script_log.shown_in_session(db, wrong.id) == []
    assert [e.seq for e in audit.entries(db)] == [entry.seq] and audit.verify(db).ok
    assert [h.session_id for h in search_notes(db, "bakery")] == [kept.id]
    _assert_no_trace(db, vault.folder)
    assert vault.folder.joinpath("notes.db-wal").stat().st_size == 0


def test_deleting_a_missing_session_says_so_and_deletes_nothing(db):
    mei, _kept, _wrong, _promise = _mistaken_session(db)
    with pytest.raises(sessions.SessionNotFound):
        retention.delete_session_for_good(db, 999)
    assert len(sessions.sessions_for_client(db, mei.id)) == 2


def test_deleted_session_leaves_no_bytes_in_a_plaintext_file(tmp_path):
    """As for a client deleted for good: the same schema and PRAGMAs on an unencrypted file show the note is
    overwritten, not just hidden behind the cipher."""
    connection = sqlcipher3.connect(str(tmp_path / "notes.db"), isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON", "secure_delete = ON"):
        connection.execute(f"PRAGMA {pragma}")
    schema.migrate(connection)
    db = sqlite_utils.Database(connection)
    _mei, kept, wrong, _promise = _mistaken_session(db)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert SECRET.encode() in (tmp_path / "notes.db").read_bytes()  # the scan does see plaintext
    retention.delete_session_for_good(db, wrong.id)
    _assert_no_trace(db, tmp_path)
    assert b"bakery" in (tmp_path / "notes.db").read_bytes()  # the other session is still there
    assert sessions.get_session(db, kept.id).notes == "Mei asked about the bakery job"
    connection.close()
