"""Speed of the daily screens on a large vault: 2,000 clients, 40,000 sessions with ~2 kB notes.

    .venv/bin/python bench/bench_clients.py [--clients 2000] [--sessions 40000] [--repeat 5] [--keep FOLDER]

Builds a throwaway vault (cheap KDF) in a temp folder (or in FOLDER, reused when it exists), then times: opening
the client list (core query + Qt model, and the real screen painted), opening a client with 200 sessions (core,
and the real client page painted), search while typing (core, and the real search screen painted), and the
autosave of one note. ``run`` returns the figures; bench/run_all.py collects them.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import common
from common import PASSPHRASE, Section, settle, time_ms, time_once

from desktop.core.records import clients, notes_index, promises, retention, search, sessions
from desktop.core.vault.db import to_db_time, transaction
from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import Vault

NAMES = ["Mei", "Ana", "Rosa", "Jun", "Harpreet", "Maria", "Luis", "Grace", "Min-ji", "Tien", "Olga", "Eszter",
         "Amina", "Joy", "Kofi", "Lan", "Priya", "Sofia", "Dilnoza", "Marisol"]
LANGUAGES = ["yue", "cmn", "pa-Guru", "tl", "es-MX", "ko", "hu", "vi", "en", "fr", "quc", "th"]
TAGS = ["farm", "restaurant", "domestic", "construction", "salon", "Surrey", "Richmond", "downtown"]
_COMMON = ("clinic housing shift employer passport rent wage phone sister cousin bus shelter lawyer doctor food "
           "school visa contract agency debt fear sleep injury language interpreter church market bakery garden "
           "factory kitchen cleaning money transfer family mother father children friend landlord message "
           "appointment tuesday friday morning evening weekend worried tired calm safe unsafe asked wanted")
WORDS = _COMMON.split()
TODAY = date(2026, 11, 23)
SEARCH_WORDS = ("clinic", "housing", "interpreter", "zqx")   # common, common, long, absent
SCREEN_WORDS = ("clinic", "interpreter")
AUTOSAVE_MS = 20.0  # issue 5: a save on every typing pause must not be felt


def typed_prefixes(words: tuple[str, ...]) -> list[str]:
    """What the query holds after each keystroke, from the second letter (one letter searches nothing)."""
    return [word[:end] for word in words for end in range(2, len(word) + 1)]


def _vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    made = {"".join(rng.choices(letters, k=rng.randint(3, 10))) for _ in range(6000)}
    return WORDS * 20 + sorted(made)


NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _insert_sessions(db, rng: random.Random, vocabulary: list[str], owners: list[int]) -> None:
    stamp = to_db_time(NOW)
    rows = []
    for index, owner in enumerate(owners):
        started = to_db_time(NOW - timedelta(days=rng.randint(0, 1500), minutes=index % 600))
        notes = " ".join(rng.choices(vocabulary, k=300))[:2048]
        rows.append((owner, started, "Drop-in centre", "Sam", rng.choice(LANGUAGES), notes, stamp, stamp))
    db.conn.executemany(
        "INSERT INTO sessions (client_id, started_at, place, worker, language, notes, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def generate(db, n_clients: int, n_sessions: int, seed: int = 7) -> None:
    """Fills the vault: one client gets 200 sessions (or all of them, if fewer), the rest are spread at random."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    stamp = to_db_time(NOW)
    with transaction(db):
        db.conn.executemany(
            "INSERT INTO clients (first_name, languages, tags, age_group, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(f"{rng.choice(NAMES)} {index}", f'["{rng.choice(LANGUAGES)}", "en"]',
              f'["{rng.choice(TAGS)}"]', rng.choice(["adult", "adult", "minor", "unknown"]), stamp, stamp)
             for index in range(n_clients)])
        ids = [row[0] for row in db.execute("SELECT id FROM clients ORDER BY id")]
        big = min(200, n_sessions)
        _insert_sessions(db, rng, vocabulary, [ids[0]] * big + [rng.choice(ids[1:] or ids)
                                                                 for _ in range(n_sessions - big)])
        db.conn.executemany(
            "INSERT INTO promises (client_id, kind, text, due_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            [(rng.choice(ids), rng.choice(["promise", "follow_up"]), "Call back about the clinic",
              (TODAY + timedelta(days=rng.randint(-20, 20))).isoformat(), stamp, stamp)
             for _ in range(n_clients)])
    db.execute("INSERT INTO notes_fts (notes_fts) VALUES ('optimize')")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def add_client_to_delete(db, n_sessions: int = 20) -> tuple[int, str]:
    """A client made only to be deleted for good, so a kept vault holds the same data run after run."""
    stamp = to_db_time(NOW)
    with transaction(db):
        client_id = db.execute("INSERT INTO clients (first_name, created_at, updated_at) VALUES (?, ?, ?)",
                               ["Leaving", stamp, stamp]).lastrowid
        rng = random.Random(client_id)
        _insert_sessions(db, rng, _vocabulary(rng), [client_id] * n_sessions)
    return client_id, "Leaving"


def open_vault(folder: Path, n_clients: int, n_sessions: int) -> tuple[Vault, float | None]:
    """The large vault in ``folder``, generated first if it does not exist; and how long generating took (ms)."""
    if folder.exists():
        vault = Vault.unlock(folder, PASSPHRASE)
        held = vault.db.execute("SELECT (SELECT COUNT(*) FROM clients), (SELECT COUNT(*) FROM sessions)").fetchone()
        if tuple(held) != (n_clients, n_sessions):
            vault.lock()
            raise ValueError(f"The vault in {folder} holds {held[0]:,} clients and {held[1]:,} sessions, not "
                             f"{n_clients:,} and {n_sessions:,}: give another folder to build one of this size.")
        return vault, None
    vault, _recovery = Vault.create(folder, PASSPHRASE, cost=TEST_COST)
    took, _ = time_once(lambda: generate(vault.db, n_clients, n_sessions))
    return vault, took


def busiest_client(db) -> int:
    return db.execute("SELECT id FROM clients ORDER BY session_count DESC, id LIMIT 1").fetchone()[0]


class Screens:
    """The real widgets a worker uses on this vault, driven the way clicking and typing drive them."""

    def __init__(self, context, client_id: int):
        from desktop.ui.clients.clients_section import ClientListView
        from desktop.ui.clients.search_panel import SearchView

        self.context, self.client_id, self.page = context, client_id, None
        self.list_view = ClientListView(context)
        self.search_view = SearchView(context)
        for view in (self.list_view, self.search_view):
            view.resize(1100, 700)
            view.show()
        settle()

    def open_list(self) -> None:
        self.list_view.reload()
        settle()

    def open_client(self) -> None:
        from desktop.ui.clients.client_page import ClientPage

        self.page = ClientPage(self.context, self.client_id)
        self.page.resize(1100, 700)
        self.page.show()
        settle()

    def close_client(self) -> None:
        self.page.close()
        self.page.deleteLater()
        settle()
        self.page = None

    def type_search(self, text: str) -> None:
        from desktop.ui.widgets.operations import wait_for_running

        self.search_view.query.setText(text)
        self.search_view.run()  # what the typing pause then triggers: the search, on a worker thread
        wait_for_running()      # its results, back on the GUI thread
        settle()


def run(folder: Path, n_clients: int = 2000, n_sessions: int = 40_000, repeat: int = 5,
        autosaves: int = 200) -> Section:
    """Figures on the vault in ``folder`` (generated if missing). The vault is locked again at the end."""
    from desktop.core.records.client_list import ClientQuery
    from desktop.ui.models.clients_model import ClientsModel

    common.qt_app()
    section = Section(f"Clients and sessions ({n_clients:,} clients, {n_sessions:,} sessions)")
    vault, generated = open_vault(folder, n_clients, n_sessions)
    db = vault.db
    big = busiest_client(db)
    if generated is not None:
        section.add("generate the vault (one transaction, `executemany`, FTS triggers, final merge)", [generated])
    counts = db.execute("SELECT (SELECT COUNT(*) FROM clients), (SELECT COUNT(*) FROM sessions)").fetchone()
    big_sessions = db.execute("SELECT session_count FROM clients WHERE id = ?", [big]).fetchone()[0]
    section.facts["Vault"] = (f"{counts[0]:,} clients, {counts[1]:,} sessions; notes.db is "
                              f"{(folder / 'notes.db').stat().st_size / 1e6:.0f} MB; the opened client has "
                              f"{big_sessions} sessions")
    interaction = {"target": common.INTERACTION_MS}
    model = ClientsModel()
    section.add("open the client list: count + first page in SQL + lazy Qt model",
                time_ms(lambda: model.load(db, ClientQuery(), TODAY), repeat), **interaction)
    prefs = tempfile.TemporaryDirectory(prefix="harbour-bench-prefs-")
    screens = Screens(common.ui_context(vault, Path(prefs.name)), big)
    section.add("open the client list screen: `ClientListView.reload()`, sorted, painted",
                time_ms(screens.open_list, repeat), **interaction)

    def read_client() -> None:
        clients.get_client(db, big)
        sessions.sessions_for_client(db, big)
        promises.promises_for_client(db, big)

    section.add(f"open a client with {big_sessions} sessions: client, sessions with notes, promises (core)",
                time_ms(read_client, repeat), **interaction)
    pages = []
    for _ in range(repeat):
        pages.append(time_once(screens.open_client)[0])
        screens.close_client()
    section.add(f"open the client page for that client (timeline of {big_sessions}, painted)", pages, **interaction)

    per_prefix = min(3, repeat)  # many prefixes already: three runs of each is plenty
    typing = [ms for prefix in typed_prefixes(SEARCH_WORDS)
              for ms in time_ms(lambda p=prefix: search.search_notes(db, p), per_prefix)]
    section.add(f"search while typing (core): every prefix of {', '.join(SEARCH_WORDS)}, {per_prefix} runs each",
                typing,
                **interaction)
    for label, filters in (("tag", search.SearchFilters(tag="farm")),
                           ("language", search.SearchFilters(language="yue")),
                           ("client", search.SearchFilters(client_id=big)),
                           ("one month", search.SearchFilters(since=date(2024, 3, 1), until=date(2024, 3, 31)))):
        section.add(f"search \"clinic\" filtered by {label} (core)",
                    time_ms(lambda f=filters: search.search_notes(db, "clinic", f), per_prefix), **interaction)
    keystrokes = [ms for prefix in typed_prefixes(SCREEN_WORDS)
                  for ms in time_ms(lambda p=prefix: screens.type_search(p), per_prefix)]
    section.add(f"search screen: one keystroke, query + up to 50 highlighted results painted "
                f"(every prefix of {', '.join(SCREEN_WORDS)}, {per_prefix} runs each)", keystrokes, **interaction)

    edited = sessions.sessions_for_client(db, big)[0]
    counter = iter(range(10**9))
    section.add("autosave of a realistic edit: the note's own text plus a few words (`save_notes`, fsynced)",
                time_ms(lambda: sessions.save_notes(db, edited.id, f"{edited.notes} and then {next(counter)}"),
                        autosaves), target=AUTOSAVE_MS)
    section.add("the index catching up with that note, off the GUI thread (`index_pending_notes`)",
                [time_once(lambda: notes_index.index_pending_notes(db))[0]])
    sessions.save_notes(db, edited.id, edited.notes)  # a kept vault is left as it was
    notes_index.index_pending_notes(db)
    leaving, name = add_client_to_delete(db)
    section.add("delete a client for good (20 sessions): the rows, what the worker waits for",
                [time_once(lambda: retention.delete_client_for_good(db, leaving, name, scrub_now=False))[0]],
                target=1000.0)
    section.add("then clearing their notes from the index and the WAL, off the GUI thread (`scrub`)",
                [time_once(lambda: retention.scrub(db))[0]])
    for view in (screens.list_view, screens.search_view):
        view.close()
    vault.lock()
    prefs.cleanup()
    return section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--sessions", type=int, default=40_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the vault here and keep it; reuse it if it exists")
    args = parser.parse_args()
    scratch = None if args.keep else Path(tempfile.mkdtemp(prefix="harbour-bench-"))
    try:
        common.print_section(run(args.keep or scratch / "vault", args.clients, args.sessions, args.repeat))
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
