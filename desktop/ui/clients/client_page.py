"""One client: who they are and what they need, the duty-to-report notice for a minor, open promises, and the
timeline of sessions. Archive and delete for good live here too.

Keys: Ctrl+N new session, Ctrl+E edit the client, Ctrl+Shift+F search this client's notes, Enter opens the
selected session, Delete deletes it for good (after asking), Esc (Alt+B) back to the list.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.common import languages
from desktop.core.common.formatting import format_date, format_time
from desktop.core.consent import consents as consent
from desktop.core.consent import duty_to_report as reporting
from desktop.core.records import clients, retention, sessions
from desktop.core.vault.db import utc_now
from desktop.i18n import _, ngettext
from desktop.ui.clients.promises_panel import PromisesPanel
from desktop.ui.clients.session_deletion import delete_session
from desktop.ui.consent.consent_panel import ConsentPanel
from desktop.ui.consent.share_dialogs import share_client_data
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.shell.maintenance import catch_up
from desktop.ui.widgets.fit_width import wrapping_rows
from desktop.ui.widgets.flow_row import FlowRow
from desktop.ui.widgets.guarded_text import guard_item_view, guard_label
from desktop.ui.widgets.keyboard import tab_in_order
from desktop.ui.widgets.operations import BackgroundOperation

PREVIEW_CHARS = 140


def session_line(session: sessions.Session) -> str:
    parts = [_("{date}, {time}").format(date=format_date(session.started_at, "medium"),
                                        time=format_time(session.started_at, "short"))]
    if session.place:
        parts.append(session.place)
    if session.language:
        parts.append(languages.display_name(session.language))
    if session.interpreter_name:
        parts.append(_("interpreter: {name}").format(name=session.interpreter_name))
    line = " \u2014 ".join(parts)
    if session.stopped:
        line += "\n" + _("Stopped: {reason}").format(reason=sessions.stop_reason_label(session.stopped_reason))
        if session.stopped_note:
            line += " \u2014 " + session.stopped_note
    preview = " ".join(session.notes[:PREVIEW_CHARS].split())
    if preview:
        line += "\n" + preview + ("\u2026" if len(session.notes) > PREVIEW_CHARS else "")
    return line


class ClientPage(QWidget):
    back_requested = Signal()
    session_requested = Signal(int)
    deleted = Signal()
    search_requested = Signal()

    def __init__(self, context: AppContext, client_id: int, parent=None, *, today=date.today) -> None:
        super().__init__(parent)
        self.context = context
        self.client_id = client_id
        self._today = today

        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.title.setFont(font)
        self.back_button = QPushButton(_("&Back to list"), self)
        self.back_button.clicked.connect(self.back_requested.emit)
        self.new_session_button = QPushButton(_("&New session"), self)
        self.new_session_button.setToolTip(_("Start a session note (Ctrl+N)"))
        self.new_session_button.clicked.connect(self.new_session)
        self.edit_button = QPushButton(_("Ed&it"), self)
        self.edit_button.setToolTip(_("Edit this client's record (Ctrl+E)"))
        self.edit_button.clicked.connect(self.edit)
        self.archive_button = QPushButton(self)
        self.archive_button.clicked.connect(self.toggle_archive)
        self.delete_button = QPushButton(_("&Delete for good\u2026"), self)
        self.delete_button.clicked.connect(self.delete_for_good)
        self.share_button = QPushButton(_("&Share\u2026"), self)  # the consent gate decides what may leave
        self.share_button.setToolTip(_("Share what this person agreed to share, or make a report you must make"))
        self.share_button.clicked.connect(lambda: share_client_data(self.context, self.client_id, self))

        self.minor_notice = QFrame(self)
        self.minor_notice.setFrameShape(QFrame.Shape.Box)
        self.minor_notice.setAccessibleName(_("Duty to report"))
        notice_icon = QLabel(self.minor_notice)
        notice_icon.setPixmap(QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
                              .pixmap(24, 24))
        self.minor_text = QLabel(self.minor_notice)
        self.minor_text.setWordWrap(True)
        notice_layout = QHBoxLayout(self.minor_notice)
        notice_layout.addWidget(notice_icon, 0, Qt.AlignmentFlag.AlignTop)
        notice_layout.addWidget(self.minor_text, 1)

        self.needs = QLabel(self)
        self.needs.setWordWrap(True)
        self.needs.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        guard_label(self.needs)  # readable by keyboard and screen readers; copying goes through Share…

        self.promises = PromisesPanel(context, client_id, today=today, parent=self)
        self.promises.changed.connect(self.reload)
        promise_box = QGroupBox(_("Open promises and follow-ups"), self)
        QVBoxLayout(promise_box).addWidget(self.promises)

        self.consents = ConsentPanel(context, client_id, self)
        self.find_interpreter_button = QPushButton(_("&Find an interpreter…"), self)
        self.find_interpreter_button.setToolTip(_("Match interpreters to this client's language and wishes"))
        self.find_interpreter_button.clicked.connect(
            lambda: context.events.navigate.emit("bookings", {"client_id": client_id}))

        self.timeline = guard_item_view(QListWidget(self))  # note previews: no Ctrl+C past the consent gate
        self.timeline.setAccessibleName(_("Sessions, newest first"))
        wrapping_rows(self.timeline)  # long previews wrap within the list, never past its right edge
        self.timeline.setAlternatingRowColors(True)
        self.timeline.itemActivated.connect(self._open_item)
        self.timeline.setAccessibleDescription(_("Enter opens the selected session; Delete deletes it for good, "
                                                 "after asking."))
        self.timeline.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)  # also by the menu key
        self.delete_session_action = QAction(_("Delete this session\u2026"), self.timeline)
        self.delete_session_action.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        self.delete_session_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_session_action.triggered.connect(self.delete_selected_session)
        self.timeline.addAction(self.delete_session_action)
        # Sessions and consents share the lower part of the page, so the timeline keeps room to read.
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(_("Sessions and consents"))
        self.tabs.addTab(self.timeline, "")
        self.tabs.addTab(self.consents, "")
        context.events.data_changed.connect(self._on_data_changed)

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        # The buttons wrap onto more lines on a narrow screen (200 % display scaling) instead of scrolling sideways
        header.addWidget(FlowRow(self.new_session_button, self.find_interpreter_button, self.share_button,
                                 self.edit_button, self.archive_button, self.delete_button, self.back_button))
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.minor_notice)
        layout.addWidget(self.needs)
        layout.addWidget(promise_box)
        layout.addWidget(self.tabs, 1)

        QShortcut(QKeySequence("Ctrl+E"), self, self.edit)   # Ctrl+N and Ctrl+Shift+F: the app's (shell/actions.py)
        tab_in_order(self.new_session_button, self.find_interpreter_button, self.share_button, self.edit_button,
                     self.archive_button, self.delete_button, self.back_button, self.promises.list)
        tab_in_order(self.promises.add_button, self.tabs)
        self.reload()

    # -- showing ---------------------------------------------------------------------------------------------
    def reload(self) -> None:
        client = clients.get_client(self.context.db, self.client_id)
        self.client = client
        name = client.first_name + (f" ({client.pronouns})" if client.pronouns else "")
        if client.is_archived:
            name = _("{name} \u2014 archived").format(name=name)
        self.title.setText(name)
        self.archive_button.setText(_("Un&archive") if client.is_archived else _("&Archive"))
        self.minor_notice.setVisible(client.is_minor)
        if client.is_minor:
            protocol = reporting.get_protocol(self.context.db)
            self.minor_text.setText(_("This client is a minor. The duty to report may apply and overrides "
                                      "confidentiality. Do not promise to keep everything private.") + "\n"
                                    + reporting.age_rule(protocol))
        self.needs.setText(self._needs_text(client))
        self.promises.reload()
        self._fill_timeline()
        self._name_tabs()

    def _needs_text(self, client: clients.Client) -> str:
        lines = [_("Languages and interpreter: {needs}").format(needs=clients.language_needs_text(client)),
                 _("Age group: {age}").format(age=clients.age_group_label(client.age_group))]
        if client.avoid:
            lines.append(_("Interpreter must not know or belong to: {avoid}").format(avoid="; ".join(client.avoid)))
        if client.safe_contact:
            lines.append(_("Safe contact: {contact}").format(contact=client.safe_contact))
        if client.tags:
            lines.append(_("Tags: {tags}").format(tags=", ".join(client.tags)))
        return "\n".join(lines)

    def _fill_timeline(self) -> None:
        self.timeline.clear()
        history = sessions.sessions_for_client(self.context.db, self.client_id)
        for session in history:
            item = QListWidgetItem(session_line(session))
            item.setData(Qt.ItemDataRole.UserRole, session.id)
            self.timeline.addItem(item)
        if not history:
            empty = QListWidgetItem(_("No sessions yet. Press Ctrl+N to start one."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.timeline.addItem(empty)

    def _on_data_changed(self, kind: DataKind) -> None:
        if kind == DataKind.CONSENTS:
            self._name_tabs()

    def _name_tabs(self) -> None:
        count = sum(1 for row in range(self.timeline.count()) if self.timeline.item(row).data(Qt.ItemDataRole.UserRole))
        self.tabs.setTabText(0, ngettext("Sessi&on ({count})", "Sessi&ons ({count})", count).format(count=count))
        now = utc_now()
        active = sum(1 for record in consent.consents_for_client(self.context.db, self.client_id)
                     if consent.status(record, now) == "active")
        self.tabs.setTabText(1, ngettext("C&onsents ({count} active)", "C&onsents ({count} active)", active)
                             .format(count=active))

    # -- actions ---------------------------------------------------------------------------------------------
    def new_session(self) -> None:
        client = self.client
        language = client.languages[0] if client.languages else ""
        session = sessions.create_session(self.context.db, self.client_id, worker=self.context.worker_name,
                                          language=language)
        self.context.events.changed(DataKind.SESSIONS)
        self.session_requested.emit(session.id)

    def edit(self) -> None:
        from desktop.ui.clients.client_editor import ClientEditor

        editor = ClientEditor(self.context, self.client_id, self)
        if editor.exec():
            self.context.events.changed(DataKind.CLIENTS)
            self.reload()

    def toggle_archive(self) -> None:
        if self.client.is_archived:
            retention.unarchive_client(self.context.db, self.client_id)
        else:
            retention.archive_client(self.context.db, self.client_id)
        self.context.events.changed(DataKind.CLIENTS)
        self.reload()

    def delete_for_good(self) -> None:
        summary = retention.deletion_summary(self.context.db, self.client_id)
        typed, ok = QInputDialog.getText(
            self, _("Delete for good"),
            summary.sentence() + "\n\n" + _("To confirm, type the first name: {name}").format(
                name=summary.first_name), QLineEdit.EchoMode.Normal, "")
        if not ok:
            return
        vault, client_id = self.context.vault, self.client_id

        def work(progress) -> retention.DeletionSummary:  # the rows only: the index is cleared afterwards
            # On a connection of its own, in short steps: the window's statements (an autosave elsewhere) wait for
            # one step at most. A lock stops it between two steps; the client stays hidden and the next unlock's
            # catch-up finishes it.
            with vault.worker_db() as db:
                return retention.delete_client_for_good(db, client_id, typed, scrub_now=False,
                                                        should_stop=lambda: progress.cancelled)

        self._deleting = BackgroundOperation(self, work, success=self._deleted, failure=self._not_deleted,
                                             label=_("Deleting {name}'s record…").format(name=summary.first_name)).run()

    def _deleted(self, summary: retention.DeletionSummary) -> None:
        context, name = self.context, summary.first_name
        self.deleted.emit()  # first, so nobody reloads this page for a client that is gone
        context.events.status_message.emit(_("{name}'s record was deleted for good.").format(name=name))
        context.events.changed(DataKind.CLIENTS)
        catch_up(context, self.window(), lambda done: _say_no_trace_is_left(context, name, done))

    def _not_deleted(self, error: BaseException) -> None:
        if not isinstance(error, clients.ClientError):
            raise error
        QMessageBox.warning(self, _("Delete for good"), str(error))

    def delete_selected_session(self) -> None:
        item = self.timeline.currentItem()
        session_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if session_id is not None and delete_session(self.context, session_id, self):
            self.reload()

    def _open_item(self, item: QListWidgetItem) -> None:
        session_id = item.data(Qt.ItemDataRole.UserRole)
        if session_id is not None:
            self.session_requested.emit(session_id)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.back_requested.emit()
            return
        super().keyPressEvent(event)


def _say_no_trace_is_left(context: AppContext, name: str, done: bool) -> None:
    if done and context.vault.is_open:
        context.events.status_message.emit(_("No trace of {name}'s notes is left in the vault file.").format(
            name=name))
