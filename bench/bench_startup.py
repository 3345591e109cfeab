"""Process start until the unlock window is on screen: ``python -m desktop --vault <folder>`` on an existing vault.

    .venv/bin/python bench/bench_startup.py [--repeat 7] [--platform offscreen|xcb]

Two measures, each from just before the process is spawned (the parent's clock):
- "shown": the app's own hook. With HARBOUR_BENCH_EXIT_ON_SHOWN=1 the controller prints ``unlock-window-shown``
  from a zero-delay timer right after showing the unlock window (so the event loop is running) and quits.
- "first paint": independent of that hook. A two-line wrapper overrides UnlockWindow.paintEvent, then runs
  ``desktop.app.main``; the first paint of the unlock window prints ``painted`` and quits.
Plus baselines: a bare interpreter, and an interpreter that only imports PySide6.QtWidgets.
Every config, data and cache path points into a throwaway folder. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FIRST_PAINT = """
import sys
from PySide6.QtCore import QTimer
from desktop.ui import unlock

original = unlock.UnlockWindow.paintEvent

def paint_then_quit(self, event):
    original(self, event)
    if not getattr(unlock, "_bench_painted", False):
        unlock._bench_painted = True
        print("painted", flush=True)
        QTimer.singleShot(0, lambda: __import__("PySide6.QtWidgets").QtWidgets.QApplication.quit())

unlock.UnlockWindow.paintEvent = paint_then_quit
from desktop.app import main
sys.exit(main(sys.argv[1:]))
"""


def run_until(command: list[str], marker: str | None, env: dict[str, str]) -> tuple[float, float]:
    """Seconds until ``marker`` appears on stdout (or until exit when None), and until the process ended."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = None
    if marker is not None:
        for line in child.stdout:
            if line.strip() == marker:
                seen = time.perf_counter() - started
                break
    _out, err = child.communicate(timeout=60)
    ended = time.perf_counter() - started
    if child.returncode != 0 or (marker is not None and seen is None):
        raise RuntimeError(f"{command} failed ({child.returncode}): {err.strip()[-2000:]}")
    return (seen if seen is not None else ended), ended


def describe(label: str, seconds: list[float]) -> None:
    print(f"{label:<48} median {statistics.median(seconds) * 1000:7.0f} ms   "
          f"(min {min(seconds) * 1000:.0f}, max {max(seconds) * 1000:.0f}, n={len(seconds)})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM for the child (xcb needs DISPLAY)")
    args = parser.parse_args()

    from desktop.core.keys import TEST_COST
    from desktop.core.vault import Vault

    with tempfile.TemporaryDirectory(prefix="harbour-bench-start-") as temp:
        home = Path(temp)
        vault, _recovery = Vault.create(home / "vault", "benchmark passphrase, not secret", cost=TEST_COST)
        vault.lock()
        env = dict(os.environ, QT_QPA_PLATFORM=args.platform, HOME=str(home), TMPDIR=str(home),
                   XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
                   XDG_CACHE_HOME=str(home / "cache"), XDG_STATE_HOME=str(home / "state"),
                   PYTHONPATH=str(REPO))
        hooked = dict(env, HARBOUR_BENCH_EXIT_ON_SHOWN="1")
        app = [sys.executable, "-m", "desktop", "--vault", str(home / "vault")]
        painted = [sys.executable, "-c", FIRST_PAINT, "--vault", str(home / "vault")]

        run_until(app, "unlock-window-shown", hooked)  # warm the OS file cache once, as after a first start
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, QT_QPA_PLATFORM={args.platform}")
        bare = [run_until([sys.executable, "-c", "pass"], None, env)[1] for _ in range(args.repeat)]
        qt = [run_until([sys.executable, "-c", "import PySide6.QtWidgets"], None, env)[1] for _ in range(args.repeat)]
        shown, shown_exit, paint = [], [], []
        for _ in range(args.repeat):
            until_shown, until_exit = run_until(app, "unlock-window-shown", hooked)
            shown.append(until_shown)
            shown_exit.append(until_exit)
            paint.append(run_until(painted, "painted", env)[0])
        describe("baseline: python -c pass", bare)
        describe("baseline: python -c 'import PySide6.QtWidgets'", qt)
        describe("python -m desktop: unlock window shown (hook)", shown)
        describe("python -m desktop: unlock window first paint", paint)
        describe("python -m desktop: process exited after shown", shown_exit)


if __name__ == "__main__":
    main()
