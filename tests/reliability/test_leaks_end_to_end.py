"""A whole working session driven through the real UI leaves no client text and no secret anywhere it should not.

Create a vault with the wizard -> add a client -> type a session note (autosave lands) -> record a consent ->
export a text file and copy to the clipboard through the consent gate -> lock -> quit. Then every file under the
vault, the settings/data/cache/state folders, the temp folder, every log record (all loggers at DEBUG), every Qt
message and everything written to stdout/stderr is searched for the client's canary, the note, the passphrase,
the recovery key and the data key (UTF-8, UTF-16 both byte orders, base64 of the canary). The only hit allowed
is the file the worker deliberately exported, and the test asserts that it is found there, so the search cannot
pass vacuously.
"""

from __future__ import annotations

import base64
import logging
import os
import sys
import tempfile
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop.core.consent import audit
from desktop.core.records import sessions
from desktop.core.vault.keys import TEST_COST
from desktop.ui.clients.client_editor import ClientEditor
from desktop.ui.consent import share_delivery
from desktop.ui.consent.record_consent import RecordConsentDialog
from desktop.ui.consent.share_dialogs import ShareDialog
from desktop.ui.shell.controller import HarbourController
from desktop.ui.shell.preferences import Preferences
from desktop.ui.widgets.operations import wait_for_running
from tests.leak_scan import file_leaks, needles, text_leaks


@pytest.fixture
def canary() -> str:
    return f"cnry{uuid.uuid4().hex}"  # unique per run: a hit can only come from this test


def _preferences(app_home: Path) -> Preferences:
    """Real QSettings in the redirected config folder (so they are scanned), with the UI language already
    chosen: the first-run language question is not what this test is about."""
    settings = QSettings(str(app_home / "xdg_config_home" / "Harbour" / "leak-test.conf"), QSettings.Format.IniFormat)
    preferences = Preferences(settings)
    preferences.set("ui_locale", "en")
    return preferences


def _create_vault(controller: HarbourController, passphrase: str) -> str:
    """The first-run wizard as the worker meets it; returns the recovery key it showed once."""
    wizard = controller.create_wizard
    wizard.passphrase_page.pair.first.setText(passphrase)
    wizard.passphrase_page.pair.second.setText(passphrase)
    wizard.next()
    wait_for_running()  # the vault is made on a worker thread
    recovery_key = wizard.recovery_page.key_label.text()
    assert len(recovery_key) > 20
    wizard.recovery_page.stored.setChecked(True)
    wizard.next()
    wait_for_running()  # the vault is made on a worker thread
    wizard.about_page.worker_name.setText("Sam")
    wizard.accept()
    assert controller.vault is not None and controller.main_window is not None
    return recovery_key


def _add_client(qtbot, section, first_name: str) -> None:
    """New client… opens a modal editor; fill it in once it is up."""
    def fill_in() -> None:
        editor = QApplication.activeModalWidget()
        assert isinstance(editor, ClientEditor)
        editor.first_name.setText(first_name)
        editor.languages_edit.set_tags(["es"])
        editor.save()

    QTimer.singleShot(0, fill_in)
    qtbot.mouseClick(section.list_view.new_button, Qt.MouseButton.LeftButton)
    assert section.client_page is not None and section.client_page.client.first_name == first_name


def _record_consent(panel, recipient: str) -> None:
    panel.record_button.click()
    dialog = panel.findChild(RecordConsentDialog)
    dialog.recipient_edit.setText(recipient)
    dialog.next_button.click()
    dialog.purpose_edit.setText("a place to stay")
    dialog.next_button.click()
    dialog.category_boxes["first_name"].setChecked(True)
    dialog.category_boxes["full_notes"].setChecked(True)
    dialog.next_button.click()
    dialog.help_box.setChecked(True)
    dialog.risks_box.setChecked(True)
    dialog.next_button.click()
    dialog.interpreter_edit.setText("Lucía")
    dialog.language_edit.set_tag("es")
    for _step in range(3):  # method, duration (90 days, so it can be used twice), read back and save
        dialog.next_button.click()
    assert dialog.saved_consent is not None


def _share(page, channel: str) -> ShareDialog:
    page.share_button.click()
    dialog = [d for d in page.findChildren(ShareDialog) if d.isVisible()][-1]
    dialog.set_channel(channel)
    dialog.share_button.click()
    wait_for_running()  # the file is written on a worker thread
    assert dialog.release is not None, dialog.error.text()
    return dialog


def test_a_whole_working_session_leaves_no_secret_anywhere(qtbot, qapp, qtlog, app_home, tmp_path, canary,
                                                          caplog, capfd, monkeypatch):
    caplog.set_level(logging.DEBUG)  # the root logger, so every logger's records reach caplog
    passphrase = f"leak passphrase {uuid.uuid4().hex[:12]}"
    typed = f"{canary} works at the nail salon on Main;"
    composed = " Łódź 照片 Жданов"  # QTest types Latin-1 only; an input method commits the rest
    note = typed + composed
    folder = tmp_path / "vault"
    export_path = tmp_path / "shared-with-consent.txt"
    monkeypatch.setattr(share_delivery, "ask_save_path", lambda _parent, _channel: export_path)

    controller = HarbourController(qapp, _preferences(app_home), folder, cost=TEST_COST)
    controller.start()
    recovery_key = _create_vault(controller, passphrase)
    db, window = controller.vault.db, controller.main_window
    window.navigate("clients")
    section = window.section_widget("clients")
    _add_client(qtbot, section, canary)

    section.client_page.new_session_button.click()
    editor = section.session_editor
    qtbot.keyClicks(editor.notes_edit, typed)
    editor.notes_edit.insertPlainText(composed)
    session_id = editor.session_id
    qtbot.waitUntil(lambda: sessions.get_session(db, session_id).notes == note, timeout=5000)  # the autosave
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    page = section.client_page
    page.tabs.setCurrentWidget(page.consents)
    _record_consent(page.consents, "Safe Haven Shelter")

    _share(page, "file_text")
    assert canary in export_path.read_text(encoding="utf-8")
    _share(page, "clipboard")
    assert canary in QGuiApplication.clipboard().text()
    assert "30 seconds" in window.statusBar().currentMessage()
    assert [entry.outcome for entry in audit.entries(db)] == ["released", "released"]

    data_key = controller.vault.raw_key_for_backup()  # to look for it too, in every form
    window.lock_action.trigger()
    assert QGuiApplication.clipboard().text() == ""
    controller.shutdown()  # what quitting runs (QApplication.aboutToQuit)
    controller.unlock_window.close()

    patterns = needles([canary, note, passphrase, recovery_key, recovery_key.replace("-", ""),
                        recovery_key.lower(), data_key.hex(), data_key.hex().upper()], with_base64=[canary])
    patterns[bytes(data_key)] = "the raw data key"
    temp_folder = Path(tempfile.gettempdir())
    assert temp_folder.is_relative_to(app_home)  # conftest redirected TMPDIR, so the app's temp files are here
    roots = [folder, app_home]  # app_home holds the temp folder and every XDG folder: each file is read once
    assert file_leaks(roots, patterns, plain_names=[canary, passphrase], exclude=[export_path]) == []
    # The scan does see the one file the worker chose to export, and nothing else.
    assert {hit.rsplit(" in ", 1)[1] for hit in file_leaks([tmp_path], patterns)} == {str(export_path)}

    output = capfd.readouterr()
    assert text_leaks("stdout", output.out, patterns) == []
    assert text_leaks("stderr", output.err, patterns) == []
    assert text_leaks("logs", caplog.text + "".join(r.getMessage() for r in caplog.records), patterns) == []
    assert text_leaks("Qt messages", "\n".join(record.message for record in qtlog.records), patterns) == []


def test_the_scan_would_notice_a_leak(tmp_path, app_home, canary, caplog, capfd):
    """Guards the test above (and tests/core/test_no_leaks.py) against passing vacuously."""
    patterns = needles([canary], with_base64=[canary])
    temp_folder = Path(tempfile.gettempdir())
    planted = {
        temp_folder / "stray-utf16.txt": f"oops {canary}".encode("utf-16"),
        temp_folder / "stray-utf16be.txt": canary.encode("utf-16-be"),
        temp_folder / "stray-base64.txt": base64.b64encode(f"x{canary}yz".encode()),
        app_home / "xdg_cache_home" / "deep" / "stray-utf8.bin": b"\0\1" + canary.encode() + b"\xff",
        temp_folder / f"name-{canary}.txt": b"nothing inside",
    }
    try:
        for path, content in planted.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        found = file_leaks([app_home], patterns, plain_names=[canary])
        for path in planted:
            assert any(hit.endswith(str(path)) for hit in found), path
        assert file_leaks([app_home], patterns, exclude=planted) == []

        caplog.set_level(logging.DEBUG)
        logging.getLogger("desktop.anything").debug("saved %s", canary)
        os.write(sys.stderr.fileno(), canary.encode("utf-8"))
        assert text_leaks("logs", caplog.text, patterns)
        assert text_leaks("stderr", capfd.readouterr().err, patterns)
    finally:
        for path in planted:
            path.unlink(missing_ok=True)
