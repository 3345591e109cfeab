"""The session editor: when, where, who was there, the notes, where we stopped and why, and what was promised.

Nothing typed may be lost: notes are saved 500 ms after the last keystroke, and at once when the vault is about
to lock, when the editor closes or hides, and when the application quits. Each save is one UPDATE, durable when
it returns. A failed save keeps the text on screen and says so.

The saves made while the worker types (the typing pause, a field or the stop note left) never wait for background
work (KeptWrites): when it holds the database, the text is kept, the save-state line says so, and the save is
tried again until it lands ("Saved at" only then). Ctrl+S, a lock, a quit, closing and leaving the editor write
everything kept at once, waiting for background work if they must.

Keys: Ctrl+S saves now, Esc (or Alt+B) goes back to the client, Ctrl+Shift+P jumps to the promises, Alt+S opens
the scripts for this session (what is shown there is recorded on it). "Delete this session…" is for a session
recorded by mistake: after the confirmation nothing more is saved and the editor closes.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.common import languages
from desktop.core.common.formatting import format_time
from desktop.core.interpreters import directory as interpreters
from desktop.core.records import clients, sessions
from desktop.core.records.sessions import SessionError
from desktop.core.scripts import catalogs as scripts
from desktop.core.scripts import script_log
from desktop.i18n import _
from desktop.ui.clients.autosave import KeptWrites
from desktop.ui.clients.promises_panel import PromisesPanel
from desktop.ui.clients.session_deletion import delete_session
from desktop.ui.consent.share_dialogs import share_client_data
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.widgets.date_edits import use_ui_formats
from desktop.ui.widgets.flow_row import FlowRow
from desktop.ui.widgets.guarded_text import GuardedLineEdit, GuardedPlainTextEdit, notes_hint
from desktop.ui.widgets.keyboard import tab_in_order
from desktop.ui.widgets.language_picker import LanguagePicker
from desktop.ui.widgets.screen_fit import scrolling
from desktop.ui.widgets.speech import message_label, say

AUTOSAVE_MS = 500


def _kept_message() -> str:
    return _("Saving\u2026 (the vault is busy tidying; your text is kept)")


class SessionEditor(QWidget):
    closed = Signal()
    saved = Signal()

    def __init__(self, context: AppContext, session_id: int, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.session_id = session_id
        session = sessions.get_session(context.db, session_id)
        self.client_id = session.client_id
        client = clients.get_client(context.db, session.client_id)
        self._dirty = False
        self._loading = True
        self._writes = KeptWrites(self, busy=self._say_kept, landed=self._say_written)

        title = QLabel(_("Session with {name}").format(name=client.first_name), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)
        self.back_button = QPushButton(_("&Back to client"), self)
        self.back_button.clicked.connect(self.close_editor)
        self.delete_button = QPushButton(_("Delete this session\u2026"), self)
        self.delete_button.setToolTip(_("For a session recorded by mistake: its notes are deleted for good"))
        self.delete_button.clicked.connect(self.delete_session)
        self.share_button = QPushButton(_("Share with &consent\u2026"), self)  # the gate decides what may leave
        self.share_button.setToolTip(_("Share what this person agreed to share, or make a report you must make"))
        self.share_button.clicked.connect(lambda: share_client_data(self.context, self.client_id, self))

        self.started = use_ui_formats(QDateTimeEdit(self))
        self.started.setCalendarPopup(True)
        self.started.setDateTime(QDateTime.fromSecsSinceEpoch(int(session.started_at.timestamp())))
        self.place = GuardedLineEdit(session.place, self)
        self.worker = QLineEdit(session.worker, self)
        self.interpreter = self._interpreter_picker(session)
        offered = [languages.with_dialect(tag) for tag in client.languages]   # "Spanish (Mexico)", by name
        offered += [lang for lang in languages.client_languages() if lang.tag not in client.languages]
        self.language = LanguagePicker(offered, self, everything=_("Not recorded"))
        if not self.language.select_tag(session.language):
            self.language.setCurrentIndex(0)
        for widget in (self.place, self.worker, self.interpreter.lineEdit()):
            widget.editingFinished.connect(self.save_details)
        self.interpreter.activated.connect(self.save_details)
        self.started.editingFinished.connect(self.save_details)
        self.language.currentIndexChanged.connect(self.save_details)

        self.notes_edit = GuardedPlainTextEdit(self, hint=notes_hint())  # copying notes is sharing: Share…
        self.notes_edit.setAccessibleName(_("Session notes"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setPlainText(session.notes)
        self.notes_edit.textChanged.connect(self._notes_changed)
        self.save_state = QLabel(_("All changes saved."), self)
        message_label(self.save_state, _("Save state"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(lambda: self._writes.try_now("notes", self._write_notes))

        self.stop_reason = QComboBox(self)
        self.stop_reason.addItem(_("We did not stop early"), None)
        for reason in sessions.STOP_REASONS:
            self.stop_reason.addItem(sessions.stop_reason_label(reason), reason)
        self.stop_reason.setCurrentIndex(max(0, self.stop_reason.findData(session.stopped_reason)))
        self.stop_note = GuardedLineEdit(session.stopped_note, self)
        self.stop_note.setPlaceholderText(_("Where we stopped, so next time starts gently"))
        self.stop_reason.currentIndexChanged.connect(self.save_stop)
        self.stop_note.editingFinished.connect(self.save_stop)

        self.promises = PromisesPanel(context, self.client_id, session_id, parent=self)
        self.scripts_shown = QLabel(self)
        self.scripts_shown.setWordWrap(True)
        self.script_button = QPushButton(_("Show a &script\u2026"), self)
        self.script_button.setToolTip(_("Open the scripts; what you show is recorded in this session"))
        self.script_button.clicked.connect(self.show_script)
        self._language = session.language

        details = QFormLayout()
        details.addRow(_("&When:"), self.started)
        details.addRow(_("Pl&ace:"), self.place)
        details.addRow(_("Wor&ker:"), self.worker)
        details.addRow(_("&Interpreter:"), self.interpreter)
        details.addRow(_("Lang&uage used:"), self.language)
        stop_box = QGroupBox(_("We stopped here"), self)
        stop_layout = QFormLayout(stop_box)
        stop_layout.addRow(_("&Reason:"), self.stop_reason)
        stop_layout.addRow(_("No&te:"), self.stop_note)
        promise_box = QGroupBox(_("Promises and follow-ups from this session"), self)
        QVBoxLayout(promise_box).addWidget(self.promises)
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(FlowRow(self.script_button, self.share_button, self.delete_button, self.back_button,
                                 parent=self))
        tab_in_order(self.script_button, self.share_button, self.delete_button, self.back_button, self.started)
        notes_label = QLabel(_("&Notes:"), self)
        notes_label.setBuddy(self.notes_edit)
        # In a scroll area: at 200 % zoom the editor may be taller than the screen, and nothing may be cut off.
        # Up and down only: its rows wrap to the window's width (a laptop at 200 % display scaling is 960 px wide).
        content = QWidget(self)
        layout = QVBoxLayout(content)
        scroll = scrolling(content, sideways=False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout.addLayout(header)
        layout.addLayout(details)
        layout.addWidget(notes_label)
        layout.addWidget(self.notes_edit, 1)
        layout.addWidget(self.save_state)
        layout.addWidget(stop_box)
        layout.addWidget(promise_box)
        layout.addWidget(self.scripts_shown)

        QShortcut(QKeySequence.StandardKey.Save, self, self.flush)
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, lambda: self.promises.text.setFocus())
        context.events.about_to_lock.connect(self.flush)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.flush)
        self._loading = False

    # -- notes -----------------------------------------------------------------------------------------------
    def _notes_changed(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self.save_state.setText(_("Typing\u2026 saving shortly."))
        self._timer.start()

    def has_unsaved_notes(self) -> bool:
        return self._dirty

    def waiting_for_background(self) -> bool:
        """Whether a save is kept for a retry because background work held the database."""
        return self._writes.waiting()

    def _say_kept(self) -> None:
        say(self.save_state, _kept_message())

    def _say_written(self) -> None:
        """After a busy spell: a field kept and now written says so, unless the notes' own line said more."""
        if self.save_state.text() == _kept_message():
            self.save_state.setText(_("All changes saved."))

    def flush(self) -> bool:
        """Writes the notes (and any field kept for a retry) now, waiting for background work if it must. Returns
        False (text kept on screen) when the notes could not be saved."""
        self._timer.stop()
        self._writes.keep("notes", self._write_notes)
        return self._writes.flush() and not self._dirty

    def _write_notes(self) -> None:
        if not self._dirty:
            return
        if not self.context.vault.is_open:  # locked already: nowhere safe to write; the text stays on screen
            say(self.save_state, _("Not saved: the vault is locked. Unlock to save."), urgent=True)
            return
        try:
            sessions.save_notes(self.context.db, self.session_id, self.notes_edit.toPlainText())
        except SessionError as error:
            say(self.save_state, _("Not saved: {reason}").format(reason=str(error)), urgent=True)
            return
        self._dirty = False
        say(self.save_state, _("Saved at {time}").format(time=format_time(datetime.now(UTC))))
        self.saved.emit()

    # -- details ---------------------------------------------------------------------------------------------
    def _interpreter_picker(self, session: sessions.Session) -> QComboBox:
        """The directory's active interpreters; typing someone who is not in it is allowed (kept as text)."""
        picker = QComboBox(self)
        picker.setEditable(True)
        picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        picker.lineEdit().setPlaceholderText(_("Choose from the directory, or type a first name and agency"))
        picker.setAccessibleName(_("Interpreter"))
        picker.addItem("", None)
        for entry in interpreters.list_interpreters(self.context.db, active_only=True):
            picker.addItem(_("{name} ({agency})").format(name=entry.name, agency=entry.agency)
                           if entry.agency else entry.name, entry.id)
        index = picker.findData(session.interpreter_id) if session.interpreter_id is not None else -1
        picker.setCurrentIndex(max(index, 0))
        if index < 0:
            picker.setEditText(session.interpreter_name)
        return picker

    def chosen_interpreter(self) -> tuple[int | None, str]:
        text = self.interpreter.currentText().strip()
        index = self.interpreter.findText(text, Qt.MatchFlag.MatchFixedString)
        if text and index > 0:
            return self.interpreter.itemData(index), text
        return None, text

    def save_details(self) -> None:
        """On leaving a field or picking an entry: written now, or kept and retried when background work is busy."""
        if not self._loading:
            self._writes.try_now("details", self._write_details)

    def _write_details(self) -> None:
        if not self.context.vault.is_open:
            return  # the lock's own flush ran before: nothing newer was typed
        started = datetime.fromtimestamp(self.started.dateTime().toSecsSinceEpoch(), UTC)
        interpreter_id, interpreter_name = self.chosen_interpreter()
        try:
            sessions.update_session(self.context.db, self.session_id, started_at=started,
                                    place=self.place.text(), worker=self.worker.text(),
                                    interpreter_id=interpreter_id, interpreter_name=interpreter_name,
                                    language=self.language.current_tag())
        except SessionError as error:
            self.save_state.setText(str(error))
            return
        self._language = self.language.current_tag()
        self.context.events.changed(DataKind.SESSIONS)

    def save_stop(self) -> None:
        if not self._loading:
            self._writes.try_now("stop", self._write_stop)

    def _write_stop(self) -> None:
        if not self.context.vault.is_open:
            return
        reason = self.stop_reason.currentData()
        if reason is None:
            sessions.clear_stop(self.context.db, self.session_id)
            self.stop_note.clear()
        else:
            try:
                sessions.stop_here(self.context.db, self.session_id, reason, self.stop_note.text())
            except SessionError as error:  # e.g. a pasted control character in the note
                self.save_state.setText(str(error))
                return
        self.context.events.changed(DataKind.SESSIONS)

    # -- closing ---------------------------------------------------------------------------------------------
    def refresh_scripts_shown(self) -> None:
        shown = script_log.shown_in_session(self.context.db, self.session_id)
        if not shown:
            self.scripts_shown.setText(_("No scripts shown in this session."))
            return
        names = []
        for item in shown:
            try:
                title = scripts.load_script(item.script_id, "en").title.source
            except scripts.ScriptNotFound:
                title = item.script_id
            names.append(_("{title} ({language}, {time})").format(
                title=title, language=languages.display_name(item.locale), time=format_time(item.shown_at)))
        self.scripts_shown.setText(_("Scripts shown: {names}").format(names="; ".join(names)))

    def show_script(self) -> None:
        self.flush()
        self.context.events.navigate.emit("scripts", {"session_id": self.session_id, "language": self._language})

    def showEvent(self, event) -> None:
        self.refresh_scripts_shown()  # coming back from the scripts view
        super().showEvent(event)

    def delete_session(self) -> None:
        if delete_session(self.context, self.session_id, self):
            self._timer.stop()
            self._writes.forget()
            self._dirty = False  # the notes on screen belong to a session that no longer exists
            self.closed.emit()

    def close_editor(self) -> None:
        self._writes.keep("details", self._write_details)
        if self.flush():  # else the text stays on screen with why it was not saved
            self.closed.emit()

    def hideEvent(self, event) -> None:
        self.flush()
        super().hideEvent(event)

    def closeEvent(self, event) -> None:
        self.flush()
        super().closeEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_editor()
            return
        super().keyPressEvent(event)
