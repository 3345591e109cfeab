"""Speed of the daily screens on a large vault: 2,000 clients, 40,000 sessions with ~2 kB notes.

    .venv/bin/python bench/bench_clients.py [--clients 2000] [--sessions 40000]

Builds a throwaway vault (cheap KDF) in a temp folder, then times: opening the client list (core query + Qt
model), opening a client with 200 sessions, search while typing (each prefix of a word, with snippets), and the
autosave of one note. Figures go into docs/PERFORMANCE.md by hand.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.core import clients, promises, retention, search, sessions  # noqa: E402
from desktop.core.db import to_db_time, transaction  # noqa: E402
from desktop.core.keys import TEST_COST  # noqa: E402
from desktop.core.vault import Vault  # noqa: E402

PASSPHRASE = "bench passphrase 1234"
NAMES = ["Mei", "Ana", "Rosa", "Jun", "Harpreet", "Maria", "Luis", "Grace", "Min-ji", "Tien", "Olga", "Eszter",
         "Amina", "Joy", "Kofi", "Lan", "Priya", "Sofia", "Dilnoza", "Marisol"]
LANGUAGES = ["yue", "cmn", "pa-Guru", "tl", "es-MX", "ko", "hu", "vi", "en", "fr", "quc", "th"]
TAGS = ["farm", "restaurant", "domestic", "construction", "salon", "Surrey", "Richmond", "downtown"]
_COMMON = ("clinic housing shift employer passport rent wage phone sister cousin bus shelter lawyer doctor food "
           "school visa contract agency debt fear sleep injury language interpreter church market bakery garden "
           "factory kitchen cleaning money transfer family mother father children friend landlord message "
           "appointment tuesday friday morning evening weekend worried tired calm safe unsafe asked wanted")
WORDS = _COMMON.split()


def _vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    made = {"".join(rng.choices(letters, k=rng.randint(3, 10))) for _ in range(6000)}
    return WORDS * 20 + sorted(made)


def generate(db, n_clients: int, n_sessions: int, seed: int = 7) -> int:
    """Fills the vault; returns the id of the client that has 200 sessions."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    stamp = to_db_time(now)
    with transaction(db):
        db.conn.executemany(
            "INSERT INTO clients (first_name, languages, tags, age_group, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(f"{rng.choice(NAMES)} {index}", f'["{rng.choice(LANGUAGES)}", "en"]',
              f'["{rng.choice(TAGS)}"]', rng.choice(["adult", "adult", "minor", "unknown"]), stamp, stamp)
             for index in range(n_clients)])
        ids = [row[0] for row in db.execute("SELECT id FROM clients ORDER BY id")]
        big = ids[0]
        owners = [big] * 200 + [rng.choice(ids[1:]) for _ in range(n_sessions - 200)]
        rows = []
        for index, owner in enumerate(owners):
            started = to_db_time(now - timedelta(days=rng.randint(0, 1500), minutes=index % 600))
            notes = " ".join(rng.choices(vocabulary, k=300))[:2048]
            rows.append((owner, started, "Drop-in centre", "Sam", rng.choice(LANGUAGES), notes, stamp, stamp))
        db.conn.executemany(
            "INSERT INTO sessions (client_id, started_at, place, worker, language, notes, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        db.conn.executemany(
            "INSERT INTO promises (client_id, kind, text, due_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            [(rng.choice(ids), rng.choice(["promise", "follow_up"]), "Call back about the clinic",
              (date(2026, 11, 23) + timedelta(days=rng.randint(-20, 20))).isoformat(), stamp, stamp)
             for _ in range(n_clients)])
    db.execute("INSERT INTO notes_fts (notes_fts) VALUES ('optimize')")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return big


def timed(action, repeat: int = 5) -> tuple[float, float, float]:
    """(median, 95th percentile, worst) in milliseconds."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        runs.append((time.perf_counter() - started) * 1000)
    runs.sort()
    return statistics.median(runs), runs[min(len(runs) - 1, int(len(runs) * 0.95))], runs[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--sessions", type=int, default=40000)
    parser.add_argument("--keep", type=Path, help="build the vault here and keep it; reuse it if it exists")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from desktop.ui.models.clients_model import ClientsModel

    app = QApplication.instance() or QApplication([])
    folder = args.keep or Path(tempfile.mkdtemp(prefix="harbour-bench-")) / "vault"
    if args.keep and folder.exists():
        vault = Vault.unlock(folder, PASSPHRASE)
        db = vault.db
        big = db.execute("SELECT id FROM clients ORDER BY session_count DESC LIMIT 1").fetchone()[0]
    else:
        vault, _recovery = Vault.create(folder, PASSPHRASE, cost=TEST_COST)
        db = vault.db
        started = time.perf_counter()
        big = generate(db, args.clients, args.sessions)
        print(f"generated {args.clients} clients, {args.sessions} sessions in {time.perf_counter() - started:.1f} s")
    counts = db.execute("SELECT (SELECT COUNT(*) FROM clients), (SELECT COUNT(*) FROM sessions)").fetchone()
    print(f"vault: {counts[0]} clients, {counts[1]} sessions, {(folder / 'notes.db').stat().st_size / 1e6:.0f} MB; "
          f"the open client has {db.execute('SELECT session_count FROM clients WHERE id = ?', [big]).fetchone()[0]} "
          "sessions")
    today = date(2026, 11, 23)

    model = ClientsModel()

    def open_list():
        model.set_rows(clients.client_overview(db, today.isoformat()), today)

    def open_client():
        clients.get_client(db, big)
        sessions.sessions_for_client(db, big)
        promises.promises_for_client(db, big)

    from PySide6.QtCore import QSettings

    from desktop.ui.client_page import ClientPage
    from desktop.ui.clients import ClientListView
    from desktop.ui.clipboard import ClipboardGuard
    from desktop.ui.context import AppContext
    from desktop.ui.preferences import Preferences

    settings_file = Path(tempfile.mkdtemp(prefix="harbour-bench-prefs-")) / "prefs.ini"
    context = AppContext(vault, Preferences(QSettings(str(settings_file), QSettings.Format.IniFormat)),
                         ClipboardGuard())
    list_view = ClientListView(context)
    list_view.resize(1100, 700)
    list_view.show()

    def open_list_screen():
        list_view.reload()
        app.processEvents()

    def open_client_screen():
        page = ClientPage(context, big)
        page.show()
        app.processEvents()
        page.deleteLater()

    report = [("open client list (query + model)", *timed(open_list)),
              ("open client list screen (sorted, painted)", *timed(open_list_screen)),
              ("open a client with 200 sessions", *timed(open_client)),
              ("open client page, 200 sessions (painted)", *timed(open_client_screen))]
    worst_typing = 0.0
    for word in ("clinic", "housing", "interpreter", "zqx"):
        for end in range(2, len(word) + 1):
            median, p95, worst = timed(lambda prefix=word[:end]: search.search_notes(db, prefix), repeat=3)
            worst_typing = max(worst_typing, worst)
            report.append((f"search '{word[:end]}'", median, p95, worst))
    for label, filters in (("tag", search.SearchFilters(tag="farm")),
                           ("language", search.SearchFilters(language="yue")),
                           ("client", search.SearchFilters(client_id=big)),
                           ("one month", search.SearchFilters(since=date(2024, 3, 1), until=date(2024, 3, 31)))):
        median, p95, worst = timed(lambda f=filters: search.search_notes(db, "clinic", f), repeat=3)
        worst_typing = max(worst_typing, worst)
        report.append((f"search 'clinic', filtered by {label}", median, p95, worst))
    session_id = sessions.sessions_for_client(db, big)[0].id
    text = "x" * 2000
    counter = iter(range(10**6))
    report.append(("autosave one 2 kB note", *timed(lambda: sessions.save_notes(db, session_id, text + str(next(
        counter))), repeat=200)))
    from desktop.ui.search import SearchView

    search_view = SearchView(context)
    search_view.resize(1100, 700)
    search_view.show()

    def type_in_search_screen(prefix: str) -> None:
        search_view.query.setText(prefix)
        search_view.run()  # what the typing pause then triggers
        app.processEvents()

    screen_worst = max(timed(lambda p=word[:end]: type_in_search_screen(p), repeat=3)[2]
                       for word in ("clinic", "interpreter") for end in range(2, len(word) + 1))
    report.append(("search screen: each keystroke, worst (painted)", screen_worst, screen_worst, screen_worst))
    victim = db.execute("SELECT id, first_name, session_count FROM clients WHERE id != ? AND session_count > 0 "
                        "ORDER BY id DESC LIMIT 1", [big]).fetchone()
    started = time.perf_counter()
    retention.delete_client_for_good(db, victim[0], victim[1])
    elapsed = (time.perf_counter() - started) * 1000
    report.append((f"delete a client for good ({victim[2]} sessions)", elapsed, elapsed, elapsed))
    for name, median, p95, worst in report:
        print(f"{name:40s} median {median:7.1f} ms   p95 {p95:7.1f} ms   worst {worst:7.1f} ms")
    print(f"search while typing, worst of all prefixes: {worst_typing:.1f} ms")
    vault.lock()
    shutil.rmtree(settings_file.parent, ignore_errors=True)
    if not args.keep:
        shutil.rmtree(folder.parent, ignore_errors=True)
    app.quit()


if __name__ == "__main__":
    main()
