"""Small helpers over the vault's sqlite_utils.Database. The connection runs in autocommit mode, so every
statement is durable on its own; group statements that must land together in ``transaction``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime


@contextmanager
def transaction(db) -> Iterator[None]:
    connection = db.conn
    if connection.in_transaction:  # nested: the outer block owns commit and rollback
        yield
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
        connection.execute("COMMIT")
    except BaseException:
        # SQLite rolls back by itself on some errors (disk full, I/O); a second ROLLBACK would then raise
        # "no transaction is active" and hide the real error.
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def to_db_time(moment: datetime) -> str:
    """Times are stored as UTC ISO-8601 text ('2026-11-23T10:00:00+00:00')."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one")
    return moment.astimezone(UTC).isoformat()


def from_db_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


# A client being deleted for good (records.retention) is listed in clients_leaving from the deletion's first, short
# step until its last one (after a crash or a lock, until the next scrub finishes it). Every read of rows that belong
# to a client leaves them out through one of these two pieces of SQL, so the client vanishes from every screen, list,
# export and check at once, not row by row as the deletion goes.
def not_leaving(client_column: str) -> str:
    """SQL: the client id in ``client_column`` is not being deleted (NULL, no client, passes)."""
    return f"({client_column} IS NULL OR {client_column} NOT IN (SELECT client_id FROM clients_leaving))"


def session_not_leaving(session_column: str) -> str:
    """SQL: the session id in ``session_column`` is not one of a client being deleted."""
    return (f"{session_column} NOT IN (SELECT s.id FROM clients_leaving l JOIN sessions s "
            "ON s.client_id = l.client_id)")


def like_escaped(text: str) -> str:
    """``text`` matched literally by LIKE ... ESCAPE '\\' (its % and _ are not wildcards)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
