"""Keeping only what is still needed: archive a client, delete a client or one session for good, review inactive
clients.

    archive_client(db, client_id)                    # hidden from lists and Today; nothing is removed
    summary = deletion_summary(db, client_id)        # what the confirmation names
    delete_client_for_good(db, client_id, confirm_first_name="Mei")
    delete_session_for_good(db, session_id)          # a session recorded by mistake; its promises stay, unlinked
    delete_client_for_good(db, client_id, "Mei", scrub_now=False); scrub(db, should_stop=...)  # the UI's way
    finish_leaving(db, should_stop=...)              # the rows of a deletion a lock stopped half way
    stale = clients_to_review(db, months=12, today=date.today())
    cutoff = review_cutoff(12, date.today())        # the client list's due-for-review view (client_list)

Deleting for good leaves no readable trace in notes.db: secure_delete zeroes freed pages, the full-text index is
created with FTS5's secure-delete option (a deleted note's tokens are removed from the index pages themselves
instead of lingering in old segments until a merge), and a TRUNCATE checkpoint folds the write-ahead log into the
database and empties it. Removing a note's terms costs 0.1–0.5 s on a large vault (notes_index.py says why), tens
of seconds for a client with 200 sessions: so the rows go at once (the client and their notes vanish from every
screen and search within a second) and ``scrub`` then clears the index on a worker thread, on a connection of its
own, in short transactions, resumed after a lock until done.
"""

from __future__ import annotations

import calendar
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from desktop.core.common.formatting import format_date
from desktop.core.records import notes_index
from desktop.core.records.client_list import LAST_ACTIVITY
from desktop.core.records.clients import _COLUMNS, Client, ClientError, _from_row, get_client
from desktop.core.records.notes_index import deleted_notes_waiting, finish_owed_merge, index_pending_notes
from desktop.core.records.sessions import get_session
from desktop.core.vault import integrity
from desktop.core.vault.connection import yield_to_waiting_writer
from desktop.core.vault.db import from_db_time, not_leaving, to_db_time, transaction, utc_now
from desktop.i18n import _, ngettext

REVIEW_SETTING = "retention_review_months"


class ConfirmationMismatch(ClientError):
    def __init__(self) -> None:
        super().__init__(_("The name typed does not match this client's first name. Nothing was deleted."))


class DeletionIncomplete(ClientError):
    def __init__(self) -> None:
        super().__init__(_("The client was deleted, but old copies of the pages could not yet be cleared from "
                           "the vault file. Close Harbour and open it again to finish."))


@dataclass(frozen=True)
class DeletionSummary:
    client_id: int
    first_name: str
    sessions: int
    promises: int
    first_session: datetime | None
    last_session: datetime | None
    linked: int = 0          # rows of other features that go with the client (consents, bookings ...)
    kept_disclosures: int = 0

    def sentence(self) -> str:
        """Names exactly what will be deleted, and what is kept, for the confirmation."""
        sessions = ngettext("{count} session with its notes", "{count} sessions with their notes",
                            self.sessions).format(count=self.sessions)
        promises = ngettext("{count} promise or follow-up", "{count} promises and follow-ups",
                            self.promises).format(count=self.promises)
        text = _("This deletes {name}'s record, {sessions} and {promises}, for good.").format(
            name=self.first_name, sessions=sessions, promises=promises)
        if self.linked:
            text += " " + ngettext("{count} linked record (a consent, booking or script shown) goes too.",
                                   "{count} linked records (consents, bookings, scripts shown) go too.",
                                   self.linked).format(count=self.linked)
        if self.kept_disclosures:
            text += " " + _("Records of reports made under the duty to report, and the audit log, are kept.")
        return text + " " + _("It cannot be undone. Backups made earlier still hold them until they are deleted.")


@dataclass(frozen=True)
class SessionDeletionSummary:
    session_id: int
    client_id: int
    first_name: str
    started_at: datetime
    promises: int            # made in this session: they stay on the client's page, no longer linked to it
    linked: int = 0          # rows that go with the session (scripts shown in it)

    def sentence(self) -> str:
        """Says what goes, what stays, and that it cannot be undone, for the confirmation."""
        text = _("This deletes the session of {date} with {name} and its notes, for good.").format(
            date=format_date(self.started_at), name=self.first_name)
        if self.linked:
            text += " " + ngettext("The record of {count} script shown in it goes too.",
                                   "The record of {count} scripts shown in it goes too.",
                                   self.linked).format(count=self.linked)
        if self.promises:
            text += " " + ngettext(
                "The {count} promise or follow-up made in it stays on {name}'s page, no longer linked to a session; "
                "cancel it there if it does not belong to {name}.",
                "The {count} promises and follow-ups made in it stay on {name}'s page, no longer linked to a "
                "session; cancel any there that do not belong to {name}.", self.promises).format(
                count=self.promises, name=self.first_name)
        return text + " " + _("It cannot be undone. Backups made earlier still hold the notes until they are "
                              "deleted. The audit log is kept.")


@dataclass(frozen=True)
class ReviewItem:
    client: Client
    last_activity: datetime


def archive_client(db, client_id: int) -> Client:
    get_client(db, client_id)
    now = to_db_time(utc_now())
    db.execute("UPDATE clients SET archived_at = COALESCE(archived_at, ?), updated_at = ? WHERE id = ?",
               [now, now, client_id])
    return get_client(db, client_id)


def unarchive_client(db, client_id: int) -> Client:
    get_client(db, client_id)
    db.execute("UPDATE clients SET archived_at = NULL, updated_at = ? WHERE id = ?",
               [to_db_time(utc_now()), client_id])
    return get_client(db, client_id)


def deletion_summary(db, client_id: int) -> DeletionSummary:
    client = get_client(db, client_id)
    sessions, first, last = db.execute(
        "SELECT COUNT(*), MIN(started_at), MAX(started_at) FROM sessions WHERE client_id = ?", [client_id]).fetchone()
    promises = db.execute("SELECT COUNT(*) FROM promises WHERE client_id = ?", [client_id]).fetchone()[0]
    linked = sum(db.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", [key]).fetchone()[0]
                 for table, column, key in _linked_rows(db, client_id))
    kept = 0
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'disclosures'").fetchone():
        kept = db.execute("SELECT COUNT(*) FROM disclosures WHERE client_id = ?", [client_id]).fetchone()[0]
    return DeletionSummary(client_id, client.first_name, sessions, promises, from_db_time(first), from_db_time(last),
                           linked, kept)


def _linked_rows(db, client_id: int) -> list[tuple[str, str, int]]:
    """(table, column, value) for other features' rows that cascade from this client or their sessions."""
    session_ids = [row[0] for row in db.execute("SELECT id FROM sessions WHERE client_id = ?", [client_id])]
    found = [(table, column, client_id) for table, column in _cascading_children(db, "clients")]
    for table, column in _cascading_children(db, "sessions"):
        found.extend((table, column, session_id) for session_id in session_ids)
    return found


def _cascading_children(db, parent_table: str) -> list[tuple[str, str]]:
    """(table, column) of other features' tables whose rows are deleted with a row of ``parent_table``."""
    own = {"clients", "sessions", "promises"}
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return [(table, key[3]) for table in tables if table not in own and not table.startswith(("notes_fts", "sqlite_"))
            for key in db.execute(f"PRAGMA foreign_key_list({table})").fetchall()
            if key[2] == parent_table and key[6] == "CASCADE"]


def session_deletion_summary(db, session_id: int) -> SessionDeletionSummary:
    session = get_session(db, session_id)
    promises = db.execute("SELECT COUNT(*) FROM promises WHERE session_id = ?", [session_id]).fetchone()[0]
    linked = sum(db.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", [session_id]).fetchone()[0]
                 for table, column in _cascading_children(db, "sessions"))
    return SessionDeletionSummary(session_id, session.client_id, get_client(db, session.client_id).first_name,
                                  session.started_at, promises, linked)


def delete_session_for_good(db, session_id: int, *, scrub_now: bool = True) -> SessionDeletionSummary:
    """Removes one session and its notes, leaving no trace of the notes in the file (see scrub). Promises made in
    it are kept, unlinked (the schema's ON DELETE SET NULL): a promise to the client still stands, and the worker
    decides on the client's page whether to keep or cancel it. The audit log is never touched."""
    summary = session_deletion_summary(db, session_id)
    with transaction(db):
        db.execute("DELETE FROM sessions WHERE id = ?", [session_id])   # triggers queue the index entry for scrub
    if scrub_now:
        scrub(db)
    return summary


def delete_client_for_good(db, client_id: int, confirm_first_name: str, *, scrub_now: bool = True,
                           should_stop: Callable[[], bool] | None = None) -> DeletionSummary:
    """Removes the client, their sessions, notes and promises, and (with ``scrub_now``, or once ``scrub`` has run)
    every trace of the notes in the file. The client is hidden from every list and search by the first, short,
    step; ``should_stop`` (a lock) may stop the rest between two steps, and the next ``scrub`` finishes it."""
    summary = deletion_summary(db, client_id)
    if (confirm_first_name or "").strip().casefold() != summary.first_name.strip().casefold():
        raise ConfirmationMismatch()
    from desktop.core.consent import audit_export  # the consent room reads records; only this call goes back

    with transaction(db):  # short: from here the client is hidden from every list and search (clients_leaving)
        db.execute("INSERT OR IGNORE INTO clients_leaving (client_id) VALUES (?)", [client_id])
        audit_export.forget_name(db, summary.first_name)  # the name outlives the client in free text otherwise
        db.execute("DELETE FROM promises WHERE client_id = ?", [client_id])
    finish_leaving(db, should_stop=should_stop)
    if scrub_now:
        scrub(db)
    return summary


def finish_leaving(db, *, should_stop: Callable[[], bool] | None = None) -> bool:
    """Deletes the rows of every client being deleted for good: their sessions a few at a time (each step its own
    transaction of about notes_index.STEP_SECONDS, sized on the one before: 200 sessions in one transaction held
    the write lock 0.15–0.25 s, which an autosave elsewhere waited for), then the client. False when
    ``should_stop`` stopped it first: what is left stays hidden, and the next scrub finishes it."""
    leaving = [row[0] for row in db.execute("SELECT client_id FROM clients_leaving ORDER BY client_id")]
    for client_id in leaving:
        batch = 10
        while True:
            if should_stop is not None and should_stop():
                return False
            ids = [row[0] for row in db.execute("SELECT id FROM sessions WHERE client_id = ? LIMIT ?",
                                                [client_id, batch])]
            started = time.perf_counter()
            with transaction(db):
                if ids:  # triggers queue each note's index entry for the scrub
                    db.conn.executemany("DELETE FROM sessions WHERE id = ?", [(each,) for each in ids])
                else:
                    db.execute("DELETE FROM clients WHERE id = ?", [client_id])   # what else is theirs goes too
                    db.execute("DELETE FROM clients_leaving WHERE client_id = ?", [client_id])
            yield_to_waiting_writer()
            if not ids:
                break
            each = (time.perf_counter() - started) / len(ids)
            batch = max(1, min(batch * 2, int(notes_index.STEP_SECONDS / max(each, 1e-6))))
    return True


def scrub(db, *, should_stop: Callable[[], bool] | None = None,
          report: Callable[[int, int], None] | None = None) -> bool:
    """Leaves no trace of deleted notes in the file; False when ``should_stop`` stopped it first (call it again).

    Each deleted note waiting in notes_fts_pending has its terms removed from the index pages (FTS5's
    secure-delete; the pending row itself is zeroed by PRAGMA secure_delete), edited notes waiting there are
    indexed on the way (notes_index.index_pending_notes); many deleted at once are marked deleted and merged out
    of the index instead (notes_index.finish_owed_merge). What remains is the write-ahead log, which still holds
    the old pages until checkpointed: the TRUNCATE checkpoint waits for the GUI's connection to finish a statement
    (busy_timeout) and raises DeletionIncomplete if it cannot.
    """
    integrity.interrupt_running_checks()  # a check's read snapshot would keep the checkpoint from emptying the WAL
    if not finish_leaving(db, should_stop=should_stop):  # a deletion a lock or a crash stopped half way
        return False
    index_pending_notes(db, should_stop=should_stop, report=report)
    # An edit saved meanwhile (the worker typing elsewhere) waits for the next catch-up; a deleted note may not.
    if deleted_notes_waiting(db) or not finish_owed_merge(db, should_stop=should_stop):
        return False
    checkpoint(db)
    return True


def checkpoint(db) -> None:
    """Copies every page from the WAL into notes.db and truncates the WAL to zero bytes. A TRUNCATE checkpoint
    keeps new writers (an autosave) waiting while it copies, and after a merge the WAL holds megabytes: a PASSIVE
    one, which lets them write, copies those first, so the TRUNCATE has only the last few pages left."""
    db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    busy, _log_pages, _moved = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        raise DeletionIncomplete()


def index_terms_containing(db, word: str) -> list[str]:
    """Terms of the full-text index that contain ``word`` (casefolded): proof that a deleted word is gone."""
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.notes_vocab USING fts5vocab(main, notes_fts, row)")
    rows = db.execute("SELECT term FROM temp.notes_vocab WHERE instr(term, ?) > 0", [word.casefold()]).fetchall()
    return [row[0] for row in rows]


def review_cutoff(months: int, today: date) -> str:
    """The time before which a client's last activity makes them due for review (client_list's
    ``inactive_before``); with the review turned off (``months`` 0), "" which no activity comes before."""
    return _months_before(today, months).isoformat() if months > 0 else ""


def clients_to_review(db, months: int, today: date) -> list[ReviewItem]:
    """Clients not archived whose last session (or, without sessions, last change) is ``months`` or more ago, the
    longest inactive first. The client list shows the same clients a page at a time (client_list, ``inactive_before``);
    this reads them all at once, in one statement."""
    rows = db.execute(
        f"SELECT {', '.join('c.' + name.strip() for name in _COLUMNS.split(','))}, {LAST_ACTIVITY} AS last_activity "
        f"FROM clients c WHERE {not_leaving('c.id')} AND c.archived_at IS NULL AND last_activity < ? "
        "ORDER BY last_activity, c.id", [review_cutoff(months, today)]).fetchall()
    return [ReviewItem(_from_row(row), from_db_time(row[-1])) for row in rows]


def _months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier; 31 March minus one month is the last day of February."""
    year, month = divmod(day.year * 12 + (day.month - 1) - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
