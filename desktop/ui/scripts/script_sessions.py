"""Linking the scripts view to a session: the session picker and its caption, and the record of what was shown.

A composed object: it owns its two widgets and its state (which session, which interpreter), and tells the view
what changed through signals; the view lays the widgets out and decides what to show.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox, QWidget

from desktop.core.common.formatting import format_datetime
from desktop.core.records.sessions import SessionError, get_session
from desktop.core.scripts import script_log
from desktop.i18n import _
from desktop.ui.shell.context import AppContext, DataKind

# Item data of "no session": a plain int, not None. While this view was built, a test run died at exit with
# "none_dealloc" (None's reference count reaching zero) and None round-tripping through QVariant was the suspect;
# an int sentinel keeps that question away.
NO_SESSION = 0


class SessionLink(QObject):
    """Which session the scripts view records into. ``linked`` says the worker picked a session (with its
    language, '') or none (''), so the view can pick the client's language and show again; ``names_changed``
    asks the view to fill placeholders again without losing its place."""

    linked = Signal(str)
    names_changed = Signal()

    def __init__(self, context: AppContext, window: QWidget):
        super().__init__(window)
        self.context = context
        self.window = window                  # parent of the warning a missing session shows
        self.session_id: int | None = None
        self.interpreter_name = ""
        self.picker = QComboBox()
        self.picker.activated.connect(self._picked)
        self.label = QLabel(_("Not linked to a session: nothing is recorded."))
        self.label.setWordWrap(True)
        self.fill()
        context.events.data_changed.connect(self._on_data_changed)

    def set_session(self, session_id: int) -> str | None:
        """Links to a session and returns its language ('' when not known); None (after saying why) when the
        session cannot be found."""
        try:
            session = get_session(self.context.db, session_id)
        except SessionError as error:
            QMessageBox.warning(self.window, _("Scripts"), str(error))
            return None
        self.session_id = session.id
        self.interpreter_name = session.interpreter_name
        self.label.setText(_("Each script you show here is recorded in this session."))
        self.fill()
        return session.language or ""

    def clear(self) -> None:
        self.session_id, self.interpreter_name = None, ""
        self.label.setText(_("Not linked to a session: nothing is recorded."))
        self.fill()

    def record(self, script_id: str, locale: str, revision: str) -> None:
        """Records what was shown in the linked session (nothing when unlinked)."""
        if self.session_id is None:
            return
        try:
            script_log.record_shown(self.context.db, self.session_id, script_id, locale, revision)
        except script_log.ScriptLogError as error:
            self.context.events.status_message.emit(str(error))
            return
        self.context.events.changed(DataKind.SCRIPTS_SHOWN)

    def fill(self) -> None:
        """The picker lists recent sessions by first name and start, and always the linked one."""
        choices = script_log.recent_sessions(self.context.db)
        self.picker.blockSignals(True)
        self.picker.clear()
        self.picker.addItem(_("None"), NO_SESSION)
        for choice in choices:
            when = format_datetime(choice.started_at, "short")
            self.picker.addItem(_("{name}, {when}").format(name=choice.first_name, when=when), choice.id)
        if self.session_id is not None and self.picker.findData(self.session_id) < 0:
            self.picker.addItem(_("Session {number}").format(number=self.session_id), self.session_id)
        linked = self.picker.findData(self.session_id if self.session_id is not None else NO_SESSION)
        self.picker.setCurrentIndex(max(0, linked))
        self.picker.blockSignals(False)

    def _picked(self, index: int) -> None:
        session_id = self.picker.itemData(index) if index >= 0 else NO_SESSION
        if session_id == NO_SESSION:
            self.clear()
            self.linked.emit("")
        else:
            language = self.set_session(session_id)
            if language is not None:
                self.linked.emit(language)

    def _on_data_changed(self, kind: DataKind) -> None:
        # A deleted session stops the recording; an interpreter renamed on the session is shown at once.
        if kind in (DataKind.SESSIONS, DataKind.CLIENTS):
            self.fill()
        if kind != DataKind.SESSIONS or self.session_id is None:
            return
        try:
            name = get_session(self.context.db, self.session_id).interpreter_name
        except SessionError:
            self.clear()
            return
        if name != self.interpreter_name:
            self.interpreter_name = name
            self.names_changed.emit()
