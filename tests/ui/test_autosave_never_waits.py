"""An autosave never waits for background work (issues 18 and 21): while background work holds the vault's write
lock on a connection of its own (an index merge step, a deletion's rows, the scrub), the window's event loop goes
on turning, the text is kept and said to be waiting, and it is saved once the lock is let go; explicit and final
saves (Ctrl+S, a lock) still write it; a real failure still says "Not saved"."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QTimer

from desktop.core.records import clients, sessions
from desktop.core.vault import connection
from desktop.core.vault.vault import Vault
from desktop.ui.clients.session_editor import SessionEditor
from tests.conftest import TEST_PASSPHRASE
from tests.ui.test_shell import _unlock
from tests.ui.test_shell import controller as controller  # noqa: F401  (the app's unlock -> lock cycle)


class BackgroundStep:
    """Background work holding the write lock on a connection the vault lends (Vault.worker_db, BEGIN IMMEDIATE),
    as one long index merge step does, until ``release`` is set; with ``let_waiting_writer_in``, also as soon as a
    save on the window's connection waits for it. Then it commits and lets a waiting write in, as every step does."""

    def __init__(self, vault, *, let_waiting_writer_in: bool = False, statement: tuple = ()) -> None:
        self.held, self.release = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, args=(vault, let_waiting_writer_in, statement))
        self._thread.start()
        assert self.held.wait(10)

    def _run(self, vault, let_waiting_writer_in: bool, statement: tuple) -> None:
        with vault.worker_db() as worker:
            worker.execute("BEGIN IMMEDIATE")
            if statement:
                worker.execute(*statement)
            self.held.set()
            while not self.release.wait(0.005):
                if let_waiting_writer_in and connection._writer_waiting.is_set():
                    break
            worker.execute("COMMIT")
        connection.yield_to_waiting_writer()

    def finish(self) -> None:
        self.release.set()
        self._thread.join(10)
        assert not self._thread.is_alive()


@pytest.fixture
def session(context):
    client = clients.create_client(context.db, "Mei", languages=["yue"])
    return sessions.create_session(context.db, client.id, notes="Before", place="Drop-in")


@pytest.fixture
def editor(qtbot, context, session):
    widget = SessionEditor(context, session.id)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def ticks():
    """Ticks of a 10 ms timer on the GUI thread: they go on only while the window's event loop turns."""
    counted: list[int] = []
    ticker = QTimer()
    ticker.setInterval(10)
    ticker.timeout.connect(lambda: counted.append(1))
    ticker.start()
    yield counted
    ticker.stop()


def _stored(context, session) -> sessions.Session:
    return sessions.get_session(context.db, session.id)


def _type_after_the_notes(qtbot, editor, text: str) -> None:
    editor.notes_edit.setFocus()
    qtbot.keyClick(editor.notes_edit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.notes_edit, text)


def _window_turns_on(qtbot, ticks: list[int]) -> None:
    """The event loop turns 20 more times (a GUI thread held by a waiting save would not tick at all)."""
    seen = len(ticks)
    qtbot.waitUntil(lambda: len(ticks) >= seen + 20, timeout=10_000)


def test_a_timed_autosave_meeting_background_work_keeps_the_text_and_the_window_turning(
        qtbot, context, session, editor, ticks):
    step = BackgroundStep(context.vault)
    try:
        _type_after_the_notes(qtbot, editor, " and after")
        qtbot.waitUntil(editor.waiting_for_background, timeout=10_000)  # the typing pause's autosave was refused
        _window_turns_on(qtbot, ticks)  # ... and retried meanwhile, never waiting
        assert _stored(context, session).notes == "Before"
        assert editor.has_unsaved_notes() and editor.notes_edit.toPlainText() == "Before and after"
        assert "busy" in editor.save_state.text() and "Not saved" not in editor.save_state.text()
    finally:
        step.finish()
    qtbot.waitUntil(lambda: _stored(context, session).notes == "Before and after", timeout=10_000)
    assert "Saved at" in editor.save_state.text()
    assert not editor.waiting_for_background() and not editor.has_unsaved_notes()
    assert not connection.window_write_owed()  # background work no longer waits for it


def test_fields_left_while_background_work_holds_the_vault_are_kept_and_saved_after(
        qtbot, context, session, editor, ticks):
    step = BackgroundStep(context.vault)
    try:
        editor.place.setFocus()
        editor.place.selectAll()
        qtbot.keyClicks(editor.place, "Clinic")
        qtbot.keyClick(editor.place, Qt.Key.Key_Tab)  # leaving the field saves it
        editor.stop_reason.setCurrentIndex(editor.stop_reason.findData("distress"))
        qtbot.keyClicks(editor.stop_note, "Paused at the employer question")
        qtbot.keyClick(editor.stop_note, Qt.Key.Key_Return)
        _window_turns_on(qtbot, ticks)
        assert editor.waiting_for_background()
        stored = _stored(context, session)
        assert (stored.place, stored.stopped_reason) == ("Drop-in", None)
        assert "busy" in editor.save_state.text()
    finally:
        step.finish()
    qtbot.waitUntil(lambda: not editor.waiting_for_background(), timeout=10_000)
    stored = _stored(context, session)
    assert (stored.place, stored.stopped_reason, stored.stopped_note) == (
        "Clinic", "distress", "Paused at the employer question")
    assert editor.save_state.text() == "All changes saved."  # no longer "Saving…" once what was kept is written


def test_ctrl_s_waits_and_past_the_busy_timeout_keeps_the_text_instead_of_failing(
        qtbot, context, session, editor, monkeypatch):
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 20)  # a background step longer than the wait, made short
    step = BackgroundStep(context.vault)
    try:
        _type_after_the_notes(qtbot, editor, ", saved by hand")
        qtbot.keyClick(editor.notes_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert editor.waiting_for_background()
        assert "busy" in editor.save_state.text()
        assert "locked" not in editor.save_state.text()  # never "Not saved: database is locked"
        assert _stored(context, session).notes == "Before"
    finally:
        step.finish()
    qtbot.waitUntil(lambda: _stored(context, session).notes == "Before, saved by hand", timeout=10_000)
    assert "Saved at" in editor.save_state.text()


def test_a_real_failure_after_a_busy_autosave_still_says_not_saved_and_keeps_the_text(
        qtbot, context, session, editor):
    # The background step deletes the session (as a deletion for good does): the retry then meets a real failure.
    step = BackgroundStep(context.vault, statement=("DELETE FROM sessions WHERE id = ?", [session.id]))
    try:
        _type_after_the_notes(qtbot, editor, " and after")
        qtbot.waitUntil(editor.waiting_for_background, timeout=10_000)
    finally:
        step.finish()
    qtbot.waitUntil(lambda: not editor.waiting_for_background(), timeout=10_000)
    assert editor.save_state.text().startswith("Not saved:")
    assert "could not be found" in editor.save_state.text()
    assert editor.notes_edit.toPlainText() == "Before and after" and editor.has_unsaved_notes()


def test_ctrl_l_while_a_retry_is_pending_saves_the_text_before_the_vault_closes(qtbot, controller, vault):
    client = clients.create_client(vault.db, "Mei")
    session_id = sessions.create_session(vault.db, client.id, notes="Before").id
    folder = vault.folder
    vault.lock()
    controller.start()
    _unlock(qtbot, controller)
    controller.maintenance.stop()  # no idle work of its own beside the step this test holds
    section = controller.main_window.section_widget("clients")
    controller.main_window.navigate("clients")
    section.open_session(session_id)
    editor = section.session_editor
    step = BackgroundStep(controller.vault, let_waiting_writer_in=True)  # the lock's flush waits for its step
    try:
        _type_after_the_notes(qtbot, editor, " and typed just before the lock")
        qtbot.waitUntil(editor.waiting_for_background, timeout=10_000)
        qtbot.keyClick(editor.notes_edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        assert controller.vault is None and controller.unlock_window.isVisible()
    finally:
        step.finish()
    reopened = Vault.unlock(folder, TEST_PASSPHRASE)
    try:
        assert sessions.get_session(reopened.db, session_id).notes == "Before and typed just before the lock"
    finally:
        reopened.lock()
