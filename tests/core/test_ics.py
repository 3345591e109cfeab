"""Booking requests and .ics files: valid, and never carrying client data without a consent."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from desktop.core.consent import audit
from desktop.core.consent.consents import record_consent
from desktop.core.consent.gate import ConsentRequired
from desktop.core.interpreters.booking_sharing import share_booking
from desktop.core.interpreters.bookings import create_booking, local_moment, transition
from desktop.core.interpreters.directory import Credential, Interpreter, save_interpreter
from desktop.core.records.clients import create_client
from desktop.exports.booking_request import request_mailto, request_text
from desktop.exports.common import WrongChannel
from desktop.exports.ics import booking_calendar

ZONE = "America/Toronto"
NAME = "Zhaoyun"


@pytest.fixture
def booking(db):
    client = create_client(db, NAME, languages=["yue-HK"], interpreter_gender="female",
                           safe_contact="Text only 555-0000")
    interpreter = save_interpreter(db, Interpreter(
        name="Wing Example", agency="Pretend Language Services", languages=["yue-HK", "en"], gender="female",
        modalities=["in_person", "phone"], email="wing@example.invalid",
        credentials=[Credential(title="Certified Medical Interpreter", level="certified")]))
    made = create_booking(db, client_id=client.id, interpreter_id=interpreter.id,
                          starts_at=local_moment(datetime(2026, 12, 3, 14, 0), ZONE),
                          ends_at=local_moment(datetime(2026, 12, 3, 15, 30), ZONE), timezone=ZONE,
                          modality="in_person", place="Harbour office, 2nd floor", language="yue-HK",
                          gender_preference="female")
    transition(db, made.id, "requested")
    return made


def _share(db, booking, channel, include=()):
    return share_booking(db, booking.id, channel=channel, worker="Sam", organisation="Harbour Outreach",
                         include=include)


def _consent(db, booking, recipient, categories=("first_name", "language_needs")):
    record_consent(db, client_id=booking.client_id, purpose="", purpose_kind="interpreter_booking",
                   recipient=recipient, categories=categories, method="written_signed", recorded_by="Sam")


def test_ics_parses_back_with_zone_and_no_client_identity(db, booking):
    release, facts = _share(db, booking, "calendar")
    data = booking_calendar(release, facts)
    parsed = Calendar.from_ical(data)
    event = next(iter(parsed.walk("VEVENT")))
    start = event.decoded("dtstart")
    assert (start.hour, start.minute, str(start.tzinfo)) == (14, 0, ZONE)
    assert (event.decoded("dtend") - start).total_seconds() == 90 * 60
    assert str(event["location"]) == "Harbour office, 2nd floor"
    assert "Cantonese" in str(event["summary"]) and str(event["status"]) == "TENTATIVE"
    assert parsed.walk("VTIMEZONE")
    assert NAME.encode() not in data and b"555-0000" not in data
    assert "female" in str(event["description"])


def test_request_without_consent_holds_no_client_field_and_is_audited(db, booking):
    release, facts = _share(db, booking, "booking_request")
    text = request_text(release, facts)
    assert NAME not in text and "555-0000" not in text
    for words in ("Cantonese", "female", "in person", "Harbour office", "Eastern Time — Toronto", "H-"):
        assert words in text
    assert release.basis == "not_client_data" and release.audit_seq
    assert NAME not in request_mailto(release, facts)
    assert request_mailto(release, facts).startswith("mailto:wing@example.invalid?subject=")
    logged = audit.entries(db, channel="booking_request")
    assert [(e.basis, e.outcome, e.recipient) for e in logged] == [("not_client_data", "released", "Wing Example")]


def test_client_first_name_without_consent_is_refused_and_logged(db, booking):
    with pytest.raises(ConsentRequired):
        _share(db, booking, "booking_request", include=("first_name",))
    _consent(db, booking, "Someone Else")
    with pytest.raises(ConsentRequired):
        _share(db, booking, "calendar", include=("first_name",))
    refused = audit.entries(db, outcome="refused")
    # each recipient tried (the interpreter, then their agency) is logged as a refusal, on both channels
    assert {e.channel for e in refused} == {"booking_request", "calendar"}
    assert {e.recipient for e in refused} == {"Wing Example", "Pretend Language Services"}
    assert all(e.client_id == booking.client_id for e in refused)


def test_consent_for_the_interpreter_lets_the_first_name_through(db, booking):
    _consent(db, booking, "Wing Example")
    release, facts = _share(db, booking, "booking_request", include=("first_name", "language_needs"))
    text = request_text(release, facts)
    assert NAME in text and "Shared with the client's consent" in text
    assert "555-0000" not in text  # contact details were not asked for


def test_consent_for_the_agency_also_covers_its_interpreter(db, booking):
    _consent(db, booking, "Pretend Language Services", categories=("first_name",))
    release, facts = _share(db, booking, "calendar", include=("first_name",))
    assert NAME.encode() in booking_calendar(release, facts)


def test_release_for_one_channel_cannot_write_another(db, booking):
    release, facts = _share(db, booking, "booking_request")
    with pytest.raises(WrongChannel):
        booking_calendar(release, facts)


def test_request_never_carries_notes_or_contact_details(db, booking):
    with pytest.raises(ValueError):
        _share(db, booking, "booking_request", include=("full_notes",))


def test_including_client_fields_in_a_booking_without_client_is_a_clear_error(db, booking):
    from desktop.core.interpreters.bookings import BookingError, update_booking

    update_booking(db, booking.id, client_id=None)
    with pytest.raises(BookingError, match="no client"):
        _share(db, booking, "booking_request", include=("first_name",))


def test_event_uid_stays_the_same_when_the_time_changes(db, booking):
    from desktop.core.interpreters.bookings import update_booking

    first = Calendar.from_ical(booking_calendar(*_share(db, booking, "calendar")))
    update_booking(db, booking.id, starts_at=local_moment(datetime(2026, 12, 4, 9, 0), ZONE),
                   ends_at=local_moment(datetime(2026, 12, 4, 10, 0), ZONE))
    second = Calendar.from_ical(booking_calendar(*_share(db, booking, "calendar")))
    uids = [str(next(iter(c.walk("VEVENT")))["uid"]) for c in (first, second)]
    assert uids[0] == uids[1]
    assert next(iter(second.walk("VEVENT"))).decoded("dtstart").day == 4


def test_ics_zone_has_no_end_date_and_keeps_the_hour_for_decades(db, booking):
    """The VTIMEZONE used to say "only works from 1970-01-01 to 2038-01-01": now yearly rules, no end."""
    release, facts = _share(db, booking, "calendar")
    data = booking_calendar(release, facts)
    assert b"only works" not in data and b"2038" not in data
    zone_block = next(iter(Calendar.from_ical(data).walk("VTIMEZONE")))
    assert str(zone_block["TZID"]) == ZONE
    rules = [part["RRULE"] for part in zone_block.subcomponents if "RRULE" in part]
    assert len(rules) == 2 and all("UNTIL" not in rule and "COUNT" not in rule for rule in rules)
    calendar_zone = zone_block.to_tz()
    for moment in (datetime(2026, 12, 3, 14), datetime(2040, 7, 1, 12), datetime(2061, 3, 20, 9),
                   datetime(2061, 11, 20, 9)):
        expected = moment.replace(tzinfo=ZoneInfo(ZONE)).utcoffset()
        assert moment.replace(tzinfo=calendar_zone).utcoffset() == expected, moment


def test_ics_zone_without_daylight_saving_is_one_block():
    from desktop.exports.ics_zone import open_ended_timezone

    zone = open_ended_timezone("America/Regina", datetime(2026, 5, 1))
    assert [part.name for part in zone.subcomponents] == ["STANDARD"]
    assert "COMMENT" not in zone
