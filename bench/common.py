"""What every benchmark shares: one way to time, one shape for a result, the machine it ran on, a headless Qt app
and a throwaway screen context.

Import this module before anything from ``desktop``: it puts the repository first on ``sys.path`` (the package is
not installed into the venv) and makes Qt headless unless the caller chose a platform.
"""

from __future__ import annotations

import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# Row and start-up benches build vaults with the cheap keys.TEST_COST, which Harbour refuses below its Argon2id floor
# unless this process-wide switch allows it (set before desktop.core.vault.keys is imported).
os.environ.setdefault("HARBOUR_ALLOW_TEST_KDF_COST", "1")

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSPHRASE = "benchmark passphrase, not secret"
INTERACTION_MS = 100.0  # issue 8: every interaction a worker waits on


@dataclass
class Figure:
    """One measured thing: every run in ``unit``, and optionally the target it is judged against."""

    label: str
    runs: list[float]
    unit: str = "ms"             # "ms", "MB" or "x" (a ratio)
    target: float | None = None  # must be at most this (same unit)
    floor: float | None = None   # must be at least this: a key derivation that got cheap is a failure too
    judged_on: str = "p95"       # "median", "p95" or "worst": which statistic the target applies to
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def p95(self) -> float:
        """Nearest-rank 95th percentile: with fewer than 20 runs this is the worst run."""
        ordered = sorted(self.runs)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    @property
    def worst(self) -> float:
        return max(self.runs)

    @property
    def judged(self) -> float:
        return getattr(self, self.judged_on)

    @property
    def passed(self) -> bool | None:
        if self.target is None and self.floor is None:
            return None
        return (self.target is None or self.judged <= self.target) and (self.floor is None or self.judged >= self.floor)


@dataclass
class Section:
    """What one benchmark returns: its figures, plus facts worth printing beside them (sizes, settings)."""

    title: str
    figures: list[Figure] = field(default_factory=list)
    facts: dict[str, str] = field(default_factory=dict)

    def add(self, label: str, runs: list[float], **details) -> Figure:
        figure = Figure(label, list(runs), **details)
        self.figures.append(figure)
        return figure

    def figure(self, label: str) -> Figure:
        return next(figure for figure in self.figures if figure.label == label)


# -- timing: the one way every benchmark measures ---------------------------------------------------------------
def time_once(action: Callable[[], object]) -> tuple[float, object]:
    """Milliseconds one call took, and what it returned."""
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


def time_ms(action: Callable[[], object], repeat: int = 5) -> list[float]:
    """Milliseconds of each of ``repeat`` calls."""
    return [time_once(action)[0] for _ in range(repeat)]


def describe_cost(cost) -> str:
    from desktop.core.vault.keys import DEFAULT_COST

    which = "the default" if cost == DEFAULT_COST else "NOT the default: a smoke run"
    return f"{cost.iterations} iterations, {cost.memory_kib // 1024} MiB, {cost.lanes} lanes ({which})"


# -- presenting -------------------------------------------------------------------------------------------------
def format_value(value: float, unit: str = "ms") -> str:
    if unit == "x":
        return f"{value:.2f}×"
    if unit == "MB":
        return f"{value:.0f} MB"
    if value >= 1000:
        return f"{value / 1000:.2f} s"
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def target_text(figure: Figure) -> str:
    parts = []
    if figure.floor is not None:
        parts.append(f"≥ {format_value(figure.floor, figure.unit)}")
    if figure.target is not None:
        parts.append(f"≤ {format_value(figure.target, figure.unit)}")
    if not parts:
        return ""
    return f"{' and '.join(parts)} ({figure.judged_on})"


def verdict(figure: Figure) -> str:
    return {None: "", True: "✅ pass", False: "❌ FAIL"}[figure.passed]


def print_section(section: Section) -> None:
    print(f"\n== {section.title}")
    for name, value in section.facts.items():
        print(f"   {name}: {value}")
    for figure in section.figures:
        unit = figure.unit
        line = (f"   {figure.label:<62} median {format_value(figure.median, unit):>9}   "
                f"p95 {format_value(figure.p95, unit):>9}   worst {format_value(figure.worst, unit):>9}   "
                f"n={len(figure.runs)}")
        if figure.passed is not None:
            line += f"   target {target_text(figure)}: {verdict(figure)}"
        if figure.note:
            line += f"   ({figure.note})"
        print(line, flush=True)


# -- the machine ------------------------------------------------------------------------------------------------
def machine() -> dict[str, str]:
    """CPU, cores, RAM, OS and the versions that matter, for the header of a report."""
    import PySide6
    import sqlcipher3
    from PySide6.QtCore import qVersion

    connection = sqlcipher3.connect(":memory:")
    cipher = connection.execute("PRAGMA cipher_version").fetchone()
    connection.close()
    return {
        "CPU": proc_field("/proc/cpuinfo", "model name") or platform.processor() or platform.machine(),
        "Cores": str(os.cpu_count()),
        "RAM": _ram(),
        "OS": _os_name(),
        "Python": platform.python_version(),
        "Qt / PySide6": f"Qt {qVersion()} / PySide6 {PySide6.__version__}",
        "SQLCipher": cipher[0] if cipher else "unknown",
    }


def proc_field(path: str, name: str) -> str:
    try:
        for line in Path(path).read_text(errors="replace").splitlines():
            key, _sep, value = line.partition(":")
            if key.strip() == name:
                return value.strip()
    except OSError:
        pass
    return ""


def _ram() -> str:
    total = proc_field("/proc/meminfo", "MemTotal")  # "24684084 kB"
    return f"{int(total.split()[0]) / 1024 / 1024:.1f} GiB" if total else "unknown"


def _os_name() -> str:
    try:
        pretty = platform.freedesktop_os_release().get("PRETTY_NAME", "")
    except OSError:
        pretty = ""
    return f"{pretty or platform.system()} (kernel {platform.release()})"


# -- processes, Qt and screens ------------------------------------------------------------------------------------
def isolated_env(home: Path, **extra: str) -> dict[str, str]:
    """Environment for a child Harbour: every config, data, cache and temp path inside ``home``."""
    return dict(os.environ, HOME=str(home), TMPDIR=str(home), XDG_CONFIG_HOME=str(home / "config"),
                XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"),
                XDG_STATE_HOME=str(home / "state"), PYTHONPATH=str(REPO), **extra)


def qt_app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def ui_context(vault, scratch: Path):
    """An AppContext like the app's, with preferences in ``scratch`` (never the user's own settings)."""
    from PySide6.QtCore import QSettings

    from desktop.core.profile import settings
    from desktop.ui.shell.context import AppContext
    from desktop.ui.shell.preferences import Preferences
    from desktop.ui.widgets.clipboard_guard import ClipboardGuard

    scratch.mkdir(parents=True, exist_ok=True)
    settings.put(vault.db, "worker_name", "Sam")
    settings.put(vault.db, "organisation", "Harbour Outreach")
    preferences = Preferences(QSettings(str(scratch / "prefs.ini"), QSettings.Format.IniFormat))
    return AppContext(vault, preferences, ClipboardGuard())


def settle() -> None:
    """Let Qt do what its event loop would do next: lay out and paint (offscreen, a shown widget paints inside
    processEvents), and delete the widgets a screen dropped (outside a running loop, deleteLater waits for this)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    qt_app().processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
