"""Peak memory on the large vault: a fresh process does a worker's round through the real screens, offscreen.

    .venv/bin/python bench/bench_memory.py [--clients 2000] [--sessions 40000] [--keep FOLDER]

The child process imports Harbour, unlocks the vault, opens the client list screen, opens the client page of the
client with the most sessions, types every prefix of a few words into the search screen, and opens the scripts
screen in Arabic and Chinese. It then reports its peak resident set size: VmHWM from /proc/self/status (what the
kernel saw at its highest). The vault is the one bench_clients.py builds (built here if
missing). ``run`` returns the figures; bench/run_all.py collects them.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import bench_clients
import bench_scripts
import common
from common import PASSPHRASE, Section

from desktop.core.vault.keys import DEFAULT_COST, KdfCost

PEAK_MB = 300.0  # issue 8: peak resident memory at 2,000 clients and 40,000 sessions


def _status_mb(field: str) -> float:
    value = common.proc_field("/proc/self/status", field)  # "123456 kB"
    return int(value.split()[0]) / 1024 if value else float("nan")


def _resident() -> tuple[float, float]:
    """Resident now, and the highest so far (MB)."""
    return _status_mb("VmRSS"), _status_mb("VmHWM")


def worker_round(folder: Path, scratch: Path) -> dict:
    """Runs in the child: the round through the screens, with the resident size after each step (MB)."""
    from desktop.core.vault.vault import Vault

    steps = {}
    common.qt_app()
    steps["Python, Qt and Harbour's core imported, QApplication made"] = _resident()
    vault = Vault.unlock(folder, PASSPHRASE)
    steps["vault unlocked"] = _resident()
    screens = bench_clients.Screens(common.ui_context(vault, scratch), bench_clients.busiest_client(vault.db))
    screens.open_list()
    steps["client list screen open (and the search screen, empty)"] = _resident()
    screens.open_client()
    steps["client page open on the busiest client"] = _resident()
    for prefix in bench_clients.typed_prefixes(bench_clients.SEARCH_WORDS):
        screens.type_search(prefix)
    steps["every prefix of the search words typed into the search screen"] = _resident()
    view = bench_scripts.open_scripts(screens.context)
    for tag in ("ar", "zh-Hans"):
        bench_scripts.switch_language(view, tag)
    steps["scripts screen open, shown in Arabic then Chinese"] = _resident()
    vault.lock()
    steps["vault locked (with the backup a lock makes when anything changed)"] = _resident()
    # VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec, so a
    # child of a large benchmark process would report the parent's size.
    return {"steps": steps, "vm_hwm_mb": _status_mb("VmHWM")}


def run(folder: Path, n_clients: int = 2000, n_sessions: int = 40_000, cost: KdfCost = DEFAULT_COST) -> Section:
    """Peak memory of a fresh process on the vault in ``folder`` (generated first if missing)."""
    vault, _took = bench_clients.open_vault(folder, n_clients, n_sessions)
    # The large vault is built with the cheap test KDF; the child must pay a real unlock's memory (Argon2id's
    # 128 MiB), so the passphrase is wrapped again at ``cost`` first.
    vault.change_passphrase(PASSPHRASE, PASSPHRASE, cost=cost)
    vault.lock()
    with tempfile.TemporaryDirectory(prefix="harbour-bench-memory-") as temp:
        home = Path(temp)
        child = subprocess.run([sys.executable, __file__, "--child", str(folder)], cwd=common.REPO,
                               env=common.isolated_env(home), capture_output=True, text=True, timeout=600)
    if child.returncode != 0:
        raise RuntimeError(f"memory child failed ({child.returncode}): {child.stderr.strip()[-2000:]}")
    found = json.loads(child.stdout.strip().splitlines()[-1])
    section = Section("Memory")
    section.facts["Argon2id cost of the child's unlock"] = common.describe_cost(cost)
    for step, (now, highest) in found["steps"].items():
        section.facts[f"after: {step}"] = (f"{common.format_value(now, 'MB')} resident, highest so far "
                                           f"{common.format_value(highest, 'MB')}")
    section.add("peak resident memory (VmHWM) after the round through the screens", [found["vm_hwm_mb"]],
                unit="MB", target=PEAK_MB)
    reached = next(step for step, (_now, highest) in found["steps"].items() if highest >= found["vm_hwm_mb"])
    section.facts["Peak first reached by the step"] = reached
    return section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--sessions", type=int, default=40_000)
    parser.add_argument("--keep", type=Path, help="the vault folder to use (built there if missing) and keep")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        with tempfile.TemporaryDirectory(prefix="harbour-bench-prefs-") as scratch:
            print(json.dumps(worker_round(args.child, Path(scratch))), flush=True)
        return
    scratch = None if args.keep else Path(tempfile.mkdtemp(prefix="harbour-bench-"))
    try:
        common.print_section(run(args.keep or scratch / "vault", args.clients, args.sessions))
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
