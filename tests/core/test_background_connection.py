"""Background work on the vault has a connection of its own (issues 18 and 21): the index catch-up, the scrub of
deleted notes and the idle merging never hold the GUI thread's connection, keep their transactions short, and are
stopped and closed before a lock wipes the key."""

from __future__ import annotations

import threading
import time

import pytest
import sqlcipher3

from desktop.core.records import clients, notes_index, retention, sessions
from desktop.core.records.search import search_notes
from desktop.core.vault.errors import VaultError
from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import Vault

PASSPHRASE = "correct horse battery staple"


def _statements(db) -> list[str]:
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    return seen


def test_the_gui_connection_reads_while_background_work_holds_the_write_lock(vault, db):
    client = clients.create_client(db, "Mei")
    session = sessions.create_session(db, client.id, notes="the bakery on Fraser")
    sessions.save_notes(db, session.id, "the garden on Main")
    with vault.worker_db() as worker:
        assert worker.conn is not db.conn
        worker.execute("BEGIN IMMEDIATE")
        worker.execute("DELETE FROM notes_fts_pending")  # the catch-up's write, not yet committed
        assert db.execute("SELECT notes FROM sessions").fetchone()[0] == "the garden on Main"
        assert [found.session_id for found in search_notes(db, "garden")] == [session.id]
        worker.execute("COMMIT")
    assert notes_index.notes_waiting_for_index(db) == 0


def test_a_save_on_the_gui_thread_waits_for_a_background_step_instead_of_failing(vault, db):
    client = clients.create_client(db, "Mei")
    session = sessions.create_session(db, client.id, notes="first words")
    holding, release = threading.Event(), threading.Event()

    def background_step() -> None:
        with vault.worker_db() as worker:
            worker.execute("BEGIN IMMEDIATE")
            worker.execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('merge', 64)")
            holding.set()
            release.wait(10)
            worker.execute("COMMIT")

    step = threading.Thread(target=background_step)
    step.start()
    holding.wait(10)
    threading.Timer(0.2, release.set).start()
    sessions.save_notes(db, session.id, "second words")  # "database is locked" without a busy timeout
    step.join()
    assert sessions.get_session(db, session.id).notes == "second words"


def test_catching_up_commits_a_few_notes_at_a_time(db, monkeypatch):
    client = clients.create_client(db, "Mei")
    made = [sessions.create_session(db, client.id, notes=f"note {index} about the bakery") for index in range(30)]
    for session in made:
        sessions.save_notes(db, session.id, session.notes + " and the garden")
    monkeypatch.setattr(notes_index, "BATCH_SECONDS", 60.0)
    seen = _statements(db)
    assert notes_index.index_pending_notes(db) == 30
    db.conn.set_trace_callback(None)
    transactions = sum(statement == "BEGIN IMMEDIATE" for statement in seen)
    assert 1 <= transactions < 30  # batched, each its own short transaction (the first batch is a single note)
    assert len(search_notes(db, "garden", limit=50)) == 30


def test_idle_tidying_merges_the_index_toward_one_segment_and_search_stays_exact(db, monkeypatch):
    client = clients.create_client(db, "Mei")
    for index in range(notes_index.FEW_SEGMENTS + 3):  # each autocommit insert leaves a segment of its own
        sessions.create_session(db, client.id, notes=f"visit {index} interpreter booked for the clinic")
    assert notes_index.segment_count(db) > notes_index.FEW_SEGMENTS
    monkeypatch.setattr(notes_index, "MERGE_PAGES", 1)  # many small steps, each its own transaction
    stops = iter([False, True])
    assert notes_index.tidy_index(db, should_stop=lambda: next(stops)) is True  # stopped between two steps
    assert notes_index.tidy_index(db, seconds=60) is False
    assert notes_index.segment_count(db) == 1
    assert len(search_notes(db, "interp")) == notes_index.FEW_SEGMENTS + 3


def test_a_save_that_waits_stops_a_merge_step_under_way_and_the_merge_does_that_step_again(vault, db):
    """One FTS5 merge step cannot be split and takes up to a second on a years-old index (a deletion's scrub and
    idle tidying are made of them): a save on the GUI thread that finds one under way interrupts it, SQLite rolls
    the step back, the save lands at once, and the merge does that step again afterwards."""
    client = clients.create_client(db, "Mei")
    for index in range(notes_index.FEW_SEGMENTS + 3):  # each autocommit insert leaves a segment of its own
        sessions.create_session(db, client.id, notes=f"visit {index} interpreter booked for the clinic")
    kept = sessions.create_session(db, client.id, notes="first words")
    started, saved, outcome = threading.Event(), threading.Event(), {}

    def huge_index_pace() -> int:
        # Until the save lands, the step crawls: longer than a save waits (BUSY_TIMEOUT_MS) before it fails.
        if not saved.is_set():
            started.set()
            time.sleep(0.03)
        return 0

    def idle_tidying() -> None:
        with vault.worker_db() as worker:
            worker.conn.set_progress_handler(huge_index_pace, 1)
            outcome["more to do"] = notes_index.tidy_index(worker, seconds=60)

    merging = threading.Thread(target=idle_tidying)
    merging.start()
    try:
        assert started.wait(10)
        _wait_until_another_connection_writes(vault)
        sessions.save_notes(db, kept.id, "second words")  # "database is locked" after waiting 5 s, before
    finally:
        saved.set()
        merging.join(30)
    assert sessions.get_session(db, kept.id).notes == "second words"
    assert outcome == {"more to do": False} and notes_index.segment_count(db) == 1
    assert len(search_notes(db, "interp")) == notes_index.FEW_SEGMENTS + 3


def test_saves_one_after_another_never_keep_the_merge_from_its_end(vault, db):
    """A step stopped by a save is done the next time whatever comes, so a worker saving again and again while a
    deletion's scrub or idle tidying runs delays the merge by one step at most each time, never for good."""
    client = clients.create_client(db, "Mei")
    for index in range(notes_index.FEW_SEGMENTS + 3):
        sessions.create_session(db, client.id, notes=f"visit {index} interpreter booked for the clinic")
    kept = sessions.create_session(db, client.id, notes="first words")
    outcome = {}

    def idle_tidying() -> None:
        with vault.worker_db() as worker:
            worker.conn.set_progress_handler(lambda: time.sleep(0.002) or 0, 1)  # each step takes a while
            outcome["more to do"] = notes_index.tidy_index(worker, seconds=60)

    merging = threading.Thread(target=idle_tidying)
    merging.start()
    saves = 0
    while merging.is_alive() and saves < 2000:  # a save every few milliseconds, far more often than a step ends
        sessions.save_notes(db, kept.id, f"words {saves}")
        saves += 1
        time.sleep(0.005)
    still_merging = merging.is_alive()
    merging.join(30)
    assert not still_merging, "the saves kept the merge from its end"
    assert outcome == {"more to do": False} and notes_index.segment_count(db) == 1


def _wait_until_another_connection_writes(vault) -> None:
    with vault.worker_db() as probe:
        probe.execute("PRAGMA busy_timeout = 0")
        for _attempt in range(2000):
            try:
                probe.execute("BEGIN IMMEDIATE")
            except sqlcipher3.OperationalError:
                return  # "database is locked": the merge step holds the write lock
            probe.execute("ROLLBACK")
            time.sleep(0.005)
    raise AssertionError("the merge step never took the write lock")


def test_locking_stops_and_closes_every_background_connection_before_wiping_the_key(tmp_path):
    vault, _recovery = Vault.create(tmp_path / "vault", PASSPHRASE, cost=TEST_COST)
    started, outcome = threading.Event(), []

    def endless_background_work() -> None:
        try:
            with vault.worker_db() as worker:
                outcome.append(worker.conn)
                started.set()
                while True:  # never asks whether to stop: the lock must stop it anyway
                    worker.execute("SELECT COUNT(*) FROM sessions").fetchone()
        except sqlcipher3.OperationalError as error:
            outcome.append(error)

    work = threading.Thread(target=endless_background_work)
    work.start()
    started.wait(10)
    held = vault._data_key
    vault.lock()
    work.join(10)
    assert not work.is_alive()
    assert isinstance(outcome[-1], sqlcipher3.OperationalError)  # interrupted
    with pytest.raises(sqlcipher3.ProgrammingError):  # closed, not merely idle
        outcome[0].execute("SELECT 1")
    assert held == bytearray(len(held))
    with pytest.raises(VaultError), vault.worker_db():
        pass


def test_a_scrub_on_its_own_connection_leaves_no_trace(vault, db):
    client = clients.create_client(db, "Mei")
    for _index in range(5):
        sessions.create_session(db, client.id, notes="zanzibarine employer address")
    retention.delete_client_for_good(db, client.id, "Mei", scrub_now=False)
    with vault.worker_db() as worker:
        assert retention.scrub(worker) is True
    assert retention.index_terms_containing(db, "zanzibarine") == []
    assert (vault.folder / "notes.db-wal").stat().st_size == 0


def test_a_waiting_save_on_the_gui_thread_is_let_in_between_two_background_steps(vault, db):
    from desktop.core.vault import connection

    client = clients.create_client(db, "Mei")
    session = sessions.create_session(db, client.id, notes="first words")
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0  # checkpoints are the background's
    saved = threading.Event()
    with vault.worker_db() as worker:
        worker.execute("BEGIN IMMEDIATE")
        worker.execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('merge', 1)")
        gui = threading.Thread(target=lambda: (sessions.save_notes(db, session.id, "second words"), saved.set()))
        gui.start()
        while not connection._writer_waiting.is_set():  # the window's connection says it waits
            assert gui.is_alive()
            threading.Event().wait(0.005)
        worker.execute("COMMIT")
        connection.yield_to_waiting_writer()  # what every background step does next
        gui.join(10)
    assert saved.is_set() and not connection._writer_waiting.is_set()
    assert sessions.get_session(db, session.id).notes == "second words"


def test_a_scrub_finishes_while_the_worker_keeps_editing_another_note(vault, db):
    client = clients.create_client(db, "Mei")
    for _index in range(3):
        sessions.create_session(db, client.id, notes="zanzibarine employer address")
    other = sessions.create_session(db, clients.create_client(db, "Ana").id, notes="the bakery")
    retention.delete_client_for_good(db, client.id, "Mei", scrub_now=False)
    edits = iter(range(1000))

    def typing_elsewhere(_done: int, _total: int) -> None:
        sessions.save_notes(db, other.id, f"the bakery, edit {next(edits)}")

    with vault.worker_db() as worker:
        assert retention.scrub(worker, report=typing_elsewhere) is True
    assert retention.index_terms_containing(db, "zanzibarine") == []
    assert notes_index.deleted_notes_waiting(db) == 0
    assert notes_index.notes_waiting_for_index(db) == 1  # the edit waits for the next catch-up


def test_a_new_key_stops_background_work_keyed_with_the_old_one_then_lends_again(tmp_path):
    vault, _recovery = Vault.create(tmp_path / "vault", PASSPHRASE, cost=TEST_COST)
    clients.create_client(vault.db, "Mei")
    started, outcome = threading.Event(), []

    def background_work_that_never_asks_to_stop() -> None:
        try:
            with vault.worker_db() as worker:
                started.set()
                while True:
                    worker.execute("SELECT 1").fetchone()  # the shortest statement there is
        except sqlcipher3.OperationalError as error:
            outcome.append(error)

    work = threading.Thread(target=background_work_that_never_asks_to_stop)
    work.start()
    started.wait(10)
    vault.rekey(PASSPHRASE)
    work.join(10)
    assert not work.is_alive() and outcome
    with vault.worker_db() as worker:  # lent again, under the new key
        assert worker.execute("SELECT first_name FROM clients").fetchone()[0] == "Mei"
    vault.lock()


def _step_clock(seconds_a_step: float):
    """A stand-in for notes_index's clock: every merge step seems to take ``seconds_a_step``."""
    import time
    import types

    ticks = iter(range(10**6))
    return types.SimpleNamespace(monotonic=time.monotonic, perf_counter=lambda: next(ticks) * seconds_a_step)


@pytest.mark.parametrize(("seconds_a_step", "expected"), [(0.12, [8, 2, 1, 1]), (0.001, [1, 2, 4, 8])])
def test_each_merge_step_is_sized_on_how_long_the_one_before_took(db, monkeypatch, seconds_a_step, expected):
    """A step of a fixed 32 pages held the write lock 29 ms at the median but 159 ms at worst on a loaded machine,
    and an autosave on the GUI thread waits for it. A slow step makes the next one smaller at once (aiming at
    STEP_SECONDS); quick ones let it grow, at most twice as big each time. The index still ends as one segment."""
    client = clients.create_client(db, "Mei")
    words = " ".join(f"word{number} interpreter{number % 7} clinic{number % 11}" for number in range(400))
    for index in range(3 * notes_index.FEW_SEGMENTS):  # each autocommit insert leaves a segment of its own
        sessions.create_session(db, client.id, notes=f"visit {index} {words}")
    assert notes_index.segment_count(db) > notes_index.FEW_SEGMENTS
    monkeypatch.setattr(notes_index, "MERGE_PAGES", expected[0])
    monkeypatch.setattr(notes_index, "time", _step_clock(seconds_a_step))
    pages: list[int] = []
    assert notes_index.tidy_index(db, seconds=60, on_step=lambda size, _took: pages.append(size)) is False
    assert pages[:4] == expected
    assert notes_index.segment_count(db) == 1
    assert len(search_notes(db, "interp", limit=100)) == 3 * notes_index.FEW_SEGMENTS


@pytest.mark.parametrize(("seconds_a_step", "marked"), [(0.12, [10, 2, 1, 1]), (0.001, [10, 15])])
def test_deleted_notes_are_marked_in_transactions_sized_on_the_one_before(db, monkeypatch, seconds_a_step, marked):
    """Marking ten deleted notes a transaction held the write lock up to 0.24 s on a loaded machine; like a merge
    step, each transaction now takes as many as the one before managed in about STEP_SECONDS."""
    client = clients.create_client(db, "Mei")
    for index in range(25):
        sessions.create_session(db, client.id, notes=f"visit {index} interpreter booked for the clinic")
    retention.delete_client_for_good(db, client.id, "Mei", scrub_now=False)
    monkeypatch.setattr(notes_index, "time", _step_clock(seconds_a_step))
    starts: list[int] = []   # how many were marked before each transaction
    notes_index.index_pending_notes(db, report=lambda done, _total: starts.append(done))
    sizes = [later - earlier for earlier, later in zip(starts, [*starts[1:], 25], strict=True)]
    assert sizes[:len(marked)] == marked and sum(sizes) == 25
    assert notes_index.merge_owed(db) and notes_index.deleted_notes_waiting(db) == 0


def test_a_window_write_that_must_not_wait_is_refused_at_once_and_owed_a_turn(vault, db):
    from desktop.core.vault import connection

    client = clients.create_client(db, "Mei")
    session = sessions.create_session(db, client.id, notes="first words")
    with vault.worker_db() as worker:
        worker.execute("BEGIN IMMEDIATE")  # a background step holds the write lock
        with pytest.raises(connection.VaultBusy), connection.writing(wait=False):
            sessions.save_notes(db, session.id, "second words")
        assert connection.window_write_owed()  # background work waits between two steps for its retry
        assert not connection._writer_waiting.is_set()  # it never waited
        assert sessions.get_session(db, session.id).notes == "first words"
        worker.execute("COMMIT")
    with connection.writing(wait=False):
        sessions.save_notes(db, session.id, "second words")
    assert not connection.window_write_owed()
    assert sessions.get_session(db, session.id).notes == "second words"
    with pytest.raises(sqlcipher3.OperationalError) as raised, connection.writing(wait=False):
        db.execute("UPDATE no_such_table SET x = 1")  # a real failure is not "busy"
    assert not isinstance(raised.value, connection.VaultBusy)
