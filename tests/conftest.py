"""Shared fixtures: headless Qt, settings and data folders redirected to a temp dir, real vaults on tmp_path."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# Before Qt is imported anywhere: no display, and every place the app may write points into one temp folder
# that the leak tests scan.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Vaults made by tests (here and in the subprocesses they start) use the cheap keys.TEST_COST, which a shipped
# Harbour refuses below its Argon2id floor unless this switch (never something in key.json) allows it.
os.environ["HARBOUR_ALLOW_TEST_KDF_COST"] = "1"
_APP_HOME = Path(tempfile.mkdtemp(prefix="harbour-test-home-"))
atexit.register(shutil.rmtree, _APP_HOME, ignore_errors=True)  # each pytest process removes its own at exit
for _name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = str(_APP_HOME / _name.lower())
os.environ["TMPDIR"] = str(_APP_HOME / "tmp")
(_APP_HOME / "tmp").mkdir()
tempfile.tempdir = None  # re-read TMPDIR

import pytest  # noqa: E402

from desktop.core.vault.keys import TEST_COST  # noqa: E402
from desktop.core.vault.vault import Vault  # noqa: E402

TEST_PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def app_home() -> Path:
    """The folder that holds every config, data, cache and temp file the app writes during tests."""
    return _APP_HOME


@pytest.fixture
def vault_folder(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture(scope="session")
def new_vault_template(tmp_path_factory) -> Path:
    """A locked vault just as ``Vault.create`` leaves it, made once per test process: creating one runs every
    migration, each committed with its fsyncs (about 0.3 s), which ~900 tests paid each."""
    folder = tmp_path_factory.mktemp("new-vault-template") / "vault"
    made, _recovery = Vault.create(folder, TEST_PASSPHRASE, cost=TEST_COST)
    made.lock()
    return folder


@pytest.fixture
def vault(vault_folder: Path, new_vault_template: Path):
    """A new, empty vault of this test's own at ``vault_folder``, open: a copy of the template (its files, modes
    and all), unlocked with the passphrase through the real unlock. No daily backup is made, as none is after
    ``Vault.create``. Tests about creating a vault call ``Vault.create`` themselves."""
    shutil.copytree(new_vault_template, vault_folder)
    opened = Vault.unlock(vault_folder, TEST_PASSPHRASE, daily_backup=False)
    yield opened
    opened.lock()


@pytest.fixture
def db(vault):
    return vault.db


@pytest.fixture
def preferences(tmp_path: Path):
    from PySide6.QtCore import QSettings

    from desktop.ui.shell.preferences import Preferences

    return Preferences(QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def context(qapp, vault, preferences):
    from desktop.core.profile import settings
    from desktop.ui.shell.context import AppContext
    from desktop.ui.widgets.clipboard_guard import ClipboardGuard

    settings.put(vault.db, "worker_name", "Sam")
    settings.put(vault.db, "organisation", "Harbour Outreach")
    return AppContext(vault, preferences, ClipboardGuard())


@pytest.fixture(autouse=True)
def _close_leftover_windows():
    yield
    close_leftovers()


def close_leftovers() -> None:
    """After each test: windows it left open are closed and deleted, so app-wide restyling in a later test never
    reaches a half-dead widget (that crashed the whole run). Controllers it made are deleted too: each is a child of
    the one QApplication (as in Harbour, which has one) and watches every event of the application for the idle
    lock, so ~70 left over made every later window several times slower to build."""
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent, Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    for window in QApplication.topLevelWidgets():
        window.close()
        if window.parentWidget() is None and window.windowType() == Qt.WindowType.Popup:
            continue  # a completer's list: its completer deletes it (deleted here first, the completer crashed)
        window.deleteLater()
    if "desktop.ui.shell.controller" in sys.modules:
        from desktop.ui.shell.controller import HarbourController

        for controller in app.findChildren(HarbourController):
            controller.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def select_row(view, row: int) -> None:
    """Selects one whole row whatever keyboard modifiers Qt believes are held (QAbstractItemView.selectRow
    reads them, so a Ctrl left 'pressed' by an earlier test would turn it into a toggle)."""
    from PySide6.QtCore import QItemSelectionModel

    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().setCurrentIndex(view.model().index(row, 0), flags)


def show_active(qtbot, widget):
    """Shows ``widget`` as the active window, so keys pressed on it reach its shortcuts and mnemonics as a
    person's would (an inactive window gets no shortcuts). Returns the widget."""
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


# Files whose tests share a costly module or session fixture (the frozen app's build, the AT-SPI walk, the wheel):
# under -n 2 each goes whole to one worker, so the fixture is paid once and no worker waits idle on the other's
# build. (xdist's own loadgroup cannot do this with pytest 9: it renames node ids through an attribute pytest 9 no
# longer reads, so its groups are silently ignored.)
ONE_WORKER_FILES = frozenset({"tests/packaging/test_frozen_app.py", "tests/ui/test_atspi.py",
                              "tests/core/test_packaging.py"})


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    """-n 2's default (load) with ONE_WORKER_FILES kept whole: every other test is handed out one at a time to the
    worker that is free; those files first, then the tests in collection order (slow ones first, see below)."""
    if config.getvalue("dist") != "load":
        return None  # a --dist asked for by name is used as asked
    from xdist.scheduler import LoadScopeScheduling

    class WholeFilesWhereShared(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return path if path in ONE_WORKER_FILES else nodeid

    return WholeFilesWhereShared(config, log)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests marked slow go first (after pytest-randomly's shuffle, whose order they otherwise keep): under -n 2 a
    minute-long test started last would leave one core idle while it ends."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
