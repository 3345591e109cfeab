"""Runs every benchmark and writes docs/PERFORMANCE.md: the machine, the date, each figure beside its target.

    .venv/bin/python bench/run_all.py [--quick] [--output docs/PERFORMANCE.md] [--keep FOLDER]
                                      [--no-drop-caches] [--note "what else was running"]

``--quick`` is a smoke run at smaller sizes (its figures say so in the header); ``--keep FOLDER`` builds the large
vault there once and reuses it (generating it takes a minute or two). The prose of the report is the template in
bench/report.py; the figures come from each bench_*.py ``run`` function, which also run on their own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import bench_clients
import bench_memory
import bench_scripts
import bench_stalls
import bench_startup
import bench_vault
import bench_years
import common
import report
from common import Section

from desktop.core.vault.keys import DEFAULT_COST, KdfCost


@dataclass(frozen=True)
class Sizes:
    """How much each benchmark does. FULL is what the targets are about; the others only check that it runs."""

    description: str  # how the report's first paragraph names the run
    clients: int = 2000
    sessions: int = 40_000
    rows: int = 10_000
    repeat: int = 5
    start_repeat: int = 7
    cold_repeat: int = 3
    autosaves: int = 200
    cost: KdfCost = field(default=DEFAULT_COST)
    cached_years: bool = True  # the realistic vault from bench/.cache (built once); False: a throwaway one

    def years_folder(self, scratch: Path) -> Path | None:
        if self.cached_years:
            return None
        import realistic_vault

        folder = scratch / "years" / "vault"
        if (folder / "notes.db").is_file():  # built for an earlier step of this run
            return folder
        realistic_vault.build(folder, self.clients, self.cost, progress=lambda _text: None)
        return folder


FULL = Sizes("at full size")
QUICK = Sizes("with `--quick` (smaller sizes: a smoke run, not the sizes the targets are about)", clients=200,
              sessions=4000, rows=2000, repeat=2, start_repeat=3, cold_repeat=1, autosaves=50, cached_years=False)


@dataclass
class Results:
    sizes: Sizes
    machine: dict[str, str]
    started: datetime
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    notes: list[str] = field(default_factory=list)
    sections: dict[str, Section] = field(default_factory=dict)

    def targeted(self) -> list[common.Figure]:
        return [figure for section in self.sections.values() for figure in section.figures
                if figure.passed is not None]


def collect(sizes: Sizes, *, drop_caches: bool = True, keep: Path | None = None, notes: list[str] | None = None,
            progress=print) -> Results:
    """Runs every benchmark at ``sizes``; the large vault lives in ``keep`` (reused) or in a temp folder."""
    results = Results(sizes, common.machine(), datetime.now(UTC), os.getloadavg(), notes=list(notes or []))
    scratch = Path(tempfile.mkdtemp(prefix="harbour-bench-all-"))
    large = keep or scratch / "large-vault"
    steps = (
        ("startup", lambda: bench_startup.run(sizes.start_repeat, sizes.cold_repeat, drop_caches)),
        ("kdf", lambda: bench_vault.run_kdf(scratch, sizes.repeat, sizes.cost)),
        ("rows", lambda: bench_vault.run_rows(scratch, sizes.rows, sizes.repeat)),
        ("clients", lambda: bench_clients.run(large, sizes.clients, sizes.sessions, sizes.repeat, sizes.autosaves)),
        ("memory", lambda: bench_memory.run(large, sizes.clients, sizes.sessions, sizes.cost)),
        ("scripts", lambda: bench_scripts.run(sizes.repeat)),
        ("years", lambda: bench_years.run(sizes.clients, sizes.cost, sizes.repeat, sizes.autosaves,
                                          folder=sizes.years_folder(scratch))),
        ("stalls", lambda: bench_stalls.run(sizes.clients, sizes.cost, folder=sizes.years_folder(scratch))),
    )
    try:
        for key, step in steps:
            progress(f"running {key}…")
            load = os.getloadavg()[0]
            results.sections[key] = step()
            results.sections[key].facts["Load average (1 min) when this benchmark started"] = f"{load:.2f}"
            common.print_section(results.sections[key])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    results.load_after = os.getloadavg()
    return results


def write(results: Results, output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report.render(results), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes: a smoke run")
    parser.add_argument("--output", type=Path, default=common.REPO / "docs" / "PERFORMANCE.md")
    parser.add_argument("--keep", type=Path, help="build the large vault here once and reuse it")
    parser.add_argument("--no-drop-caches", action="store_true", help="do not try to drop the OS page cache")
    parser.add_argument("--note", action="append", default=[], help="a line for the report's notes (repeatable)")
    args = parser.parse_args(argv)
    results = collect(QUICK if args.quick else FULL, drop_caches=not args.no_drop_caches, keep=args.keep,
                      notes=args.note)
    write(results, args.output)
    failed = [figure.label for figure in results.targeted() if not figure.passed]
    print(f"\nwrote {args.output}: {len(results.targeted()) - len(failed)} of {len(results.targeted())} targets met")
    for label in failed:
        print(f"  missed: {label}")


if __name__ == "__main__":
    main()
