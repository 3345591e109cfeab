"""Each session's language, in a small table of its own (migration 0013), for search's language filter (issue 21).

    fill(db, should_stop=...)                   # an older vault's sessions, STEP at a time (the idle maintenance)
    complete(db)                                # whether every session is in the table (else: the old way)
    newest_sessions(db, "pa", most=1000)        # the ids of the newest sessions in "pa" or "pa-…"
    known_to_be_in(db, "pa", "notes_fts.rowid") # an SQL test of that id against the table (for the common case)
    languages_in_use(db)                        # the languages of the filter's list

A session's row holds its notes (1-3 kB) beside its language, so a filter reading the language from sessions reads
the whole row of every session it passes over: a language few sessions have walked every match in the vault (2.5 s
and more at 20,000 clients) and the list of languages read every session (3.4 s). The table holds the session's id
and language tag only; triggers keep it right on insert, edit and delete (so deleting a session for good takes its
row with it, under the vault's secure_delete). Which sessions a language takes is the search's own rule, unchanged:
the tag itself or a tag that starts with it and a hyphen (SQLite's LIKE, so ASCII letters in any case).
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.core.vault.connection import yield_to_waiting_writer
from desktop.core.vault.db import like_escaped, transaction

STEP = 2000             # sessions copied into the table in one short transaction (~20 ms at 2,000 clients)
_FILL_BELOW = "session_languages_fill_below"  # in vault_meta while sessions with a lower id are not in yet
# The distinct languages, one index seek each (a handful of languages among 400,000 rows: well under a ms).
_DISTINCT = ("WITH RECURSIVE seen(language) AS (SELECT MIN(language) FROM session_languages UNION ALL "
             "SELECT (SELECT MIN(language) FROM session_languages WHERE language > seen.language) FROM seen "
             "WHERE seen.language IS NOT NULL) SELECT language FROM seen WHERE language IS NOT NULL")


def language_clause(column: str) -> str:
    """The search's rule for a language filter on ``column``, with two parameters (see language_params)."""
    return f"({column} = ? OR {column} LIKE ? ESCAPE '\\')"


def language_params(language: str) -> list[str]:
    return [language, like_escaped(language) + "-%"]


def complete(db) -> bool:
    """Whether every session with a language has its row (False while an older vault's are still being filled)."""
    return db.execute("SELECT 1 FROM vault_meta WHERE key = ?", [_FILL_BELOW]).fetchone() is None


def fill(db, *, should_stop: Callable[[], bool] | None = None, step: int | None = None) -> bool:
    """Copies the languages of the sessions a vault had before migration 0013 into the table, newest first, ``step``
    (STEP) sessions a transaction (each holds the write lock briefly; a save waits for one at most). True once every
    session is in, False when ``should_stop`` stopped it first: the next call goes on where this one stopped."""
    step = step or STEP
    while True:
        if complete(db):
            return True
        if should_stop is not None and should_stop():
            return False
        with transaction(db):
            row = db.execute("SELECT value FROM vault_meta WHERE key = ?", [_FILL_BELOW]).fetchone()
            if row is not None:
                _fill_step(db, int(row[0]), step)
        yield_to_waiting_writer()


def _fill_step(db, below: int, step: int) -> None:
    lowest = db.execute("SELECT MIN(id) FROM (SELECT id FROM sessions WHERE id < ? ORDER BY id DESC LIMIT ?)",
                        [below, step]).fetchone()[0]
    if lowest is None:
        db.execute("DELETE FROM vault_meta WHERE key = ?", [_FILL_BELOW])
        return
    # Sessions edited or added meanwhile are already right (the triggers); REPLACE writes the same row again.
    db.execute("INSERT OR REPLACE INTO session_languages (session_id, language) SELECT id, language FROM sessions "
               "WHERE id >= ? AND id < ? AND language != ''", [lowest, below])
    db.execute("UPDATE vault_meta SET value = ? WHERE key = ?", [str(lowest), _FILL_BELOW])


def languages_in_use(db) -> list[str]:
    """Every session language, sorted: from the table (under a ms), or while it is being filled from every session
    (seconds on a large vault)."""
    if not complete(db):
        return [row[0] for row in db.execute("SELECT DISTINCT language FROM sessions WHERE language != '' "
                                             "ORDER BY language")]
    return [row[0] for row in db.execute(_DISTINCT)]


def _matching_languages(db, language: str) -> list[str]:
    """The tags in use that the filter ``language`` takes ("pa" takes "pa" and "pa-Guru")."""
    return [row[0] for row in db.execute(f"SELECT language FROM ({_DISTINCT}) WHERE {language_clause('language')}",
                                         language_params(language))]


def newest_sessions(db, language: str, most: int) -> list[int] | None:
    """The ids of the newest ``most`` sessions in ``language``, newest first (all of them when it has fewer); None
    while the table is not complete (search then reads each language from the sessions, as before)."""
    if not complete(db):
        return None
    newest: list[int] = []
    for tag in _matching_languages(db, language):  # one walk down the index each, merged here
        newest.extend(row[0] for row in db.execute("SELECT session_id FROM session_languages WHERE language = ? "
                                                   "ORDER BY session_id DESC LIMIT ?", [tag, most]))
    return sorted(newest, reverse=True)[:most]


def known_to_be_in(db, language: str | None, id_column: str) -> tuple[str, list]:
    """An SQL test that the session ``id_column`` is in ``language``, read from the small table, and its parameters;
    ("", []) without a language or while the table is not complete. Given an id the index returns, it is checked
    before the session's own row is read: a language neither rare nor common passes over many matches, and each
    costs a look-up in this small table (its pages stay in the cache), not a 4 KiB page of notes decrypted."""
    if not language or not complete(db):
        return "", []
    return (f" AND unlikely(EXISTS (SELECT 1 FROM session_languages l WHERE l.session_id = {id_column} "
            f"AND {language_clause('l.language')}))", language_params(language))
