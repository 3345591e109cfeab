"""Runs Harbour exactly as ``python -m desktop ARGS`` does, but prints ``<which>-shown`` and quits as soon as a
window is on screen with the event loop running. The start-up bench and the start-up tests wrap the app with this,
so Harbour itself carries no benchmark hook.

    python tools/run_until_shown.py [--until unlock-window|main-window|first-language|create-vault|any] -- ARGS

``which`` is ``unlock-window``, ``main-window``, ``first-language`` (the first run's language question),
``create-vault`` or ``window``. Importable too: ``run(args, until="any", on_shown=callback)``.

How a window is seen: Harbour shows each of its windows with ``show()``, which has sent the window its Show event
when it returns; the runner wraps ``QWidget.show`` to notice that, then reports once the event loop runs, as the
bench's bare PySide6 window does. It used to watch every event of the application with a Python event filter: that
made PySide build a Python type for each kind of event and object it saw, which Harbour does not do (issue 18).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAMES = {"UnlockWindow": "unlock-window", "MainWindow": "main-window", "FirstLanguageDialog": "first-language",
         "CreateVaultWizard": "create-vault"}


def run(args: list[str], until: str = "any", on_shown: Callable[[str], None] | None = None) -> int:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    import desktop.app as app_module

    show = QWidget.show
    seen: list[str] = []

    def report(which: str) -> None:
        if on_shown is not None:
            on_shown(which)
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
        return app_module.main(args)
    finally:
        QWidget.show = show


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--until", default="any", choices=["any", *NAMES.values(), "window"])
    parser.add_argument("args", nargs=argparse.REMAINDER, help="Harbour's own arguments, after --")
    options = parser.parse_args()
    args = options.args[1:] if options.args[:1] == ["--"] else options.args
    return run(args, options.until)


if __name__ == "__main__":
    sys.exit(main())
