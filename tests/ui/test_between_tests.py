"""What tests/conftest.py does around each test: a vault of the test's own, copied from one made by Vault.create;
and nothing the test made left on the shared QApplication after it (its windows, its controllers with their watch
on every event of the application, which made every later window slower to build)."""

from __future__ import annotations

import shiboken6

from desktop.core.vault.vault import Vault
from desktop.ui.shell.controller import HarbourController
from tests.conftest import TEST_PASSPHRASE, close_leftovers


def test_each_test_gets_an_open_empty_vault_of_its_own(vault, vault_folder, new_vault_template):
    assert vault.folder == vault_folder and vault.is_open
    assert vault.db.execute("SELECT count(*) FROM clients").fetchone()[0] == 0
    assert not Vault.open_here(new_vault_template)  # the template stays locked; each test writes to its copy
    assert not list(vault_folder.glob("backups/*.db*"))  # no daily backup, as after Vault.create
    vault.lock()
    Vault.unlock(vault_folder, TEST_PASSPHRASE, daily_backup=False).lock()


def test_a_controller_a_test_made_stops_watching_the_application_after_it(qapp, preferences, tmp_path):
    controller = HarbourController(qapp, preferences, tmp_path / "vault")
    controller.install_app_hooks()
    watcher = controller.idle
    assert controller in qapp.findChildren(HarbourController)
    close_leftovers()
    assert qapp.findChildren(HarbourController) == []
    assert not shiboken6.isValid(watcher)  # deleted with it, and Qt takes a deleted filter off the application


def test_a_completers_list_left_open_goes_with_its_completer(qtbot):
    """A completer's list is a window of its own that the completer deletes: deleted first, the completer was left
    pointing at it and crashed the run when its owner went (the client chooser's list, left open by a test)."""
    from PySide6.QtWidgets import QCompleter, QLineEdit, QVBoxLayout, QWidget

    for _round in range(3):    # the windows come in no set order: the list before its owner, or after
        window = QWidget()
        field = QLineEdit(window)
        QVBoxLayout(window).addWidget(field)
        completer = QCompleter(["Ana", "Anabel"], window)
        completer.setWidget(field)
        window.show()
        completer.complete()
        popup = completer.popup()
        assert popup.isVisible()
        close_leftovers()
        assert not shiboken6.isValid(window) and not shiboken6.isValid(popup)
