"""The full-text index of session notes: catching up with edited and deleted notes, and staying compact (issue 21).

    notes_waiting_for_index(db)                      # sessions edited or deleted since the index caught up with them
    index_pending_notes(db, should_stop=..., report=...)   # catches up, in short transactions
    finish_owed_merge(db, should_stop=...)           # after many deletions at once: merges until none is left
    tidy_index(db, should_stop=..., seconds=5)       # merges the index's segments, one short step at a time

All of it runs on a worker thread on a connection of its own (``Vault.worker_db``): every transaction here holds
notes.db's write lock, so each is kept short (BATCH_SECONDS, one note, or one merge step of about STEP_SECONDS,
sized on how long the step before took) and is followed by
``yield_to_waiting_writer``: a save on the GUI thread waits for one at most, and its reads never wait.

Why it costs: the index uses FTS5's secure-delete, so taking a note out removes each of its terms (its words and
their 2-, 3- and 4-letter prefixes, ~550 for a 2 kB note) from the index pages themselves, looking every term up
in every segment of the index. At 2,000 clients that is ~0.1 s a note when the index is one segment and ~0.5 s
when it is ten, so keeping the index merged (``tidy_index`` when the worker is idle) is what keeps deleting fast.
Much of what remains is SQLCipher's ``cipher_memory_security`` (an mlock and munlock for every allocation).

Many deleted notes at once (a client deleted for good) go the other way: they are marked deleted in the index
(secure-delete off for those statements, milliseconds a note) and the whole index is then merged into one segment
in short steps, which drops every marked entry and frees, and zeroes (PRAGMA secure_delete), the pages that held
it: ~15 s at 2,000 clients instead of ~80 s. Until that merge ends the words are in the file (never in search);
vault_meta remembers that it is owed, so a lock only postpones it.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import sqlcipher3

from desktop.core.vault.connection import step_aside_for_the_window, stopped_for_the_window, yield_to_waiting_writer
from desktop.core.vault.db import transaction

BATCH_SECONDS = 0.05    # what one catch-up transaction aims to hold the write lock for (one note may take longer)
FEW_SEGMENTS = 4        # above this, idle tidying merges the whole index toward one segment
MERGE_PAGES = 32        # the first merge step's pages; each later step is sized on how long the one before took
STEP_SECONDS = 0.03     # what one merge step aims to hold the write lock for (a save on the GUI thread waits for it)
MAX_MERGE_PAGES = 1024  # a fast machine's steps grow to this at most (and at most twice the step before)
BULK_NOTES = 20         # this many deleted notes or more are marked deleted and merged away rather than taken out
STOPS_IN_A_ROW = 3      # a merge step a window write stopped this often is done the next time without stopping
MARK_NOTES = 10         # deleted notes marked in the first transaction; later ones are sized like merge steps
_MERGE_OWED = "notes_fts_merge_owed"  # in vault_meta while marked entries wait for the merge that drops them


def notes_waiting_for_index(db) -> int:
    """How many sessions were edited or deleted since the full-text index last caught up with them."""
    return db.execute("SELECT COUNT(*) FROM notes_fts_pending").fetchone()[0]


def deleted_notes_waiting(db) -> int:
    """How many deleted sessions' notes the index still holds (edits saved meanwhile are not counted)."""
    return db.execute("SELECT COUNT(*) FROM notes_fts_pending WHERE session_id NOT IN (SELECT id FROM sessions)"
                      ).fetchone()[0]


def index_pending_notes(db, *, should_stop: Callable[[], bool] | None = None,
                        report: Callable[[int, int], None] | None = None) -> int:
    """Brings the full-text index up to date with every edited or deleted note; returns how many it caught up.

    Deleting a pending row re-indexes its session, or only removes a deleted one's terms, by trigger (migration
    0011), so the index never holds half an update. Rows go in transactions of a few notes, sized so each takes
    about BATCH_SECONDS: few fsyncs, and the GUI thread's saves never wait long for the write lock (a save that
    lands in between just leaves a new pending row). ``should_stop`` is asked between transactions (locking stops
    the work; what is left waits for the next time)."""
    if not _mark_deleted_in_bulk(db, should_stop, report):
        return 0
    ids = [row[0] for row in db.execute("SELECT session_id FROM notes_fts_pending ORDER BY session_id")]
    done, batch, slowest = 0, 1, 0.0
    while done < len(ids):
        if should_stop is not None and should_stop():
            return done
        if report is not None:
            report(done, len(ids))
        chunk = ids[done:done + batch]
        started = time.monotonic()
        with transaction(db):
            db.conn.executemany("DELETE FROM notes_fts_pending WHERE session_id = ?", [(each,) for each in chunk])
        yield_to_waiting_writer()
        done += len(chunk)
        slowest = max(slowest, (time.monotonic() - started) / len(chunk))
        batch = _next_batch(batch, slowest)
    return len(ids)


def _next_batch(batch: int, slowest: float) -> int:
    """As many notes as fit in BATCH_SECONDS at the slowest pace seen so far (notes differ: one in a large segment
    costs many times one in a small one), and at most twice as many as last time."""
    if slowest <= 0:
        return batch * 2
    return max(1, min(batch * 2, int(BATCH_SECONDS / slowest)))


def _mark_deleted_in_bulk(db, should_stop, report) -> bool:
    """Marks deleted notes deleted in the index, a few a transaction, when there are BULK_NOTES or more; False
    when ``should_stop`` stopped it. FTS5 writes what a statement queued when its configuration changes, so the
    notes deleted between the two 'secure-delete' commands are written as delete markers."""
    gone = [row[0] for row in db.execute("SELECT session_id FROM notes_fts_pending WHERE session_id NOT IN "
                                         "(SELECT id FROM sessions) ORDER BY session_id")]
    if len(gone) < BULK_NOTES:
        return True
    done, batch = 0, MARK_NOTES
    while done < len(gone):
        if should_stop is not None and should_stop():
            return False
        if report is not None:
            report(done, len(gone))
        chunk = gone[done:done + batch]
        started = time.perf_counter()
        with transaction(db):
            db.execute("INSERT OR REPLACE INTO vault_meta (key, value) VALUES (?, '1')", [_MERGE_OWED])
            db.execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('secure-delete', 0)")
            db.conn.executemany("DELETE FROM notes_fts_pending WHERE session_id = ?", [(each,) for each in chunk])
            db.execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('secure-delete', 1)")
        yield_to_waiting_writer()
        done += len(chunk)
        # Sized on the pace of the last one, like a merge step (10 notes took up to 0.24 s on a loaded machine).
        each = (time.perf_counter() - started) / len(chunk)
        batch = max(1, min(batch * 2, int(STEP_SECONDS / max(each, 1e-6))))
    return True


def merge_owed(db) -> bool:
    """Whether notes marked deleted still wait for the merge that takes them out of the file."""
    return db.execute("SELECT 1 FROM vault_meta WHERE key = ?", [_MERGE_OWED]).fetchone() is not None


def finish_owed_merge(db, *, should_stop: Callable[[], bool] | None = None,
                      on_step: Callable[[int, float], None] | None = None) -> bool:
    """Merges the whole index into one segment in short steps (each its own transaction, see MergeSteps) when notes
    marked deleted are owed it; True once none is left, False when ``should_stop`` stopped it first."""
    if not merge_owed(db):
        return True
    steps = MergeSteps(db, whole_index=True, on_step=on_step)
    while not steps.step():
        if should_stop is not None and should_stop():
            return False
    db.execute("DELETE FROM vault_meta WHERE key = ?", [_MERGE_OWED])
    return True


class MergeSteps:
    """FTS5 'merge' steps, each its own transaction, sized to hold the write lock for about STEP_SECONDS: a step
    of 32 pages took 29 ms at the median but up to 159 ms on a loaded machine (pages differ, and so do machines),
    so each step's pages follow how long the one before took: fewer after a slow step, at once, and up to twice as
    many after a quick one. ``whole_index``: toward one segment (a negative 'merge', FTS5's incremental optimize);
    otherwise only what FTS5's own merging would do. ``on_step(pages, seconds)`` hears of each step (the bench)."""

    def __init__(self, db, *, whole_index: bool, on_step: Callable[[int, float], None] | None = None) -> None:
        self.db, self.whole_index, self.on_step = db, whole_index, on_step
        self.pages = MERGE_PAGES
        self.stopped = 0  # how many times in a row a window write stopped this step (SQLite rolled it back)

    def step(self) -> bool:
        """One step; True when there was nothing left to merge. A window write that waits for the database stops
        the step (rolled back; False, as for a step with more to do): the caller's next step does it again."""
        before = self.db.conn.total_changes
        started = time.perf_counter()
        # A step stopped STOPS_IN_A_ROW times is done the next time whatever comes: saves every moment would
        # otherwise starve it (and a worker's saves come seconds apart, so this is only ever met in a burst).
        stoppable = (step_aside_for_the_window(self.db.conn) if self.stopped < STOPS_IN_A_ROW
                     else contextlib.nullcontext())
        try:
            with stoppable:
                self.db.execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('merge', ?)",
                                [-self.pages if self.whole_index else self.pages])
        except sqlcipher3.OperationalError as error:
            if not stopped_for_the_window(self.db.conn, error):
                raise
            self.stopped += 1
            yield_to_waiting_writer()
            return False
        self.stopped = 0
        took = time.perf_counter() - started
        if self.on_step is not None:
            self.on_step(self.pages, took)
        self.pages = max(1, min(MAX_MERGE_PAGES, self.pages * 2, int(self.pages * STEP_SECONDS / max(took, 1e-6))))
        yield_to_waiting_writer()
        return self.db.conn.total_changes - before < 2  # the command itself counts one change


def segment_count(db) -> int:
    """How many segments the index has: a deleted note's every term is looked up in each one."""
    return db.execute("SELECT COUNT(DISTINCT segid) FROM notes_fts_idx").fetchone()[0]


def tidy_index(db, *, should_stop: Callable[[], bool] | None = None, seconds: float = 5.0,
               on_step: Callable[[int, float], None] | None = None) -> bool:
    """Merges the index's segments for up to ``seconds`` in short steps (MergeSteps): with more than FEW_SEGMENTS,
    the whole index toward one segment; otherwise only what FTS5's own merging would do. Returns True when there is
    more to do."""
    steps = MergeSteps(db, whole_index=segment_count(db) > FEW_SEGMENTS, on_step=on_step)
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        if should_stop is not None and should_stop():
            return True
        if steps.step():
            return False
    return True
