"""Runs Harbour exactly as ``python -m desktop ARGS`` does, but prints ``<which>-shown`` and quits as soon as a
window is on screen with the event loop running. The start-up bench and the start-up tests wrap the app with this,
so Harbour itself carries no benchmark hook.

    python tools/run_until_shown.py [--until unlock-window|main-window|first-language|create-vault|any] -- ARGS

``which`` is ``unlock-window``, ``main-window``, ``first-language`` (the first run's language question),
``create-vault`` or ``window``. Importable too: ``run(args, until="any", on_shown=callback)``.
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
    from PySide6.QtCore import QEvent, QObject, QTimer

    import desktop.app as app_module

    class Watcher(QObject):
        def __init__(self, app) -> None:
            super().__init__(app)
            self.app, self.done = app, False

        def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
            if not self.done and event.type() == QEvent.Type.Show and getattr(watched, "isWindow", None) \
                    and watched.isWindow():
                which = NAMES.get(type(watched).__name__, "window")
                if until in ("any", which):
                    self.done = True
                    QTimer.singleShot(0, lambda: self._report(which))  # once the event loop runs
            return False

        def _report(self, which: str) -> None:
            if on_shown is not None:
                on_shown(which)
            print(f"{which}-shown", flush=True)
            self.app.quit()

    prepare = app_module._prepare_app

    def prepare_and_watch(lang):
        app, preferences = prepare(lang)
        app.installEventFilter(Watcher(app))
        return app, preferences

    app_module._prepare_app = prepare_and_watch
    return app_module.main(args)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--until", default="any", choices=["any", *NAMES.values(), "window"])
    parser.add_argument("args", nargs=argparse.REMAINDER, help="Harbour's own arguments, after --")
    options = parser.parse_args()
    args = options.args[1:] if options.args[:1] == ["--"] else options.args
    return run(args, options.until)


if __name__ == "__main__":
    sys.exit(main())
