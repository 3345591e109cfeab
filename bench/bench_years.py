"""Years of notes (issues 21 and 18): every screen on a realistic vault, and how long the window stalls.

    .venv/bin/python bench/bench_years.py                      # 2,000 clients / 40,000 sessions (cached vault)
    .venv/bin/python bench/bench_years.py --clients 20000      # 20,000 / 400,000: builds its vault first (long)
    .venv/bin/python bench/bench_years.py --list-only          # the client list, Today and the client chooser's
                                                               # screens at 20,000 clients
    .venv/bin/python bench/bench_years.py --search-only --vault <copy>   # search while typing alone (years_search)

The vault comes from bench/realistic_vault.py (notes of 1–3 kB, Zipf over 80,000 words, cached under
bench/.cache/). The 20,000-client run is a separate, documented bench: it is not part of run_all.py's default run
nor of the test suite. Figures, each against its issue-21 or issue-18 target:
- unlock at the real Argon2id cost, and what is left of it once the key is derived (opening notes.db);
- the largest event-loop stall (gap between 10 ms timer ticks on the GUI thread) while UnlockWindow unlocks,
  while a client with 200 sessions is deleted for good through the real client page (until the background
  scrub of the index is done), and while a worker types through the real SessionEditor during idle tidying and
  that deletion (with how long each typed word waited to be saved: bench/years_typing.py);
- the client list (count + first page + lazy model, re-sorted by every column both ways, a page 1,000 rows down in
  each order, a filter typed letter by letter, and the real screen painted), search on every prefix of
  common and long words, autosave of a realistic edit (the note's own text plus a few words), the index catching
  up off the GUI thread, search again on an index grown by autosaves and never compacted, and idle tidying step
  by step;
- the screens that pick a client through the client chooser (booking editor, matching panel, search screen) opened,
  and a keystroke in the chooser (bench/years_views.py);
- the whole-file integrity check unlocking no longer does (in the background), and what the file is made of.
The vault is left as found: the client made for the deletion is the one deleted, and edited notes are restored.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import common
import realistic_vault
import years_views
from common import PASSPHRASE, Section, settle, time_ms, time_once
from years_search import PREFIX_WORDS, run_search_only, slowest_prefix
from years_search import typing as search_while_typing
from years_typing import TypingWorker, explicit_saves_during, largest_stall

from desktop.core.records import notes_index, session_languages, sessions
from desktop.core.records.client_list import ClientQuery
from desktop.core.vault import keys
from desktop.core.vault.db import to_db_time, transaction
from desktop.core.vault.keys import DEFAULT_COST, KdfCost
from desktop.core.vault.vault import Vault

UNLOCK_MS = 1500.0          # issue 21: unlock within 1.5 s at any size
STALL_MS = 100.0            # issue 18: the window answers within 100 ms throughout
AUTOSAVE_MS = 20.0          # issue 21: p95 of an autosave on the GUI thread
DELETE_WAIT_MS = 1000.0     # issue 21: what the worker waits for when deleting a 200-session client
SCRUB_MS = 5000.0           # issue 21 follow-up: no trace of a deleted client's 200 notes within a few seconds
FILTER_WORDS = ("mei 1", "farm", "cantonese", "zz", "é")   # the client list's filter: names, tags, languages


def _unlock_figures(section: Section, folder: Path, cost: KdfCost, repeat: int) -> None:
    from desktop.ui.vault.unlock import UnlockWindow

    unlocks = []
    for _ in range(repeat):
        took, vault = time_once(lambda: Vault.unlock(folder, PASSPHRASE, daily_backup=False))
        vault.lock()
        unlocks.append(took)
    kdf = time_ms(lambda: keys.passphrase_kek(PASSPHRASE, b"\0" * keys.SALT_BYTES, cost), repeat)
    section.add("unlock with the passphrase (Argon2id + unwrap + open notes.db, no whole-file read)", unlocks,
                target=UNLOCK_MS, judged_on="median")
    section.add("of which the key derivation alone (Argon2id at the vault's cost)", kdf)
    stalls = []
    for _ in range(max(1, repeat // 2)):
        window = UnlockWindow(folder)
        window.show()
        settle()
        opened: list[Vault] = []
        window.unlocked.connect(opened.append)
        window.secret.setText(PASSPHRASE)
        stalls.append(largest_stall(window.attempt, lambda w=window, o=opened: bool(o) or bool(
            w.message.text() and not w.unlocking)))
        for vault in opened:
            vault.lock()
        window.close()
        window.deleteLater()
        settle()
    section.add("largest window stall while UnlockWindow unlocks (10 ms ticks on the GUI thread)", stalls,
                target=STALL_MS, judged_on="worst")


def _add_leaving_client(db, n_sessions: int) -> tuple[int, str]:
    writer = realistic_vault.NoteWriter(seed=99)
    stamp = to_db_time(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    with transaction(db):
        client_id = db.execute("INSERT INTO clients (first_name, created_at, updated_at) VALUES (?, ?, ?)",
                               ["Leaving", stamp, stamp]).lastrowid
        db.conn.executemany(
            "INSERT INTO sessions (client_id, started_at, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            [(client_id, stamp, writer.note(), stamp, stamp) for _ in range(n_sessions)])
    return client_id, "Leaving"


def _tidy_figures(section: Section, context) -> None:
    """Idle tidying until the index is one segment, on the background connection through BackgroundOperation, in
    the same steps as maintenance (notes_index.tidy_index, each step sized on the one before), while a worker types
    in a note through the real SessionEditor; a step's length is what a save that waited would wait for."""
    from desktop.ui.widgets.operations import BackgroundOperation

    vault = context.vault
    segments = notes_index.segment_count(vault.db)
    steps: list[tuple[int, float]] = []
    typing = TypingWorker(context, _kept_session(vault.db))
    outcome: dict[str, float] = {}

    def work(_progress) -> float:
        with vault.worker_db() as db:
            return time_once(lambda: notes_index.tidy_index(
                db, seconds=3600, on_step=lambda pages, took: steps.append((pages, took * 1000))))[0]

    def start() -> None:
        typing.start()
        BackgroundOperation(typing.editor, work, success=lambda total: outcome.update(total=total),
                            blocking=False).run()

    stall = largest_stall(start, lambda: "total" in outcome and len(typing.waits) >= 2)
    typing.stop()
    total = outcome["total"]
    pages = sorted(size for size, _took in steps) or [0]
    section.facts["Index segments before idle tidying"] = f"{segments}, after: {notes_index.segment_count(vault.db)}"
    section.add(f"idle tidying: merging the index ({segments} segments) into one, in {len(steps):,} steps of "
                f"{pages[0]}–{pages[-1]} pages (median {pages[len(pages) // 2]}) on the background connection (total)",
                [total])
    _typing_figures(section, "largest window stall during idle tidying, while a worker types in a note through the "
                    "real SessionEditor (an autosave every 100 ms)", stall, typing)
    section.add(f"one merge step (sized to ~{notes_index.STEP_SECONDS * 1000:.0f} ms; a deletion's scrub takes the "
                "same; a save that waits, or a key after an idle spell, stops one under way)",
                [took for _pages, took in steps])
    section.add("search while typing once idle tidying has merged the index",
                search_while_typing(vault, PREFIX_WORDS[:3]), target=common.INTERACTION_MS, judged_on="worst")


def _deletion_figures(section: Section, context, n_sessions: int) -> None:
    from desktop.core.records import retention

    db, vault = context.db, context.vault
    client_id, name = _add_leaving_client(db, n_sessions)
    took, _summary = time_once(lambda: retention.delete_client_for_good(db, client_id, name, scrub_now=False))
    section.add(f"delete a client with {n_sessions} sessions for good: hidden at once, its rows in short steps "
                "(what the worker waits for)", [took], target=DELETE_WAIT_MS)
    scrubbed, waits = explicit_saves_during(retention.scrub, vault, _kept_session(db))
    section.add(f"then clearing their {n_sessions} notes from the index and the WAL, on the background connection "
                "(`scrub`)", [scrubbed * 1000], target=SCRUB_MS)
    section.add("an explicit save (Ctrl+S) every 100 ms meanwhile: how long each waited (a merge step under way is "
                "stopped and done again after it)", waits, target=common.INTERACTION_MS, judged_on="worst")
    stall = _stall_while_the_page_deletes(context, n_sessions)
    section.add(f"largest window stall while the client page deletes {n_sessions} sessions and the index is "
                "scrubbed in the background", [stall], target=STALL_MS, judged_on="worst")
    typing = TypingWorker(context, _kept_session(db))
    stall = _stall_while_the_page_deletes(context, n_sessions, typing)
    _typing_figures(section, "the same, with an autosave every 100 ms (a worker typing through the real "
                    "SessionEditor): largest window stall", stall, typing)


def _kept_session(db) -> int:
    return db.execute("SELECT MIN(id) FROM sessions").fetchone()[0]


def _typing_figures(section: Section, label: str, stall: float, typing: TypingWorker) -> None:
    section.add(label, [stall], target=STALL_MS, judged_on="worst")
    section.add(f"how long a typed word waited to be saved meanwhile (from its keystroke, the 50 ms typing pause "
                f"included; {typing.kept} of the words were typed while a save was kept for a retry): latency, not "
                "a stall", typing.waits)


def _stall_while_the_page_deletes(context, n_sessions: int, typing: TypingWorker | None = None) -> float:
    """The largest stall while the real client page deletes a client for good, until the background scrub ends;
    with ``typing``, a worker typing in another note meanwhile (stopped at the end)."""
    from PySide6.QtWidgets import QInputDialog

    from desktop.ui.clients.client_page import ClientPage
    from desktop.ui.widgets import operations

    client_id, name = _add_leaving_client(context.db, n_sessions)
    page = ClientPage(context, client_id)
    page.show()
    settle()

    def start() -> None:
        if typing is not None:
            typing.start()
        page.delete_for_good()

    original = QInputDialog.getText
    QInputDialog.getText = staticmethod(lambda *args, **kwargs: (name, True))
    try:
        stall = largest_stall(start, lambda: not operations._running and (typing is None or len(typing.waits) >= 2))
    finally:
        if typing is not None:
            typing.stop()
        QInputDialog.getText = original
    page.close()
    page.deleteLater()
    settle()
    return stall


def _client_list_figures(section: Section, context, repeat: int) -> None:
    """The client list through its lazy model: opened (its language names worked out off the GUI thread after
    unlock, as the window does), re-sorted by every column both ways, a page 1,000 rows down in each order, and a
    filter typed letter by letter."""
    import threading

    from PySide6.QtCore import Qt

    from desktop.core.records import client_list
    from desktop.ui.models.clients_model import ClientsModel, language_names

    db, today = context.db, datetime.now(UTC).date()
    prepared = threading.Thread(target=language_names, args=(client_list.distinct_language_lists(db),))
    prepared.start()
    prepared.join()
    model = ClientsModel()
    section.add("open the client list: count + first page in SQL + lazy Qt model (the first opening included)",
                time_ms(lambda: model.load(db, ClientQuery(), today), repeat), target=common.INTERACTION_MS)
    sorts, deep = [], []
    for column in range(len(model.columns)):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            sorts.extend(time_ms(lambda c=column, o=order: model.sort(c, o), 1))
            while model.rowCount() < 1000 and model.canFetchMore():
                model.fetchMore()
            deep.extend(time_ms(model.fetchMore, 1))
    section.add(f"re-sort the list by each of its {len(model.columns)} columns, both ways (`sort`: first page)", sorts,
                target=common.INTERACTION_MS, judged_on="worst")
    section.add(f"scroll on 1,000 rows down: the next page of {ClientsModel.PAGE}, in each of those orders "
                "(`fetchMore`)", deep, target=common.INTERACTION_MS, judged_on="worst")
    model.sort(0, Qt.SortOrder.AscendingOrder)
    typed = [ms for word in FILTER_WORDS for end in range(1, len(word) + 1)
             for ms in time_ms(lambda text=word[:end]: model.set_filter(text=text), 2)]
    section.add(f"filter while typing: every prefix of {', '.join(repr(word) for word in FILTER_WORDS)} (count + "
                "first page, 2 runs each)", typed, target=common.INTERACTION_MS, judged_on="worst")
    model.set_filter(text="")


def _list_and_search_figures(section: Section, context, repeat: int) -> None:
    from desktop.ui.clients.clients_section import ClientListView

    _client_list_figures(section, context, repeat)
    view = ClientListView(context)
    view.resize(1100, 700)
    view.show()
    settle()

    def open_list() -> None:
        view.reload()
        settle()

    section.add("open the client list screen: `reload()` and paint", time_ms(open_list, repeat),
                target=common.INTERACTION_MS)
    view.close()
    section.add(f"search while typing: every prefix of {', '.join(PREFIX_WORDS)} (2 runs each, on the search screen's "
                "own connection)", search_while_typing(context.vault, PREFIX_WORDS),
                target=common.INTERACTION_MS, judged_on="worst")
    section.facts["Slowest prefix in a last pass"] = f'"{slowest_prefix(context.vault)}"'


def run_list_only(n_clients: int = 20000, repeat: int = 5) -> Section:
    """The client list alone on a vault of ``n_clients`` clients and as many promises, no sessions (the list reads
    none): built in seconds in a temp folder with the cheap test key cost, first under the schema before migration
    0012, so opening it measures that upgrade too."""
    from desktop.core.vault import schema
    from desktop.core.vault.keys import TEST_COST

    common.qt_app()
    section = Section(f"The client list at {n_clients:,} clients (no sessions)")
    scratch = tempfile.TemporaryDirectory(prefix="harbour-bench-list-")
    folder = Path(scratch.name) / "vault"
    every = schema.migrations
    schema.migrations = lambda: [step for step in every() if step.version < 12]
    try:
        realistic_vault.build_clients_only(folder, n_clients, TEST_COST)
    finally:
        schema.migrations = every
    section.facts["Load average (1, 5, 15 min) at the start"] = ", ".join(f"{load:.2f}" for load in os.getloadavg())
    took, vault = time_once(lambda: Vault.unlock(folder, PASSPHRASE, daily_backup=False))
    section.add("the first unlock after the update: migration 0012 (promise counts, 11 indexes; test key cost)",
                [took])
    try:
        counts = vault.db.execute("SELECT (SELECT COUNT(*) FROM clients), (SELECT COUNT(*) FROM promises)").fetchone()
        section.facts["Vault"] = f"{counts[0]:,} clients, {counts[1]:,} promises, no sessions"
        _client_list_figures(section, context := common.ui_context(vault, Path(scratch.name) / "prefs"), repeat)
        years_views.review_and_today_figures(section, context, repeat)   # the list's other views, and Today
        years_views.chooser_screens_figures(section, context, repeat)    # the screens that pick a client
    finally:
        vault.lock()
        scratch.cleanup()
    section.facts["Load average (1, 5, 15 min) at the end"] = ", ".join(f"{load:.2f}" for load in os.getloadavg())
    return section


def _autosave_figures(section: Section, vault: Vault, autosaves: int, grow_rounds: int) -> None:
    db = vault.db
    edited = sessions.get_session(db, db.execute("SELECT MAX(id) FROM sessions").fetchone()[0])
    counter = iter(range(10**9))
    saves = time_ms(lambda: sessions.save_notes(db, edited.id, f"{edited.notes} then she said {next(counter)}"),
                    autosaves)
    section.add(f"autosave of a realistic edit: the note's own text ({len(edited.notes):,} characters) plus a few "
                "words (`save_notes`, fsynced)", saves, target=AUTOSAVE_MS)
    section.add("the index catching up with that note, off the GUI thread (`index_pending_notes`)",
                [time_once(lambda: notes_index.index_pending_notes(db))[0]])
    # Months of autosaves: many notes edited and caught up one by one, the index never merged.
    grown = [row[0] for row in db.execute("SELECT id FROM sessions ORDER BY id DESC LIMIT ?", [grow_rounds])]
    originals = {session_id: sessions.get_session(db, session_id).notes for session_id in grown}
    for session_id in grown:
        sessions.save_notes(db, session_id, originals[session_id] + " interim words")
        notes_index.index_pending_notes(db)
    section.add(f"search while typing on an index grown by {grow_rounds} caught-up edits, never merged",
                search_while_typing(vault, PREFIX_WORDS[:3]), target=common.INTERACTION_MS, judged_on="worst")
    for session_id, text in originals.items():
        sessions.save_notes(db, session_id, text)
    sessions.save_notes(db, edited.id, edited.notes)
    notes_index.index_pending_notes(db)


def _file_facts(section: Section, vault: Vault) -> None:
    """What notes.db is made of (dbstat is not compiled into SQLCipher: the tables' own lengths instead)."""
    db = vault.db
    size = (vault.folder / "notes.db").stat().st_size
    page_size = int(db.execute("PRAGMA page_size").fetchone()[0])
    pages, free = (int(db.execute(f"PRAGMA {name}").fetchone()[0]) for name in ("page_count", "freelist_count"))
    audit_rows = db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    section.facts["notes.db"] = (
        f"{size / 1e6:,.0f} MB ({pages:,} pages of {page_size:,} bytes): free pages {free * page_size / 1e6:,.1f} MB; "
        f"search index blocks {_table_bytes(db, 'notes_fts_data') / 1e6:,.0f} MB; sessions "
        f"{_table_bytes(db, 'sessions') / 1e6:,.0f} MB; audit log {audit_rows:,} entries, "
        f"{_table_bytes(db, 'audit_log') / 1e6:,.1f} MB (row contents, without b-tree overhead)")


def _table_bytes(db, table: str) -> int:
    columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
    total = " + ".join(f"COALESCE(LENGTH(CAST({column} AS BLOB)), 0)" for column in columns)
    return db.execute(f"SELECT COALESCE(SUM({total}), 0) FROM {table}").fetchone()[0]


def run(n_clients: int = 2000, cost: KdfCost = DEFAULT_COST, repeat: int = 5, autosaves: int = 100,
        grow_rounds: int = 200, folder: Path | None = None) -> Section:
    """Figures on the realistic vault of ``n_clients`` (``folder``: a vault already built there, else the cache)."""
    from desktop.ui.widgets.operations import wait_for_running

    common.qt_app()
    folder = folder or realistic_vault.cached_vault(n_clients, cost)
    section = Section(f"Years of notes ({n_clients:,} clients, realistic notes)")
    section.facts["Argon2id cost"] = common.describe_cost(cost)
    # Opened once first, so a schema update the cached vault is owed (a migration, once) is not timed as an unlock.
    first, opened = time_once(lambda: Vault.unlock(folder, PASSPHRASE, daily_backup=False))
    # What the maintenance does on a worker after an older vault's first unlock: the screens below meet it done.
    filled, _done = time_once(lambda: session_languages.fill(opened.db))
    opened.lock()
    section.facts["First opening of this copy (with any schema update it was owed)"] = f"{first / 1000:.2f} s"
    section.facts["Then each session's language listed (migration 0013's fill, in the background)"] = \
        f"{filled / 1000:.2f} s"
    _unlock_figures(section, folder, cost, repeat)
    vault = Vault.unlock(folder, PASSPHRASE, daily_backup=False)
    try:
        counts = vault.db.execute("SELECT (SELECT COUNT(*) FROM clients), (SELECT COUNT(*) FROM sessions)").fetchone()
        section.facts["Vault"] = f"{counts[0]:,} clients, {counts[1]:,} sessions"
        _file_facts(section, vault)
        section.facts["Load average (1, 5, 15 min) at the start"] = ", ".join(f"{load:.2f}" for load in os.getloadavg())
        section.add("the whole-file check unlocking skips, on a worker thread after unlock (`quick_check`)",
                    [time_once(lambda: vault.whole_file_check().run())[0]])
        prefs = tempfile.TemporaryDirectory(prefix="harbour-bench-prefs-")
        context = common.ui_context(vault, Path(prefs.name))
        _list_and_search_figures(section, context, repeat)
        years_views.chooser_screens_figures(section, context, repeat)
        _autosave_figures(section, vault, autosaves, grow_rounds)
        _tidy_figures(section, context)
        _deletion_figures(section, context, min(200, max(2, counts[1] // max(1, counts[0]) * 10)))
        wait_for_running()
        prefs.cleanup()
    finally:
        vault.lock()
    section.facts["Load average (1, 5, 15 min) at the end"] = ", ".join(f"{load:.2f}" for load in os.getloadavg())
    section.facts["Peak RSS of this benchmark's process"] = \
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB"
    return section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, help="2,000 (20,000 with --list-only) unless given")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--vault", type=Path, help="a copy of a realistic vault to run on (it is written to)")
    parser.add_argument("--list-only", action="store_true",
                        help="only the client list, on a clients-only vault of --clients built in seconds")
    parser.add_argument("--search-only", action="store_true", help="only search while typing, on --vault")
    args = parser.parse_args()
    if args.search_only:
        common.print_section(run_search_only(args.vault or realistic_vault.cached_vault(args.clients or 2000)))
    elif args.list_only:
        common.print_section(run_list_only(args.clients or 20000, repeat=args.repeat))
    else:
        common.print_section(run(args.clients or 2000, repeat=args.repeat, folder=args.vault))


if __name__ == "__main__":
    main()
