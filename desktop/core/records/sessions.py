"""Sessions: one meeting with a client, its notes, and where and why we stopped.

    session = create_session(db, client.id, place="Drop-in centre", language="yue", worker="Sam")
    save_notes(db, session.id, text)        # one UPDATE; the full-text index catches up later (notes_index.py)
    stop_here(db, session.id, "distress", "Paused when we spoke about the employer")
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.core.common.plain_text import clean_notes, control_characters_message, has_control_characters
from desktop.core.records.clients import InvalidClient, get_client, normalise_language_tag
from desktop.core.vault.db import from_db_time, not_leaving, to_db_time, utc_now
from desktop.i18n import _

STOP_REASONS = ("client_asked", "distress", "time", "other")
_EDITABLE = ("started_at", "place", "worker", "interpreter_id", "interpreter_name", "language", "notes",
             "stopped_reason", "stopped_note")
_COLUMNS = ("id, client_id, started_at, place, worker, interpreter_id, interpreter_name, language, notes, "
            "stopped_reason, stopped_note, created_at, updated_at")


class SessionError(Exception):
    """Base class; str(error) is a sentence a worker can read."""


class SessionNotFound(SessionError):
    def __init__(self, session_id: int) -> None:
        super().__init__(_("This session could not be found. It may have been deleted."))
        self.session_id = session_id


class InvalidSession(SessionError):
    def __init__(self, message: str, field_name: str) -> None:
        super().__init__(message)
        self.field_name = field_name


@dataclass
class Session:
    id: int
    client_id: int
    started_at: datetime
    place: str = ""
    worker: str = ""
    interpreter_id: int | None = None
    interpreter_name: str = ""
    language: str = ""
    notes: str = ""
    stopped_reason: str | None = None
    stopped_note: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def stopped(self) -> bool:
        return self.stopped_reason is not None


def stop_reason_label(reason: str | None) -> str:
    return {
        "client_asked": _("The client asked to stop"),
        "distress": _("Distress: we paused"),
        "time": _("Out of time"),
        "other": _("Other reason"),
    }.get(reason or "", "")


def _from_row(row) -> Session:
    return Session(
        id=row[0], client_id=row[1], started_at=from_db_time(row[2]), place=row[3], worker=row[4],
        interpreter_id=row[5], interpreter_name=row[6], language=row[7], notes=row[8], stopped_reason=row[9],
        stopped_note=row[10], created_at=from_db_time(row[11]), updated_at=from_db_time(row[12]),
    )


def get_session(db, session_id: int) -> Session:
    row = db.execute(f"SELECT {_COLUMNS} FROM sessions WHERE id = ? AND {not_leaving('client_id')}",
                     [session_id]).fetchone()
    if row is None:
        raise SessionNotFound(session_id)
    return _from_row(row)


def sessions_for_client(db, client_id: int) -> list[Session]:
    """The client's sessions, newest first (the order of the timeline)."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM sessions WHERE client_id = ? AND {not_leaving('client_id')} "
                      "ORDER BY started_at DESC, id DESC",
                      [client_id]).fetchall()
    return [_from_row(row) for row in rows]


def _clean(fields: dict) -> dict:
    unknown = set(fields) - set(_EDITABLE)
    if unknown:
        raise TypeError(f"sessions have no field(s) {sorted(unknown)}")
    cleaned: dict = {}
    for name, value in fields.items():
        if name == "started_at":
            if not isinstance(value, datetime) or value.tzinfo is None:
                raise InvalidSession(_("A session needs a date and a time."), name)
            value = to_db_time(value)
        elif name == "language":
            try:
                value = normalise_language_tag(value) if value and value.strip() else ""
            except InvalidClient as error:
                raise InvalidSession(str(error), name) from None
        elif name == "stopped_reason":
            if value is not None and value not in STOP_REASONS:
                raise InvalidSession(_("Choose why the session stopped."), name)
        elif name == "interpreter_id":
            value = int(value) if value is not None else None
        elif name == "notes":
            value = clean_notes(value)  # many lines: invisible controls are dropped (see plain_text)
        else:
            value = (value or "").strip()
            if has_control_characters(value):
                raise InvalidSession(control_characters_message(), name)
        cleaned[name] = value
    if cleaned.get("stopped_reason", "unset") is None:
        cleaned["stopped_note"] = ""  # clearing the marker clears its note too
    return cleaned


def create_session(db, client_id: int, **fields) -> Session:
    get_client(db, client_id)  # ClientNotFound, with a human message, rather than a foreign-key error
    fields.setdefault("started_at", utc_now())
    cleaned = _clean(fields)
    now = to_db_time(utc_now())
    values = {"client_id": client_id, **cleaned, "created_at": now, "updated_at": now}
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = db.execute(f"INSERT INTO sessions ({names}) VALUES ({marks})", list(values.values()))
    return get_session(db, cursor.lastrowid)


def update_session(db, session_id: int, **fields) -> Session:
    get_session(db, session_id)
    cleaned = _clean(fields)
    if cleaned:
        values = {**cleaned, "updated_at": to_db_time(utc_now())}
        assignments = ", ".join(f"{name} = ?" for name in values)
        db.execute(f"UPDATE sessions SET {assignments} WHERE id = ?", [*values.values(), session_id])
    return get_session(db, session_id)


def save_notes(db, session_id: int, text: str) -> None:
    """Autosave path: one UPDATE statement, durable on return (autocommit, WAL, synchronous FULL).

    It does not re-index the note (a trigger only remembers, once, what the index holds for it): taking a 2 kB
    note's old tokens out of the secure-delete index costs ~100 ms, too long for every typing pause."""
    text = clean_notes(text)
    cursor = db.execute("UPDATE sessions SET notes = ?, updated_at = ? WHERE id = ? AND notes IS NOT ?",
                        [text, to_db_time(utc_now()), session_id, text])
    if cursor.rowcount == 0 and db.execute("SELECT 1 FROM sessions WHERE id = ?", [session_id]).fetchone() is None:
        raise SessionNotFound(session_id)


def stop_here(db, session_id: int, reason: str, note: str = "") -> Session:
    """Marks where the session stopped and why. Stopping is part of the work, not a failure."""
    if reason not in STOP_REASONS:
        raise InvalidSession(_("Choose why the session stopped."), "stopped_reason")
    return update_session(db, session_id, stopped_reason=reason, stopped_note=note)


def clear_stop(db, session_id: int) -> Session:
    return update_session(db, session_id, stopped_reason=None)
