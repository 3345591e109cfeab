"""An .ics calendar file for one booking (icalendar package), built only from a Release and the booking's
non-identifying facts. The summary stays neutral so a calendar on a phone's lock screen reveals nothing."""

from __future__ import annotations

from icalendar import Calendar, Event

from desktop.core.common.languages import language_name
from desktop.core.consent.gate import Release
from desktop.core.interpreters.booking_sharing import BookingFacts
from desktop.core.interpreters.directory import modality_label
from desktop.core.vault.db import utc_now
from desktop.exports.booking_request import consented_lines
from desktop.exports.common import require_channel
from desktop.exports.ics_zone import open_ended_timezone
from desktop.i18n import _

_ICS_STATUS = {"draft": "TENTATIVE", "requested": "TENTATIVE", "confirmed": "CONFIRMED", "cancelled": "CANCELLED"}


def booking_calendar(release: Release, facts: BookingFacts) -> bytes:
    require_channel(release, "calendar")
    client_lines = consented_lines(release, facts)
    calendar = Calendar()
    calendar.add("prodid", "-//Harbour//Interpreter booking//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", facts.uid)
    event.add("dtstamp", utc_now())
    event.add("dtstart", facts.starts_at)
    event.add("dtend", facts.ends_at)
    event.add("summary", _("Interpreter: {language}, {modality}").format(
        language=language_name(facts.language) if facts.language else _("language to be confirmed"),
        modality=modality_label(facts.modality)))
    location = facts.place if facts.modality == "in_person" else facts.call_details
    if location:
        event.add("location", location)
    description = facts.lines()
    if client_lines:
        description += ["", _("Shared with the client's consent:"), *client_lines]
    event.add("description", "\n".join(description))
    event.add("status", _ICS_STATUS.get(facts.status, "TENTATIVE"))
    # The zone first, as calendar apps expect; written as yearly rules so it has no end date (see ics_zone).
    calendar.add_component(open_ended_timezone(facts.timezone, facts.starts_at))
    calendar.add_component(event)
    return calendar.to_ical()
