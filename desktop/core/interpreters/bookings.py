"""Interpreter bookings: lifecycle, time zones, the briefing checklist, and double-booking checks.

Times are entered in the appointment's own IANA zone and stored in UTC with the zone name, so a booking made in
Vancouver for a phone call from Toronto still shows the right hour for everyone. A double booking is a warning,
not a wall: the worker may keep it, but only by writing why, and the reason is stored.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_time

from desktop.core.common import time_zones
from desktop.core.common.formatting import formatting_locale
from desktop.core.common.language_tags import is_language_tag, not_a_tag_message
from desktop.core.common.plain_text import clean_notes, control_characters_message, has_control_characters
from desktop.core.interpreters.directory import MAX_TEXT, MODALITIES, modality_label
from desktop.core.vault.db import from_db_time, not_leaving, to_db_time, transaction, utc_now
from desktop.i18n import N_, _

GENDER_PREFERENCES = ("any", "female", "male", "nonbinary")
STATUSES = ("draft", "requested", "confirmed", "completed", "cancelled", "no_show")
ACTIVE_STATUSES = ("draft", "requested", "confirmed")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("requested", "cancelled"),
    "requested": ("confirmed", "cancelled"),
    "confirmed": ("completed", "cancelled", "no_show"),
    "completed": (), "cancelled": (), "no_show": (),
}
STATUS_LABELS = {"draft": N_("Draft"), "requested": N_("Requested"), "confirmed": N_("Confirmed"),
                 "completed": N_("Completed"), "cancelled": N_("Cancelled"), "no_show": N_("No-show")}
CHECKLIST = (
    ("brief_first", N_("Brief the interpreter before the session starts")),
    ("arrive_separately", N_("The interpreter arrives and leaves separately from the client")),
    ("never_alone", N_("The interpreter is never left alone with the client")),
)
_EDITABLE = ("client_id", "interpreter_id", "starts_at", "ends_at", "timezone", "modality", "place", "call_details",
             "language", "gender_preference", "notes")


class BookingError(ValueError):
    """A booking change that cannot be made; str() is a sentence for the worker."""


class BookingNotFound(BookingError):
    pass


class InvalidTransition(BookingError):
    pass


@dataclass(frozen=True)
class Conflict:
    kind: str                 # "interpreter" or "client"
    other_booking_id: int
    other_start: datetime
    other_end: datetime
    message: str


class DoubleBooked(BookingError):
    def __init__(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        super().__init__("\n".join(c.message for c in conflicts))


@dataclass
class Booking:
    id: int
    client_id: int | None
    interpreter_id: int | None
    status: str
    starts_at: datetime       # aware, UTC
    ends_at: datetime
    timezone: str
    modality: str
    place: str = ""
    call_details: str = ""
    language: str = ""
    gender_preference: str = "any"
    notes: str = ""
    checklist: dict[str, bool] = field(default_factory=dict)

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(ZoneInfo(self.timezone))

    @property
    def local_end(self) -> datetime:
        return self.ends_at.astimezone(ZoneInfo(self.timezone))

    @property
    def checklist_done(self) -> bool:
        return all(self.checklist.get(key) for key, _label in CHECKLIST)

    def allowed_transitions(self) -> tuple[str, ...]:
        return TRANSITIONS[self.status]


def status_label(status: str) -> str:
    return _(STATUS_LABELS[status])


def checklist_items() -> list[tuple[str, str]]:
    return [(key, _(label)) for key, label in CHECKLIST]


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BookingError(time_zones.unknown_zone_message(name)) from None


COMMON_ZONES = ("America/Vancouver", "America/Edmonton", "America/Regina", "America/Winnipeg", "America/Toronto",
                "America/Halifax", "America/St_Johns", "America/Mexico_City", "America/Guatemala", "Asia/Manila",
                "UTC")


def default_zone() -> str:
    """The machine's IANA zone name when it can be read, else British Columbia's (the default province)."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(IndexError, OSError):
        candidates.append(os.path.realpath("/etc/localtime").split("zoneinfo/", 1)[1])
    for name in candidates:
        if name and "/" in name:
            try:
                ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
            return name
    return "America/Vancouver"


def local_moment(naive: datetime, zone_name: str) -> datetime:
    """A wall-clock time in the appointment's zone, refused if the clocks skip over it that day."""
    tz = zone(zone_name)
    aware = naive.replace(tzinfo=tz)
    if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive.replace(tzinfo=None):
        shown = format_time(naive.time(), "short", locale=formatting_locale())
        raise BookingError(_("{time} does not exist in {zone} that day: the clocks change. Choose another time."
                             ).format(time=shown, zone=time_zones.zone_name(zone_name)))
    return aware


# -- reading ------------------------------------------------------------------------------------------------------
def _from_row(row: dict) -> Booking:
    return Booking(
        id=row["id"], client_id=row["client_id"], interpreter_id=row["interpreter_id"], status=row["status"],
        starts_at=from_db_time(row["starts_at"]), ends_at=from_db_time(row["ends_at"]), timezone=row["timezone"],
        modality=row["modality"], place=row["place"], call_details=row["call_details"], language=row["language"],
        gender_preference=row["gender_preference"], notes=row["notes"], checklist=json.loads(row["checklist"]),
    )


def _rows(db, sql: str, params) -> list[Booking]:
    cursor = db.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    return [_from_row(dict(zip(columns, row, strict=True))) for row in cursor.fetchall()]


def get_booking(db, booking_id: int) -> Booking:
    found = _rows(db, f"SELECT * FROM bookings WHERE id = ? AND {not_leaving('client_id')}", [booking_id])
    if not found:
        raise BookingNotFound(_("This booking no longer exists."))
    return found[0]


def bookings_for_client(db, client_id: int) -> list[Booking]:
    return _rows(db, f"SELECT * FROM bookings WHERE client_id = ? AND {not_leaving('client_id')} "
                    "ORDER BY starts_at DESC", [client_id])


def week(db, start_date: date, zone_name: str | None = None) -> list[Booking]:
    """Bookings that start in the seven days from ``start_date`` (midnight in ``zone_name``, default the
    machine's zone), earliest first."""
    tz = zone(zone_name) if zone_name else datetime.now().astimezone().tzinfo
    begin = datetime.combine(start_date, datetime.min.time(), tzinfo=tz)
    end = datetime.combine(start_date + timedelta(days=7), datetime.min.time(), tzinfo=tz)
    return _rows(db, f"SELECT * FROM bookings WHERE starts_at >= ? AND starts_at < ? AND {not_leaving('client_id')} "
                    "ORDER BY starts_at",
                 [to_db_time(begin), to_db_time(end)])


def overrides_for(db, booking_id: int) -> list[dict]:
    cursor = db.execute("SELECT kind, other_booking_id, reason, worker, at FROM booking_overrides "
                        "WHERE booking_id = ? ORDER BY id", [booking_id])
    return [dict(zip(("kind", "other_booking_id", "reason", "worker", "at"), row, strict=True)) for row in cursor]


def history_for(db, booking_id: int) -> list[tuple[str | None, str, datetime, str]]:
    rows = db.execute("SELECT from_status, to_status, at, worker FROM booking_history WHERE booking_id = ? "
                      "ORDER BY id", [booking_id]).fetchall()
    return [(r[0], r[1], from_db_time(r[2]), r[3]) for r in rows]


# -- writing ------------------------------------------------------------------------------------------------------
def _checked(values: dict) -> dict:
    starts, ends = values["starts_at"], values["ends_at"]
    zone(values["timezone"])
    if starts.tzinfo is None or ends.tzinfo is None:
        raise BookingError(_("Start and end need a time zone."))
    if ends <= starts:
        raise BookingError(_("The end must come after the start."))
    if ends - starts > timedelta(hours=12):
        raise BookingError(_("A booking can last at most 12 hours."))
    if values["modality"] not in MODALITIES:
        raise BookingError(_("Choose in person, phone or video."))
    if values["language"] and not is_language_tag(values["language"]):
        raise BookingError(not_a_tag_message(values["language"]))
    if values["gender_preference"] not in GENDER_PREFERENCES:
        raise BookingError(_("Choose any gender, female, male or non-binary."))
    if has_control_characters(values["place"]) or has_control_characters(values["call_details"]):
        raise BookingError(control_characters_message())
    values = {**values, "notes": clean_notes(values["notes"])}  # several lines: invisible controls are dropped
    for name in ("place", "call_details", "notes"):
        if len(values[name]) > MAX_TEXT:
            raise BookingError(_("This text is too long (more than {limit} characters).").format(limit=MAX_TEXT))
    return {**values, "starts_at": to_db_time(starts), "ends_at": to_db_time(ends)}


def create_booking(db, *, starts_at: datetime, ends_at: datetime, timezone: str, modality: str = "in_person",
                   client_id: int | None = None, interpreter_id: int | None = None, place: str = "",
                   call_details: str = "", language: str = "", gender_preference: str = "any", notes: str = "",
                   worker: str = "") -> Booking:
    """A new draft. ``starts_at``/``ends_at`` are aware datetimes (see ``local_moment``)."""
    values = _checked({
        "client_id": client_id, "interpreter_id": interpreter_id, "starts_at": starts_at, "ends_at": ends_at,
        "timezone": timezone, "modality": modality, "place": place.strip(), "call_details": call_details.strip(),
        "language": language.strip(), "gender_preference": gender_preference, "notes": notes,
    })
    now = to_db_time(utc_now())
    with transaction(db):
        new_id = db["bookings"].insert({**values, "status": "draft", "checklist": "{}", "created_at": now,
                                        "updated_at": now}).last_pk
        _log(db, new_id, None, "draft", worker)
    return get_booking(db, new_id)


def update_booking(db, booking_id: int, **changes) -> Booking:
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise TypeError(f"bookings have no editable field(s) {sorted(unknown)}")
    current = get_booking(db, booking_id)
    if current.status not in ACTIVE_STATUSES:
        raise BookingError(_("A {status} booking cannot be changed.").format(status=status_label(current.status)))
    merged = {name: getattr(current, name) for name in _EDITABLE}
    merged.update(changes)
    values = _checked(merged)
    db["bookings"].update(booking_id, {**values, "updated_at": to_db_time(utc_now())})
    return get_booking(db, booking_id)


def set_checklist(db, booking_id: int, item: str, done: bool) -> Booking:
    if item not in dict(CHECKLIST):
        raise BookingError(f"unknown checklist item {item!r}")
    current = get_booking(db, booking_id)
    current.checklist[item] = bool(done)
    db["bookings"].update(booking_id, {"checklist": json.dumps(current.checklist), "updated_at": to_db_time(utc_now())})
    return get_booking(db, booking_id)


def delete_draft(db, booking_id: int) -> None:
    if get_booking(db, booking_id).status != "draft":
        raise BookingError(_("Only a draft can be deleted; cancel the booking instead."))
    db.execute("DELETE FROM bookings WHERE id = ?", [booking_id])


def conflicts(db, booking_id: int) -> list[Conflict]:
    """Other active bookings overlapping this one for the same interpreter or the same client, minus the ones the
    worker already kept with a reason."""
    booking = get_booking(db, booking_id)
    kept = {(o["kind"], o["other_booking_id"]) for o in overrides_for(db, booking_id)}
    found = []
    # An agency line has many interpreters: two bookings at once through it are normal, not a conflict.
    agency = booking.interpreter_id is not None and bool(db.execute(
        "SELECT 1 FROM interpreters WHERE id = ? AND kind = 'agency'", [booking.interpreter_id]).fetchone())
    for kind, column, value in (("interpreter", "interpreter_id", None if agency else booking.interpreter_id),
                                ("client", "client_id", booking.client_id)):
        if value is None:
            continue
        others = _rows(db, f"SELECT * FROM bookings WHERE {column} = ? AND id != ? AND status IN "  # noqa: S608
                           "('draft', 'requested', 'confirmed') AND starts_at < ? AND ends_at > ? "
                           f"AND {not_leaving('client_id')} ORDER BY starts_at",
                       [value, booking_id, to_db_time(booking.ends_at), to_db_time(booking.starts_at)])
        for other in others:
            if (kind, other.id) in kept:
                continue
            when = describe_time(other)
            message = (_("The interpreter is already booked then: {when}.") if kind == "interpreter"
                       else _("The client already has a booking then: {when}.")).format(when=when)
            found.append(Conflict(kind, other.id, other.starts_at, other.ends_at, message))
    return found


def keep_despite_conflicts(db, booking_id: int, reason: str, worker: str) -> list[Conflict]:
    """Stores the worker's reason for keeping every current double booking of this one."""
    if not reason.strip():
        raise BookingError(_("Write why this double booking is all right."))
    if has_control_characters(reason.strip()):
        raise BookingError(control_characters_message())
    current = conflicts(db, booking_id)
    now = to_db_time(utc_now())
    with transaction(db):
        for conflict in current:
            db["booking_overrides"].insert({"booking_id": booking_id, "kind": conflict.kind,
                                            "other_booking_id": conflict.other_booking_id, "reason": reason.strip(),
                                            "worker": worker, "at": now})
    return current


def transition(db, booking_id: int, to_status: str, *, worker: str = "", override_reason: str = "") -> Booking:
    """Moves a booking along its lifecycle. Requesting or confirming a double booking raises DoubleBooked unless
    an ``override_reason`` is given (it is stored)."""
    current = get_booking(db, booking_id)
    if to_status not in TRANSITIONS.get(current.status, ()):
        raise InvalidTransition(_("A booking that is “{current}” cannot become “{target}”.").format(
            current=status_label(current.status), target=status_label(to_status) if to_status in STATUSES
            else to_status))
    if to_status == "requested" and current.interpreter_id is None:
        raise BookingError(_("Choose an interpreter or an agency before sending a request."))
    if to_status == "requested" and not (current.place or current.call_details):
        raise BookingError(_("Add the place, or how the call will be made, before sending a request."))
    with transaction(db):
        if to_status in ("requested", "confirmed") and conflicts(db, booking_id):
            if not override_reason.strip():
                raise DoubleBooked(conflicts(db, booking_id))
            keep_despite_conflicts(db, booking_id, override_reason, worker)
        db["bookings"].update(booking_id, {"status": to_status, "updated_at": to_db_time(utc_now())})
        _log(db, booking_id, current.status, to_status, worker)
    return get_booking(db, booking_id)


def _log(db, booking_id: int, from_status: str | None, to_status: str, worker: str) -> None:
    db["booking_history"].insert({"booking_id": booking_id, "from_status": from_status, "to_status": to_status,
                                  "at": to_db_time(utc_now()), "worker": worker})


# -- words --------------------------------------------------------------------------------------------------------
def describe_time(booking: Booking, locale: str | None = None) -> str:
    """'Tuesday, December 1, 2026, 9:00 a.m. – 10:00 a.m. (Pacific Time — Vancouver)' in the worker's language: the
    zone by its name (the calendar file carries its ID)."""
    locale = formatting_locale(locale)      # the same en_CA / fr_CA forms as every other screen
    start, end = booking.local_start, booking.local_end
    return _("{day}, {start} – {end} ({zone})").format(
        day=format_date(start.date(), "full", locale=locale), start=format_time(start.time(), "short", locale=locale),
        end=format_time(end.time(), "short", locale=locale), zone=time_zones.zone_name(booking.timezone, str(locale)))


def describe_place(booking: Booking) -> str:
    where = booking.place if booking.modality == "in_person" else booking.call_details
    return ", ".join(part for part in (modality_label(booking.modality), where) if part)


def appointment_fields(db, booking_id: int) -> dict:
    """For the consent gate: the appointment in words, and whose booking it is (the gate checks the owner)."""
    booking = get_booking(db, booking_id)
    return {"client_id": booking.client_id,
            "appointment_details": _("{time}; {place}").format(time=describe_time(booking),
                                                                place=describe_place(booking))}
