"""Search by session language on a realistic vault (issue 21), before and after the session_languages table:

    .venv/bin/python bench/years_languages.py                  # a copy of the cached 2,000-client vault
    .venv/bin/python bench/years_languages.py --clients 20000  # the 20,000 one (build it first: realistic_vault.py)
    .venv/bin/python bench/years_languages.py --vault <a copy of a realistic vault>
    .venv/bin/python bench/years_languages.py --clients 20000 --after-only   # the old way takes minutes there

The realistic vault spreads its sessions evenly over 12 languages; this bench first gives a few of them languages
of their own, spread over the four years: RARE (40 sessions), AT_THE_EDGE (search.FEW_SESSIONS of them, the most a
language may have to be read session by session) and JUST_COMMON (one more: the fewest the index is walked for).
Every prefix of PREFIX_WORDS is then searched with each language as the filter (as the search screen does, on its
own connection), and the filter's list of languages is read. "Before" is the same vault with the table marked not
yet filled (search then reads each language from the sessions themselves, as before migration 0013); "after" is
once session_languages.fill has filled it, which is timed too (each of its steps holds the write lock).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

import common
import realistic_vault
from common import PASSPHRASE, Section, time_ms

from desktop.core.records import search, session_languages
from desktop.core.vault.db import transaction
from desktop.core.vault.vault import Vault
from desktop.ui.clients.search_connection import SearchConnection

PREFIX_WORDS = ("interpreter", "contract", "clinic", "zqx")
RARE, AT_THE_EDGE, JUST_COMMON, COMMON = "ti", "fa", "am", "yue"
SPARSE = "ps"  # FEW_SESSIONS // 10 + 1 sessions, searched as common: 0.25 % of 40,000, like JUST_COMMON at 20,000


def prefixes() -> list[str]:
    return [word[:end] for word in PREFIX_WORDS for end in range(2, len(word) + 1)]


def give_languages(db) -> dict[str, int]:
    """RARE, AT_THE_EDGE and JUST_COMMON on sessions drawn at random (one seed) from the whole vault; how many
    sessions each of the measured languages has."""
    ids = [row[0] for row in db.execute("SELECT id FROM sessions ORDER BY id")]
    sizes = {RARE: 40, AT_THE_EDGE: search.FEW_SESSIONS, JUST_COMMON: search.FEW_SESSIONS + 1,
             SPARSE: search.FEW_SESSIONS // 10 + 1}
    sizes = {language: min(count, len(ids) // 4) for language, count in sizes.items()}  # a tiny vault keeps some
    drawn = random.Random(realistic_vault.SEED).sample(ids, sum(sizes.values()))
    with transaction(db):
        for language, count in sizes.items():
            chosen, drawn = drawn[:count], drawn[count:]
            db.conn.executemany("UPDATE sessions SET language = ? WHERE id = ?", [(language, each) for each in chosen])
    return {language: db.execute("SELECT COUNT(*) FROM sessions WHERE language = ?", [language]).fetchone()[0]
            for language in (RARE, AT_THE_EDGE, JUST_COMMON, COMMON, SPARSE)}


def _measure(section: Section, vault: Vault, when: str, counts: dict[str, int], repeat: int) -> None:
    searches = SearchConnection(vault)
    few = search.FEW_SESSIONS
    try:
        for language, most, note in ((RARE, few, ""), (AT_THE_EDGE, few, ""), (JUST_COMMON, few, ""),
                                     (COMMON, few, ""),
                                     (SPARSE, few // 10, f"; FEW_SESSIONS {few // 10}, as 1,001 of 400,000")):
            filters = search.SearchFilters(language=language)

            def once(text: str, chosen: search.SearchFilters = filters) -> None:
                with searches.borrowed() as db:
                    search.search_notes(db, text, chosen)

            search.FEW_SESSIONS = most
            try:
                runs = [ms for text in prefixes() for ms in time_ms(lambda t=text: once(t), repeat)]
            finally:
                search.FEW_SESSIONS = few
            section.add(f"{when}: every prefix typed, language {language} ({counts[language]:,} sessions{note})",
                        runs, target=common.INTERACTION_MS, judged_on="worst")
        with searches.borrowed() as db:
            section.add(f"{when}: the filter's list of languages", time_ms(lambda: search.all_session_languages(db),
                                                                          repeat))
    finally:
        searches.close()


def run(folder: Path, repeat: int = 2, before: bool = True) -> Section:
    """The figures, on the vault in ``folder`` (written to: give it a copy); ``before=False`` skips the old way
    (minutes at 20,000 clients, where issue 21 measured it)."""
    common.qt_app()
    section = Section(f"Search by session language ({folder})")
    section.facts["Load average (1, 5, 15 min) at the start"] = ", ".join(f"{load:.2f}" for load in os.getloadavg())
    vault = Vault.unlock(folder, PASSPHRASE, daily_backup=False)
    try:
        db = vault.db
        counts = give_languages(db)
        totals = db.execute("SELECT (SELECT COUNT(*) FROM clients), (SELECT COUNT(*) FROM sessions)").fetchone()
        section.facts["Vault"] = f"{totals[0]:,} clients, {totals[1]:,} sessions"
        with transaction(db):  # as on a vault just migrated: nothing filled yet
            db.execute("DELETE FROM session_languages")
            db.execute("INSERT OR REPLACE INTO vault_meta (key, value) SELECT 'session_languages_fill_below', "
                       "MAX(id) + 1 FROM sessions")
        if before:
            _measure(section, vault, "before (no table)", counts, repeat)
        steps: list[float] = []
        real_step = session_languages._fill_step

        def timed_step(*args) -> None:
            started = time.perf_counter()
            real_step(*args)
            steps.append((time.perf_counter() - started) * 1000)

        session_languages._fill_step = timed_step
        try:
            started = time.perf_counter()
            assert session_languages.fill(db)
            section.facts["Filling the table"] = (f"{time.perf_counter() - started:.2f} s in {len(steps)} steps of "
                                                  f"{session_languages.STEP:,} sessions")
        finally:
            session_languages._fill_step = real_step
        section.add(f"one fill step ({session_languages.STEP:,} sessions; holds the write lock)", steps)
        _measure(section, vault, "after", counts, repeat)
    finally:
        vault.lock()
    section.facts["Load average (1, 5, 15 min) at the end"] = ", ".join(f"{load:.2f}" for load in os.getloadavg())
    return section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--vault", type=Path, help="a copy of a realistic vault to run on (it is written to)")
    parser.add_argument("--after-only", action="store_true", help="skip the old way (slow at 20,000 clients)")
    args = parser.parse_args()
    if args.vault is not None:
        common.print_section(run(args.vault, args.repeat, before=not args.after_only))
        return
    cached = realistic_vault.cached_vault(args.clients)
    with tempfile.TemporaryDirectory(dir=cached.parent.parent) as scratch:
        copy = Path(scratch) / "vault"
        shutil.copytree(cached, copy)
        common.print_section(run(copy, args.repeat, before=not args.after_only))


if __name__ == "__main__":
    main()
