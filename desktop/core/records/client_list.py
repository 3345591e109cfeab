"""The client list a page at a time, filtered and sorted in SQL (issue 21: 20,000 clients open in well under 100 ms).

    query = ClientQuery(text="cant farm", archive="active", order="last_session", descending=True,
                        language_labels=labels)          # labels: {'["yue", "en"]': "Cantonese, English"}
    total = count_clients(db, query)
    rows = client_rows(db, query, today="2026-11-23", offset=0, limit=200)   # clients.ClientRow, in order

Language names are the worker's (CLDR, in the UI language), which SQLite does not know: the caller passes the
label of each distinct ``languages`` value (``distinct_language_lists`` lists them, a few hundred at most); a typed
word matches a client when it is in the first name, a tag, the pronouns, a language code or a language's name.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field

import sqlcipher3

from desktop.core.common.languages import fold
from desktop.core.records.clients import _COLUMNS, ClientRow, _from_row
from desktop.core.vault.db import from_db_time

ORDERS = ("first_name", "languages", "age_group", "tags", "last_session", "sessions", "promises")
ACTIVE, ARCHIVED, ALL = "active", "archived", "all"


@dataclass(frozen=True)
class ClientQuery:
    text: str = ""
    archive: str = ACTIVE
    only_ids: frozenset[int] | None = None      # e.g. the clients due for review
    order: str = "first_name"
    descending: bool = False
    language_labels: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    # Per ``languages`` value, folded: its names and the other names people use ("Tagalog" for Filipino), which a
    # typed word is matched against (folded too, so "K'iche'" with a plain apostrophe finds Kʼicheʼ).
    language_search: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


def distinct_language_lists(db) -> list[str]:
    """Every distinct ``languages`` value (JSON text) in the vault, for the caller to label."""
    return [row[0] for row in db.execute("SELECT DISTINCT languages FROM clients")]


def count_clients(db, query: ClientQuery) -> int:
    register_functions(db.conn)
    where, params = _where(query)
    return db.execute(f"SELECT COUNT(*) FROM clients c WHERE {where}", params).fetchone()[0]


def client_rows(db, query: ClientQuery, today: str, offset: int, limit: int) -> list[ClientRow]:
    """``limit`` rows from ``offset`` in the asked order; ties go by first name, then by when the client was
    added, in the same direction."""
    register_functions(db.conn)
    where, params = _where(query)
    join, order, order_params = _order(query, today)
    direction = "DESC" if query.descending else "ASC"
    if query.order == "languages":
        _fill_labels(db, query.language_labels)
    rows = db.execute(
        f"SELECT {', '.join('c.' + name.strip() for name in _COLUMNS.split(','))}, c.last_session_at, "
        f"c.session_count FROM clients c {join} WHERE {where} "
        f"ORDER BY {order} {direction}, c.first_name COLLATE NOCASE {direction}, c.id {direction} LIMIT ? OFFSET ?",
        [*params, *order_params, limit, offset]).fetchall()
    ids = [row[0] for row in rows]
    open_counts: dict[int, int] = {}
    overdue: dict[int, int] = {}
    for client_id, due_on in db.execute("SELECT client_id, due_on FROM promises WHERE status = 'open' AND client_id "
                                        "IN (SELECT value FROM json_each(?))", [json.dumps(ids)]):
        open_counts[client_id] = open_counts.get(client_id, 0) + 1
        if due_on < today:
            overdue[client_id] = overdue.get(client_id, 0) + 1
    return [ClientRow(_from_row(row), from_db_time(row[14]), row[15], open_counts.get(row[0], 0),
                      overdue.get(row[0], 0)) for row in rows]


def position_of(db, query: ClientQuery, today: str, client_id: int) -> int | None:
    """Where ``client_id`` stands in the list (None when the filter hides it); for selecting it again."""
    total = count_clients(db, query)
    step = 2000
    for offset in range(0, total, step):
        for number, row in enumerate(client_rows(db, query, today, offset, step)):
            if row.client.id == client_id:
                return offset + number
    return None


def _where(query: ClientQuery) -> tuple[str, list]:
    clauses, params = ["1"], []
    if query.archive == ACTIVE:
        clauses.append("c.archived_at IS NULL")
    elif query.archive == ARCHIVED:
        clauses.append("c.archived_at IS NOT NULL")
    if query.only_ids is not None:
        clauses.append("c.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(query.only_ids)))
    for word in query.text.casefold().split():
        folded = fold(word)
        named = [languages for languages, text in query.language_search.items() if folded in text] or \
            [languages for languages, label in query.language_labels.items() if word in label.casefold()]
        # Per row, nothing that allocates: under cipher_memory_security every SQLite allocation costs an mlock and
        # an munlock (lower() on 20,000 clients took 2.5 s). LIKE ignores case for ASCII letters, as lower() did; a
        # word with other letters is matched by one Python call a row, after Python's casefold.
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        if word.isascii():
            texts = " OR ".join(f"c.{column} LIKE ? ESCAPE '\\'" for column in ("first_name", "tags", "pronouns"))
            params.extend([pattern] * 3)
        else:
            texts = "harbour_contains(?, c.first_name, c.tags, c.pronouns)"
            params.append(word)
        clauses.append(f"({texts} OR c.languages LIKE ? ESCAPE '\\' "
                       "OR c.languages IN (SELECT value FROM json_each(?)))")
        params.extend([pattern, json.dumps(named)])
    return " AND ".join(clauses), params


def _order(query: ClientQuery, today: str) -> tuple[str, str, list]:
    """(join, the ORDER BY expression, its parameters). COLLATE NOCASE, not lower(): no allocation a row."""
    if query.order == "promises":  # two index lookups a client: a join on an aggregate was slower (its temp tables)
        return ("", "((SELECT COUNT(*) FROM promises p WHERE p.client_id = c.id AND p.status = 'open' AND "
                    "p.due_on < ?) * 10000 + (SELECT COUNT(*) FROM promises p WHERE p.client_id = c.id AND "
                    "p.status = 'open'))", [today])
    if query.order == "languages":
        return ("LEFT JOIN temp.client_language_labels l ON l.languages = c.languages",
                "COALESCE(l.label, c.languages) COLLATE NOCASE", [])
    return "", {
        "first_name": "c.first_name COLLATE NOCASE",
        "age_group": "c.age_group",
        "tags": "c.tags COLLATE NOCASE",
        "last_session": "COALESCE(c.last_session_at, '')",
        "sessions": "c.session_count",
    }[query.order], []


def _fill_labels(db, labels: dict[str, str]) -> None:
    db.execute("CREATE TEMP TABLE IF NOT EXISTS client_language_labels (languages TEXT PRIMARY KEY, label TEXT)")
    db.execute("DELETE FROM temp.client_language_labels")
    db.conn.executemany("INSERT INTO temp.client_language_labels VALUES (?, ?)", list(labels.items()))


def register_functions(connection) -> None:
    """The SQL function the filter needs for words beyond ASCII. SQLite refuses to replace a function while a
    statement runs on the connection (a cursor not yet read to its end): then the one registered before stays."""
    with contextlib.suppress(sqlcipher3.OperationalError):
        connection.create_function("harbour_contains", -1, _contains, deterministic=True)


def _contains(word: str, *texts: str | None) -> int:
    return int(any(text and word in text.casefold() for text in texts))
