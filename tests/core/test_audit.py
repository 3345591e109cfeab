"""The audit log: append-only, hash-chained, and tampering is found and located."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.consent import audit, audit_export
from desktop.core.records import clients


def _log(db, count: int) -> list[audit.AuditEntry]:
    return [
        audit.append(
            db, worker="Sam", client_id=7, channel="email", recipient=f"Shelter {n}", purpose="housing",
            categories=("first_name",), basis="consent", outcome="released", consent_id=1,
            payload_sha256=audit.payload_hash(db, {"first_name": "Ana"}),
        )
        for n in range(count)
    ]


def _drop_guards(db) -> None:
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("DROP TRIGGER audit_log_no_delete")


def test_entries_are_numbered_and_chained(db):
    first, second, third = _log(db, 3)
    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    assert first.prev_hash == audit.GENESIS_HASH
    assert second.prev_hash == first.entry_hash and third.prev_hash == second.entry_hash
    assert audit.verify(db) == audit.VerifyResult(True)


def test_an_empty_log_verifies(db):
    assert audit.verify(db).ok


def test_the_log_holds_a_hash_of_the_payload_never_the_payload(db):
    audit.append(db, worker="Sam", client_id=7, channel="clipboard", recipient="Clinic", purpose="appointment",
                 categories=("first_name",), basis="consent", outcome="released",
                 payload_sha256=audit.payload_hash(db, {"first_name": "Zorana"}))
    dump = "\n".join(str(row) for row in db.execute("SELECT * FROM audit_log").fetchall())
    assert "Zorana" not in dump
    assert audit.payload_hash(db, {"first_name": "Zorana"}) in dump


def test_update_and_delete_are_refused_by_the_database(db):
    _log(db, 2)
    with pytest.raises(Exception, match="append-only"):
        db.execute("UPDATE audit_log SET recipient = 'Someone else' WHERE seq = 1")
    with pytest.raises(Exception, match="append-only"):
        db.execute("DELETE FROM audit_log WHERE seq = 2")
    assert audit.verify(db).ok


def test_a_modified_entry_is_detected_and_named(db):
    _log(db, 4)
    _drop_guards(db)
    db.execute("UPDATE audit_log SET recipient = 'Someone else' WHERE seq = 2")
    result = audit.verify(db)
    assert not result.ok and result.first_bad_seq == 2
    assert "2" in result.warning()


def test_a_deleted_entry_in_the_middle_is_detected(db):
    _log(db, 4)
    _drop_guards(db)
    db.execute("DELETE FROM audit_log WHERE seq = 3")
    result = audit.verify(db)
    assert not result.ok and result.first_bad_seq == 3


def test_a_deleted_last_entry_is_detected(db):
    _log(db, 3)
    _drop_guards(db)
    db.execute("DELETE FROM audit_log WHERE seq = 3")
    result = audit.verify(db)
    assert not result.ok and result.first_bad_seq == 3


def test_reordered_entries_are_detected(db):
    _log(db, 4)
    _drop_guards(db)
    db.execute("UPDATE audit_log SET seq = 100 WHERE seq = 2")
    db.execute("UPDATE audit_log SET seq = 2 WHERE seq = 3")
    db.execute("UPDATE audit_log SET seq = 3 WHERE seq = 100")
    result = audit.verify(db)
    assert not result.ok and result.first_bad_seq == 2


def test_a_renumbered_log_with_a_gap_closed_is_detected(db):
    _log(db, 4)
    _drop_guards(db)
    db.execute("DELETE FROM audit_log WHERE seq = 2")
    db.execute("UPDATE audit_log SET seq = seq - 1 WHERE seq > 2")
    result = audit.verify(db)
    assert not result.ok and result.first_bad_seq == 2


def test_a_rehashed_forgery_is_still_caught_by_the_next_link(db):
    entries = _log(db, 3)
    _drop_guards(db)
    forged = {**audit._row_record(db.execute(f"SELECT {audit._COLUMNS} FROM audit_log WHERE seq = 1").fetchone())}
    forged["recipient"] = "Someone else"
    forged.pop("entry_hash")
    new_hash = audit._entry_hash(forged, audit.vault_key(db, "audit chain"))  # as the passphrase holder could
    db.execute("UPDATE audit_log SET recipient = 'Someone else', entry_hash = ? WHERE seq = 1", [new_hash])
    result = audit.verify(db)
    assert not result.ok and result.first_bad_seq == 2
    assert entries[1].prev_hash != new_hash


def test_filters_pick_releases_refusals_and_channels(db):
    _log(db, 2)
    audit.append(db, worker="Sam", client_id=8, channel="print", recipient="Clinic", purpose="x",
                 categories=("full_notes",), basis="consent", outcome="refused", refusal_reason="no_consent")
    assert [e.seq for e in audit.entries(db, outcome="refused")] == [3]
    assert [e.seq for e in audit.entries(db, channel="email")] == [1, 2]
    assert [e.seq for e in audit.entries(db, client_id=8)] == [3]


def test_supervisor_export_has_no_client_names_and_every_entry(db):
    _log(db, 2)
    text = audit_export.supervisor_csv(db, audit.entries(db))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["seq", "at", "worker", "client_ref"]
    assert len(rows) == 6  # header, two entries, a blank row and the head (number, hash)
    assert rows[-2:] == [["head_seq", "2"], ["head_hash", audit.head(db)[1]]]
    assert "Ana" not in text


_TAMPERABLE = {"at": "'2020-01-01T00:00:00+00:00'", "worker": "'Mallory'", "client_id": "99", "channel": "'print'",
               "recipient": "'Someone else'", "purpose": "'other'", "categories": "'[\"full_notes\"]'",
               "basis": "'duty_to_report'", "outcome": "'refused'", "payload_sha256": "NULL"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_single_field_changed_in_any_entry_is_found_at_that_entry(db, data):
    existing = len(audit.entries(db))
    if existing == 0:
        _log(db, 6)
        _drop_guards(db)
        existing = 6
    seq = data.draw(st.integers(min_value=1, max_value=existing))
    column = data.draw(st.sampled_from(sorted(_TAMPERABLE)))
    original = db.execute(f"SELECT {column} FROM audit_log WHERE seq = ?", [seq]).fetchone()[0]
    db.execute(f"UPDATE audit_log SET {column} = {_TAMPERABLE[column]} WHERE seq = ?", [seq])
    try:
        result = audit.verify(db)
        assert not result.ok and result.first_bad_seq == seq
    finally:
        db.execute(f"UPDATE audit_log SET {column} = ? WHERE seq = ?", [original, seq])
    assert audit.verify(db).ok


def test_supervisor_export_hides_client_names_typed_into_free_text(db):
    audit.append(db, worker="Sam", client_id=7, channel="email", recipient="Dr Mei Lee's clinic",
                 purpose="Book Mei's dental visit; ask for Meiling too", categories=("first_name",),
                 basis="consent", outcome="released", consent_id=None, payload_sha256="0" * 64)
    clients.create_client(db, "Mei")
    text = audit_export.supervisor_csv(db, audit.entries(db))
    assert "Mei " not in text and "Mei'" not in text
    assert "[client]'s dental visit" in text
    assert "Meiling" in text, "only whole words are hidden"
