"""kill -9 at random moments while notes, consents, bookings and audit entries are being written.

Each round starts tests/reliability/kill9_writer.py on the same vault, lets it write for a random (seeded) time and
kills it with SIGKILL: no clean close, no Python cleanup, a WAL left half folded in. Then a fresh connection (a new
Vault.unlock) must find every write the child acknowledged, at most the one write that was in flight besides,
whole transactions only, and pass SQLite's integrity check, SQLCipher's page HMAC check and the audit chain.

A failure names the round and the seed; rerun it with HARBOUR_KILL9_SEED=<seed> to get the same kill delays.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import pytest

from desktop.core.vault.vault import Vault
from tests.reliability.fault_helpers import PASSPHRASE, REPO, assert_sound, make_vault

ROUNDS = 24
SEED = int(os.environ.get("HARBOUR_KILL9_SEED", "20261123"))
TABLES = {"client": "clients", "session": "sessions", "consent": "consents", "booking": "bookings",
          "audit": "audit_log"}
_KEY_COLUMN = {"audit_log": "seq"}


class Child:
    """The writer process, with its acknowledgement lines collected by a thread as they arrive."""

    def __init__(self, folder: Path, seed: int, autocheckpoint: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.kill9_writer", str(folder), PASSPHRASE, str(seed),
             str(autocheckpoint)],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self.ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            if line.endswith("\n"):  # a line cut by the kill was never acknowledged
                self.lines.append(line.strip())
                if line.strip() == "ready":
                    self.ready.set()
        self.ready.set()  # ended (or died) before it was ready: the caller checks the return code

    def kill_after(self, delay: float) -> None:
        if not self.ready.wait(timeout=120):  # a guard against a hung child, not a speed check
            self.process.kill()
        time.sleep(delay)
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=60)
        self._reader.join(timeout=60)
        error_output = self.process.stderr.read()
        self.process.stdout.close()
        self.process.stderr.close()
        assert self.process.returncode == -signal.SIGKILL, error_output

    def acknowledged(self) -> tuple[dict[str, set[int]], dict[int, int]]:
        """Ids acknowledged per table, and the last acknowledged note version per session."""
        ids: dict[str, set[int]] = defaultdict(set)
        notes: dict[int, int] = {}
        for line in self.lines:
            kind, *numbers = line.split()
            if kind == "note":
                notes[int(numbers[0])] = int(numbers[1])
            elif kind in TABLES:
                ids[TABLES[kind]].add(int(numbers[0]))
                if kind == "session":
                    notes[int(numbers[0])] = 0
        return ids, notes


def _stored(db) -> tuple[dict[str, set[int]], dict[int, int]]:
    ids = {table: {row[0] for row in db.execute(f"SELECT {_KEY_COLUMN.get(table, 'id')} FROM {table}")}
           for table in TABLES.values()}
    versions = {}
    for session_id, notes in db.execute("SELECT id, notes FROM sessions"):
        versions[session_id] = int(notes.split()[0][1:]) if notes.startswith("v") else 0
    return ids, versions


@pytest.mark.slow
def test_every_acknowledged_write_survives_kill_9_at_random_moments(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    make_vault(folder)  # one known row of each kind and a daily backup, so later rounds start from a real vault
    vault = Vault.unlock(folder, PASSPHRASE)
    before_ids, before_notes = _stored(vault.db)
    vault.lock()
    acknowledged_total: dict[str, int] = defaultdict(int)
    rounds_with_a_wal_left = 0

    for number in range(ROUNDS):
        chooser = random.Random(SEED + number)
        child = Child(folder, seed=SEED + number, autocheckpoint=chooser.choice((1, 4, 50, 1000)))
        child.kill_after(chooser.uniform(0.0, 0.4))
        rounds_with_a_wal_left += (folder / "notes.db-wal").exists()
        acked_ids, acked_notes = child.acknowledged()
        where = f"round {number}, seed {SEED + number}"

        vault = Vault.unlock(folder, PASSPHRASE)  # a fresh connection replays (or discards) what the WAL holds
        try:
            assert_sound(vault.db)
            ids, notes = _stored(vault.db)
            in_flight = 0
            for table in TABLES.values():
                assert before_ids[table] <= ids[table], f"{where}: rows of {table} disappeared"
                assert acked_ids[table] <= ids[table] - before_ids[table], f"{where}: acknowledged {table} lost"
                in_flight += len(ids[table] - before_ids[table] - acked_ids[table])
                acknowledged_total[table] += len(acked_ids[table])
            for session_id, version in {**before_notes, **acked_notes}.items():
                assert notes[session_id] in (version, version + 1), f"{where}: session {session_id} notes went back"
                in_flight += notes[session_id] - version
            acknowledged_total["notes"] += len(acked_notes)
            assert in_flight <= 1, f"{where}: more than the one write in flight landed unacknowledged"
            unlogged = vault.db.execute("SELECT count(*) FROM bookings WHERE id NOT IN "
                                        "(SELECT booking_id FROM booking_history)").fetchone()[0]
            assert unlogged == 0, f"{where}: a booking landed without its history row (half a transaction)"
        finally:
            vault.lock()
        before_ids, before_notes = ids, notes

    # The rounds really wrote every kind, and some kills left a WAL behind that the next open had to recover.
    assert all(acknowledged_total[name] > 0 for name in (*TABLES.values(), "notes")), dict(acknowledged_total)
    assert rounds_with_a_wal_left > 0
