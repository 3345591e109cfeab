"""Consent records: what is stored, defaults, validation, withdrawal and status."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desktop.core.consent import consents as consent
from desktop.core.records import clients


@pytest.fixture
def client_id(db) -> int:
    return clients.create_client(db, "Ana", safe_contact="Text only, after 6 pm").id


def _record(db, client_id, **overrides):
    fields = {
        "client_id": client_id,
        "purpose": "Help with a shelter place",
        "recipient": "Safe Haven Shelter",
        "categories": ["first_name", "language_needs"],
        "method": "verbal_interpreter",
        "interpreter_name": "Lucía",
        "explained_script": "consent / es / rev abc123",
        "explained_language": "es",
        "recorded_by": "Sam",
        "help_not_conditional_explained": True,
        "risks_discussed": True,
    }
    fields.update(overrides)
    return consent.record_consent(db, **fields)


def test_recorded_consent_keeps_everything_that_was_agreed(db, client_id):
    given = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)
    record = _record(db, client_id, given_at=given)
    stored = consent.consents_for_client(db, client_id)
    assert stored == [record]
    assert record.categories == ("first_name", "language_needs")
    assert record.interpreter_name == "Lucía"
    assert record.explained_script == "consent / es / rev abc123"
    assert record.help_not_conditional_explained and record.risks_discussed
    assert record.recorded_by == "Sam"


def test_consent_is_valid_ninety_days_by_default(db, client_id):
    given = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)
    record = _record(db, client_id, given_at=given)
    assert record.valid_until == given + timedelta(days=90)
    assert consent.status(record, given + timedelta(days=89)) == "active"
    assert consent.status(record, given + timedelta(days=90)) == "expired"


def test_single_use_consent_has_no_end_date_and_is_active_until_used(db, client_id):
    record = _record(db, client_id, single_use=True)
    assert record.valid_until is None and record.single_use
    assert consent.status(record) == "active"
    consent.mark_used(db, record.id)
    assert consent.status(consent.get_consent(db, record.id)) == "used"


def test_withdrawn_consent_stays_withdrawn_with_its_note(db, client_id):
    record = _record(db, client_id)
    withdrawn = consent.withdraw(db, record.id, "Changed her mind on the phone")
    assert consent.status(withdrawn) == "withdrawn"
    assert withdrawn.withdrawal_note == "Changed her mind on the phone"
    with pytest.raises(consent.ConsentInvalid):
        consent.withdraw(db, record.id, "again")
    assert consent.get_consent(db, record.id).withdrawal_note == "Changed her mind on the phone"


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"recipient": "  "}, "who would receive"),
        ({"purpose": ""}, "why"),
        ({"categories": []}, "at least one"),
        ({"categories": ["passport_number"]}, "Unknown"),
        ({"method": "telepathy"}, "how the consent"),
        ({"method": "verbal_interpreter", "interpreter_name": ""}, "interpreter"),
        ({"recorded_by": ""}, "worker"),
    ],
)
def test_incomplete_consent_is_refused_with_a_sentence_and_nothing_stored(db, client_id, overrides, words):
    with pytest.raises(consent.ConsentInvalid, match=words):
        _record(db, client_id, **overrides)
    assert consent.consents_for_client(db, client_id) == []


def test_end_date_before_start_is_refused(db, client_id):
    given = datetime(2026, 11, 1, tzinfo=UTC)
    with pytest.raises(consent.ConsentInvalid, match="after"):
        _record(db, client_id, given_at=given, valid_until=given - timedelta(days=1))


def test_consent_for_a_missing_client_is_refused(db):
    with pytest.raises(consent.ConsentInvalid, match="no longer exists"):
        _record(db, 999)


def test_what_was_agreed_cannot_be_edited_afterwards(db, client_id):
    record = _record(db, client_id)
    with pytest.raises(Exception, match="cannot be changed"):
        db.execute("UPDATE consents SET categories = '[\"full_notes\"]' WHERE id = ?", [record.id])
    assert consent.get_consent(db, record.id).categories == ("first_name", "language_needs")


def test_consents_are_listed_newest_first(db, client_id):
    older = _record(db, client_id, given_at=datetime(2026, 10, 1, tzinfo=UTC))
    newer = _record(db, client_id, given_at=datetime(2026, 11, 1, tzinfo=UTC))
    assert [c.id for c in consent.consents_for_client(db, client_id)] == [newer.id, older.id]


def test_the_consent_script_last_shown_is_offered_as_what_was_explained(db, client_id):
    from desktop.core.records import sessions
    from desktop.core.scripts import script_log

    assert consent.last_explained_script(db, client_id) is None
    session = sessions.create_session(db, client_id)
    script_log.record_shown(db, session.id, "role", "es", "r1")
    script_log.record_shown(db, session.id, "consent", "es", "abc123")
    assert consent.last_explained_script(db, client_id) == ("consent / es / rev abc123", "es")
