"""Settings kept inside the vault: things about the worker and the organisation, never on the plain disk."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from zoneinfo import available_timezones

DEFAULTS: dict[str, Any] = {
    "worker_name": "",
    "organisation": "",
    "reporting_protocol": None,  # duty-to-report protocol (desktop/core/consent/duty_to_report.py); None = BC default
    "retention_review_months": 12,   # clients inactive this long are offered for review; 0 = off
    "booking_timezone": None,  # IANA zone for bookings; None = the machine's, or America/Vancouver if it is UTC
    "frequent_languages": [],  # client languages the worker meets most (BCP 47), first in pickers (work_profile.py)
    "services": "",  # what the organisation offers, read aloud in the "Who I am" script (work_profile.py)
}


MAX_REVIEW_MONTHS = 120


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _whole_number(low: int, high: int) -> Callable[[Any], bool]:
    return lambda value: type(value) is int and low <= value <= high


# Stored values are checked as they are read: a damaged or hand-edited vault gives the default, never a value
# that breaks the screen reading it (a zone name that is a folder, a month count no date can hold).
_CHECKS: dict[str, Callable[[Any], bool]] = {
    "reporting_protocol": lambda value: isinstance(value, dict),  # its fields: reporting.get_protocol
    "retention_review_months": _whole_number(0, MAX_REVIEW_MONTHS),
    "booking_timezone": lambda value: isinstance(value, str) and value in _zones(),
}


def get(db, key: str, default: Any = None) -> Any:
    """The stored value, or the default when there is none or it is not a value this setting can hold."""
    fallback = DEFAULTS.get(key, default) if default is None else default
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    if row is None:
        return fallback
    try:
        value = json.loads(row[0])
    except (ValueError, TypeError, RecursionError):
        return fallback
    return value if _acceptable(key, value) else fallback


def _acceptable(key: str, value: Any) -> bool:
    default = DEFAULTS.get(key)
    check = _CHECKS.get(key)
    if check is not None:
        return (value is None and default is None) or check(value)
    if default is None:
        return True  # no known shape: its reader checks it
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return type(value) is type(default)  # bool is not an int here, nor an int a str


def put(db, key: str, value: Any) -> None:
    db.execute(
        "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, json.dumps(value, ensure_ascii=False)],
    )
