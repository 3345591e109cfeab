"""Vault speed: create and unlock at the real Argon2id cost, then insert and read 10,000 rows through vault.db.

    .venv/bin/python bench/bench_vault.py [--rows 10000] [--repeat 5]

Prints figures, asserts nothing. Works in a throwaway temp folder. Figures go into docs/PERFORMANCE.md by hand.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.core.db import transaction  # noqa: E402
from desktop.core.keys import DEFAULT_COST  # noqa: E402
from desktop.core.vault import Vault, WrongPassphrase  # noqa: E402

PASSPHRASE = "benchmark passphrase, not secret"
NOTE = ("Met at the clinic. Asked about the bus to the shelter and whether the employer keeps documents. "
        "Wants to talk again on Friday with an interpreter. ") * 4  # ~600 bytes, a short session note


def timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def describe(label: str, seconds: list[float], per: int | None = None) -> None:
    middle = statistics.median(seconds)
    line = (f"{label:<58} median {middle * 1000:8.1f} ms   "
            f"(min {min(seconds) * 1000:.1f}, max {max(seconds) * 1000:.1f})")
    if per:
        line += f"   {per / middle:,.0f} rows/s"
    print(line, flush=True)


def bench_kdf(root: Path, repeat: int) -> None:
    folder = root / "real-cost"
    took, (vault, recovery_key) = timed(lambda: Vault.create(folder, PASSPHRASE))
    vault.lock()
    print(f"Argon2id default cost: {DEFAULT_COST.iterations} iterations, {DEFAULT_COST.memory_kib // 1024} MiB, "
          f"{DEFAULT_COST.lanes} lanes")
    describe("create a vault (Argon2id + schema)", [took])
    unlocks, locks = [], []
    for _ in range(repeat):
        took, vault = timed(lambda: Vault.unlock(folder, PASSPHRASE))
        unlocks.append(took)
        locks.append(timed(vault.lock)[0])
    describe("unlock with the passphrase (Argon2id + integrity check)", unlocks)
    describe("lock", locks)
    recoveries = []
    for _ in range(repeat):
        took, vault = timed(lambda: Vault.unlock_with_recovery_key(folder, recovery_key))
        recoveries.append(took)
        vault.lock()
    describe("unlock with the recovery key (HKDF)", recoveries)
    wrong = []
    for _ in range(3):  # three are free of delay
        started = time.perf_counter()
        with contextlib.suppress(WrongPassphrase):
            Vault.unlock(folder, "a wrong passphrase here")
        wrong.append(time.perf_counter() - started)
    describe("refuse a wrong passphrase", wrong)


def bench_rows(root: Path, rows: int, repeat: int) -> None:
    from desktop.core.keys import TEST_COST  # the row figures do not depend on the KDF

    vault, _recovery = Vault.create(root / "rows", PASSPHRASE, cost=TEST_COST)
    db = vault.db
    db.execute("CREATE TABLE bench (id INTEGER PRIMARY KEY, client TEXT, written_at TEXT, body TEXT)")
    records = [{"client": f"client {n % 500}", "written_at": f"2026-11-{1 + n % 28:02d}T10:00:00+00:00",
                "body": f"{n} {NOTE}"} for n in range(rows)]
    print(f"\n{rows:,} rows of ~{len(NOTE)} bytes through vault.db (SQLCipher, WAL, synchronous=FULL):")

    inserts = []
    for _ in range(repeat):
        db.execute("DELETE FROM bench")
        took, _ = timed(lambda: db["bench"].insert_all(records, batch_size=500))
        inserts.append(took)
    describe("insert: sqlite-utils insert_all (batches of 500)", inserts, rows)

    inserts = []
    for _ in range(repeat):
        db.execute("DELETE FROM bench")

        def in_one_transaction() -> None:
            with transaction(db):
                for record in records:
                    db.execute("INSERT INTO bench (client, written_at, body) VALUES (?, ?, ?)",
                               [record["client"], record["written_at"], record["body"]])

        inserts.append(timed(in_one_transaction)[0])
    describe("insert: one execute per row inside one transaction", inserts, rows)

    db.execute("DELETE FROM bench")
    sample = min(rows, 1000)
    took, _ = timed(lambda: [db.execute("INSERT INTO bench (client, written_at, body) VALUES (?, ?, ?)",
                                        [r["client"], r["written_at"], r["body"]]) for r in records[:sample]])
    describe(f"insert: {sample:,} separate autocommit saves (each fsynced)", [took], sample)
    db.execute("DELETE FROM bench")
    db["bench"].insert_all(records, batch_size=500)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ids = [row[0] for row in db.execute("SELECT id FROM bench")]

    reads = [timed(lambda: db.execute("SELECT id, client, written_at, body FROM bench").fetchall())[0]
             for _ in range(repeat)]
    describe("read all rows: one SELECT, fetchall", reads, rows)
    reads = [timed(lambda: list(db["bench"].rows))[0] for _ in range(repeat)]
    describe("read all rows: sqlite-utils table.rows (dicts)", reads, rows)
    reads = [timed(lambda: [db.execute("SELECT body FROM bench WHERE id = ?", [i]).fetchone() for i in ids])[0]
             for _ in range(repeat)]
    describe("read each row by primary key (10,000 queries)", reads, rows)
    vault.lock()
    reopened = Vault.unlock(root / "rows", PASSPHRASE)
    cold = timed(lambda: reopened.db.execute("SELECT count(*), sum(length(body)) FROM bench").fetchone())[0]
    describe("first full scan after a fresh unlock (cold page cache)", [cold], rows)
    size = (root / "rows" / "notes.db").stat().st_size
    print(f"notes.db size with {rows:,} rows: {size / 1024 / 1024:.1f} MiB")
    reopened.lock()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="harbour-bench-") as temp:
        bench_kdf(Path(temp), args.repeat)
        bench_rows(Path(temp), args.rows, args.repeat)


if __name__ == "__main__":
    main()
