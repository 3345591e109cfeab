"""Vault speed: create and unlock at the real Argon2id cost, then insert and read 10,000 rows through vault.db.

    .venv/bin/python bench/bench_vault.py [--rows 10000] [--repeat 5]

Works in a throwaway temp folder. ``run_kdf`` and ``run_rows`` return the figures; bench/run_all.py collects them.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
from pathlib import Path

import common
from common import PASSPHRASE, Section, time_ms, time_once

from desktop.core.vault.db import transaction
from desktop.core.vault.keys import DEFAULT_COST, TEST_COST, KdfCost
from desktop.core.vault.vault import Vault, WrongPassphrase

NOTE = ("Met at the clinic. Asked about the bus to the shelter and whether the employer keeps documents. "
        "Wants to talk again on Friday with an interpreter. ") * 4  # ~600 bytes, a short session note
UNLOCK_BAND_MS = (500.0, 1000.0)  # DESIGN.md: Argon2id tuned to ~0.5–1 s; cheaper would make guessing cheap


def run_kdf(root: Path, repeat: int = 5, cost: KdfCost = DEFAULT_COST) -> Section:
    section = Section("Unlock and the key derivation")
    section.facts["Argon2id cost"] = common.describe_cost(cost)
    folder = root / "kdf"
    took, (vault, recovery_key) = time_once(lambda: Vault.create(folder, PASSPHRASE, cost=cost))
    vault.lock()
    section.add("create a vault (Argon2id, schema, all migrations)", [took])
    unlocks, locks = [], []
    for _ in range(repeat):
        took, vault = time_once(lambda: Vault.unlock(folder, PASSPHRASE))
        unlocks.append(took)
        locks.append(time_once(vault.lock)[0])
    band = {"floor": UNLOCK_BAND_MS[0], "target": UNLOCK_BAND_MS[1]} if cost == DEFAULT_COST else {}
    section.add("unlock with the passphrase (Argon2id + unwrap + open notes.db)", unlocks, judged_on="median",
                **band)

    def refuse() -> None:
        with contextlib.suppress(WrongPassphrase):
            Vault.unlock(folder, "a wrong passphrase here")

    section.add("refuse a wrong passphrase", time_ms(refuse, 3))  # the first three attempts carry no delay
    recoveries = []
    for _ in range(repeat):
        took, vault = time_once(lambda: Vault.unlock_with_recovery_key(folder, recovery_key))
        recoveries.append(took)
        vault.lock()
    section.add("unlock with the recovery key (HKDF, no Argon2id)", recoveries, target=common.INTERACTION_MS)
    section.add("lock", locks, target=common.INTERACTION_MS)
    return section


def run_rows(root: Path, rows: int = 10_000, repeat: int = 5) -> Section:
    section = Section(f"{rows:,} rows through vault.db")
    vault, _recovery = Vault.create(root / "rows", PASSPHRASE, cost=TEST_COST)  # rows do not depend on the KDF
    db = vault.db
    db.execute("CREATE TABLE bench (id INTEGER PRIMARY KEY, client TEXT, written_at TEXT, body TEXT)")
    records = [{"client": f"client {n % 500}", "written_at": f"2026-11-{1 + n % 28:02d}T10:00:00+00:00",
                "body": f"{n} {NOTE}"} for n in range(rows)]
    section.facts["Row size"] = f"~{len(NOTE)} bytes"

    def insert_all() -> None:
        db["bench"].insert_all(records, batch_size=500)

    def insert_in_one_transaction() -> None:
        with transaction(db):
            for record in records:
                db.execute("INSERT INTO bench (client, written_at, body) VALUES (?, ?, ?)",
                           [record["client"], record["written_at"], record["body"]])

    for label, insert in (("insert with sqlite-utils `insert_all` (batches of 500)", insert_all),
                          ("insert one `execute` per row inside one `transaction(db)`", insert_in_one_transaction)):
        runs = []
        for _ in range(repeat):
            db.execute("DELETE FROM bench")
            runs.append(time_once(insert)[0])
        section.add(label, runs, note=_rate(rows, runs))
    db.execute("DELETE FROM bench")
    sample = min(rows, 1000)
    took, _ = time_once(lambda: [db.execute("INSERT INTO bench (client, written_at, body) VALUES (?, ?, ?)",
                                            [r["client"], r["written_at"], r["body"]]) for r in records[:sample]])
    section.add(f"insert as {sample:,} separate autocommit saves, each fsynced", [took], note=_rate(sample, [took]))
    db.execute("DELETE FROM bench")
    insert_all()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ids = [row[0] for row in db.execute("SELECT id FROM bench")]
    for label, read in (
        ("read all rows, one `SELECT` + `fetchall`",
         lambda: db.execute("SELECT id, client, written_at, body FROM bench").fetchall()),
        ("read all rows as dicts, sqlite-utils `table.rows`", lambda: list(db["bench"].rows)),
        (f"read each row by primary key ({rows:,} queries)",
         lambda: [db.execute("SELECT body FROM bench WHERE id = ?", [i]).fetchone() for i in ids]),
    ):
        runs = time_ms(read, repeat)
        section.add(label, runs, note=_rate(rows, runs))
    vault.lock()
    reopened = Vault.unlock(root / "rows", PASSPHRASE)
    cold = time_once(lambda: reopened.db.execute("SELECT count(*), sum(length(body)) FROM bench").fetchone())[0]
    section.add("first full scan right after a fresh unlock", [cold])
    section.facts["notes.db size"] = f"{(root / 'rows' / 'notes.db').stat().st_size / 1024 / 1024:.1f} MiB"
    reopened.lock()
    return section


def _rate(rows: int, runs: list[float]) -> str:
    return f"{rows / (statistics.median(runs) / 1000):,.0f} rows/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="harbour-bench-") as temp:
        common.print_section(run_kdf(Path(temp), args.repeat))
        common.print_section(run_rows(Path(temp), args.rows, args.repeat))


if __name__ == "__main__":
    main()
