"""Realistic vaults for the years-of-notes benchmarks (issue 21): 2,000 or 20,000 clients, 20 sessions each, notes
of 1–3 kB drawn from a Zipf distribution over ~80,000 words, sessions written in date order over four years.

    .venv/bin/python bench/realistic_vault.py --clients 20000      # builds (or finds) the cached vault, prints it

Everything is deterministic (one seed): the word list is made from English-like prefixes, stems and endings, so
short prefixes such as "inte", "con" or "pre" start thousands of distinct words, as they do in real notes. A built
vault is cached under bench/.cache/ (``cached_vault``) and reused by every later run; it is built in a temp folder
beside it and renamed when complete, so an interrupted build is never used. The vault is keyed at the real
Argon2id cost, so unlocking it measures what a worker meets. Building the 20,000-client one takes long (tens of
minutes on a laptop): it is a separate bench (bench/bench_years.py --clients 20000), not part of the test suite.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import shutil
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import common
from common import PASSPHRASE

from desktop.core.vault.db import to_db_time, transaction
from desktop.core.vault.keys import DEFAULT_COST, KdfCost
from desktop.core.vault.vault import Vault

FORMAT = 1                      # bump when what is generated changes: older caches are then rebuilt
CACHE = common.REPO / "bench" / ".cache"
SESSIONS_PER_CLIENT = 20
BIG_CLIENT_SESSIONS = 200       # the first client has this many: the one opened and the size deleted for good
VOCABULARY_SIZE = 80_000
ZIPF_EXPONENT = 1.05
NOTE_BYTES = (1000, 3000)
START = datetime(2022, 11, 23, 9, 0, tzinfo=UTC)
YEARS_DAYS = 4 * 365
SEED = 21

# Frequent real words first (the head of the Zipf curve), then made-up words from English-like parts.
_HEAD = """the and to a of she he her his was said about they we in for that with it on is at not asked wants
work boss employer interpreter interview internet interest intend international clinic housing shift passport
rent wage phone sister cousin bus shelter lawyer doctor food school visa contract agency debt fear sleep injury
language church market bakery garden factory kitchen cleaning money transfer family mother father children friend
landlord message appointment tuesday friday morning evening weekend worried tired calm safe unsafe documents
hours paid unpaid sent home back next week again later called meet talk help needs support health medical
counsellor safety plan transport ticket address police report court benefits bank account card""".split()  # noqa: SIM905
_PREFIXES = ("", "", "", "re", "un", "in", "inter", "con", "com", "pre", "pro", "dis", "de", "ex", "sub", "trans",
             "over", "under", "out", "mis", "non", "en", "em", "per", "par", "co", "counter", "super", "semi",
             "anti", "auto", "tele", "micro", "multi", "post", "fore", "mid", "ad", "ab", "ob", "im", "ir", "il")
_STEMS = ("act", "ward", "port", "form", "dict", "struct", "duct", "mit", "press", "spect", "tract", "vers",
          "pend", "pos", "cess", "ceiv", "fer", "gress", "ject", "lect", "mov", "nat", "pel", "plic", "rupt",
          "scrib", "sens", "sist", "tain", "tend", "vent", "vid", "voc", "cycl", "graph", "log", "phon", "scop",
          "therm", "bio", "geo", "hydr", "cred", "fid", "jud", "leg", "loc", "man", "mor", "nov", "ped", "pop",
          "quer", "rog", "sol", "son", "tem", "ten", "term", "test", "val", "ven", "vis", "viv", "work", "land",
          "hous", "farm", "clin", "med", "pay", "rent", "call", "help", "fear", "safe", "book", "walk", "talk",
          "cook", "clean", "drive", "build", "care", "fam", "frien", "moth", "fath", "sist", "brot", "child",
          "school", "church", "mark", "shel", "doc", "nurs", "law", "court", "bank", "card", "phon", "mess")
_ENDINGS = ("", "", "s", "ed", "ing", "er", "ers", "ion", "ions", "ive", "ly", "ment", "ments", "ness", "able",
            "al", "ance", "ence", "ant", "ent", "ure", "ity", "ist", "ism", "ous", "ful", "less", "ize", "ate",
            "ated", "ating", "ory", "ary", "ic", "ical", "y", "ish", "ward", "ship", "hood", "ee", "or", "ard")
_NAMES = ("Mei", "Ana", "Rosa", "Jun", "Harpreet", "Maria", "Luis", "Grace", "Min-ji", "Tien", "Olga", "Eszter",
          "Amina", "Joy", "Kofi", "Lan", "Priya", "Sofia", "Dilnoza", "Marisol", "Nour", "Ayesha", "Chen", "Ivan")
_LANGUAGES = ("yue", "cmn", "pa-Guru", "fil", "es-MX", "ko", "hu", "vi", "en", "fr", "quc", "th")
_TAGS = ("farm", "restaurant", "domestic", "construction", "salon", "Surrey", "Richmond", "downtown")
_PLACES = ("Drop-in centre", "Clinic", "Phone", "Shelter", "Outreach van", "Library")


def vocabulary(size: int = VOCABULARY_SIZE, seed: int = SEED) -> list[str]:
    """``size`` distinct words, most frequent first: real frequent words, then prefix + stem + ending words in a
    seeded random order (so a rare word is as likely to start with "inter" as a common one)."""
    made = sorted({prefix + stem + ending for prefix, stem, ending in itertools.product(_PREFIXES, _STEMS, _ENDINGS)}
                  - set(_HEAD))
    rng = random.Random(seed)
    rng.shuffle(made)
    words = list(_HEAD) + made
    while len(words) < size:  # more parts than needed in practice; doubled stems fill any gap, deterministically
        words.extend(f"{word}{word[:3]}" for word in made[: size - len(words)])
    return words[:size]


class NoteWriter:
    """Notes of NOTE_BYTES from a Zipf distribution over the vocabulary, with sentences."""

    def __init__(self, seed: int = SEED) -> None:
        self.words = vocabulary()
        self.rng = random.Random(seed)
        running, total = [], 0.0
        for rank in range(1, len(self.words) + 1):
            total += 1.0 / rank ** ZIPF_EXPONENT
            running.append(total)
        self._cumulative, self._total = running, total

    def _word(self) -> str:
        return self.words[bisect.bisect(self._cumulative, self.rng.random() * self._total)]

    def note(self) -> str:
        target = self.rng.randint(*NOTE_BYTES)
        sentences, size = [], 0
        while size < target:
            words = [self._word() for _ in range(self.rng.randint(6, 18))]
            sentence = " ".join(words).capitalize() + "."
            sentences.append(sentence)
            size += len(sentence) + 1
        return " ".join(sentences)


def cached_vault(n_clients: int, cost: KdfCost = DEFAULT_COST, progress=print) -> Path:
    """The folder of the cached realistic vault of ``n_clients``, built first if it is not there yet."""
    folder = CACHE / f"years-{n_clients}-v{FORMAT}-{cost.iterations}x{cost.memory_kib}" / "vault"
    if (folder / "notes.db").is_file():
        return folder
    building = folder.parent.with_name(folder.parent.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    build(building / "vault", n_clients, cost, progress)
    building.rename(folder.parent)
    return folder


def build(folder: Path, n_clients: int, cost: KdfCost = DEFAULT_COST, progress=print) -> None:
    """Writes the vault through the schema's own triggers (the FTS index grows as it would, never optimized)."""
    started = time.perf_counter()
    vault, _recovery = Vault.create(folder, PASSPHRASE, cost=cost)
    db = vault.db
    # A fixture, not a worker's notes: no fsync per batch, and a page cache big enough that the index's merges do
    # not decrypt the same pages again and again (the file and its index come out the same, only sooner).
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -1000000")
    rng = random.Random(SEED)
    _add_clients_and_promises(db, rng, n_clients)
    owners = [1] * BIG_CLIENT_SESSIONS + [rng.randint(2, n_clients) if n_clients > 1 else 1
                                          for _ in range(n_clients * SESSIONS_PER_CLIENT - BIG_CLIENT_SESSIONS)]
    moments = sorted(START + timedelta(minutes=rng.randint(0, YEARS_DAYS * 24 * 60)) for _ in owners)
    rng.shuffle(owners)
    writer = NoteWriter()
    batch = 2000
    for first in range(0, len(owners), batch):
        rows = []
        for owner, moment in zip(owners[first:first + batch], moments[first:first + batch], strict=True):
            when = to_db_time(moment)
            rows.append((owner, when, rng.choice(_PLACES), "Sam", rng.choice(_LANGUAGES), writer.note(), when, when))
        with transaction(db):
            db.conn.executemany(
                "INSERT INTO sessions (client_id, started_at, place, worker, language, notes, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        done = first + len(rows)
        if done % 20_000 < batch:
            progress(f"{done:,} of {len(owners):,} sessions, {time.perf_counter() - started:.0f} s")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    vault.lock()


def _add_clients_and_promises(db, rng: random.Random, n_clients: int) -> None:
    """``n_clients`` clients (a name, a language beside English, a tag, an age group) and as many promises, due
    around the end of the four years, spread over them at random."""
    stamp = to_db_time(START)
    with transaction(db):
        db.conn.executemany(
            "INSERT INTO clients (first_name, languages, tags, age_group, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(f"{rng.choice(_NAMES)} {index}", f'["{rng.choice(_LANGUAGES)}", "en"]', f'["{rng.choice(_TAGS)}"]',
              rng.choice(["adult", "adult", "minor", "unknown"]), stamp, stamp) for index in range(n_clients)])
        db.conn.executemany(
            "INSERT INTO promises (client_id, kind, text, due_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            [(rng.randint(1, n_clients), rng.choice(["promise", "follow_up"]), "Call back about the clinic",
              (START + timedelta(days=YEARS_DAYS + rng.randint(-20, 20))).date().isoformat(), stamp, stamp)
             for _ in range(n_clients)])


def build_clients_only(folder: Path, n_clients: int, cost: KdfCost) -> None:
    """The same clients and promises as ``build``, without sessions (seconds, not hours): what the client list
    reads. A session count and a last session are set on each client, as the sessions' triggers would."""
    vault, _recovery = Vault.create(folder, PASSPHRASE, cost=cost)
    rng = random.Random(SEED)
    _add_clients_and_promises(vault.db, rng, n_clients)
    with transaction(vault.db):
        vault.db.conn.executemany(
            "UPDATE clients SET session_count = ?, last_session_at = ? WHERE id = ?",
            [(rng.randint(0, 2 * SESSIONS_PER_CLIENT),
              to_db_time(START + timedelta(minutes=rng.randint(0, YEARS_DAYS * 24 * 60))), client_id)
             for client_id in range(1, n_clients + 1)])
    vault.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    vault.lock()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=2000)
    args = parser.parse_args()
    started = time.perf_counter()
    folder = cached_vault(args.clients, progress=lambda text: print(text, file=sys.stderr, flush=True))
    size = (folder / "notes.db").stat().st_size
    print(f"{folder}: {size / 1e6:,.0f} MB, ready after {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
