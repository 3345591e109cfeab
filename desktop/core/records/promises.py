"""Promises the worker made and follow-ups the worker set: only make promises you can keep, and keep them.

    promise = add_promise(db, client.id, "Call back about the clinic", date(2026, 11, 27), session_id=s.id)
    mark_done(db, promise.id, "Called; appointment on Tuesday")
    mark_cancelled(db, promise.id, "Clinic closed; told her on the phone")   # a note is required
    board = agenda(db, today=date.today())     # overdue, due today, upcoming: the Today screen

A promise is due on a local calendar date. It is overdue once that date has passed and it is still open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from desktop.core.common.formatting import format_date
from desktop.core.common.plain_text import clean_notes, control_characters_message, has_control_characters
from desktop.core.records.clients import get_client
from desktop.core.vault.db import from_db_time, not_leaving, to_db_time, utc_now
from desktop.i18n import _, ngettext

KINDS = ("promise", "follow_up")
STATUSES = ("open", "done", "cancelled")
MAX_TEXT = 500
EARLIEST_DUE = date(2000, 1, 1)
MAX_YEARS_AHEAD = 10  # a promise to a client further ahead than this is a typo ("2062" for "2026")
_COLUMNS = ("p.id, p.client_id, p.session_id, p.kind, p.text, p.due_on, p.status, p.resolution_note, "
            "p.resolved_at, p.created_at, p.updated_at, c.first_name")


class PromiseError(Exception):
    """Base class; str(error) is a sentence a worker can read."""


class PromiseNotFound(PromiseError):
    def __init__(self, promise_id: int) -> None:
        super().__init__(_("This promise could not be found. It may have been deleted."))
        self.promise_id = promise_id


class InvalidPromise(PromiseError):
    def __init__(self, message: str, field_name: str) -> None:
        super().__init__(message)
        self.field_name = field_name


@dataclass
class Promise:
    id: int
    client_id: int
    session_id: int | None
    kind: str
    text: str
    due_on: date
    status: str = "open"
    resolution_note: str = ""
    resolved_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    client_first_name: str = ""

    def state(self, today: date) -> str:
        """'overdue', 'due_today', 'upcoming', 'done' or 'cancelled'."""
        if self.status != "open":
            return self.status
        if self.due_on < today:
            return "overdue"
        return "due_today" if self.due_on == today else "upcoming"

    def days_overdue(self, today: date) -> int:
        return max(0, (today - self.due_on).days) if self.status == "open" else 0


@dataclass
class Agenda:
    """What the Today screen shows, each list ordered by due date. ``counts``: how many each group holds in all,
    when ``agenda`` was asked for at most a few lines of each."""

    overdue: list[Promise] = field(default_factory=list)
    due_today: list[Promise] = field(default_factory=list)
    upcoming: list[Promise] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, group: str) -> int:
        """How many promises ``group`` ('overdue', 'due_today', 'upcoming') holds, listed or not."""
        return self.counts.get(group, len(getattr(self, group)))


def state_label(promise: Promise, today: date) -> str:
    """Text that carries the state on its own, so colour and icons are never the only signal."""
    state = promise.state(today)
    if state == "overdue":
        days = promise.days_overdue(today)
        return ngettext("Overdue by {count} day", "Overdue by {count} days", days).format(count=days)
    if state == "upcoming":
        days = (promise.due_on - today).days
        return ngettext("Due in {count} day", "Due in {count} days", days).format(count=days)
    return {"due_today": _("Due today"), "done": _("Done"), "cancelled": _("Cancelled")}[state]


def kind_label(kind: str) -> str:
    return {"promise": _("Promise"), "follow_up": _("Follow-up")}.get(kind, kind)


def _from_row(row) -> Promise:
    return Promise(
        id=row[0], client_id=row[1], session_id=row[2], kind=row[3], text=row[4], due_on=date.fromisoformat(row[5]),
        status=row[6], resolution_note=row[7], resolved_at=from_db_time(row[8]), created_at=from_db_time(row[9]),
        updated_at=from_db_time(row[10]), client_first_name=row[11],
    )


_FROM = "FROM promises p JOIN clients c ON c.id = p.client_id"


def _select(db, where: str, params: list, order: str = "p.due_on, p.id", most: int = -1) -> list[Promise]:
    rows = db.execute(f"SELECT {_COLUMNS} {_FROM} WHERE {not_leaving('c.id')} AND ({where}) ORDER BY {order} "
                      "LIMIT ?", [*params, most]).fetchall()
    return [_from_row(row) for row in rows]


def get_promise(db, promise_id: int) -> Promise:
    found = _select(db, "p.id = ?", [promise_id])
    if not found:
        raise PromiseNotFound(promise_id)
    return found[0]


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidPromise(_("Write what was promised, in a few words."), "text")
    if has_control_characters(text):
        raise InvalidPromise(control_characters_message(), "text")
    if len(text) > MAX_TEXT:
        raise InvalidPromise(_("Keep a promise under {count} characters; details belong in the notes.").format(
            count=MAX_TEXT), "text")
    return text


def _clean_due(due_on) -> str:
    if isinstance(due_on, datetime) or not isinstance(due_on, date):
        raise InvalidPromise(_("A promise needs a due date."), "due_on")
    latest = latest_due()
    if not EARLIEST_DUE <= due_on <= latest:
        raise InvalidPromise(_("This due date looks mistyped: choose a date between {earliest} and {latest}.").format(
            earliest=format_date(EARLIEST_DUE), latest=format_date(latest)), "due_on")
    return due_on.isoformat()


def latest_due() -> date:
    """The last due date accepted: far enough for any real promise, near enough to catch a mistyped year."""
    today = date.today()
    return today.replace(year=today.year + MAX_YEARS_AHEAD, day=min(today.day, 28))


def _clean_kind(kind: str) -> str:
    if kind not in KINDS:
        raise InvalidPromise(_("Choose whether this is a promise or a follow-up."), "kind")
    return kind


def add_promise(db, client_id: int, text: str, due_on: date, *, session_id: int | None = None,
                kind: str = "promise") -> Promise:
    get_client(db, client_id)
    kind = _clean_kind(kind)
    if session_id is not None:
        row = db.execute("SELECT client_id FROM sessions WHERE id = ?", [session_id]).fetchone()
        if row is None or row[0] != client_id:
            raise InvalidPromise(_("This session does not belong to this client."), "session_id")
    now = to_db_time(utc_now())
    cursor = db.execute(
        "INSERT INTO promises (client_id, session_id, kind, text, due_on, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)", [client_id, session_id, kind, _clean_text(text), _clean_due(due_on), now, now])
    return get_promise(db, cursor.lastrowid)


def update_promise(db, promise_id: int, *, text: str | None = None, due_on: date | None = None,
                   kind: str | None = None) -> Promise:
    """Corrects what was promised, its kind or its due date, with the same checks as adding. Every field is
    checked before anything is written, so a refused change leaves the stored promise as it was."""
    stored = get_promise(db, promise_id)
    values: dict = {}
    if text is not None:
        values["text"] = _clean_text(text)
    if kind is not None:
        values["kind"] = _clean_kind(kind)
    if due_on is not None and due_on != stored.due_on:  # an old due date left as it was is not re-judged
        values["due_on"] = _clean_due(due_on)
    if values:
        values["updated_at"] = to_db_time(utc_now())
        assignments = ", ".join(f"{name} = ?" for name in values)
        db.execute(f"UPDATE promises SET {assignments} WHERE id = ?", [*values.values(), promise_id])
    return get_promise(db, promise_id)


def _resolve(db, promise_id: int, status: str, note: str) -> Promise:
    get_promise(db, promise_id)
    now = to_db_time(utc_now())
    resolved_at = now if status != "open" else None
    db.execute("UPDATE promises SET status = ?, resolution_note = ?, resolved_at = ?, updated_at = ? WHERE id = ?",
               [status, clean_notes(note).strip(), resolved_at, now, promise_id])
    return get_promise(db, promise_id)


def mark_done(db, promise_id: int, note: str = "") -> Promise:
    return _resolve(db, promise_id, "done", note)


def mark_cancelled(db, promise_id: int, note: str) -> Promise:
    """A promise that cannot be kept is closed with a reason, so the next conversation can be honest about it."""
    if not clean_notes(note).strip():
        raise InvalidPromise(_("Say why this promise is cancelled, and whether the client was told."),
                             "resolution_note")
    return _resolve(db, promise_id, "cancelled", note)


def reopen(db, promise_id: int) -> Promise:
    """For a promise marked done or cancelled by mistake: open again, without the resolution note."""
    return _resolve(db, promise_id, "open", "")


def promises_for_client(db, client_id: int, include_closed: bool = False) -> list[Promise]:
    where = "p.client_id = ?" + ("" if include_closed else " AND p.status = 'open'")
    return _select(db, where, [client_id], order="p.status != 'open', p.due_on, p.id")


def promises_for_session(db, session_id: int) -> list[Promise]:
    return _select(db, "p.session_id = ?", [session_id])


def agenda(db, today: date, upcoming_days: int = 7, include_archived: bool = False, most: int = -1) -> Agenda:
    """Open promises and follow-ups: overdue, due today, and due within ``upcoming_days`` after today. ``most``:
    at most that many of each group, the earliest due first, and each group counted in SQL (Today after years of
    work: thousands overdue were read and listed one by one)."""
    day, horizon = today.isoformat(), (today + timedelta(days=upcoming_days)).isoformat()
    archived = "" if include_archived else " AND c.archived_at IS NULL"
    board = Agenda()
    for group, when, params in (("overdue", "p.due_on < ?", [day]), ("due_today", "p.due_on = ?", [day]),
                                ("upcoming", "p.due_on > ? AND p.due_on <= ?", [day, horizon])):
        where = f"p.status = 'open' AND {when}{archived}"
        listed = _select(db, where, params, most=most)
        setattr(board, group, listed)
        board.counts[group] = len(listed) if most < 0 or len(listed) < most else db.execute(
            f"SELECT COUNT(*) {_FROM} WHERE {not_leaving('c.id')} AND ({where})", params).fetchone()[0]
    return board
