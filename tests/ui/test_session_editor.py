"""The session editor: nothing typed is lost (debounced autosave, lock, close, quit), stop marker, promises."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.core.records import clients, promises, sessions
from desktop.ui.clients.session_editor import AUTOSAVE_MS, SessionEditor


@pytest.fixture
def session(context):
    client = clients.create_client(context.db, "Mei", languages=["yue", "en"])
    return sessions.create_session(context.db, client.id, worker="Sam")


@pytest.fixture
def editor(qtbot, context, session):
    widget = SessionEditor(context, session.id)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _stored_notes(context, session) -> str:
    return sessions.get_session(context.db, session.id).notes


def test_typing_is_saved_after_a_short_pause(qtbot, context, session, editor):
    qtbot.keyClicks(editor.notes_edit, "She asked about the clinic")
    assert editor.has_unsaved_notes()
    qtbot.waitUntil(lambda: _stored_notes(context, session) == "She asked about the clinic",
                    timeout=AUTOSAVE_MS * 6)
    assert not editor.has_unsaved_notes()
    assert "Saved" in editor.save_state.text()


def test_about_to_lock_saves_at_once(context, session, editor):
    editor.notes_edit.setPlainText("Typed just before the lock")
    context.events.about_to_lock.emit()  # no waiting: the lock must not have to wait for the timer
    assert _stored_notes(context, session) == "Typed just before the lock"


def test_closing_saves_at_once(context, session, editor):
    editor.notes_edit.setPlainText("Typed just before closing")
    editor.close()
    assert _stored_notes(context, session) == "Typed just before closing"


def test_back_button_saves_and_reports_closed(qtbot, context, session, editor):
    editor.notes_edit.setPlainText("Going back")
    with qtbot.waitSignal(editor.closed, timeout=1000):
        qtbot.mouseClick(editor.back_button, Qt.MouseButton.LeftButton)
    assert _stored_notes(context, session) == "Going back"


def test_application_quit_saves_at_once(context, session, editor):
    editor.notes_edit.setPlainText("Typed just before quitting")
    QApplication.instance().aboutToQuit.emit()
    assert _stored_notes(context, session) == "Typed just before quitting"


def test_a_locked_vault_keeps_the_text_on_screen_and_says_so(context, session, editor):
    editor.notes_edit.setPlainText("Unsaved after the lock")
    context.vault.lock()
    assert editor.flush() is False
    assert editor.notes_edit.toPlainText() == "Unsaved after the lock"
    assert "locked" in editor.save_state.text()


def test_stop_marker_is_recorded_with_reason_and_note(context, session, editor):
    editor.stop_note.setText("Paused at the employer question")
    editor.stop_reason.setCurrentIndex(editor.stop_reason.findData("distress"))
    stored = sessions.get_session(context.db, session.id)
    assert stored.stopped_reason == "distress"
    assert stored.stopped_note == "Paused at the employer question"
    editor.stop_reason.setCurrentIndex(0)
    assert sessions.get_session(context.db, session.id).stopped_reason is None


def test_details_are_saved_when_leaving_a_field(context, session, editor):
    editor.place.setText("Drop-in centre")
    editor.place.editingFinished.emit()
    assert sessions.get_session(context.db, session.id).place == "Drop-in centre"


def test_promise_added_from_the_session_belongs_to_it(qtbot, context, session, editor):
    panel = editor.promises
    panel.text.setText("Call back about the clinic")
    qtbot.keyClick(panel.text, Qt.Key.Key_Return)
    made = promises.promises_for_session(context.db, session.id)
    assert [p.text for p in made] == ["Call back about the clinic"]
    assert made[0].due_on > date.today()
    assert "Call back about the clinic" in panel.list.item(0).text()


def test_empty_promise_shows_a_message_and_saves_nothing(qtbot, context, session, editor):
    editor.promises.add()
    assert editor.promises.error.isVisibleTo(editor)
    assert promises.promises_for_session(context.db, session.id) == []


def test_scripts_shown_are_listed_and_the_script_button_opens_them(qtbot, context, session, editor):
    from desktop.core.scripts import script_log

    assert "No scripts" in editor.scripts_shown.text()
    script_log.record_shown(context.db, session.id, "who_i_am", "fr", "1")
    editor.refresh_scripts_shown()
    assert "French" in editor.scripts_shown.text()
    editor.notes_edit.setPlainText("Before showing a script")
    with qtbot.waitSignal(context.events.navigate, timeout=1000) as caught:
        editor.script_button.click()
    assert caught.args[0] == "scripts" and caught.args[1]["session_id"] == session.id
    assert _stored_notes(context, session) == "Before showing a script"


def test_interpreter_from_the_directory_or_typed(qtbot, context, session):
    from desktop.core.interpreters.directory import Interpreter, save_interpreter

    lin = save_interpreter(context.db, Interpreter(name="Lin", agency="Bridge Interpreting", languages=["yue"]))
    editor = SessionEditor(context, session.id)
    qtbot.addWidget(editor)
    editor.interpreter.setCurrentIndex(editor.interpreter.findData(lin.id))
    editor.save_details()
    stored = sessions.get_session(context.db, session.id)
    assert (stored.interpreter_id, stored.interpreter_name) == (lin.id, "Lin (Bridge Interpreting)")
    editor.interpreter.setEditText("Ana from the clinic")
    editor.save_details()
    stored = sessions.get_session(context.db, session.id)
    assert (stored.interpreter_id, stored.interpreter_name) == (None, "Ana from the clinic")
    reopened = SessionEditor(context, session.id)
    qtbot.addWidget(reopened)
    assert reopened.interpreter.currentText() == "Ana from the clinic"


def test_autosaved_notes_survive_a_hard_kill(tmp_path):
    """The child types, waits for the autosave, then dies by SIGKILL: no lock, no close, no quit handler."""
    import os
    import signal
    import subprocess
    import sys
    import textwrap
    from pathlib import Path

    from desktop.core.vault.keys import TEST_COST
    from desktop.core.vault.vault import Vault

    folder = tmp_path / "vault"
    vault, _recovery = Vault.create(folder, "a long enough test passphrase", cost=TEST_COST)
    client = clients.create_client(vault.db, "Mei")
    session_id = sessions.create_session(vault.db, client.id).id
    vault.lock()
    child = textwrap.dedent(f"""
        import os, signal
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication
        from desktop.core.vault.vault import Vault
        from desktop.ui.widgets.clipboard_guard import ClipboardGuard
        from desktop.ui.shell.context import AppContext
        from desktop.ui.shell.preferences import Preferences
        from desktop.ui.clients.session_editor import SessionEditor
        app = QApplication([])
        vault = Vault.unlock({str(folder)!r}, "a long enough test passphrase")
        prefs = Preferences(QSettings({str(tmp_path / "p.ini")!r}, QSettings.Format.IniFormat))
        editor = SessionEditor(AppContext(vault, prefs, ClipboardGuard()), {session_id})
        editor.notes_edit.insertPlainText("Typed, then the power went out")
        while editor.has_unsaved_notes():
            app.processEvents()
        print("saved", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    result = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).resolve().parents[2], env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]
    assert "saved" in result.stdout
    reopened = Vault.unlock(folder, "a long enough test passphrase")
    try:
        assert sessions.get_session(reopened.db, session_id).notes == "Typed, then the power went out"
    finally:
        reopened.lock()
