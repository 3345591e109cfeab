"""The full-text index of session notes: catching up with edited and deleted notes, and staying compact (issue 21).

    notes_waiting_for_index(db)                      # sessions edited or deleted since the index caught up with them
    index_pending_notes(db, should_stop=..., report=...)   # catches up, in short transactions
    tidy_index(db, should_stop=..., seconds=5)       # merges the index's segments, one short step at a time

Both run on a worker thread on a connection of their own (``Vault.worker_db``): every transaction here holds
notes.db's write lock, so each is kept short (BATCH_SECONDS, or one note) and a save on the GUI thread waits for
one at most, while its reads never wait.

Why it costs: the index uses FTS5's secure-delete, so taking a note out removes each of its terms (its words and
their 2-, 3- and 4-letter prefixes, ~550 for a 2 kB note) from the index pages themselves, looking every term up
in every segment of the index. At 2,000 clients that is ~0.1 s a note when the index is one segment and ~0.5 s
when it is ten, so keeping the index merged (``tidy_index`` when the worker is idle) is what keeps deleting fast.
Much of what remains is SQLCipher's ``cipher_memory_security`` (an mlock and munlock for every allocation).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from desktop.core.vault.db import transaction

BATCH_SECONDS = 0.05    # what one catch-up transaction aims to hold the write lock for (a single note may take longer)
FEW_SEGMENTS = 4        # above this, idle tidying merges the whole index toward one segment
MERGE_PAGES = 64        # one merge step: a few tens of ms of writing


def notes_waiting_for_index(db) -> int:
    """How many sessions were edited or deleted since the full-text index last caught up with them."""
    return db.execute("SELECT COUNT(*) FROM notes_fts_pending").fetchone()[0]


def index_pending_notes(db, *, should_stop: Callable[[], bool] | None = None,
                        report: Callable[[int, int], None] | None = None) -> int:
    """Brings the full-text index up to date with every edited or deleted note; returns how many it caught up.

    Deleting a pending row re-indexes its session, or only removes a deleted one's terms, by trigger (migration
    0011), so the index never holds half an update. Rows go in transactions of a few notes, sized so each takes
    about BATCH_SECONDS: few fsyncs, and the GUI thread's saves never wait long for the write lock (a save that
    lands in between just leaves a new pending row). ``should_stop`` is asked between transactions (locking stops
    the work; what is left waits for the next time)."""
    ids = [row[0] for row in db.execute("SELECT session_id FROM notes_fts_pending ORDER BY session_id")]
    done, batch = 0, 1
    while done < len(ids):
        if should_stop is not None and should_stop():
            return done
        if report is not None:
            report(done, len(ids))
        chunk = ids[done:done + batch]
        started = time.monotonic()
        with transaction(db):
            db.conn.executemany("DELETE FROM notes_fts_pending WHERE session_id = ?", [(each,) for each in chunk])
        done += len(chunk)
        batch = _next_batch(batch, time.monotonic() - started)
    return len(ids)


def _next_batch(batch: int, took: float) -> int:
    """As many notes as fit in BATCH_SECONDS at the pace just seen, at most twice as many as last time."""
    if took <= 0:
        return batch * 2
    return max(1, min(batch * 2, int(batch * BATCH_SECONDS / took)))


def segment_count(db) -> int:
    """How many segments the index has: a deleted note's every term is looked up in each one."""
    return db.execute("SELECT COUNT(DISTINCT segid) FROM notes_fts_idx").fetchone()[0]


def tidy_index(db, *, should_stop: Callable[[], bool] | None = None, seconds: float = 5.0) -> bool:
    """Merges the index's segments for up to ``seconds``, MERGE_PAGES pages a step, each step its own short
    transaction: with more than FEW_SEGMENTS, the whole index toward one segment (FTS5's incremental optimize, a
    negative 'merge'); otherwise only what FTS5's own merging would do. Returns True when there is more to do."""
    pages = -MERGE_PAGES if segment_count(db) > FEW_SEGMENTS else MERGE_PAGES
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        if should_stop is not None and should_stop():
            return True
        before = db.conn.total_changes
        db.execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('merge', ?)", [pages])
        if db.conn.total_changes - before < 2:  # the command itself counts one change: nothing was merged
            return False
    return True
