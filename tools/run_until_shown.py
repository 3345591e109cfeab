"""Runs Harbour exactly as ``python -m desktop ARGS`` does, but prints ``<which>-shown`` and quits as soon as a
window is on screen with the event loop running. The start-up bench and the start-up tests wrap the app with this,
so Harbour itself carries no benchmark hook.

    python tools/run_until_shown.py [--until unlock-window|main-window|first-language|create-vault|any] -- ARGS

``which`` is ``unlock-window``, ``main-window``, ``first-language`` (the first run's language question),
``create-vault`` or ``window``. Just before that line it prints ``cpu-ms N``: the CPU time the process had used by
then, all threads, from its start (the bench's second, less noisy figure). Importable too: ``run(args,
until="any", on_shown=callback)``.

What the bench times must be what a worker gets, so the runner adds nothing to the start: it reads its own two
options by hand (argparse would cost what Harbour's usual command line no longer pays for) and imports
``desktop.app`` before Qt, as ``python -m desktop`` and the ``harbour`` script do.

How a window is seen: Harbour shows each of its windows with ``show()``, which has sent the window its Show event
when it returns; the runner wraps ``QWidget.show`` to notice that, then reports once the event loop runs, as the
bench's bare PySide6 window does. It used to watch every event of the application with a Python event filter: that
made PySide build a Python type for each kind of event and object it saw, which Harbour does not do (issue 18).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAMES = {"UnlockWindow": "unlock-window", "MainWindow": "main-window", "FirstLanguageDialog": "first-language",
         "CreateVaultWizard": "create-vault"}
UNTIL = ("any", *NAMES.values(), "window")
USAGE = f"usage: run_until_shown.py [--until {{{','.join(UNTIL)}}}] -- HARBOUR_ARGS"


def run(args: list[str], until: str = "any", on_shown: Callable[[str], None] | None = None) -> int:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from desktop.app import main as harbour_main  # before Qt, as `python -m desktop` and the `harbour` script do

    # isort: split
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    show = QWidget.show
    seen: list[str] = []

    def report(which: str) -> None:
        cpu_ms = time.process_time() * 1000
        if on_shown is not None:
            on_shown(which)
        print(f"cpu-ms {cpu_ms:.1f}", flush=True)
        print(f"{which}-shown", flush=True)
        QApplication.instance().quit()

    def show_and_watch(widget: QWidget) -> None:
        show(widget)
        which = NAMES.get(type(widget).__name__, "window")
        if not seen and widget.isWindow() and widget.isVisible() and until in ("any", which):
            seen.append(which)
            QTimer.singleShot(0, lambda: report(which))  # once the event loop runs

    QWidget.show = show_and_watch
    try:
        return harbour_main(args)
    finally:
        QWidget.show = show


def parse(argv: list[str]) -> tuple[str, list[str]]:
    """``(until, Harbour's arguments)`` from ``[--until WHICH] [--] ARGS``; a bad ``--until`` exits with the usage."""
    until = "any"
    while argv and (argv[0] in ("--until", "-h", "--help") or argv[0].startswith("--until=")):
        option, argv = argv[0], argv[1:]
        if option in ("-h", "--help"):
            print(f"{USAGE}\n\n{__doc__}")
            sys.exit(0)
        if option.startswith("--until="):
            argv = [option.partition("=")[2], *argv]
        if not argv or argv[0] not in UNTIL:
            sys.exit(USAGE)
        until, argv = argv[0], argv[1:]
    return until, argv[1:] if argv[:1] == ["--"] else argv


def main() -> int:
    until, args = parse(sys.argv[1:])
    return run(args, until)


if __name__ == "__main__":
    sys.exit(main())
