"""Times on the booking screens: the organisation's booking zone, and date/time editors that read like
desktop.core.formatting (the same CLDR patterns, the same month names), so no screen shows its own format."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import get_date_format, get_datetime_format, get_time_format
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDateTimeEdit

from desktop.core import settings
from desktop.core.bookings import default_zone
from desktop.core.formatting import format_date, format_time, formatting_locale
from desktop.i18n import _

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
    """'Nov 24, 2026, 10:00 AM (America/Vancouver)': date, time and zone, as every booking screen shows them."""
    joined = _combine(format_local_date(moment), format_local_time(moment), literal=True)
    return _("{moment} ({zone})").format(moment=joined, zone=zone)


def _combine(date_part: str, time_part: str, literal: bool = False) -> str:
    """The locale's own way of joining a medium date and a time ('{1}, {0}', "{1} 'à' {0}")."""
    pattern = get_datetime_format("medium", locale=formatting_locale())
    if literal:      # formatted text, not a pattern: drop the quotes around literal words
        pattern = pattern.replace("''", "\0").replace("'", "").replace("\0", "'")
    return pattern.replace("{1}", date_part).replace("{0}", time_part)


def qt_pattern(cldr: str) -> str:
    """A CLDR date/time pattern ('MMM d, y', 'h:mm a', "HH 'h' mm") as a Qt display format."""
    out, i = [], 0
    while i < len(cldr):
        char = cldr[i]
        if char == "'":                                   # quoted literal, '' is a quote
            end = cldr.find("'", i + 1)
            end = len(cldr) if end < 0 else end
            out.append("'" + cldr[i + 1:end] + "'" if end > i + 1 else "''")
            i = end + 1
            continue
        run = 1
        while i + run < len(cldr) and cldr[i + run] == char:
            run += 1
        i += run
        if not (char.isascii() and char.isalpha()):
            out.append(char)
        elif char == "y":
            out.append("yy" if run == 2 else "yyyy")
        elif char in "ML":
            out.append("M" * min(run, 4))
        elif char == "d":
            out.append("d" * min(run, 2))
        elif char in "Ec":
            out.append("dddd" if run >= 4 else "ddd")
        elif char in "hK":
            out.append("h" * min(run, 2))
        elif char in "Hk":
            out.append("H" * min(run, 2))
        elif char in "ms":
            out.append(char * min(run, 2))
        elif char in "abB":
            out.append("Ap")      # the locale's own AM/PM text, as Babel writes it ("a.m." in en_CA)
    return "".join(out).strip()


def use_ui_formats(edit: QDateTimeEdit, date: bool = True, time: bool = True) -> QDateTimeEdit:
    """Shows ``edit`` with the UI locale's medium date and short time, and that locale's month and AM/PM names."""
    locale = formatting_locale()
    edit.setLocale(QLocale(str(locale)))
    date_pattern = get_date_format("medium", locale=locale).pattern
    time_pattern = get_time_format("short", locale=locale).pattern
    pattern = time_pattern if not date else date_pattern if not time else _combine(date_pattern, time_pattern)
    edit.setDisplayFormat(qt_pattern(pattern))
    return edit
