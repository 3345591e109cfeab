"""Issue 16, core findings: each way out the outside review found open, tried again against the real gate, the
real audit log and real vault files. (The widget findings are in tests/ui/test_ways_out.py.)"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from desktop.core.consent import audit, audit_export, audit_head
from desktop.core.consent import consents as consent
from desktop.core.consent import gate as egress
from desktop.core.interpreters import directory, roster_io
from desktop.core.interpreters.booking_sharing import share_booking
from desktop.core.records import clients, retention, sessions
from desktop.core.vault import backups
from desktop.core.vault.db import utc_now
from desktop.core.vault.vault import Vault
from desktop.exports import mailto
from desktop.exports.booking_request import ReleaseMismatch, request_mailto, request_text
from tests.conftest import TEST_PASSPHRASE

ZERO_WIDTH = "\u200b"
SHELTER, ADDRESS = "Safe Haven Shelter", "intake@safehaven.example"


@pytest.fixture
def ana(db) -> int:
    client = clients.create_client(db, "Ana", languages=["es"], safe_contact="Text only")
    sessions.save_notes(db, sessions.create_session(db, client.id).id, "She asked about the bakery job.")
    return client.id


def _consent(db, client_id, **changes):
    fields = dict(client_id=client_id, purpose="", purpose_kind="housing", recipient=SHELTER,
                  categories=("first_name", "language_needs"), method="written_signed", recorded_by="Sam",
                  recipient_contacts=[ADDRESS])
    return consent.record_consent(db, **{**fields, **changes})


def _share(db, client_id, **changes):
    fields = dict(client_id=client_id, recipient=SHELTER, purpose="", purpose_kind="housing",
                  categories=("first_name",), channel="file_text", worker="Sam")
    return egress.release(db, **{**fields, **changes})


# -- (3) invisible text is not words ----------------------------------------------------------------------------
@pytest.mark.parametrize("field", ["justification", "recipient", "client_told"])
def test_zero_width_spaces_are_not_a_duty_to_report_answer(db, ana, field):
    answers = {"justification": "She is 15 and sleeps at the employer's house.", "recipient": "Child line",
               "client_told": "Yes, before the call."}
    answers[field] = ZERO_WIDTH * 25 if field == "justification" else ZERO_WIDTH
    with pytest.raises(egress.EgressError):
        egress.release_duty_to_report(db, client_id=ana, reason="minor", categories=("full_notes",),
                                      channel="file_text", worker="Sam", **answers)
    assert audit.entries(db) == [] and egress.disclosures_for_client(db, ana) == []


def test_invisible_padding_does_not_reach_the_minimum_length(db, ana):
    padded = "Short reason" + "\u200b\u2060\ufeff\u3164\u2800 " * 10
    with pytest.raises(egress.EgressError, match="at least"):
        egress.check_duty_request(reason="minor", justification=padded, recipient="Child line",
                                  categories=("first_name",), channel="file_text", client_told="Yes")


def test_an_invisible_recipient_or_purpose_is_refused_everywhere_the_gate_asks_for_words(db, ana):
    with pytest.raises(consent.ConsentInvalid):
        _consent(db, ana, recipient=ZERO_WIDTH * 3)
    with pytest.raises(consent.ConsentInvalid):
        _consent(db, ana, purpose_kind="other", purpose=ZERO_WIDTH)
    with pytest.raises(egress.EgressError):
        _share(db, ana, recipient=ZERO_WIDTH)
    with pytest.raises(egress.EgressError):
        egress.release_not_client_data(db, description=ZERO_WIDTH * 5, recipient="x", channel="file_text",
                                       worker="Sam", content="blank form")
    assert audit.entries(db) == []


# -- (5) the supervisor export reveals no names -----------------------------------------------------------------
def test_the_payload_hash_cannot_be_reversed_with_a_list_of_names(db, ana):
    _consent(db, ana)
    released = _share(db, ana)
    [entry] = audit.entries(db)
    plain = hashlib.sha256(audit.canonical_json({"first_name": "Ana"})).hexdigest()
    assert entry.payload_sha256 != plain
    assert entry.payload_sha256 == audit.payload_hash(db, released.fields)  # still proves what left, with the key


def test_a_deleted_clients_name_is_hidden_in_the_export_and_scrubbed_from_free_text(db, ana):
    mei = clients.create_client(db, "Mei Ling").id
    audit.append(db, worker="Sam", client_id=mei, channel="email", recipient="Clinic for Mei Ling",
                 purpose="mei ling's check-up; Meiling's too", categories=("first_name",), basis="consent",
                 outcome="refused", refusal_reason="no_consent")
    egress.release_duty_to_report(db, client_id=mei, reason="danger_to_self", recipient="Crisis line",
                                  justification="Mei Ling said she would hurt herself tonight.",
                                  categories=("first_name",), channel="file_text", worker="Sam",
                                  client_told="Yes, Mei Ling agreed")
    interpreter = directory.save_interpreter(db, directory.Interpreter(name="Wing", languages=["yue"]))
    directory.add_incident(db, interpreter.id, "Knew Mei Ling's employer")
    retention.delete_client_for_good(db, mei, confirm_first_name="Mei Ling")
    text = audit_export.supervisor_csv(db, audit.entries(db))
    assert "Mei Ling" not in text and "mei ling" not in text
    assert "Clinic for [client]" in text and "[client]'s check-up; Meiling's too" in text
    stored = " ".join(str(row) for row in db.execute("SELECT justification, client_told FROM disclosures"))
    stored += " ".join(str(row) for row in db.execute("SELECT note FROM interpreter_incidents"))
    assert "Mei Ling" not in stored and "[client]" in stored
    assert "Mei" not in str(db.execute("SELECT * FROM forgotten_names").fetchall())


# -- (6) the roster carries no incident notes -----------------------------------------------------------------
def test_the_roster_export_leaves_out_notes_that_can_name_a_client(db):
    directory.save_interpreter(db, directory.Interpreter(name="Wing", languages=["yue"],
                                                         incident_notes="Knew Ana's employer",
                                                         feedback="Ana found her kind"))
    exported = roster_io.export_csv(db)
    assert "Ana" not in exported and "Wing" in exported
    roster_io.import_csv(db, exported.encode("utf-8"))  # reading Harbour's own export back keeps the notes
    [kept] = directory.list_interpreters(db)
    assert (kept.incident_notes, kept.feedback) == ("Knew Ana's employer", "Ana found her kind")


# -- (7) the e-mail address is bound to the consent -------------------------------------------------------------
def test_a_draft_goes_only_to_an_address_the_consent_names_and_the_log_says_which(db, ana):
    _consent(db, ana)
    with pytest.raises(egress.ConsentRequired) as refused:
        _share(db, ana, channel="email", address="someone@else.example")
    assert refused.value.reason == "address_out_of_scope"
    released = _share(db, ana, channel="email", address=ADDRESS.upper())
    url = mailto.build_mailto(released)
    assert unquote(urlsplit(url).path) == ADDRESS
    refused_entry, released_entry = audit.entries(db)
    assert refused_entry.recipient_address == "someone@else.example"
    assert released_entry.recipient_address == ADDRESS
    assert "Ana" in parse_qs(urlsplit(url).query)["body"][0]


def test_a_consent_refuses_what_is_not_an_address(db, ana):
    with pytest.raises(consent.ConsentInvalid, match="not an e-mail address"):
        _consent(db, ana, recipient_contacts=["the shelter's inbox"])


# -- (8) purpose is part of the match ---------------------------------------------------------------------------
def test_a_consent_for_one_purpose_does_not_release_for_another(db, ana):
    _consent(db, ana)
    with pytest.raises(egress.ConsentRequired) as refused:
        _share(db, ana, purpose_kind="other", purpose="fundraising mailing list")
    assert refused.value.reason == "purpose_out_of_scope"
    assert "not for this purpose" in str(refused.value)
    assert audit.entries(db)[-1].refusal_reason == "purpose_out_of_scope"
    assert _share(db, ana).fields == {"first_name": "Ana"}


def test_something_else_matches_only_the_same_words(db, ana):
    _consent(db, ana, purpose_kind="other", purpose="Housing  application")
    assert _share(db, ana, purpose_kind="other", purpose="housing application").fields["first_name"] == "Ana"
    with pytest.raises(egress.ConsentRequired):
        _share(db, ana, purpose_kind="other", purpose="fundraising mailing list")


# -- (9) a consent dated in the future does not release ---------------------------------------------------------
def test_a_future_dated_consent_cannot_be_recorded(db, ana):
    with pytest.raises(consent.ConsentInvalid, match="future"):
        _consent(db, ana, given_at=utc_now() + timedelta(days=3))


def test_a_future_dated_consent_already_stored_releases_nothing_today(db, ana):
    record = _consent(db, ana)
    db.execute("DROP TRIGGER consents_scope_is_fixed")  # as an older Harbour, or a wrong clock, may have left it
    later = (utc_now() + timedelta(days=3)).isoformat()
    db.execute("UPDATE consents SET given_at = ? WHERE id = ?", [later, record.id])
    assert consent.status(consent.get_consent(db, record.id)) == "not_yet"
    with pytest.raises(egress.ConsentRequired) as refused:
        _share(db, ana)
    assert refused.value.reason == "not_yet"


# -- (10) booking exporters check the release against what they write -------------------------------------------
@pytest.fixture
def two_bookings(db, ana):
    from datetime import UTC, datetime

    from desktop.core.interpreters import bookings

    wing = directory.save_interpreter(db, directory.Interpreter(name="Wing", languages=["es"],
                                                                email="wing@example.org"))
    rosa = directory.save_interpreter(db, directory.Interpreter(name="Rosa", languages=["es"],
                                                                email="rosa@example.org"))
    other = clients.create_client(db, "Lia").id
    start = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    made = [bookings.create_booking(db, starts_at=start, ends_at=start + timedelta(hours=1), timezone="UTC",
                                    client_id=client, interpreter_id=person.id, language="es")
            for client, person in ((ana, wing), (other, rosa))]
    return made


def test_a_release_for_one_booking_cannot_write_another(db, ana, two_bookings):
    mine, theirs = two_bookings
    _consent(db, ana, purpose_kind="interpreter_booking", recipient="Wing", recipient_contacts=["wing@example.org"])
    release, facts = share_booking(db, mine.id, channel="booking_request", worker="Sam", organisation="H",
                                   include=("first_name",))
    assert "Ana" in request_text(release, facts)
    _other_release, other_facts = share_booking(db, theirs.id, channel="booking_request", worker="Sam",
                                                organisation="H")
    with pytest.raises(ReleaseMismatch):
        request_text(release, other_facts)  # Rosa would get Ana's name
    with pytest.raises(ReleaseMismatch):
        request_text(_other_release, facts)


def test_a_booking_draft_goes_only_to_an_address_the_consent_names(db, ana, two_bookings):
    mine, _theirs = two_bookings
    _consent(db, ana, purpose_kind="interpreter_booking", recipient="Wing", recipient_contacts=["other@example.org"])
    release, facts = share_booking(db, mine.id, channel="booking_request", worker="Sam", organisation="H",
                                   include=("first_name",))
    with pytest.raises(ReleaseMismatch):
        request_mailto(release, facts)


# -- (11) the audit log proves itself outside the laptop --------------------------------------------------------
def _some_entries(db, ana, count=3):
    _consent(db, ana, categories=("first_name",))
    for _ in range(count):
        _share(db, ana)


def test_new_entries_are_keyed_and_a_consistent_unkeyed_rewrite_is_caught(db, ana):
    _some_entries(db, ana)
    assert all(entry.keyed == 1 for entry in audit.entries(db))
    db.execute("DROP TRIGGER audit_log_no_update")
    previous = audit.GENESIS_HASH
    for entry in audit.entries(db):  # rewrite every entry with the old, unkeyed SHA-256: a consistent chain
        record = audit._row_record(db.execute(f"SELECT {audit._COLUMNS} FROM audit_log WHERE seq = ?",
                                              [entry.seq]).fetchone())
        record.update(recipient="Someone else", prev_hash=previous, keyed=None)
        record.pop("entry_hash")
        previous = hashlib.sha256(audit.canonical_json(
            {k: v for k, v in record.items() if not (k in audit._LATER_FIELDS and v is None)})).hexdigest()
        db.execute("UPDATE audit_log SET recipient = ?, prev_hash = ?, keyed = NULL, entry_hash = ? WHERE seq = ?",
                   [record["recipient"], record["prev_hash"], previous, entry.seq])
    db.execute("UPDATE audit_head SET entry_hash = ?", [previous])
    result = audit.verify(db)
    assert not result.ok and result.first_bad_seq == 1


def test_a_cut_tail_is_caught_by_the_head_kept_beside_the_vault(db, ana, vault):
    _some_entries(db, ana, count=4)
    db.execute("DROP TRIGGER audit_log_no_delete")
    db.execute("DELETE FROM audit_log WHERE seq > 3")
    db.execute("UPDATE audit_head SET seq = 3, entry_hash = (SELECT entry_hash FROM audit_log WHERE seq = 3)")
    result = audit.verify(db)
    assert not result.ok and result.first_bad_seq == 4 and "removed" in result.problem


def test_a_wiped_log_is_caught(db, ana, vault):
    _some_entries(db, ana)
    db.execute("DROP TRIGGER audit_log_no_delete")
    db.execute("DELETE FROM audit_log")
    db.execute("DELETE FROM audit_head")
    db.execute("DELETE FROM consents")  # so the cross-check does not find it first
    assert not audit.verify(db).ok


def test_the_head_file_cannot_be_edited_or_removed_unseen(db, ana, vault):
    _some_entries(db, ana)
    path = vault.folder / audit_head.FILE_NAME
    kept = json.loads(path.read_text())
    assert (kept["seq"], kept["entry_hash"]) == audit.head(db)
    path.write_text(json.dumps({**kept, "seq": 1}))
    assert not audit.verify(db).ok
    path.unlink()
    result = audit.verify(db)
    assert not result.ok and "missing" in result.problem


def test_the_supervisor_copy_shows_that_nothing_before_its_head_changed(db, ana):
    _some_entries(db, ana)
    rows = list(csv.reader(io.StringIO(audit_export.supervisor_csv(db, audit.entries(db)))))
    head_seq, head_hash = int(rows[-2][1]), rows[-1][1]
    _share(db, ana)
    later = {row[0]: row for row in csv.reader(io.StringIO(audit_export.supervisor_csv(db, audit.entries(db))))
             if row}
    columns = rows[0]
    assert later[str(head_seq)][columns.index("entry_hash")] == head_hash


def test_unlock_cross_checks_reports_and_used_consents_against_the_log(db, ana):
    single = _consent(db, ana, single_use=True, recipient="Clinic")
    consent.mark_used(db, single.id)  # marked used without the gate: no release in the log
    result = audit.check_at_unlock(db)
    assert not result.ok and "used" in result.problem


def test_a_report_without_its_log_entry_is_found(db, ana):
    db.execute("INSERT INTO disclosures (client_id, reason, justification, client_told, recipient, categories,"
               " channel, worker, disclosed_at, audit_seq) VALUES (?, 'minor', ?, 'yes', 'x', '[]', 'print', 'Sam',"
               " '2026-01-01T00:00:00+00:00', 99)", [ana, "a justification long enough"])
    result = audit.verify(db)
    assert not result.ok and "report" in result.problem


def test_a_restored_backup_is_caught_unless_the_restore_logged_what_it_dropped(vault_folder, vault, ana):
    db = vault.db
    _some_entries(db, ana, count=2)
    backup = backups.make_backup(vault, reason="manual")
    _share(db, ana)
    _share(db, ana)
    dropped_head = audit.head(db)
    vault.lock()

    backups.restore_backup(vault_folder, backup)  # then the set-aside notes are deleted: no trace of them left
    for kept in vault_folder.glob(f"{backups.SET_ASIDE_PREFIX}*"):
        kept.unlink()
    reopened = Vault.unlock(vault_folder, TEST_PASSPHRASE)
    try:
        result = audit.check_at_unlock(reopened.db)
        assert not result.ok and "removed" in result.problem
    finally:
        reopened.lock()

    audit_head.note_restore(vault_folder)  # what the restore path does
    reopened = Vault.unlock(vault_folder, TEST_PASSPHRASE)
    try:
        assert audit.check_at_unlock(reopened.db).ok
        restored = audit.entries(reopened.db)[-1]
        assert restored.outcome == "restored"
        assert (restored.dropped_from, restored.dropped_to, restored.dropped_hash) == (3, *dropped_head)
        assert audit.check_at_unlock(reopened.db).ok  # and only once
        assert audit.entries(reopened.db)[-1] == restored
    finally:
        reopened.lock()


def test_entries_written_before_the_key_still_verify(db, ana):
    """A vault made before issue 16: its entries carry a plain SHA-256 and no 'keyed' mark."""
    db.execute("DROP TRIGGER audit_log_no_update")
    _some_entries(db, ana, count=2)
    previous = audit.GENESIS_HASH
    for entry in audit.entries(db):
        record = audit._row_record(db.execute(f"SELECT {audit._COLUMNS} FROM audit_log WHERE seq = ?",
                                              [entry.seq]).fetchone())
        record.update(prev_hash=previous, keyed=None)
        record.pop("entry_hash")
        previous = hashlib.sha256(audit.canonical_json(
            {k: v for k, v in record.items() if not (k in audit._LATER_FIELDS and v is None)})).hexdigest()
        db.execute("UPDATE audit_log SET prev_hash = ?, keyed = NULL, entry_hash = ? WHERE seq = ?",
                   [record["prev_hash"], previous, entry.seq])
    db.execute("UPDATE audit_head SET entry_hash = ?", [previous])
    db.execute("UPDATE vault_meta SET value = '2' WHERE key = 'audit_keyed_after'")
    audit_head.write(db_folder := Vault.owning(db).folder, Vault.owning(db).derived_key("audit head"),
                     *audit.head(db))
    assert db_folder.is_dir()
    assert audit.verify(db).ok
    _share(db, ana)  # the next entry is keyed and follows the old ones
    assert audit.entries(db)[-1].keyed == 1 and audit.verify(db).ok


def test_deleting_a_client_whose_long_name_fills_a_report_still_works(db):
    long_name = "Maria-Guadalupe"
    client = clients.create_client(db, long_name).id
    egress.release_duty_to_report(db, client_id=client, reason="danger_to_self", recipient="Crisis line",
                                  justification=f"{long_name} in danger", categories=("first_name",),
                                  channel="print", worker="Sam", client_told="Yes")
    retention.delete_client_for_good(db, client, confirm_first_name=long_name)
    [stored] = db.execute("SELECT justification FROM disclosures").fetchone()
    assert long_name not in stored and len(stored) >= egress.MIN_JUSTIFICATION
