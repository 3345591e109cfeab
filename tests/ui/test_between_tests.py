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
