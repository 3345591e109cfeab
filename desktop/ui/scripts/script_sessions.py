"""Linking the scripts view to a session: the session picker, navigation from other screens, and the record of
what was shown. A mixin over ScriptsView's state so the view file stays about showing.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from desktop.core.common import languages
from desktop.core.common.formatting import format_datetime
from desktop.core.records.sessions import SessionError, get_session
from desktop.core.scripts import script_log
from desktop.i18n import _

# Item data of "no session": a plain int, not None. While this view was built, a test run died at exit with
# "none_dealloc" (None's reference count reaching zero) and None round-tripping through QVariant was the suspect;
# an int sentinel keeps that question away.
NO_SESSION = 0


class ScriptSessionMixin:
    def set_session(self, session_id: int) -> None:
        try:
            session = get_session(self.context.db, session_id)
        except SessionError as error:
            QMessageBox.warning(self, _("Scripts"), str(error))
            return
        self.session_id = session.id
        self.interpreter_name = session.interpreter_name
        self.session_label.setText(_("Each script you show here is recorded in this session."))
        self._fill_sessions()
        if session.language and languages.has_catalog(session.language):
            self.client_picker.select_tag(languages.locale_to_tag(languages.catalog_for(session.language)))
        elif session.language:
            self.client_picker.select_tag(languages.describe(session.language).tag)

    def clear_session(self) -> None:
        self.session_id, self.interpreter_name = None, ""
        self.session_label.setText(_("Not linked to a session: nothing is recorded."))
        self._fill_sessions()

    def _session_picked(self, index: int) -> None:
        session_id = self.session_picker.itemData(index) if index >= 0 else NO_SESSION
        if session_id == NO_SESSION:
            self.clear_session()
        else:
            self.set_session(session_id)
        self.reload()

    def _fill_sessions(self) -> None:
        """The picker lists recent sessions by first name and start, and always the linked one."""
        choices = script_log.recent_sessions(self.context.db)
        self.session_picker.blockSignals(True)
        self.session_picker.clear()
        self.session_picker.addItem(_("None"), NO_SESSION)
        for choice in choices:
            when = format_datetime(choice.started_at, "short")
            self.session_picker.addItem(_("{name}, {when}").format(name=choice.first_name, when=when), choice.id)
        if self.session_id is not None and self.session_picker.findData(self.session_id) < 0:
            self.session_picker.addItem(_("Session {number}").format(number=self.session_id), self.session_id)
        linked = self.session_picker.findData(self.session_id if self.session_id is not None else NO_SESSION)
        self.session_picker.setCurrentIndex(max(0, linked))
        self.session_picker.blockSignals(False)

    def handle_navigation(self, payload: object) -> None:
        """Called by the main window: {"session_id": 3, "language": "fa", "script": "consent"}, all optional."""
        if not isinstance(payload, dict):
            return
        if payload.get("session_id") is not None:
            self.set_session(int(payload["session_id"]))
        if payload.get("language"):
            tag = str(payload["language"])
            catalog = languages.catalog_for(tag)
            self.client_picker.select_tag(languages.locale_to_tag(catalog) if catalog else tag)
        if payload.get("script"):
            index = self.script_picker.findData(payload["script"])
            if index >= 0:
                self.script_picker.setCurrentIndex(index)
        self.reload()

    def _record(self, script_id: str, locale: str) -> None:
        if self.session_id is None:
            return
        try:
            script_log.record_shown(self.context.db, self.session_id, script_id, locale, self.shown_revision)
        except script_log.ScriptLogError as error:
            self.context.events.status_message.emit(str(error))
            return
        self.context.events.data_changed.emit("scripts_shown")

    def _on_data_changed(self, kind: str) -> None:
        # Names may change elsewhere (the worker's in settings, the interpreter's on the session): show them
        # without losing the reader's place. A deleted session stops the recording.
        if kind in ("sessions", "clients"):
            self._fill_sessions()
        if kind == "settings":
            self._reload_keeping_place()
        if kind != "sessions" or self.session_id is None:
            return
        try:
            name = get_session(self.context.db, self.session_id).interpreter_name
        except SessionError:
            self.clear_session()
            return
        if name != self.interpreter_name:
            self.interpreter_name = name
            self._reload_keeping_place()
