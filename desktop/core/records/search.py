"""Full-text search over session notes (FTS5), with highlighted snippets and filters.

    hits = search_notes(db, "clin", SearchFilters(tag="farm", language="yue"))
    for hit in hits:
        for text, highlighted in split_snippet(hit.snippet): ...

What the worker types is never passed to FTS5 as query syntax: each word becomes a quoted phrase, and the last
one a prefix, so typing "clin" already finds "clinic" and stray quotes or operators cannot break the query.
Matching a note's own text and cutting its snippet are in note_text (MARK_START, MARK_END and split_snippet are
used from here as well).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desktop.core.records import session_languages
from desktop.core.records.note_text import MARK_END as MARK_END  # re-exported: the search screen's markup
from desktop.core.records.note_text import MARK_START as MARK_START
from desktop.core.records.note_text import WORD, make_snippet, notes_match
from desktop.core.records.note_text import fold as _fold
from desktop.core.records.note_text import split_snippet as split_snippet
from desktop.core.vault.db import from_db_time, like_escaped, not_leaving

DEFAULT_LIMIT = 50
INDEXED_PREFIX = 4      # the FTS table's prefix = '2 3 4' (migration 0011)
MIN_PREFIX = 2          # a word being typed is searched from its second letter
_BATCH = 200            # rows read at a time when they must be checked one by one
FEW_SESSIONS = 1000     # read one by one, not from the index: a tag's clients with this many; a language's newest
FIRST_LOOK = 400        # newest rows of a long word's 4-letter prefix checked before listing the words it starts
MAX_EXPANSION = 64
_COLUMNS = "s.id, s.client_id, c.first_name, s.started_at, s.language, s.notes"


@dataclass(frozen=True)
class SearchFilters:
    client_id: int | None = None
    since: date | None = None           # inclusive, by the session's (UTC) date
    until: date | None = None           # inclusive
    tag: str | None = None              # a client tag
    language: str | None = None         # a session language; "pa" also finds "pa-Guru"
    include_archived: bool = False


@dataclass(frozen=True)
class SearchHit:
    session_id: int
    client_id: int
    client_first_name: str
    started_at: datetime
    language: str
    snippet: str                        # with MARK_START / MARK_END around matches


def build_query(text: str) -> str | None:
    """'find clin' -> '"find" "clin"*'. None when there is nothing to search for.

    A word being typed that is shorter than MIN_PREFIX letters is left out until the next key: one letter would
    match most of the vault and says nothing yet."""
    words = _searched_words(text)
    if not words:
        return None
    quoted = [f'"{word}"' for word in words]
    if _typing_last(text):
        quoted[-1] += "*"  # the word being typed is a prefix
    return " ".join(quoted)


def _typing_last(text: str) -> bool:
    """Whether the last searched word is still being typed (searched as a prefix)."""
    return _split(text)[1]


def _searched_words(text: str) -> list[str]:
    return _split(text)[0]


def _split(text: str) -> tuple[list[str], bool]:
    words = WORD.findall(text or "")
    typing = bool(words) and not text[-1].isspace()
    if typing and len(_fold(words[-1])) < MIN_PREFIX:
        words.pop()
        typing = False
    return words, typing


def _index_query(db, text: str) -> tuple[str | None, bool]:
    """The FTS5 query for ``text``, and whether rows it returns must still be checked against the typed words.

    Prefixes of up to 4 letters are terms of the prefix indexes: read lazily, newest first, they stop at the limit.
    A longer word being typed becomes an OR of the index terms that start with it (FTS5 answers a long prefix by
    merging the whole doclist of every such term before returning a row: seconds on a large vault). When more
    than MAX_EXPANSION terms start with it ("inter" on years of notes), the query asks for its first 4 letters
    and the caller keeps the rows whose note has a word starting with all of it. ("", False) when no term starts
    with the word (nothing can match)."""
    query = build_query(text)
    if query is None or not query.endswith("*"):
        return query, False
    words = _searched_words(text)
    typed = _fold(words[-1])
    if len(typed) <= INDEXED_PREFIX:
        return query, False
    earlier = [f'"{word}"' for word in words[:-1]]
    terms = expand_prefix(db, typed)
    if terms is None:
        return " ".join([*earlier, f'"{typed[:INDEXED_PREFIX]}"*']), True
    if not terms:
        return "", False
    alternatives = "(" + " OR ".join(f'"{term}"' for term in terms) + ")"
    return " AND ".join([*earlier, alternatives]), False


def expand_prefix(db, prefix: str, most: int = MAX_EXPANSION) -> list[str] | None:
    """The index terms that start with ``prefix`` (folded), or None when there are more than ``most``."""
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.notes_vocab USING fts5vocab(main, notes_fts, row)")
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    rows = db.execute("SELECT term FROM temp.notes_vocab WHERE term >= ? AND term < ? LIMIT ?",
                      [prefix, upper, most + 1]).fetchall()
    if len(rows) > most:
        return None
    return [row[0] for row in rows if '"' not in row[0]]


def _filter_sql(filters: SearchFilters) -> tuple[str, list]:
    clauses, params = [not_leaving("s.client_id")], []  # being deleted for good
    if filters.client_id is not None:
        clauses.append("s.client_id = ?")
        params.append(filters.client_id)
    if filters.since is not None:
        clauses.append("+s.started_at >= ?")  # "+": check while walking, no index
        params.append(filters.since.isoformat())
    if filters.until is not None:
        clauses.append("+s.started_at < ?")
        params.append((filters.until + timedelta(days=1)).isoformat())
    if filters.tag:
        clauses.append(_TAGGED.replace("clients.", "c."))
        params.extend(_tag_params(filters.tag))
    if filters.language:
        clauses.append(session_languages.language_clause("s.language"))
        params.extend(session_languages.language_params(filters.language))
    if not filters.include_archived:
        clauses.append("c.archived_at IS NULL")
    return "".join(f" AND {clause}" for clause in clauses), params


def search_notes(db, text: str, filters: SearchFilters | None = None, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
    """The most recently written sessions first, at most ``limit`` of them.

    Results are ranked by date, newest first: ranking every match by relevance (bm25) costs a second or more when
    a word is in most notes, where walking the index newest first stops after ``limit`` rows. Snippets are cut
    here from the returned notes: asking FTS5 for them means a second MATCH restricted to those rows, which costs
    more than the search itself on a large vault. Notes edited since the index last caught up are matched on
    their saved text, so a search always sees what was saved, and never writes.
    """
    filters = filters or SearchFilters()
    terms = [_fold(word) for word in _searched_words(text)]
    if not terms:
        return []
    prefix_last = _typing_last(text)
    where, params = _filter_sql(filters)
    few = _few_clients(db, filters)
    if few is not None:
        # One client (or the few with a rare tag) has a few hundred sessions at most: reading them and matching in
        # Python takes a few ms, walking every match in the vault for theirs hundreds (0.9-1.7 s at 2,000 clients).
        rows = _read_sessions(db, "s.client_id", few, where, params, terms, prefix_last, limit)
    else:
        found, below = _newest_in_language(db, filters.language, where, params, terms, prefix_last, limit)
        rows = found if below == 0 else [*found, *_from_index(db, text, terms, prefix_last, limit - len(found), filters,
                                                              where, params, below)]
    return [SearchHit(row[0], row[1], row[2], from_db_time(row[3]), row[4], make_snippet(row[5], terms, prefix_last))
            for row in rows]


def _read_sessions(db, column: str, chosen: list[int], where: str, params: list, terms: list[str],
                   prefix_last: bool, limit: int) -> list:
    """The newest ``limit`` sessions whose ``column`` is in ``chosen`` and whose saved notes match."""
    marks = ", ".join("?" * len(chosen))
    # CROSS JOIN: from those sessions; left to choose, SQLite walked every unarchived client's sessions.
    cursor = db.execute(f"SELECT {_COLUMNS} FROM sessions s CROSS JOIN clients c ON c.id = s.client_id "
                        f"WHERE {column} IN ({marks}){where} ORDER BY s.id DESC", [*chosen, *params])
    return _matching_rows(cursor, terms, prefix_last, limit)


def _newest_in_language(db, language: str | None, where: str, params: list, terms: list[str], prefix_last: bool,
                        limit: int) -> tuple[list, int | None]:
    """A chosen language's newest FEW_SESSIONS sessions read one by one (from session_languages), the ones that
    match, and the id below which the index must still be walked: 0 when they hold ``limit`` matches or are all the
    language has (a rare one took 2.5-5.8 s at 20,000 clients, walking every match in the index for its few); None
    (no bound) without a language or while session_languages is being filled."""
    newest = session_languages.newest_sessions(db, language, FEW_SESSIONS + 1) if language else None
    if newest is None:
        return [], None
    rows = _read_sessions(db, "s.id", newest[:FEW_SESSIONS], where, params, terms, prefix_last, limit)
    return rows, 0 if len(rows) >= limit or len(newest) <= FEW_SESSIONS else newest[FEW_SESSIONS - 1]


def _from_index(db, text: str, terms: list[str], prefix_last: bool, limit: int, filters, where: str, params: list,
                below: int | None) -> list:
    """The newest ``limit`` matches walking the index, among the sessions whose id is under ``below`` if given."""
    if below is not None:  # the newer ones were read one by one already
        where, params = f"{where} AND s.id < ?", [*params, below]
    # Notes edited or deleted since the index caught up: the index is not asked about them; an edited one is
    # matched on its saved text here (a few at most), a deleted one is gone from sessions already. CROSS JOIN
    # keeps SQLite reading from those few rows: left to choose, it walked every client's every session to
    # probe them (15 ms a keystroke at 2,000 clients, 850 ms with a language filter).
    waiting = db.execute(f"SELECT {_COLUMNS} FROM notes_fts_pending p CROSS JOIN sessions s ON s.id = p.session_id "
                         f"CROSS JOIN clients c ON c.id = s.client_id WHERE 1{where}", params).fetchall()
    waiting = [row for row in waiting if notes_match(row[5], terms, prefix_last)]
    bounds, bounded = _id_bounds(db, filters, below)
    language, in_language = session_languages.known_to_be_in(db, filters.language, "notes_fts.rowid")
    indexed = [] if bounds is None else _indexed_rows(
        db, text, terms, prefix_last, limit,
        f"SELECT {_COLUMNS} FROM notes_fts JOIN sessions s ON s.id = notes_fts.rowid "
        f"JOIN clients c ON c.id = s.client_id WHERE notes_fts MATCH ?{language}{where}{bounds} "
        f"AND s.id NOT IN (SELECT session_id FROM notes_fts_pending) ORDER BY notes_fts.rowid DESC",
        [*in_language, *params, *bounded])
    return sorted([*indexed, *waiting], key=lambda row: row[0], reverse=True)[:limit]


# A client has the tag: its JSON text holds it (LIKE allocates nothing, so most clients are passed over for the
# price of a comparison: json_each on all 20,000 clients' tags took ~220 ms), and json_each confirms it exactly.
_TAGGED = ("clients.tags LIKE ? ESCAPE '\\' "
           "AND EXISTS (SELECT 1 FROM json_each(clients.tags) WHERE json_each.value = ?)")


def _tag_params(tag: str) -> list[str]:
    return ["%" + like_escaped(json.dumps(tag, ensure_ascii=False)) + "%", tag]  # stored as clients.py writes it


def _few_clients(db, filters: SearchFilters) -> list[int] | None:
    """The clients whose sessions are read one by one instead of asking the index: the one chosen, or those with
    the chosen tag when they have at most FEW_SESSIONS sessions between them (counted down sessions_by_client)."""
    if filters.client_id is not None:
        return [filters.client_id]
    if not filters.tag:
        return None
    tagged = [row[0] for row in db.execute(f"SELECT id FROM clients WHERE {_TAGGED}", _tag_params(filters.tag))]
    if len(tagged) > FEW_SESSIONS:
        return None
    marks = ", ".join("?" * len(tagged))
    count = db.execute(f"SELECT COUNT(*) FROM sessions WHERE client_id IN ({marks})", tagged).fetchone()[0]
    return tagged if count <= FEW_SESSIONS else None


def _id_bounds(db, filters: SearchFilters, below: int | None = None) -> tuple[str | None, list]:
    """With dates, the first and last session id in them, as a rowid range the index reads within: walking every
    newer match down to an old month took 0.3-0.5 s at 2,000 clients. (None, []) when no session is in them. The
    rowids are under ``below`` too, if given."""
    under = ("", []) if below is None else (" AND notes_fts.rowid < ?", [below])
    if filters.since is None and filters.until is None:
        return under
    since = filters.since.isoformat() if filters.since is not None else ""
    until = (filters.until + timedelta(days=1)).isoformat() if filters.until is not None else "9999"
    lowest, highest = db.execute("SELECT MIN(id), MAX(id) FROM sessions WHERE started_at >= ? AND started_at < ?",
                                 [since, until]).fetchone()
    if lowest is None:
        return None, []
    return " AND notes_fts.rowid BETWEEN ? AND ?" + under[0], [lowest, highest, *under[1]]


def _indexed_rows(db, text: str, terms: list[str], prefix_last: bool, limit: int, select: str, params: list) -> list:
    """The newest ``limit`` indexed rows matching ``text``: ``select`` with its MATCH's query and ``params``.

    A word being typed longer than the prefix indexes is first looked for in the newest rows of its 4-letter
    prefix (a prefix-index term, read newest first), up to FIRST_LOOK of them: a common word ("intern",
    "transpo") has its ``limit`` matches there, found in 10-20 ms, where listing the words it starts (fts5vocab
    counts each one's notes: 15-60 ms at 20,000 clients) and OR-ing them (30-130 ms) made the slowest keystrokes.
    The look stops after a batch that shows too few matches to get there; a rarer word then goes on to
    _index_query's way."""
    if prefix_last and len(terms[-1]) > INDEXED_PREFIX:
        words = _searched_words(text)
        short = " ".join([*(f'"{word}"' for word in words[:-1]), f'"{terms[-1][:INDEXED_PREFIX]}"*'])
        first = _first_look(db.execute(select + " LIMIT ?", [short, *params, FIRST_LOOK]), terms, prefix_last, limit)
        if first is not None:
            return first
    query, check_rows = _index_query(db, text)
    if not query:
        return []
    if check_rows:
        return _matching_rows(db.execute(select, [query, *params]), terms, prefix_last, limit)
    return db.execute(select + " LIMIT ?", [query, *params, limit]).fetchall()


def _first_look(cursor, terms: list[str], prefix_last: bool, limit: int) -> list | None:
    """The first ``limit`` rows of ``cursor`` (at most FIRST_LOOK) that match, or None as soon as a batch shows
    that FIRST_LOOK rows would hardly hold them (under twice as many at the pace so far: a word that is not common
    enough here pays one batch, not FIRST_LOOK rows and the listing), or they did not."""
    found: list = []
    read = 0
    try:
        while len(found) < limit:
            batch = cursor.fetchmany(FIRST_LOOK // 8)
            read += len(batch)
            found.extend(row for row in batch if notes_match(row[5], terms, prefix_last))
            if not batch or len(found) * FIRST_LOOK < 2 * limit * read or read >= FIRST_LOOK:
                break
    finally:
        cursor.close()
    return found[:limit] if len(found) >= limit else None


def _matching_rows(cursor, terms: list[str], prefix_last: bool, limit: int) -> list:
    """Reads ``cursor`` a batch at a time until ``limit`` rows whose notes match the typed words are found."""
    found: list = []
    try:
        while len(found) < limit:
            batch = cursor.fetchmany(_BATCH)
            if not batch:
                break
            found.extend(row for row in batch if notes_match(row[5], terms, prefix_last))
    finally:
        cursor.close()
    return found[:limit]


def all_tags(db) -> list[str]:
    """Every tag in use, for the search filter."""
    rows = db.execute("SELECT DISTINCT json_each.value FROM clients, json_each(clients.tags) "
                      f"WHERE {not_leaving('clients.id')} ORDER BY json_each.value COLLATE NOCASE").fetchall()
    return [row[0] for row in rows]


def all_session_languages(db) -> list[str]:
    """Every session language in use, for the search filter."""
    return session_languages.languages_in_use(db)
