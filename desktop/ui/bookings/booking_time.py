"""Times on the booking screens, read in the organisation's booking zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop.core.common.formatting import format_date, format_time
from desktop.core.common.time_zones import zone_name
from desktop.core.interpreters.bookings import default_zone
from desktop.core.profile import settings
from desktop.i18n import _
from desktop.ui.widgets.date_edits import combine_date_time

FALLBACK_ZONE = "America/Vancouver"
# A server or a fresh install often says UTC: nobody in the field books an interpreter in UTC.
_NOT_A_PLACE = {"UTC", "UCT", "GMT", "Zulu", "Universal", "Etc/UTC", "Etc/UCT", "Etc/GMT", "Etc/Zulu",
                "Etc/Universal", "Etc/Greenwich", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0"}


def booking_zone(db) -> str:
    """The vault's ``booking_timezone`` setting; without one, the machine's zone unless that is UTC or unknown,
    then British Columbia's."""
    chosen = settings.get(db, "booking_timezone")
    if chosen:
        try:
            ZoneInfo(chosen)
            return chosen
        except (ZoneInfoNotFoundError, ValueError):
            pass
    machine = default_zone()
    return FALLBACK_ZONE if machine in _NOT_A_PLACE else machine


def format_local_time(moment: datetime) -> str:
    """A moment already in the zone it should be read in (formatting.format_time would move it to the machine's)."""
    return format_time(moment.replace(tzinfo=None).time())


def format_local_date(moment: datetime) -> str:
    return format_date(moment.date())


def format_local_datetime(moment: datetime, zone: str) -> str:
    """'Nov 24, 2026, 10:00 AM (Pacific Time — Vancouver)': date, time and the zone by its name, as every booking
    screen shows them."""
    joined = combine_date_time(format_local_date(moment), format_local_time(moment), literal=True)
    return _("{moment} ({zone})").format(moment=joined, zone=zone_name(zone))
