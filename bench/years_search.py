"""Search while typing on a realistic vault (issue 21), as bench_years measures it, and alone:

    .venv/bin/python bench/bench_years.py --search-only --vault <a copy of a realistic vault>

Each keystroke's search is timed the search screen's way: on a connection of its own kept while the worker types
(SearchConnection: the next key interrupts a stale search there, never on the window's connection); the same
searches on the window's own connection are beside it, to compare with figures measured before.
"""

from __future__ import annotations

import os
from pathlib import Path

import common
from common import PASSPHRASE, Section, time_ms

from desktop.core.records import notes_index, search
from desktop.core.vault.vault import Vault
from desktop.ui.clients.search_connection import SearchConnection

PREFIX_WORDS = ("interpreter", "international", "contract", "transport", "presentation", "clinic", "zqx")


def prefixes(words: tuple[str, ...]) -> list[str]:
    return [word[:end] for word in words for end in range(2, len(word) + 1)]


def typing(vault: Vault, words: tuple[str, ...], runs: int = 2) -> list[float]:
    """Milliseconds of each keystroke's search the search screen's way (on its connection, kept while typing),
    every prefix of ``words`` typed ``runs`` times."""
    searches = SearchConnection(vault)

    def search_once(text: str) -> None:
        with searches.borrowed() as db:
            search.search_notes(db, text)

    try:
        return [ms for prefix in prefixes(words) for ms in time_ms(lambda p=prefix: search_once(p), runs)]
    finally:
        searches.close()


def slowest_prefix(vault: Vault) -> str:
    """The prefix of PREFIX_WORDS whose search took longest in one more pass."""
    return max(prefixes(PREFIX_WORDS), key=lambda p: typing(vault, (p,), 1)[-1])


def run_search_only(folder: Path) -> Section:
    """Search while typing alone, on the vault in ``folder`` (a copy: unlocking may migrate it)."""
    common.qt_app()
    section = Section(f"Search while typing ({folder})")
    section.facts["Load average (1, 5, 15 min) at the start"] = ", ".join(f"{load:.2f}" for load in os.getloadavg())
    vault = Vault.unlock(folder, PASSPHRASE, daily_backup=False)
    try:
        counts = vault.db.execute("SELECT (SELECT COUNT(*) FROM clients), (SELECT COUNT(*) FROM sessions)").fetchone()
        section.facts["Vault"] = f"{counts[0]:,} clients, {counts[1]:,} sessions, " \
                                 f"{notes_index.segment_count(vault.db)} index segments"
        section.add(f"search while typing: every prefix of {', '.join(PREFIX_WORDS)} (2 runs each, on the search "
                    "screen's own connection)", typing(vault, PREFIX_WORDS),
                    target=common.INTERACTION_MS, judged_on="worst")
        section.add("the same searches on the window's own connection (how they were measured before)",
                    [ms for prefix in prefixes(PREFIX_WORDS)
                     for ms in time_ms(lambda p=prefix: search.search_notes(vault.db, p), 2)],
                    target=common.INTERACTION_MS, judged_on="worst")
        section.facts["Slowest prefix in a last pass"] = f'"{slowest_prefix(vault)}"'
    finally:
        vault.lock()
    section.facts["Load average (1, 5, 15 min) at the end"] = ", ".join(f"{load:.2f}" for load in os.getloadavg())
    return section
