"""Scripts screen: switching the client's language, as a worker does with a new client in front of them.

    .venv/bin/python bench/bench_scripts.py [--repeat 5]

Offscreen, through the screen's public widgets: the client's language picker is set to each language in turn
(right-to-left Arabic and Persian, Chinese, Korean, Thai, Devanagari, Gurmukhi, Cyrillic, Latin), and the timer
stops once Qt has laid out and painted the rebuilt rows. The first switch to a script may load its font; it is
part of the figures and also given on its own. ``run`` returns the figures; bench/run_all.py collects them.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import common
from common import PASSPHRASE, Section, settle, time_once

from desktop.core.common import languages
from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import Vault

# Starts away from the picker's default (Punjabi) so every switch really changes the language.
SWITCHES = ("ar", "zh-Hans", "fa", "zh-Hant", "ko", "th", "hi", "ru", "es", "pa-Guru")


def open_scripts(context):
    from desktop.ui.scripts.scripts_view import ScriptsView

    view = ScriptsView(context)
    view.resize(1400, 900)
    view.show()
    settle()
    return view


def switch_language(view, tag: str) -> None:
    if not view.client_picker.select_tag(tag):
        raise ValueError(f"the client picker does not offer {tag}")
    settle()


def run(repeat: int = 5) -> Section:
    common.qt_app()
    section = Section("Scripts, side by side")
    with tempfile.TemporaryDirectory(prefix="harbour-bench-scripts-") as temp:
        vault, _recovery = Vault.create(Path(temp) / "vault", PASSPHRASE, cost=TEST_COST)
        context = common.ui_context(vault, Path(temp) / "prefs")
        from desktop.ui.scripts.fonts import load_bundled_fonts

        # What the app does before the worker can get here: fonts registered before the unlock window, language
        # names read in the background while it waits for the passphrase (desktop/app.py, ui/controller.py).
        load_bundled_fonts()
        languages.warm_up()
        took, view = time_once(lambda: open_scripts(context))
        section.add("open the scripts screen (first time after unlocking; Punjabi)", [took],
                    target=common.INTERACTION_MS)
        again = []
        for _ in range(repeat):
            took, other = time_once(lambda: open_scripts(context))
            again.append(took)
            other.close()
            other.deleteLater()
            settle()
        section.add("open the scripts screen again (fonts already registered)", again, target=common.INTERACTION_MS)
        runs: dict[str, list[float]] = {tag: [] for tag in SWITCHES}
        for _ in range(repeat):
            for tag in SWITCHES:
                runs[tag].append(time_once(lambda t=tag: switch_language(view, t))[0])
        section.facts["Script shown"] = f"\"{view.script_picker.currentText()}\", {len(view.rows.numbers)} paragraphs"
        for tag, measured in runs.items():
            direction = ", right-to-left" if languages.is_right_to_left(tag) else ""
            section.add(f"switch the client's language to {languages.display_name(tag)} ({tag}{direction})",
                        measured, target=common.INTERACTION_MS,
                        note=f"first switch {common.format_value(measured[0])}")
        view.close()
        vault.lock()
    return section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    common.print_section(run(args.repeat))


if __name__ == "__main__":
    main()
