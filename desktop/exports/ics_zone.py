"""The VTIMEZONE block of an .ics file, written with yearly rules (RRULE) rather than a list of dates.

icalendar's ``Timezone.from_tzinfo`` lists every change of clock between two dates and says in a COMMENT that the
zone "only works from 1970-01-01 to 2038-01-01". Calendar apps (Outlook, Google Calendar, Apple Calendar,
Thunderbird) write and read zones as yearly rules ("second Sunday of March at 02:00") with no end, so a booking
series or a calendar kept for years keeps the right hour. We let icalendar list the changes around the booking,
then fold each run of changes that follows one yearly pattern into an open-ended RRULE.
"""

from __future__ import annotations

import calendar as month_calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

from icalendar import Timezone

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_YEARS_SAMPLED = 4   # enough changes to recognise a rule, few enough to stay in today's rules


def open_ended_timezone(zone_name: str, around: datetime) -> Timezone:
    """A VTIMEZONE for ``zone_name`` that holds from a year before ``around`` onwards, without an end date."""
    first = date(around.year - 1, 1, 1)
    zone = Timezone.from_tzinfo(ZoneInfo(zone_name), tzid=zone_name, first_date=first,
                                last_date=date(around.year + _YEARS_SAMPLED, 1, 1))
    zone.pop("COMMENT", None)   # the "only works from ... to ..." sentence
    for part in zone.subcomponents:
        moments = [part.decoded("DTSTART"), *_rdates(part)]
        rule = _yearly_rule(moments)
        if rule is not None:
            part.pop("RDATE", None)
            part.add("RRULE", rule)
    return zone


def _rdates(part) -> list[datetime]:
    value = part.get("RDATE")
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [period.dt for rdate in values for period in rdate.dts]


def _yearly_rule(moments: list[datetime]) -> dict | None:
    """{'FREQ': 'YEARLY', 'BYMONTH': 3, 'BYDAY': '2SU'} when every change falls on the same weekday of the same week
    of the same month at the same time, one a year; None otherwise (the dates then stay listed)."""
    if len(moments) < 2:
        return None
    years = [moment.year for moment in moments]
    if years != list(range(years[0], years[0] + len(years))):
        return None
    shapes = {(m.month, m.weekday(), m.time()) for m in moments}
    if len(shapes) != 1:
        return None
    month, weekday, _time = shapes.pop()
    weeks = {(m.day - 1) // 7 + 1 for m in moments}
    if len(weeks) == 1 and weeks != {5}:
        week = weeks.pop()
    elif all(m.day + 7 > month_calendar.monthrange(m.year, m.month)[1] for m in moments):
        week = -1
    else:
        return None
    return {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": f"{week}{_WEEKDAYS[weekday]}"}
