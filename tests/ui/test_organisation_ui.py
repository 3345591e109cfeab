"""Preferences ▸ Organisation as a worker meets it: subscribing with a location and a fingerprint, the update shown
and applied, the check at unlock, and no network at all without a subscription."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.core.interpreters.directory import list_interpreters
from desktop.core.organisation import reader, subscription
from desktop.core.vault.keys import TEST_COST
from desktop.ui.organisation.organisation_dialog import OrganisationDialog
from desktop.ui.organisation.update_check import UpdateCheck, UpdateDialog
from desktop.ui.shell.controller import HarbourController
from desktop.ui.widgets.operations import wait_for_running
from tests.conftest import TEST_PASSPHRASE
from tests.core.organisation_helpers import make_repository


@pytest.fixture
def controller(qapp, preferences, vault_folder):
    made = HarbourController(qapp, preferences, vault_folder, cost=TEST_COST)
    yield made
    wait_for_running()
    made.shutdown()
    made.unlock_window.close()


def _unlock(qtbot, controller):
    controller.start()
    qtbot.keyClicks(controller.unlock_window.secret, TEST_PASSPHRASE)
    qtbot.keyClick(controller.unlock_window.secret, Qt.Key.Key_Return)
    wait_for_running()  # unlocking runs on a worker thread
    assert controller.main_window is not None


@pytest.fixture
def no_network(monkeypatch):
    """Every way out of this process to the network, recorded and refused."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network use in a test that must not use it")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    with pytest.raises(OSError):  # the trap works
        socket.create_connection(("127.0.0.1", 9))
    attempts.clear()
    return attempts


def test_without_a_subscription_harbour_opens_no_connection(qtbot, controller, vault, no_network):
    vault.lock()
    _unlock(qtbot, controller)
    assert controller.organisation_check is None
    context = controller.context
    dialog = OrganisationDialog(context, controller.main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.check_button.isEnabled() and "Not subscribed" in dialog.state.text()
    assert UpdateCheck(context, None, quiet=False).start() is False
    wait_for_running()
    controller.lock()
    _unlock(qtbot, controller)
    wait_for_running()
    assert no_network == []


def _type(qtbot, dialog, location: str, fingerprint: str) -> None:
    qtbot.keyClicks(dialog.location, location)
    qtbot.keyClicks(dialog.fingerprint, fingerprint)


def test_subscribing_verifies_shows_what_changes_and_applies_it(qtbot, context, tmp_path):
    repo, fingerprint = make_repository(tmp_path)
    dialog = OrganisationDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    _type(qtbot, dialog, str(repo / "public"), reader.grouped(fingerprint))
    assert reader.grouped(fingerprint) in dialog.grouped.text()      # short groups, to compare by eye
    qtbot.mouseClick(dialog.subscribe_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.check is not None and dialog.check.dialog is not None)
    shown: UpdateDialog = dialog.check.dialog
    text = shown.details.text()
    assert "2 interpreters added: Ana Example and Bo Example." in text
    assert "duty-to-report protocol" in text
    assert list_interpreters(context.db) == []                      # nothing applied before the worker says so
    qtbot.mouseClick(shown.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(list_interpreters(context.db)) == 2)
    wait_for_running()
    assert {e.origin for e in list_interpreters(context.db)} == {"Example Outreach Society"}
    assert subscription.current(context.db).fingerprint == fingerprint
    assert "Example Outreach Society" in dialog.state.text() and dialog.check_button.isEnabled()
    assert dialog.message.text() == "Your organisation's update was applied."


def test_the_directory_says_which_entries_came_from_the_organisation(qtbot, context, tmp_path):
    from desktop.core.organisation import updates
    from desktop.ui.interpreters.directory_view import DirectoryModel

    repo, fingerprint = make_repository(tmp_path)
    chosen, published = subscription.try_subscription(context.vault.folder, str(repo), fingerprint)
    subscription.keep(context.db, context.vault.folder, chosen)
    updates.apply(context.db, published)
    model = DirectoryModel()
    model.set_rows(list_interpreters(context.db))
    status = model.index(0, model.columnCount() - 1).data()
    assert "from Example Outreach Society" in status


def test_a_wrong_fingerprint_says_why_and_stores_nothing(qtbot, context, tmp_path):
    repo, _fingerprint = make_repository(tmp_path)
    dialog = OrganisationDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    _type(qtbot, dialog, str(repo), "ab" * 32)
    qtbot.mouseClick(dialog.subscribe_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    assert "wrong root" in dialog.message.text()
    assert subscription.current(context.db) is None
    dialog.fingerprint.setText("not a fingerprint")
    qtbot.mouseClick(dialog.subscribe_button, Qt.MouseButton.LeftButton)
    assert "64 characters" in dialog.message.text()


def _subscribed_vault(vault, tmp_path):
    repo, fingerprint = make_repository(tmp_path)
    chosen, _published = subscription.try_subscription(vault.folder, str(repo), fingerprint)
    subscription.keep(vault.db, vault.folder, chosen)
    vault.lock()
    return repo


def test_unlocking_a_subscribed_vault_offers_the_update(qtbot, controller, vault, tmp_path):
    _subscribed_vault(vault, tmp_path)
    _unlock(qtbot, controller)
    check = controller.organisation_check
    assert check is not None
    qtbot.waitUntil(lambda: check.dialog is not None)
    qtbot.mouseClick(check.dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(list_interpreters(controller.context.db)) == 2)


def test_a_tampered_update_at_unlock_is_told_and_changes_nothing(qtbot, controller, vault, tmp_path):
    from desktop.core.organisation import repository
    from tests.core.organisation_helpers import PASSPHRASE, content_folder

    repo = _subscribed_vault(vault, tmp_path)
    # A new version whose roster is changed after signing (the copy already verified stays trusted in the cache).
    repository.publish(repo, content_folder(tmp_path, roster_rows="cy,Cy Example,,uk,male,video,\n"), PASSPHRASE)
    for path in (repo / "public" / "targets").glob("*.interpreters.csv"):
        path.write_text("key,name,languages\nevil,Someone Else,es\n")
    _unlock(qtbot, controller)
    qtbot.waitUntil(lambda: any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()))
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    assert "tampered" in box.text()
    assert controller.organisation_check.dialog is None
    assert list_interpreters(controller.context.db) == []
    box.close()


@pytest.mark.parametrize("locale", ["en", "fr_CA", "es"])
def test_the_organisation_dialogs_name_every_control_and_give_each_its_own_alt_letter(qtbot, context, locale):
    from desktop import i18n
    from desktop.core.organisation.updates import Changes
    from tests.ui.test_theme_and_accessibility import _visible_mnemonics_in, unlabelled

    i18n.setup_i18n(locale)
    try:
        for screen in (OrganisationDialog(context), UpdateDialog(Changes("Example", 2, added=["Ana"]))):
            qtbot.addWidget(screen)
            screen.show()
            assert unlabelled(screen) == []
            assert {k: v for k, v in _visible_mnemonics_in(screen).items() if len(v) > 1} == {}
    finally:
        i18n.setup_i18n("en")


def test_an_unreachable_organisation_at_unlock_is_only_noted(qtbot, controller, vault, tmp_path):
    """Offline, or the synced folder / USB stick is not there: a line in the status bar, no alarm, nothing changed."""
    import shutil

    repo = _subscribed_vault(vault, tmp_path)
    shutil.rmtree(repo)
    _unlock(qtbot, controller)  # waits for the background check too
    said = controller.main_window.statusBar().currentMessage()
    assert "could not read" in said or "no organisation repository" in said, said
    assert not any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets())
    assert list_interpreters(controller.context.db) == []
