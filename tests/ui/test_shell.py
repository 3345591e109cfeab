"""The unlock -> main window -> lock cycle, as a worker meets it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import Vault
from desktop.ui.shell.controller import HarbourController
from desktop.ui.widgets.operations import wait_for_running
from tests.conftest import TEST_PASSPHRASE


@pytest.fixture
def controller(qapp, preferences, vault_folder):
    made = HarbourController(qapp, preferences, vault_folder, cost=TEST_COST)
    yield made
    made.shutdown()
    made.unlock_window.close()


@pytest.fixture
def locked_vault(vault):
    vault.lock()
    return vault.folder


def _unlock(qtbot, controller, passphrase=TEST_PASSPHRASE):
    controller.unlock_window.secret.setText(passphrase)
    controller.unlock_window.unlock_button.click()
    wait_for_running()  # unlocking runs on a worker thread


def test_existing_vault_starts_on_the_unlock_screen(qtbot, controller, locked_vault):
    controller.start()
    assert controller.unlock_window.isVisible()
    assert controller.main_window is None
    assert controller.unlock_window.windowTitle() == "Harbour"


def test_wrong_passphrase_shows_a_message_and_stays_locked(qtbot, controller, locked_vault):
    controller.start()
    _unlock(qtbot, controller, "not the passphrase")
    assert "did not open" in controller.unlock_window.message.text()
    assert controller.vault is None
    assert controller.unlock_window.isVisible()


def test_unlock_opens_a_neutral_main_window_and_lock_closes_it(qtbot, controller, locked_vault):
    controller.start()
    _unlock(qtbot, controller)
    window = controller.main_window
    assert window is not None and window.isVisible()
    assert window.windowTitle() == "Harbour"
    vault = controller.vault
    window.lock_action.trigger()
    assert controller.vault is None and controller.main_window is None
    assert not vault.is_open
    assert controller.unlock_window.isVisible()


def test_lock_flushes_editors_before_the_vault_closes(qtbot, controller, locked_vault):
    controller.start()
    _unlock(qtbot, controller)
    seen = []
    controller.context.events.about_to_lock.connect(lambda: seen.append(controller.vault.is_open))
    controller.lock()
    assert seen == [True]


def test_lock_clears_the_clipboard_only_when_it_holds_harbour_text(qtbot, controller, locked_vault):
    controller.start()
    _unlock(qtbot, controller)
    controller.clipboard.copy("Mei prefers Cantonese")
    controller.lock()
    assert QGuiApplication.clipboard().text() == ""

    _unlock(qtbot, controller)
    QGuiApplication.clipboard().setText("copied from another app")
    controller.lock()
    assert QGuiApplication.clipboard().text() == "copied from another app"


def test_quick_hide_locks_and_minimises(qtbot, controller, locked_vault):
    controller.start()
    _unlock(qtbot, controller)
    controller.main_window.quick_hide_action.trigger()
    assert controller.vault is None
    assert controller.unlock_window.isMinimized()
    assert controller.main_window is None


def test_quick_hide_key_is_application_wide(qtbot, controller, locked_vault):
    controller.start()
    _unlock(qtbot, controller)
    assert controller.main_window.quick_hide_action.shortcut().toString() == "F12"


def test_idle_timeout_locks(qtbot, controller, locked_vault):
    controller.start()
    _unlock(qtbot, controller)
    controller.idle.set_minutes(0.001)  # 60 ms
    controller.idle.start()
    qtbot.waitUntil(lambda: controller.vault is None, timeout=3000)
    assert controller.unlock_window.isVisible()


def test_system_lock_signal_locks(qtbot, controller, locked_vault):
    controller.start()
    _unlock(qtbot, controller)
    controller.system_lock.on_sleep_or_screensaver(True)
    assert controller.vault is None


def test_first_run_creates_a_vault_and_shows_the_recovery_key_once(qtbot, controller, preferences, vault_folder):
    preferences.set("ui_locale", "en")  # the language question comes first otherwise (tests/ui/test_first_run.py)
    controller.start()
    wizard = controller.create_wizard
    assert wizard is not None and wizard.isVisible()
    page = wizard.passphrase_page
    page.pair.first.setText("short")
    page.pair.second.setText("short")
    assert not page.isComplete()
    page.pair.first.setText("a long enough passphrase")
    page.pair.second.setText("a long enough passphrase")
    assert page.isComplete()
    wizard.next()
    wait_for_running()  # the vault is made on a worker thread
    key = wizard.recovery_page.key_label.text()
    assert len(key.replace("-", "")) == 32
    assert not wizard.recovery_page.isComplete()
    wizard.recovery_page.stored.setChecked(True)
    wizard.next()
    wait_for_running()  # the vault is made on a worker thread
    wizard.about_page.worker_name.setText("Sam")
    wizard.accept()
    assert controller.main_window is not None
    assert wizard.recovery_page.key_label.text() == ""
    controller.lock()
    assert Vault.unlock_with_recovery_key(vault_folder, key).db is not None


def test_recovery_key_unlock_asks_for_a_new_passphrase(qtbot, controller, vault_folder, monkeypatch):
    vault, recovery_key = Vault.create(vault_folder, TEST_PASSPHRASE, cost=TEST_COST)
    vault.lock()
    monkeypatch.setattr(QMessageBox, "information", lambda *args: QMessageBox.StandardButton.Ok)
    controller.start()
    controller.unlock_window.toggle_recovery()
    controller.unlock_window.secret.setText(recovery_key.lower())
    controller.unlock_window.unlock_button.click()
    wait_for_running()  # unlocking runs on a worker thread
    assert controller.vault is not None
    dialogs = [w for w in QApplication.topLevelWidgets() if w.windowTitle() == "Change passphrase" and w.isVisible()]
    assert dialogs, "the change-passphrase dialog should open after a recovery-key unlock"
    dialog = dialogs[0]
    dialog.current.setText(recovery_key)  # the core asks for the current secret on every route: here the key
    dialog.pair.first.setText("a brand new passphrase")
    dialog.pair.second.setText("a brand new passphrase")
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    controller.lock()
    Vault.unlock(vault_folder, "a brand new passphrase").lock()


def test_every_section_opens_from_the_navigation(qtbot, controller, locked_vault):
    from desktop.ui.shell.sections import SECTIONS

    controller.start()
    _unlock(qtbot, controller)
    window = controller.main_window
    for row, section in enumerate(SECTIONS):
        window.navigation.setCurrentRow(row)
        assert window.stack.currentWidget().isAncestorOf(window.section_widget(section.key))
        assert window.current_section() == section.key


def test_demo_main_window_is_labelled(qtbot, qapp, preferences, tmp_path):
    from desktop.core.demo.demo_vault import DEMO_PASSPHRASE, create_demo_vault, remove_demo

    vault, folder = create_demo_vault()
    made = HarbourController(qapp, preferences, vault.folder, demo_passphrase=DEMO_PASSPHRASE)
    try:
        made.start(vault)
        assert "DEMO" in made.main_window.windowTitle()
        made.lock()
        assert DEMO_PASSPHRASE in made.unlock_window.findChild(type(made.unlock_window.message), "demoBanner").text()
    finally:
        made.shutdown()
        made.unlock_window.close()
        remove_demo(folder)
    assert not folder.exists()


def test_damaged_notes_offer_the_newest_backup_and_restoring_it_opens_the_vault(qtbot, controller, vault,
                                                                                   monkeypatch):
    from desktop.core.vault import backups
    from desktop.ui.vault.restore_dialog import RestoreDialog

    vault.db["kept"].insert({"text": "in the backup"})
    backups.make_backup(vault, "manual")
    folder = vault.folder
    vault.lock()
    database = folder / "notes.db"
    database.write_bytes(database.read_bytes()[:4096])  # truncated: the laptop died mid-copy
    controller.start()
    _unlock(qtbot, controller)
    assert controller.vault is None
    assert "damaged" in controller.unlock_window.message.text()
    assert controller.unlock_window.restore_button.isVisibleTo(controller.unlock_window)
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(RestoreDialog, "exec", lambda dialog: dialog.restore_button.click() or dialog.result())
    controller.unlock_window.restore_button.click()
    wait_for_running()  # restored, then unlocked with the passphrase still typed, on a worker thread
    assert controller.vault is not None
    assert [row["text"] for row in controller.vault.db["kept"].rows] == ["in the backup"]
    assert list(folder.glob("notes.db.before-restore-*")), "the damaged file is kept, not deleted"


def test_wrong_passphrase_never_makes_a_restore_stand_out(qtbot, controller, vault):
    from desktop.core.vault import backups

    backups.make_backup(vault, "manual")
    vault.lock()
    controller.start()
    _unlock(qtbot, controller, "not the passphrase")
    assert "damaged" not in controller.unlock_window.message.text()
    assert controller.unlock_window.restore_button.isFlat()  # offered as always, but quietly


def test_a_failed_daily_backup_is_told_to_the_worker(qtbot, controller, locked_vault, monkeypatch):
    from desktop.core.vault import backups

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "make_backup", disk_full)
    for old in backups.list_backups(locked_vault):
        old.unlink()
    controller.start()
    _unlock(qtbot, controller)
    assert controller.vault is not None, "a failed backup must not stop the unlock"
    warnings = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert any("backup" in w.text() for w in warnings)


def test_a_damaged_ui_translation_is_told_once_in_english_and_the_unlock_still_works(
        qtbot, controller, locked_vault, tmp_path, monkeypatch):
    from desktop import i18n

    catalog = tmp_path / "i18n" / "fr_CA" / "LC_MESSAGES"
    catalog.mkdir(parents=True)
    (catalog / "desktop.mo").write_bytes(b"\xde\x12\x04\x95 not a compiled catalog")
    monkeypatch.setattr(i18n, "i18n_dir", lambda: tmp_path / "i18n")
    try:
        i18n.setup_i18n("fr_CA")
        controller.start()
        notices = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        assert [w.text() for w in notices] == [
            "Harbour's French (Canada) translation could not be read, so Harbour is in English. Reinstall Harbour "
            "to fix it."]
        assert "fr_CA" in notices[0].detailedText()
        _unlock(qtbot, controller)  # the notice does not block the unlock screen
        assert controller.vault is not None
        controller.lock()
        controller.start()
        assert not any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()), \
            "told once, not at every start"
    finally:
        monkeypatch.undo()
        i18n.setup_i18n("en")


def test_a_sound_ui_translation_starts_without_a_notice(qtbot, controller, locked_vault):
    controller.start()
    assert not any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets())
