"""The client list a page at a time, filtered and sorted in SQL (issue 21: it opens, scrolls and re-sorts in well
under 100 ms at 20,000 clients).

    query = ClientQuery(text="cant farm", archive="active", order="last_session", descending=True,
                        language_labels=labels)          # labels: {'["yue", "en"]': "Cantonese, English"}
    total = count_clients(db, query)
    rows = client_rows(db, query, today="2026-11-23", limit=100)                    # the first page
    more = client_rows(db, query, today="2026-11-23", limit=100, after=rows[-1])    # the page after it
    is_listed(db, query, client_id)                      # whether the filter shows that client
    due = ClientQuery(inactive_before=retention.review_cutoff(12, today))   # the clients due for review
    names = client_rows(db, ClientQuery(text="mei", names_only=True), today, limit=50)   # a chooser's rows
    one = client_rows(db, ClientQuery(client_id=7, archive="all", names_only=True), today, limit=1)

Every order is read from an index that matches it exactly, tie-breakers included (migration 0012): a page is a
walk down that index from the last row shown (``after``: keyset paging), never a sort of the whole table nor an
OFFSET counted from the top, so a page costs the same at the top of the list and 19,000 rows down. Ties go by
first name (without case), then by when the client was added, in the same direction. The promises column is
counted by triggers into the clients' own columns; "overdue" there is moved to the worker's today before reading.

Language names are the worker's (CLDR, in the UI language), which SQLite does not know: the caller passes the
label of each distinct ``languages`` value (``distinct_language_lists`` lists them, a few hundred at most); the
list sorted by language walks them in their labels' order, each through the index. A typed word matches a client
when it is in the first name, a tag, the pronouns, a language code or a language's name.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field

import sqlcipher3

from desktop.core.common.languages import fold
from desktop.core.records.clients import _COLUMNS, Client, ClientRow, _from_row
from desktop.core.vault.db import from_db_time, like_escaped, not_leaving, transaction

ORDERS = ("first_name", "languages", "age_group", "tags", "last_session", "sessions", "promises")
ACTIVE, ARCHIVED, ALL = "active", "archived", "all"
FEW = 1000    # a filter letting this many clients through or fewer: client_rows(few=True) reads the table once
_OVERDUE_AS_OF = "promises_overdue_as_of"   # in vault_meta: the day clients.overdue_promises counts before
# A client's last activity: their last session, or the last change to their record when that is later (or there is
# no session). The review of inactive clients (retention) compares it with its cutoff; the list's filter says the
# same without MAX and COALESCE, which allocate for every row (141 ms to count 20,000 clients, 4 ms without).
LAST_ACTIVITY = "MAX(COALESCE(c.last_session_at, c.updated_at), c.updated_at)"


@dataclass(frozen=True)
class ClientQuery:
    text: str = ""
    archive: str = ACTIVE
    # Only clients whose last activity (LAST_ACTIVITY) comes before this time (the review's cutoff,
    # retention.review_cutoff): the "due for review" view, filtered in SQL like the rest.
    inactive_before: str | None = None
    order: str = "first_name"
    descending: bool = False
    language_labels: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    # Per ``languages`` value, folded: its names and the other names people use ("Tagalog" for Filipino), which a
    # typed word is matched against (folded too, so "K'iche'" with a plain apostrophe finds Kʼicheʼ).
    language_search: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    # What a client chooser needs (ui/widgets/client_picker): each row's id, first name and archive time only (no
    # counts, nothing written first), a typed word matched in the first name alone, the names starting with the
    # typed text first, always in the first-name order. Read-only: it runs on a worker thread's read-only connection.
    names_only: bool = False
    client_id: int | None = None     # only this client (with archive=ALL: shown even when archived)


@dataclass(frozen=True)
class _Order:
    """An order's sort keys before the tie-breakers, as its index has them. ``group``: a leading key read as
    groups of its own (a language list's rank in a table joined in; a last session that may be NULL, which a
    row-value comparison cannot step over): the rest of the current group first, then the groups after it."""

    keys: tuple[str, ...] = ()
    group: str | None = None
    nullable: bool = False
    ranked: bool = False     # by the language lists' labels: temp.client_language_order, joined in


_ORDERS = {
    "first_name": _Order(),
    "languages": _Order(group="l.rank", ranked=True),
    "age_group": _Order(("c.age_group",)),
    "tags": _Order(("c.tags",)),
    "last_session": _Order(group="c.last_session_at", nullable=True),
    "sessions": _Order(("c.session_count",)),
    "promises": _Order(("c.overdue_promises", "c.open_promises")),
}
_TIES = ("c.first_name", "c.id")
_NOCASE = ("c.first_name", "c.tags")      # compared without case (ASCII), like their indexes


def distinct_language_lists(db) -> list[str]:
    """Every distinct ``languages`` value (JSON text) in the vault, for the caller to label."""
    return [row[0] for row in db.execute("SELECT DISTINCT languages FROM clients")]


def count_clients(db, query: ClientQuery) -> int:
    register_functions(db.conn)
    # Without a typed word or the review's cutoff the archive index counts alone; with one every row is read anyway,
    # in table order (the archive index would add a seek a row).
    where, params = _where(query, walking=bool(query.text.split()) or query.inactive_before is not None)
    return db.execute(f"SELECT COUNT(*) FROM clients c WHERE {where}", params).fetchone()[0]


def is_listed(db, query: ClientQuery, client_id: int) -> bool:
    """Whether ``client_id`` is among the clients ``query`` lets through."""
    register_functions(db.conn)
    where, params = _where(query, walking=False)
    found = db.execute(f"SELECT 1 FROM clients c WHERE c.id = ? AND {where}", [client_id, *params]).fetchone()
    return found is not None


def client_rows(db, query: ClientQuery, today: str, limit: int, after: ClientRow | None = None, *,
                few: bool = False) -> list[ClientRow]:
    """``limit`` rows in the asked order: from the top, or those after ``after`` (the last row of the page before).

    ``few``: the filter lets few clients through (the caller counted them, FEW of them or less). Walking an index
    to find them would read every client twice (the index, then the row), so the table is read once instead and
    what matches is sorted."""
    register_functions(db.conn)
    if query.names_only:
        return _name_rows(db, query, limit)
    _count_overdue_before(db, today)
    order = _ORDERS[query.order]
    if order.ranked:
        _fill_language_order(db, query.language_labels)
    where, params = _where(query, walking=not few)
    source = "clients c NOT INDEXED" if few else "clients c"
    if order.ranked:  # walking: the lists in their labels' order outside (CROSS JOIN keeps it so), clients inside
        source = (f"{source} JOIN temp.client_language_order l ON l.languages = c.languages" if few else
                  "temp.client_language_order l CROSS JOIN clients c ON c.languages = l.languages")
    direction = "DESC" if query.descending else "ASC"
    terms = ([order.group] if order.group else []) + [*order.keys, *_TIES]
    order_by = ", ".join(f"{term}{' COLLATE NOCASE' if term in _NOCASE else ''} {direction}" for term in terms)
    columns = ", ".join("c." + name.strip() for name in _COLUMNS.split(","))
    found: list[tuple] = []
    for segment, segment_params in _segments(order, after.position if after else None, query.descending):
        found.extend(db.execute(
            f"SELECT {columns}, c.last_session_at, c.session_count, c.open_promises, c.overdue_promises, "
            f"{', '.join(terms)} FROM {source} WHERE {where} AND {segment} ORDER BY {order_by} LIMIT ?",
            [*params, *segment_params, limit - len(found)]).fetchall())
        if len(found) >= limit:
            break
    return [ClientRow(_from_row(row), from_db_time(row[14]), row[15], row[16], row[17], position=tuple(row[18:]))
            for row in found]


def _name_rows(db, query: ClientQuery, limit: int) -> list[ClientRow]:
    """``limit`` clients by first name: those whose name starts with the typed text (a range of the first-name
    index), then the others that match, each part walked down that index and stopped at ``limit``."""
    where, params = _where(query, walking=True)
    typed = query.text.strip()
    starting = "c.first_name COLLATE NOCASE >= ? AND c.first_name COLLATE NOCASE < ?"
    bounds = [typed, typed + "\U0010ffff"]
    parts = [(starting, bounds), (f"NOT ({starting})", bounds)] if typed else [("1", [])]
    found: list[tuple] = []
    for part, part_params in parts:
        found.extend(db.execute(
            f"SELECT c.id, c.first_name, c.archived_at, c.first_name, c.id FROM clients c WHERE {where} AND {part} "
            "ORDER BY c.first_name COLLATE NOCASE, c.id LIMIT ?", [*params, *part_params, limit - len(found)]))
        if len(found) >= limit:
            break
    return [ClientRow(Client(row[0], row[1], archived_at=from_db_time(row[2])), None, 0, 0, 0,
                      position=tuple(row[3:])) for row in found]


def _segments(order: _Order, position: tuple | None, descending: bool) -> list[tuple[str, list]]:
    """(condition, parameters) of each stretch of the index that comes after ``position``, in the list's order."""
    if position is None:
        return [("1", [])]
    after = "<" if descending else ">"
    keys = [*order.keys, *_TIES]
    values = list(position[-len(keys):])
    rest = (f"({', '.join(keys)}) {after} "
            f"({', '.join('? COLLATE NOCASE' if key in _NOCASE else '?' for key in keys)})")
    if order.group is None:
        return [(rest, values)]
    group = position[0]
    segments = [(f"{order.group} IS ? AND {rest}", [group, *values])]
    if group is None:  # NULL sorts first: after it come the others (ascending), or nothing (descending)
        return segments if descending else [*segments, (f"{order.group} IS NOT NULL", [])]
    segments.append((f"{order.group} {after} ?", [group]))
    if order.nullable and descending:
        segments.append((f"{order.group} IS NULL", []))
    return segments


def _where(query: ClientQuery, *, walking: bool) -> tuple[str, list]:
    """The filter. ``walking``: the rows are read down an order's index or in table order, so the archive test must
    not pick another index (the unary + keeps SQLite from using clients_by_archived and seeking each row it finds)."""
    archived = "+c.archived_at" if walking else "c.archived_at"
    clauses, params = [not_leaving("c.id")], []
    if query.client_id is not None:
        clauses.append("c.id = ?")
        params.append(query.client_id)
    if query.archive == ACTIVE:
        clauses.append(f"{archived} IS NULL")
    elif query.archive == ARCHIVED:
        clauses.append(f"{archived} IS NOT NULL")
    if query.inactive_before is not None:  # LAST_ACTIVITY < ?, without calling a function a row (see below)
        last = "+c.last_session_at" if walking else "c.last_session_at"   # walking: no seek a row either
        clauses.append(f"c.updated_at < ? AND ({last} IS NULL OR {last} < ?)")
        params.extend([query.inactive_before] * 2)
    for word in query.text.casefold().split():
        folded = fold(word)
        named = [languages for languages, text in query.language_search.items() if folded in text] or \
            [languages for languages, label in query.language_labels.items() if word in label.casefold()]
        # Per row, nothing that allocates: under cipher_memory_security every SQLite allocation costs an mlock and
        # an munlock (lower() on 20,000 clients took 2.5 s). LIKE ignores case for ASCII letters, as lower() did; a
        # word with other letters is matched by one Python call a row, after Python's casefold.
        pattern = "%" + like_escaped(word) + "%"
        if query.names_only:     # the first name alone: the chooser shows nothing else a match could be in
            ascii_word = word.isascii()
            clauses.append("c.first_name LIKE ? ESCAPE '\\'" if ascii_word else
                           "harbour_contains(?, c.first_name, '', '')")
            params.append(pattern if ascii_word else word)
            continue
        if word.isascii():
            texts = " OR ".join(f"c.{column} LIKE ? ESCAPE '\\'" for column in ("first_name", "tags", "pronouns"))
            text_params = [pattern] * 3
        else:
            texts, text_params = "harbour_contains(?, c.first_name, c.tags, c.pronouns)", [word]
        # The languages first: SQLite stops at the first term that matches, so a word naming a language most
        # clients speak ("e" of English) calls no Python for them.
        clauses.append(f"(c.languages IN (SELECT value FROM json_each(?)) OR c.languages LIKE ? ESCAPE '\\' "
                       f"OR {texts})")
        params.extend([json.dumps(named), pattern, *text_params])
    return " AND ".join(clauses), params


def _fill_language_order(db, labels: dict[str, str]) -> None:
    """Ranks every distinct language list by its label (a list without one by its code), for the join."""
    ranked = sorted(distinct_language_lists(db), key=lambda raw: (labels.get(raw, raw).casefold(), raw))
    db.execute("CREATE TEMP TABLE IF NOT EXISTS client_language_order (rank INTEGER PRIMARY KEY, "
               "languages TEXT UNIQUE)")
    db.execute("DELETE FROM temp.client_language_order")
    db.conn.executemany("INSERT INTO temp.client_language_order VALUES (?, ?)", list(enumerate(ranked)))


def _count_overdue_before(db, today: str) -> None:
    """Moves what clients.overdue_promises counts to promises due before ``today`` (the triggers count against the
    day kept in vault_meta): only the clients with an open promise due between that day and today are counted
    again, once a day."""
    row = db.execute("SELECT value FROM vault_meta WHERE key = ?", [_OVERDUE_AS_OF]).fetchone()
    if row is not None and row[0] == today:
        return
    low, high = sorted((row[0] if row else "", today))
    with transaction(db):
        db.execute("INSERT OR REPLACE INTO vault_meta (key, value) VALUES (?, ?)", [_OVERDUE_AS_OF, today])
        db.execute("UPDATE clients SET overdue_promises = (SELECT COUNT(*) FROM promises p WHERE p.client_id = "
                   "clients.id AND p.status = 'open' AND p.due_on < ?) WHERE id IN (SELECT client_id FROM promises "
                   "WHERE status = 'open' AND due_on >= ? AND due_on < ?)", [today, low, high])


def register_functions(connection) -> None:
    """The SQL function the filter needs for words beyond ASCII. SQLite refuses to replace a function while a
    statement runs on the connection (a cursor not yet read to its end): then the one registered before stays."""
    with contextlib.suppress(sqlcipher3.OperationalError):
        connection.create_function("harbour_contains", 4, _contains, deterministic=True)


def _contains(word: str, first_name: str, tags: str, pronouns: str) -> bool:
    return word in first_name.casefold() or word in tags.casefold() or word in pronouns.casefold()
