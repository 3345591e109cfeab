"""What a booking request or calendar file may say, and getting it through the consent gate.

By default a request holds no client identity: language, dialect, the interpreter gender asked for, modality,
time and place. Anything about the client (first name, needs) is added only by ``egress.release`` with a
consent that names this interpreter or their agency as the recipient. Either way the gate writes the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.core.common.languages import language_name
from desktop.core.consent import gate as egress
from desktop.core.interpreters.bookings import BookingError, describe_time, get_booking
from desktop.core.interpreters.directory import gender_label, get_interpreter, modality_label
from desktop.i18n import _

CLIENT_CATEGORIES = ("first_name", "language_needs")     # what a request may carry, with consent
SHARE_CHANNELS = ("booking_request", "calendar")


@dataclass(frozen=True)
class BookingFacts:
    """The non-identifying facts of one booking, as plain text ready for a recipient."""

    booking_id: int
    uid: str
    language: str
    gender_preference: str
    modality: str
    starts_at: datetime          # aware, in the appointment's zone
    ends_at: datetime
    timezone: str
    when_text: str
    place: str
    call_details: str
    status: str                  # draft, requested, confirmed ...
    recipient: str
    recipient_email: str
    organisation: str
    worker: str
    client_id: int | None = None
    agency: str = ""

    def lines(self) -> list[str]:
        lines = [
            _("Language: {language} ({tag})").format(language=language_name(self.language), tag=self.language)
            if self.language else _("Language: to be confirmed"),
            _("When: {when}").format(when=self.when_text),
            _("How: {modality}").format(modality=modality_label(self.modality)),
        ]
        if self.gender_preference != "any":
            lines.append(_("Interpreter gender requested: {gender}").format(
                gender=gender_label(self.gender_preference)))
        if self.modality == "in_person" and self.place:
            lines.append(_("Place: {place}").format(place=self.place))
        if self.modality != "in_person" and self.call_details:
            lines.append(_("Call details: {details}").format(details=self.call_details))
        lines.append(_("Booking reference: H-{number}").format(number=self.booking_id))
        return lines

    def text(self) -> str:
        return "\n".join(self.lines())


def booking_facts(db, booking_id: int, *, organisation: str, worker: str) -> BookingFacts:
    booking = get_booking(db, booking_id)
    interpreter = get_interpreter(db, booking.interpreter_id) if booking.interpreter_id else None
    return BookingFacts(
        booking_id=booking.id, uid=_uid(db, booking.id),
        language=booking.language, gender_preference=booking.gender_preference, modality=booking.modality,
        starts_at=booking.local_start, ends_at=booking.local_end, timezone=booking.timezone,
        when_text=describe_time(booking), place=booking.place, call_details=booking.call_details,
        status=booking.status, recipient=recipient_for(interpreter),
        recipient_email=interpreter.email if interpreter else "", organisation=organisation, worker=worker,
        client_id=booking.client_id, agency=interpreter.agency if interpreter else "",
    )


def _uid(db, booking_id: int) -> str:
    """Stable for the booking's life, so a calendar updates the event when the time changes."""
    created = db.execute("SELECT created_at FROM bookings WHERE id = ?", [booking_id]).fetchone()[0]
    stamp = "".join(ch for ch in created if ch.isdigit())[:14]
    return f"harbour-booking-{booking_id}-{stamp}@harbour.invalid"


def recipient_for(interpreter) -> str:
    if interpreter is None:
        return _("Interpreter to be chosen")
    return interpreter.name


def share_booking(db, booking_id: int, *, channel: str, worker: str, organisation: str,
                  include: tuple[str, ...] = ()) -> tuple[egress.Release, BookingFacts]:
    """The Release an export must be built from. ``include`` names client categories to add (first_name,
    language_needs); they need a consent covering the interpreter (or their agency). Raises
    egress.ConsentRequired when no consent covers them; the refusal is already in the audit log."""
    if channel not in SHARE_CHANNELS:
        raise ValueError(f"not a booking channel: {channel!r}")
    unknown = set(include) - set(CLIENT_CATEGORIES)
    if unknown:
        raise ValueError(f"a booking request never carries {sorted(unknown)}")
    facts = booking_facts(db, booking_id, organisation=organisation, worker=worker)
    booking = get_booking(db, booking_id)
    if not include:
        release = egress.release_not_client_data(
            db, description=_("Interpreter booking H-{number}, without client information").format(
                number=booking_id), recipient=facts.recipient, channel=channel, worker=worker, content=facts.text())
        return release, facts
    if booking.client_id is None:
        raise BookingError(_("This booking has no client, so there is nothing about a client to include."))
    recipients = [facts.recipient]
    if booking.interpreter_id:
        agency = get_interpreter(db, booking.interpreter_id).agency
        if agency and agency != facts.recipient:
            recipients.append(agency)
    first_refusal = None
    for recipient in recipients:
        try:
            release = egress.release(
                db, client_id=booking.client_id, recipient=recipient, purpose="", purpose_kind="interpreter_booking",
                categories=include, channel=channel, worker=worker, booking_id=booking_id)
        except egress.ConsentRequired as refusal:
            first_refusal = first_refusal or refusal
            continue
        return release, facts
    raise first_refusal
