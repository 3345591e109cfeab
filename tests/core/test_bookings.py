from datetime import UTC, date, datetime

import pytest

from desktop.core.interpreters.bookings import (
    BookingError,
    DoubleBooked,
    InvalidTransition,
    appointment_fields,
    conflicts,
    create_booking,
    delete_draft,
    get_booking,
    history_for,
    local_moment,
    overrides_for,
    set_checklist,
    transition,
    update_booking,
    week,
)
from desktop.core.interpreters.directory import Credential, Interpreter, save_interpreter
from desktop.core.records.clients import create_client

ZONE = "America/Vancouver"


@pytest.fixture
def people(db):
    client = create_client(db, "Mei", languages=["yue"])
    other = create_client(db, "Ana", languages=["es"])
    interpreter = save_interpreter(db, Interpreter(name="Wing Example", languages=["yue"], modalities=["phone"],
                                                   credentials=[Credential(title="Certified", level="certified")]))
    return client, other, interpreter


def _book(db, client, interpreter, hour=10, day=1, **fields):
    fields.setdefault("place", "Harbour office, room 2")
    return create_booking(
        db, client_id=client.id if client else None, interpreter_id=interpreter.id if interpreter else None,
        starts_at=local_moment(datetime(2026, 12, day, hour), ZONE),
        ends_at=local_moment(datetime(2026, 12, day, hour + 1), ZONE), timezone=ZONE, **fields)


def test_times_are_stored_in_utc_with_the_zone_name(db, people):
    client, _other, interpreter = people
    booking = _book(db, client, interpreter)
    stored = db.execute("SELECT starts_at, timezone FROM bookings WHERE id = ?", [booking.id]).fetchone()
    assert stored == ("2026-12-01T18:00:00+00:00", ZONE)
    assert booking.local_start.hour == 10 and booking.starts_at.tzinfo == UTC


def test_full_lifecycle_is_logged(db, people):
    booking = _book(db, *people[::2])
    for status in ("requested", "confirmed", "completed"):
        booking = transition(db, booking.id, status, worker="Sam")
    assert booking.status == "completed"
    assert [h[1] for h in history_for(db, booking.id)] == ["draft", "requested", "confirmed", "completed"]


@pytest.mark.parametrize("path, refused", [
    ((), "confirmed"),                               # draft cannot jump to confirmed
    ((), "completed"),
    (("requested",), "no_show"),
    (("requested", "confirmed", "completed"), "cancelled"),
    (("cancelled",), "requested"),
    (("requested", "confirmed", "no_show"), "completed"),
    ((), "bogus"),
])
def test_invalid_transitions_are_refused_and_status_unchanged(db, people, path, refused):
    booking = _book(db, *people[::2])
    for status in path:
        transition(db, booking.id, status)
    before = get_booking(db, booking.id).status
    with pytest.raises(InvalidTransition, match="cannot become"):
        transition(db, booking.id, refused)
    assert get_booking(db, booking.id).status == before


def test_request_needs_an_interpreter_and_a_place(db, people):
    client, _other, interpreter = people
    with pytest.raises(BookingError, match="interpreter or an agency"):
        transition(db, _book(db, client, None).id, "requested")
    with pytest.raises(BookingError, match="place"):
        transition(db, _book(db, client, interpreter, place="").id, "requested")


def test_interpreter_double_booking_warns_and_override_reason_is_stored(db, people):
    client, other, interpreter = people
    first = _book(db, client, interpreter)
    second = _book(db, other, interpreter, hour=10)
    found = conflicts(db, second.id)
    assert [c.kind for c in found] == ["interpreter"] and found[0].other_booking_id == first.id
    assert "interpreter is already booked" in found[0].message
    with pytest.raises(DoubleBooked):
        transition(db, second.id, "requested")
    assert get_booking(db, second.id).status == "draft"
    transition(db, second.id, "requested", worker="Sam", override_reason="Phone call, ten minutes only")
    assert overrides_for(db, second.id)[0]["reason"] == "Phone call, ten minutes only"
    assert conflicts(db, second.id) == []


def test_client_double_booking_warns_but_not_for_cancelled_or_adjacent(db, people):
    client, _other, interpreter = people
    first = _book(db, client, interpreter)
    second = _book(db, client, None, hour=10)
    assert [c.kind for c in conflicts(db, second.id)] == ["client"]
    assert conflicts(db, _book(db, client, None, hour=11).id) == []          # starts when the first ends
    transition(db, first.id, "cancelled")
    delete_draft(db, second.id)
    assert conflicts(db, _book(db, client, None, hour=10).id) == []


def test_two_bookings_through_an_agency_line_are_not_a_double_booking(db, people):
    client, other, _interpreter = people
    agency = save_interpreter(db, Interpreter(name="Agency line", kind="agency", languages=["yue"],
                                              modalities=["phone"]))
    _book(db, client, agency)
    assert conflicts(db, _book(db, other, agency).id) == []


def test_override_needs_a_reason(db, people):
    client, other, interpreter = people
    _book(db, client, interpreter)
    second = _book(db, other, interpreter)
    with pytest.raises(DoubleBooked):
        transition(db, second.id, "requested", override_reason="   ")


@pytest.mark.parametrize("change, words", [
    ({"timezone": "Mars/Base"}, "time zone"),
    ({"modality": "fax"}, "in person, phone or video"),
    ({"language": "Cantonese please"}, "not a language code"),
    ({"gender_preference": "robot"}, "any gender"),
    ({"notes": "x" * 5000}, "too long"),
])
def test_bad_values_are_refused_and_nothing_changes(db, people, change, words):
    booking = _book(db, *people[::2])
    with pytest.raises(BookingError, match=words):
        update_booking(db, booking.id, **change)
    assert get_booking(db, booking.id) == booking


def test_end_before_start_and_naive_times_are_refused(db, people):
    with pytest.raises(BookingError, match="end must come after"):
        create_booking(db, starts_at=datetime(2026, 12, 1, 11, tzinfo=UTC), ends_at=datetime(2026, 12, 1, 10,
                       tzinfo=UTC), timezone=ZONE)
    with pytest.raises(BookingError, match="time zone"):
        create_booking(db, starts_at=datetime(2026, 12, 1, 11), ends_at=datetime(2026, 12, 1, 12), timezone=ZONE)


def test_a_time_skipped_by_the_clock_change_is_refused():
    with pytest.raises(BookingError, match="clocks change"):
        local_moment(datetime(2027, 3, 14, 2, 30), ZONE)


def test_finished_booking_cannot_be_edited_and_only_drafts_deleted(db, people):
    booking = _book(db, *people[::2])
    transition(db, booking.id, "cancelled")
    with pytest.raises(BookingError, match="cannot be changed"):
        update_booking(db, booking.id, notes="x")
    with pytest.raises(BookingError, match="Only a draft"):
        delete_draft(db, booking.id)


def test_checklist(db, people):
    booking = _book(db, *people[::2])
    assert not booking.checklist_done
    for item in ("brief_first", "arrive_separately", "never_alone"):
        booking = set_checklist(db, booking.id, item, True)
    assert booking.checklist_done


def test_week_lists_bookings_of_seven_days_in_the_zone(db, people):
    client, _other, interpreter = people
    inside = [_book(db, client, interpreter, day=d, hour=9) for d in (1, 7)]
    _book(db, client, interpreter, day=8, hour=9)
    _book(db, client, interpreter, day=1, hour=20)  # 04:00 UTC on the 2nd: still the 1st in Vancouver
    found = week(db, date(2026, 12, 1), ZONE)
    assert [b.id for b in found][:1] == [inside[0].id] and len(found) == 3


def test_appointment_fields_for_the_consent_gate(db, people):
    client, _other, interpreter = people
    booking = _book(db, client, interpreter)
    fields = appointment_fields(db, booking.id)
    assert fields["client_id"] == client.id
    text = fields["appointment_details"]
    assert "December 1, 2026" in text and "Pacific Time — Vancouver" in text
    assert "in person" in text and "room 2" in text
