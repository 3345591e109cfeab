"""The consent gate: refuses and logs without consent, releases exactly the allowed categories, respects expiry,
withdrawal and single use; the duty-to-report path and non-client data are logged as what they are."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from desktop.core.consent import audit
from desktop.core.consent import consents as consent
from desktop.core.consent import gate as egress
from desktop.core.records import clients, sessions
from desktop.exports import clipboard as clipboard_export
from desktop.exports import csv_export, mailto, text
from desktop.exports.common import WrongChannel

SECRET_NOTE = "Met near the bus depot; manager keeps her passport"
CONTACT = "Text only, after 6 pm: 555-0100"


class FakeGuard:
    def __init__(self) -> None:
        self.text = None

    def copy(self, value: str) -> None:
        self.text = value


@pytest.fixture
def client_id(db) -> int:
    client = clients.create_client(db, "Ana", safe_contact=CONTACT, languages=["es"])
    session = sessions.create_session(db, client.id, language="es")
    sessions.save_notes(db, session.id, SECRET_NOTE)
    return client.id


def _consent(db, client_id, categories=("first_name", "language_needs"), **overrides):
    fields = dict(client_id=client_id, purpose="Shelter place", recipient="Safe Haven Shelter",
                  categories=categories, method="written_signed", recorded_by="Sam",
                  recipient_contacts=["intake@example.org"])
    fields.update(overrides)
    return consent.record_consent(db, **fields)


def _release(db, client_id, channel="file_text", categories=("first_name",), recipient="Safe Haven Shelter"):
    return egress.release(db, client_id=client_id, recipient=recipient, purpose="Shelter place",
                          categories=categories, channel=channel, worker="Sam",
                          address="intake@example.org" if channel == "email" else "")


def _written(release, tmp_path) -> str:
    """The text that actually left, for each channel that can be checked without a printer."""
    if release.channel == "file_text":
        return text.write_text(release, tmp_path / "out.txt").read_text(encoding="utf-8")
    if release.channel == "file_csv":
        return csv_export.write_csv(release, tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    if release.channel == "email":
        query = parse_qs(urlsplit(mailto.build_mailto(release)).query)
        return query["subject"][0] + "\n" + query["body"][0]
    if release.channel == "clipboard":
        guard = FakeGuard()
        clipboard_export.copy_release(release, guard)
        return guard.text
    raise AssertionError(release.channel)


CHECKABLE = ("file_text", "file_csv", "email", "clipboard")


@pytest.mark.parametrize("channel", egress.CHANNELS)
def test_every_channel_is_refused_without_consent_and_the_refusal_logged(db, client_id, channel):
    with pytest.raises(egress.ConsentRequired) as refused:
        _release(db, client_id, channel=channel)
    assert refused.value.reason == "no_consent"
    assert "no consent" in str(refused.value)
    [entry] = audit.entries(db)
    assert (entry.outcome, entry.refusal_reason, entry.channel, entry.client_id) == (
        "refused", "no_consent", channel, client_id)
    assert entry.seq == refused.value.audit_seq and entry.payload_sha256 is None


@pytest.mark.parametrize("channel", CHECKABLE)
def test_with_consent_only_the_allowed_categories_leave(db, client_id, channel, tmp_path):
    _consent(db, client_id, categories=("first_name", "language_needs"))
    release = _release(db, client_id, channel=channel, categories=("first_name", "language_needs"))
    assert set(release.fields) == {"first_name", "language_needs"}
    output = _written(release, tmp_path)
    assert "Ana" in output and "Spanish" in output
    assert SECRET_NOTE not in output and CONTACT not in output
    [entry] = audit.entries(db)
    assert entry.outcome == "released" and entry.basis == "consent"
    assert entry.payload_sha256 == audit.payload_hash(db, release.fields)


def test_asking_for_less_than_allowed_releases_only_what_was_asked(db, client_id, tmp_path):
    _consent(db, client_id, categories=("first_name", "contact_details", "full_notes"))
    release = _release(db, client_id, categories=("contact_details",))
    assert dict(release.fields) == {"contact_details": CONTACT}
    assert "Ana" not in _written(release, tmp_path)


def test_a_category_outside_the_consent_is_refused_and_named(db, client_id):
    _consent(db, client_id, categories=("first_name",))
    with pytest.raises(egress.ConsentRequired) as refused:
        _release(db, client_id, categories=("first_name", "full_notes"))
    assert refused.value.reason == "category_out_of_scope"
    assert refused.value.missing_categories == ("full_notes",)
    assert "Full notes" in str(refused.value)
    assert audit.entries(db)[-1].refusal_reason == "category_out_of_scope"


def test_another_recipient_is_refused(db, client_id):
    _consent(db, client_id)
    with pytest.raises(egress.ConsentRequired) as refused:
        _release(db, client_id, recipient="Border agency")
    assert refused.value.reason == "recipient_out_of_scope"
    assert "Border agency" in str(refused.value)


def test_recipient_spelling_and_case_do_not_matter_and_the_agreed_name_is_logged(db, client_id):
    _consent(db, client_id)
    release = _release(db, client_id, recipient="  safe haven   SHELTER ")
    assert release.recipient == "Safe Haven Shelter"
    assert audit.entries(db)[-1].recipient == "Safe Haven Shelter"


def test_an_expired_consent_releases_nothing(db, client_id):
    long_ago = datetime.now(UTC) - timedelta(days=120)
    _consent(db, client_id, given_at=long_ago)
    with pytest.raises(egress.ConsentRequired) as refused:
        _release(db, client_id)
    assert refused.value.reason == "expired"


def test_a_withdrawn_consent_releases_nothing_again(db, client_id):
    record = _consent(db, client_id)
    _release(db, client_id)
    consent.withdraw(db, record.id, "Asked us to stop")
    with pytest.raises(egress.ConsentRequired) as refused:
        _release(db, client_id)
    assert refused.value.reason == "withdrawn" and refused.value.consent_id == record.id
    assert [e.outcome for e in audit.entries(db)] == ["released", "refused"]


def test_a_single_use_consent_releases_once(db, client_id):
    record = _consent(db, client_id, single_use=True)
    first = _release(db, client_id)
    assert first.consent_id == record.id
    with pytest.raises(egress.ConsentRequired) as refused:
        _release(db, client_id)
    assert refused.value.reason == "used"
    assert consent.status(consent.get_consent(db, record.id)) == "used"


def test_a_newer_consent_covers_what_an_older_one_did_not(db, client_id):
    _consent(db, client_id, categories=("first_name",))
    newer = _consent(db, client_id, categories=("first_name", "session_summary"))
    release = _release(db, client_id, categories=("session_summary",))
    assert release.consent_id == newer.id
    assert SECRET_NOTE not in release.fields["session_summary"]


def test_appointment_details_need_a_booking(db, client_id):
    _consent(db, client_id, categories=("appointment_details",))
    with pytest.raises(egress.EgressError, match="booking"):
        _release(db, client_id, categories=("appointment_details",))
    assert audit.entries(db) == []


def test_a_release_cannot_be_written_to_another_channel(db, client_id, tmp_path):
    _consent(db, client_id)
    release = _release(db, client_id, channel="clipboard")
    with pytest.raises(WrongChannel):
        text.write_text(release, tmp_path / "x.txt")
    assert not (tmp_path / "x.txt").exists()


def test_csv_holds_one_column_per_released_category(db, client_id, tmp_path):
    _consent(db, client_id)
    release = _release(db, client_id, channel="file_csv", categories=("first_name", "language_needs"))
    rows = list(csv.reader(io.StringIO(_written(release, tmp_path))))
    assert rows[0] == ["first_name", "language_needs"] and rows[1][0] == "Ana"


def test_duty_to_report_needs_a_reason_and_a_written_justification(db, client_id):
    base = dict(client_id=client_id, recipient="Child welfare line", categories=("first_name",),
                channel="file_text", worker="Sam", client_told="Told her before calling")
    with pytest.raises(egress.EgressError, match="why you must report"):
        egress.release_duty_to_report(db, reason="minor", justification="she is 15", **base)
    with pytest.raises(egress.EgressError, match="Choose why"):
        egress.release_duty_to_report(db, reason="curiosity", justification="x" * 40, **base)
    assert audit.entries(db) == []


def test_duty_to_report_releases_without_consent_and_is_logged_as_such(db, client_id, tmp_path):
    release = egress.release_duty_to_report(
        db, client_id=client_id, reason="minor", justification="She said she is 15 and lives at the worksite.",
        recipient="Child welfare line", categories=("first_name", "contact_details"), channel="file_text",
        worker="Sam", client_told="Told her before calling, in Spanish, with the interpreter")
    assert release.basis == "duty_to_report" and release.consent_id is None
    assert set(release.fields) == {"first_name", "contact_details"}
    output = _written(release, tmp_path)
    assert "Report to: Child welfare line" in output and SECRET_NOTE not in output
    [entry] = audit.entries(db)
    assert (entry.basis, entry.duty_reason, entry.consent_id, entry.outcome) == (
        "duty_to_report", "minor", None, "released")
    row = db.execute("SELECT reason, justification, client_told, audit_seq FROM disclosures").fetchone()
    assert row[0] == "minor" and row[3] == entry.seq and "worksite" in row[1] and "Spanish" in row[2]
    assert consent.consents_for_client(db, client_id) == []
    [disclosure] = egress.disclosures_for_client(db, client_id)
    assert (disclosure.reason, disclosure.recipient, disclosure.audit_seq) == ("minor", "Child welfare line", entry.seq)
    assert disclosure.categories == ("first_name", "contact_details")


def test_non_client_data_needs_no_consent_but_is_logged(db, tmp_path):
    release = egress.release_not_client_data(db, description="Blank consent script (es)", recipient="Printer",
                                             channel="file_text", worker="Sam", content="Hola. Me llamo Sam.")
    assert dict(release.fields) == {"content": "Hola. Me llamo Sam."}
    assert _written(release, tmp_path).strip() == "Hola. Me llamo Sam."
    [entry] = audit.entries(db)
    assert (entry.basis, entry.client_id, entry.outcome) == ("not_client_data", None, "released")


def test_the_chain_stays_whole_across_releases_and_refusals(db, client_id):
    _consent(db, client_id)
    _release(db, client_id)
    with pytest.raises(egress.ConsentRequired):
        _release(db, client_id, categories=("full_notes",))
    assert audit.verify(db).ok


def _booking(db, client_id):
    from desktop.core.interpreters import bookings

    start = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    return bookings.create_booking(db, starts_at=start, ends_at=start + timedelta(hours=1),
                                   timezone="America/Vancouver", client_id=client_id, place="Room 2, Main St clinic")


def test_appointment_details_come_from_the_booking_when_allowed(db, client_id):
    booking = _booking(db, client_id)
    _consent(db, client_id, categories=("first_name", "appointment_details"))
    release = egress.release(db, client_id=client_id, recipient="Safe Haven Shelter", purpose="Shelter place",
                             categories=("appointment_details",), channel="calendar", worker="Sam",
                             booking_id=booking.id)
    assert list(release.fields) == ["appointment_details"]
    assert "Room 2, Main St clinic" in release.fields["appointment_details"]


def test_another_clients_booking_is_refused(db, client_id):
    other = clients.create_client(db, "Lia").id
    booking = _booking(db, other)
    _consent(db, client_id, categories=("appointment_details",))
    with pytest.raises(egress.EgressError, match="another client"):
        egress.release(db, client_id=client_id, recipient="Safe Haven Shelter", purpose="Shelter place",
                       categories=("appointment_details",), channel="calendar", worker="Sam", booking_id=booking.id)
    assert audit.entries(db) == []


def test_a_hand_made_release_is_refused_by_every_exporter(tmp_path):
    from desktop.exports.common import NotReleased

    forged = egress.Release({"full_notes": SECRET_NOTE}, 1, "Anyone", "x", "file_text", "consent", 1, 1)
    assert not egress.is_issued(forged)
    for channel, write in (("file_text", lambda r: text.write_text(r, tmp_path / "f.txt")),
                           ("file_csv", lambda r: csv_export.write_csv(r, tmp_path / "f.csv")),
                           ("email", mailto.build_mailto),
                           ("clipboard", lambda r: clipboard_export.copy_release(r, FakeGuard()))):
        with pytest.raises(NotReleased):
            write(dataclasses.replace(forged, channel=channel))
    assert list(tmp_path.iterdir()) == []


def test_a_released_payload_changed_afterwards_is_refused(db, client_id, tmp_path):
    from desktop.exports.common import NotReleased

    _consent(db, client_id)
    genuine = _release(db, client_id, channel="clipboard")
    assert egress.is_issued(genuine)
    for changed in (dataclasses.replace(genuine, fields={"full_notes": SECRET_NOTE}),
                    dataclasses.replace(genuine, channel="file_text")):
        assert not egress.is_issued(changed)
    with pytest.raises(NotReleased):
        text.write_text(dataclasses.replace(genuine, channel="file_text"), tmp_path / "f.txt")
