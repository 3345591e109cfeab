"""The record of which script was shown during a session, in which language, and which version of the words.

A consent record can cite one of these rows to say exactly what the client was told before saying yes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.core.vault.db import from_db_time, not_leaving, session_not_leaving, to_db_time, utc_now
from desktop.i18n import _


class ScriptLogError(Exception):
    """str(error) is a sentence a worker can read."""


@dataclass(frozen=True)
class ShownScript:
    id: int
    session_id: int
    script_id: str
    locale: str
    revision: str
    shown_at: datetime


@dataclass(frozen=True)
class SessionChoice:
    """A session the worker can link the scripts view to: first name and start time are enough to tell them apart."""

    id: int
    first_name: str
    started_at: datetime
    language: str


def recent_sessions(db, limit: int = 30) -> list[SessionChoice]:
    """The latest sessions first, for the scripts view's session picker."""
    rows = db.execute(
        "SELECT s.id, c.first_name, s.started_at, s.language FROM sessions s JOIN clients c ON c.id = s.client_id "
        f"WHERE {not_leaving('c.id')} ORDER BY s.started_at DESC, s.id DESC LIMIT ?",
        [limit],
    ).fetchall()
    return [SessionChoice(row[0], row[1], from_db_time(row[2]), row[3]) for row in rows]


def record_shown(db, session_id: int, script_id: str, locale: str, revision: str,
                 *, at: datetime | None = None) -> ShownScript:
    """Adds one row. Showing the same words again in the same session is not recorded twice in a row."""
    if not script_id or not locale or not revision:
        raise ScriptLogError(_("Which script and language were shown is missing, so nothing was recorded."))
    found = db.execute(f"SELECT 1 FROM sessions WHERE id = ? AND {not_leaving('client_id')}", [session_id]).fetchone()
    if found is None:
        raise ScriptLogError(_("This session could not be found, so the script was not recorded."))
    last = _last(db, session_id)
    if last is not None and (last.script_id, last.locale, last.revision) == (script_id, locale, revision):
        return last
    moment = at or utc_now()
    cursor = db.execute(
        "INSERT INTO scripts_shown (session_id, script_id, locale, revision, shown_at) VALUES (?, ?, ?, ?, ?)",
        [session_id, script_id, locale, revision, to_db_time(moment)],
    )
    return ShownScript(cursor.lastrowid, session_id, script_id, locale, revision, moment)


def shown_in_session(db, session_id: int) -> list[ShownScript]:
    """Everything shown during the session, oldest first."""
    rows = db.execute(
        "SELECT id, session_id, script_id, locale, revision, shown_at FROM scripts_shown "
        f"WHERE session_id = ? AND {session_not_leaving('session_id')} ORDER BY shown_at, id",
        [session_id],
    ).fetchall()
    return [_from_row(row) for row in rows]


def _last(db, session_id: int) -> ShownScript | None:
    row = db.execute(
        "SELECT id, session_id, script_id, locale, revision, shown_at FROM scripts_shown "
        "WHERE session_id = ? ORDER BY id DESC LIMIT 1",
        [session_id],
    ).fetchone()
    return _from_row(row) if row else None


def _from_row(row) -> ShownScript:
    return ShownScript(row[0], row[1], row[2], row[3], row[4], from_db_time(row[5]))
