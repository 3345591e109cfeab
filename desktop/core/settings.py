"""Settings kept inside the vault: things about the worker and the organisation, never on the plain disk."""

from __future__ import annotations

import json
from typing import Any

DEFAULTS: dict[str, Any] = {
    "worker_name": "",
    "organisation": "",
    "reporting_protocol": None,  # duty-to-report protocol (desktop/core/reporting.py); None = BC default
    "retention_review_months": 12,   # clients inactive this long are offered for review; 0 = off
    "booking_timezone": None,  # IANA zone for bookings; None = the machine's, or America/Vancouver if it is UTC
    "frequent_languages": [],  # client languages the worker meets most (BCP 47), first in pickers (work_profile.py)
}


def get(db, key: str, default: Any = None) -> Any:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    if row is None:
        return DEFAULTS.get(key, default) if default is None else default
    return json.loads(row[0])


def put(db, key: str, value: Any) -> None:
    db.execute(
        "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, json.dumps(value, ensure_ascii=False)],
    )
