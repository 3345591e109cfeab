"""Dates, times, numbers and lists in the worker's UI language (Babel / CLDR), never hand-built.

Every function formats for the current UI locale (``desktop.i18n.current_locale()``) unless a ``locale`` is
given. Times are stored in UTC (desktop.core.vault.db) and shown in the machine's local time zone.

Harbour is built for Canada: a UI locale without a territory ('en', 'fr') formats as its Canadian variant
('en_CA', 'fr_CA'), so dates read the Canadian way and the week starts on Sunday as Canadian calendars do.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers

from desktop.i18n import _, current_locale, ngettext

_CANADIAN_LANGUAGES = {"en", "fr"}
_FALLBACK = "en_CA"


def formatting_locale(locale: str | None = None) -> Locale:
    """The Babel locale used to format for ``locale`` (default: the current UI locale)."""
    return _parsed_locale((locale or current_locale() or _FALLBACK).replace("-", "_"))


@lru_cache(maxsize=64)
def _parsed_locale(name: str) -> Locale:
    # Parsed once per name: a long list (a 1,000-entry directory) formats a date or a list on every row.
    try:
        parsed = Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(_FALLBACK)
    if parsed.territory is None and parsed.language in _CANADIAN_LANGUAGES and parsed.script is None:
        return Locale(parsed.language, "CA")
    return parsed


def to_local(moment: datetime) -> datetime:
    """A stored moment in the machine's local time zone. A naive datetime is taken to be UTC (as stored)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()


def format_date(value: date | datetime, length: str = "medium", locale: str | None = None) -> str:
    """'Nov 23, 2026' / '23 nov. 2026'. A datetime is first moved to local time, so its local day is shown."""
    if isinstance(value, datetime):
        value = to_local(value).date()
    return babel_dates.format_date(value, length, locale=formatting_locale(locale))


def format_time(value: datetime | time, length: str = "short", locale: str | None = None) -> str:
    """'2:30 p.m.' / '14 h 30'. A datetime is shown in local time; a bare time is shown as given."""
    if isinstance(value, datetime):
        value = to_local(value).replace(tzinfo=None).time()
    return babel_dates.format_time(value, length, locale=formatting_locale(locale))


def format_datetime(value: datetime, length: str = "medium", locale: str | None = None) -> str:
    """Date and time together, in local time."""
    local = to_local(value).replace(tzinfo=None)
    return babel_dates.format_datetime(local, length, locale=formatting_locale(locale))


def format_day_and_time(value: datetime, locale: str | None = None) -> str:
    """'Sunday, November 22, 2026, 2:28 p.m.' / 'dimanche 22 novembre 2026, 14 h 28': the weekday, so "yesterday's
    copy" is easy to find, and the minute, without the seconds a medium time adds. In local time."""
    chosen = formatting_locale(locale)
    local = to_local(value).replace(tzinfo=None)
    joined = babel_dates.get_datetime_format("full", locale=chosen).replace("'", "")
    return joined.replace("{1}", babel_dates.format_date(local.date(), "full", locale=chosen)).replace(
        "{0}", babel_dates.format_time(local.time(), "short", locale=chosen))


def format_weekday(value: date | datetime, length: str = "wide", locale: str | None = None) -> str:
    """'Monday' / 'lundi'."""
    if isinstance(value, datetime):
        value = to_local(value).date()
    return babel_dates.format_date(value, "EEEE" if length == "wide" else "EEE", locale=formatting_locale(locale))


def format_month_day(value: date, locale: str | None = None) -> str:
    """'Nov 29' / '29 nov.': a day within a week whose year is said elsewhere (the week's column titles)."""
    return babel_dates.format_skeleton("MMMd", value, locale=formatting_locale(locale))


def format_number(value: int | float, locale: str | None = None) -> str:
    """'1,234.5' / '1 234,5'."""
    return babel_numbers.format_decimal(value, locale=formatting_locale(locale))


def format_percent(value: float, locale: str | None = None) -> str:
    """A fraction (0.25) as '25%' / '25 %'."""
    return babel_numbers.format_percent(value, locale=formatting_locale(locale))


def format_list(items: Iterable[str], style: str = "standard", locale: str | None = None) -> str:
    """'Spanish, Tagalog and Punjabi' / 'espagnol, tagalog et pendjabi'. ``style='or'`` for alternatives."""
    values = [str(item) for item in items]
    if not values:
        return ""
    return babel_lists.format_list(values, style=style, locale=formatting_locale(locale))


def format_duration(delta: timedelta, locale: str | None = None) -> str:
    """A rounded length of time: '3 days', '45 minutes' / '3 jours'."""
    return babel_dates.format_timedelta(delta, threshold=1.0, locale=formatting_locale(locale))


def days_until(due: date | datetime, today: date | None = None) -> int:
    """Whole local days from today until ``due`` (negative when it is past)."""
    if isinstance(due, datetime):
        due = to_local(due).date()
    today = today or datetime.now().astimezone().date()
    return (due - today).days


def format_relative_past(moment: datetime, now: datetime | None = None) -> str:
    """How long ago something happened: 'today', 'yesterday', '5 days ago'."""
    today = to_local(now).date() if now else None
    days = -days_until(moment, today)
    if days <= 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    return ngettext("{count} day ago", "{count} days ago", days).format(count=days)


def first_week_day(locale: str | None = None) -> int:
    """The locale's first day of the week, 0 = Monday ... 6 = Sunday (Babel / Python ``weekday()`` numbering)."""
    return formatting_locale(locale).first_week_day


def first_week_day_iso(locale: str | None = None) -> int:
    """The same as 1 = Monday ... 7 = Sunday, which is also the value of Qt's ``Qt.DayOfWeek``."""
    return first_week_day(locale) + 1


def month_names(locale: str | None = None) -> list[str]:
    """The twelve month names, January first, in the UI locale (standalone form, for calendar headers)."""
    names = formatting_locale(locale).months["stand-alone"]["wide"]
    return [names[number] for number in range(1, 13)]
