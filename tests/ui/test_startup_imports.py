"""Issue 18's start-up: the first window (the language question on a first run, the unlock window after) comes up
without loading what it does not show. Checked in a real child process started as a person starts Harbour
(tools/run_until_shown.py), by the modules loaded, and the Python types PySide has built, when the window is on
screen: no timing in tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.i18n import available_ui_locales
from desktop.ui.shell.controller import HarbourController
from desktop.ui.shell.qt_i18n import UI_LANGUAGE_NAMES, cldr_language_label, ui_language_label

ROOT = Path(__file__).resolve().parents[2]
# CLDR, the vault's stack, password strength, the organisation's signed updates, contact and calendar files, the
# bundled fonts, the script catalogs and every screen behind the unlock: none is on the first window.
DEFERRED = ("babel", "pytz", "sqlcipher3", "sqlite_utils", "cryptography", "zxcvbn", "tuf", "securesystemslib",
            "vobject", "icalendar", "desktop.core.vault.vault", "desktop.core.vault.connection",
            "desktop.core.common.formatting", "desktop.core.scripts.catalogs", "desktop.ui.scripts.fonts",
            "desktop.ui.shell.main_window", "desktop.ui.vault.create_vault", "desktop.ui.vault.restore_dialog",
            # The application-wide hooks come just after the first window (controller.install_app_hooks): the
            # keyboard rules, the clipboard guard, the idle watch and the system-lock signals over D-Bus.
            "desktop.ui.widgets.keyboard", "desktop.ui.widgets.guarded_text", "desktop.ui.widgets.clipboard_guard",
            "desktop.ui.shell.idle", "desktop.ui.shell.system_lock", "PySide6.QtDBus",
            # Walking packages (the warm-up's import of the core) comes after it too.
            "pkgutil")
# PySide builds a Qt class's Python type (with all its enums) the first time it is named or handed to Python: the
# language question does without these (Qt's namespace alone is ~1,200 enum values), and without dataclasses.
FIRST_RUN_DEFERRED = ("PySide6.QtCore.Qt", "PySide6.QtGui.QPainter", "PySide6.QtGui.QKeySequence", "dataclasses")
REPORT = """
import json, sys
sys.path.insert(0, {tools!r})
import run_until_shown


class BeforeQt:  # notes the modules loaded when PySide6 is first asked for, then counts argparse's parsers
    loaded = None
    parsers = 0

    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" and BeforeQt.loaded is None:
            BeforeQt.loaded = list(sys.modules)
            import argparse  # (PySide6 imports it for its own tools)

            build = argparse.ArgumentParser.__init__

            def counted(parser, *args, **kwargs):
                BeforeQt.parsers += 1
                build(parser, *args, **kwargs)

            argparse.ArgumentParser.__init__ = counted


sys.meta_path.insert(0, BeforeQt())


def report(which):
    built = [module + "." + name for module in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets")
             for name in vars(sys.modules[module])]
    speaking = sys.modules["desktop.i18n"].current_locale()
    before_qt = ["before-qt:" + name for name in BeforeQt.loaded]
    style = "style:" + type(sys.modules["desktop.ui.shell.theme"].current_style()).__name__
    parsers = "argparse-parsers:" + str(BeforeQt.parsers)
    print("MODULES " + json.dumps([which, speaking, sorted(sys.modules) + built + before_qt + [style, parsers]]),
          flush=True)

sys.exit(run_until_shown.run(sys.argv[1:], on_shown=report))
"""


def _modules_when_shown(tmp_path: Path, vault_folder: Path, **system: str) -> tuple[str, set[str]]:
    """The window shown first, and the modules loaded and Qt types built (as "PySide6.QtCore.Qt") by then, with
    "speaking:<locale>" for the UI language Harbour speaks, "before-qt:<module>" for each module imported before
    Qt, "style:<class>" for the style Harbour installed and "argparse-parsers:<n>" for the argparse parsers built.
    ``system``: more environment, e.g. LANG."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), TMPDIR=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONPATH=str(ROOT), **system)
    result = subprocess.run([sys.executable, "-c", REPORT.format(tools=str(ROOT / "tools")), "--vault",
                             str(vault_folder)], env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("MODULES "))
    which, speaking, modules = json.loads(line.removeprefix("MODULES "))
    return which, {*modules, f"speaking:{speaking}"}


def _loaded(modules: set[str], deferred: tuple[str, ...] = DEFERRED) -> list[str]:
    return sorted(name for name in deferred if name in modules)


def test_the_first_runs_language_question_loads_no_cldr_vault_fonts_or_application_hooks(tmp_path):
    which, modules = _modules_when_shown(tmp_path, tmp_path / "vault")
    assert which == "first-language"
    assert _loaded(modules) == []


@pytest.mark.parametrize("system, speaking", [("fr_CA.UTF-8", "fr_CA"), ("es_MX.UTF-8", "es")])
def test_a_french_or_spanish_system_reads_its_compiled_catalog_without_babel(tmp_path, system, speaking):
    """The first window speaks the system's language from the shipped desktop.mo, read by the standard library:
    Babel (a .po parser, CLDR) stays unloaded as on an English system (issue 18: such a system waited ~0.8 s more)."""
    which, modules = _modules_when_shown(tmp_path, tmp_path / "vault", LANG=system, LC_ALL=system)
    assert which == "first-language"
    assert f"speaking:{speaking}" in modules
    assert _loaded(modules) == []


def test_the_usual_command_line_is_read_without_argparse(tmp_path):
    """argparse's parser, with its help translated through gettext, costs the first window time: ``--vault FOLDER``
    builds none, and Harbour's entry point does not import argparse (Qt does, for its own tools)."""
    which, modules = _modules_when_shown(tmp_path, tmp_path / "vault")
    assert which == "first-language"
    assert "argparse-parsers:0" in modules
    assert "before-qt:desktop.app" in modules  # the runner starts Harbour as `python -m desktop` does
    assert "before-qt:argparse" not in modules


def test_the_first_runs_language_question_builds_no_type_it_does_not_use(tmp_path):
    which, modules = _modules_when_shown(tmp_path, tmp_path / "vault")
    assert which == "first-language"
    # The first window's style has no Python pixelMetric(), which Qt calls for nearly every size it lays out (each
    # call made PySide build the types of what it was handed); HarbourStyle comes just after the window.
    assert "style:FocusStyle" in modules
    assert "PySide6.QtWidgets.QComboBox" in modules  # what is checked is really there when used
    assert _loaded(modules, FIRST_RUN_DEFERRED) == []


def test_the_application_hooks_come_just_after_the_first_window(qtbot, qapp, preferences, tmp_path):
    controller = HarbourController(qapp, preferences, tmp_path / "vault")
    controller.start()
    try:
        assert controller.language_dialog.isVisible()
        assert not controller.app_hooks_installed
        qtbot.waitUntil(lambda: controller.app_hooks_installed)  # nothing asked for them
    finally:
        controller.language_dialog.close()
        controller.shutdown()


KEYBOARD_RULES = """
from PySide6.QtWidgets import QApplication, QScrollArea, QTableView
from desktop.ui.widgets.keyboard import install_keyboard_rules

app = QApplication([])
before = QScrollArea()
before.show()
install_keyboard_rules(app)
after = QTableView()
after.show()
print("RULES", before.focusPolicy().name, after.tabKeyNavigation(), flush=True)
"""


def test_the_keyboard_rules_reach_widgets_made_before_and_after_they_are_installed():
    # A fresh process: the shared test QApplication has had the rules since the first theme a test applied.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", KEYBOARD_RULES], env=env, capture_output=True, text=True,
                            timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "RULES NoFocus False" in result.stdout


def test_the_unlock_window_loads_the_vault_only_when_unlocking(tmp_path, vault):
    vault.lock()
    which, modules = _modules_when_shown(tmp_path, vault.folder)
    assert which == "unlock-window"
    assert _loaded(modules) == []


@pytest.mark.parametrize("locale", available_ui_locales())
def test_every_shipped_ui_language_is_named_as_cldr_names_it_without_loading_cldr(locale):
    assert locale in UI_LANGUAGE_NAMES, f"add {locale!r} to qt_i18n.UI_LANGUAGE_NAMES (see its comment)"
    assert ui_language_label(locale) == cldr_language_label(locale)


def test_a_language_not_in_the_table_is_still_named_by_cldr():
    assert ui_language_label("de") == "Deutsch"
    assert ui_language_label("not a locale") == "not a locale"


FIRST_WINDOWS_UNCHANGED = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDateTimeEdit, QLabel, QWidget
from desktop.ui.shell.theme import apply_theme
from desktop.ui.vault.first_language import FirstLanguageDialog
from desktop.ui.vault.unlock import UnlockWindow
from desktop.ui.widgets.keyboard import install_keyboard_rules

app = QApplication([])
apply_theme(app, "light", 100, keyboard_rules=False, first_window=True)  # as app.py starts
windows = [FirstLanguageDialog(), UnlockWindow(Path(sys.argv[1]))]
for window in windows:
    window.show()


def state():
    seen = []
    for window in windows:
        for widget in [window, *window.findChildren(QWidget)]:
            seen.append((type(widget).__name__, widget.focusPolicy().name,
                         widget.tabKeyNavigation() if isinstance(widget, QAbstractItemView) else None,
                         type(widget.buddy()).__name__ if isinstance(widget, QLabel) else None,
                         isinstance(widget, QDateTimeEdit)))
    return seen


before = state()
install_keyboard_rules(app)
print("UNCHANGED", before == state(), not any(kind[-1] for kind in before), len(before), flush=True)
"""


def test_the_keyboard_rules_change_nothing_on_the_first_windows_they_come_after(tmp_path):
    """What lets them wait until just after the first window: the language question and the unlock window look and
    behave the same with them as without (no table, list, scroll area or date field for them to change, no label
    whose buddy hands its focus on)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", FIRST_WINDOWS_UNCHANGED, str(tmp_path / "vault")], env=env,
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "UNCHANGED True True" in result.stdout, result.stdout
