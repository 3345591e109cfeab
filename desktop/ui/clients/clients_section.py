"""The Clients section: the client list, and in the same place the client page and the session editor.

    ClientsSection(context)          # the section widget; navigate("clients", client_id) opens a client

Keys: Ctrl+F filter, Ctrl+N new client, Ctrl+Shift+F search notes, Enter opens the selected client, Esc goes
back one level.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.profile import settings
from desktop.core.records import client_list, clients, retention
from desktop.core.records.client_list import ClientQuery
from desktop.i18n import _, ngettext
from desktop.ui.models.clients_model import CLIENT_ID_ROLE, ClientsModel
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.widgets.fit_width import within_width
from desktop.ui.widgets.flow_row import FlowRow, together
from desktop.ui.widgets.guarded_text import guard_item_view

REVIEW = "review"


def today() -> date:
    """The local calendar day; tests replace it."""
    return date.today()


class ClientListView(QWidget):
    client_chosen = Signal(int)
    new_client_requested = Signal()
    search_requested = Signal()

    def __init__(self, context: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = ClientsModel(self)  # lazy: pages of rows, filtered and sorted in SQL

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(_("Filter by first name, language or tag"))
        self.filter_edit.setAccessibleName(_("Filter clients"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(lambda text: self.model.set_filter(text=text))
        filter_label = QLabel(_("&Find:"), self)
        filter_label.setBuddy(self.filter_edit)

        self.archive_combo = QComboBox(self)
        self.archive_combo.addItem(_("Active clients"), client_list.ACTIVE)
        self.archive_combo.addItem(_("Archived clients"), client_list.ARCHIVED)
        self.archive_combo.addItem(_("All clients"), client_list.ALL)
        self.archive_combo.addItem(_("Inactive: due for review"), REVIEW)
        self.archive_combo.currentIndexChanged.connect(self._archive_filter_changed)
        show_label = QLabel(_("&Show:"), self)
        show_label.setBuddy(self.archive_combo)

        self.new_button = QPushButton(_("&New client"), self)
        self.new_button.setToolTip(_("Add a client (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_client_requested.emit)
        self.search_button = QPushButton(_("Search n&otes"), self)
        self.search_button.setToolTip(_("Search every session note (Ctrl+Shift+F)"))
        self.search_button.clicked.connect(self.search_requested.emit)

        self.table = guard_item_view(QTableView(self))  # first names, needs: copying goes through Share…
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAccessibleName(_("Clients"))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        # Columns as wide as their text, sharing the width when narrow (never sideways); on a narrow screen the
        # number of sessions, then the age group, make room (the client's page shows them)
        within_width(self.table, optional=(2, 5))
        self.table.activated.connect(self._open_index)

        self.count_label = QLabel(self)
        self.count_label.setWordWrap(True)  # an empty list says what to do, in a sentence
        self.review_note = QLabel(self)
        self.review_note.setWordWrap(True)
        self.review_months = QSpinBox(self)
        self.review_months.setRange(0, settings.MAX_REVIEW_MONTHS)
        self.review_months.setSuffix(_(" months"))
        self.review_months.setSpecialValueText(_("never (review turned off)"))
        self.review_months.setAccessibleName(_("Review clients with no session for this many months"))
        self.review_months.setValue(int(settings.get(context.db, retention.REVIEW_SETTING) or 0))
        self.review_months.editingFinished.connect(self._review_months_changed)
        months_label = QLabel(_("Re&view after no session for:"), self)
        months_label.setBuddy(self.review_months)
        self.review_row = QWidget(self)
        review_layout = QHBoxLayout(self.review_row)
        review_layout.setContentsMargins(0, 0, 0, 0)
        review_layout.addWidget(months_label)
        review_layout.addWidget(self.review_months)
        review_layout.addWidget(self.review_note, 1)
        self.review_row.hide()

        # One row that wraps onto more lines on a narrow screen (200 % text, or 200 % display scaling)
        top = FlowRow(together(filter_label, self.filter_edit), together(show_label, self.archive_combo),
                      self.new_button, self.search_button, parent=self)
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addWidget(self.review_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_filter)   # Ctrl+N, Ctrl+Shift+F: shell/actions.py
        self.model.modelReset.connect(self._update_count)
        # A new sort or filter reloads the list from SQL: the selected client stays selected if still listed.
        self._keep_selected: int | None = None
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)

    def reload(self) -> None:
        which = self.archive_combo.currentData()
        inactive_before = None
        if which == REVIEW:  # counted and paged in SQL like every other view (never loaded client by client)
            months = int(settings.get(self.context.db, retention.REVIEW_SETTING) or 0)
            inactive_before = retention.review_cutoff(months, today())
            self.review_note.setText(_("Clients with no session for {months} months or more. Open each one and "
                                       "decide: keep, archive, or delete for good.").format(months=months)
                                     if months else _("The review of inactive clients is turned off."))
        self.review_row.setVisible(which == REVIEW)
        query = ClientQuery(text=self.filter_edit.text(), archive=client_list.ACTIVE if which == REVIEW else which,
                            inactive_before=inactive_before)
        self.model.load(self.context.db, query, today())  # keeps the column and order the worker sorted by
        self._update_count()

    def select_client(self, client_id: int) -> None:
        row = self.model.row_of_client(client_id)
        if row >= 0:
            self.table.selectRow(row)

    def _remember_selection(self) -> None:
        self._keep_selected = self.selected_client_id()

    def _restore_selection(self) -> None:
        if self._keep_selected is not None:
            self.select_client(self._keep_selected)

    def selected_client_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(CLIENT_ID_ROLE) if rows else None

    def _archive_filter_changed(self) -> None:
        self.reload()

    def _review_months_changed(self) -> None:
        settings.put(self.context.db, retention.REVIEW_SETTING, self.review_months.value())
        self.reload()

    def _focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def _open_index(self, index) -> None:
        self.client_chosen.emit(index.data(CLIENT_ID_ROLE))

    def _update_count(self, *_args) -> None:
        shown = self.model.total
        if shown:
            self.count_label.setText(ngettext("{count} client shown", "{count} clients shown", shown).format(
                count=shown))
        elif self.filter_edit.text().strip() or self.archive_combo.currentData() != client_list.ACTIVE:
            self.count_label.setText(_("No client matches. Check the spelling, type part of a first name, a "
                                       "language or a tag, or choose “All clients” under Show."))
        else:  # a new vault: what to do first
            self.count_label.setText(_("No clients yet. Add the first with New client (Ctrl+N): a first name or "
                                       "an alias is enough, never a legal name."))

    def keyPressEvent(self, event) -> None:  # Enter on the table opens the client, even on platforms without
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.currentIndex().isValid():
            self._open_index(self.table.currentIndex())
            return
        super().keyPressEvent(event)


class ClientsSection(QStackedWidget):
    """List -> client page -> session editor, one level at a time; Esc (or Back) goes up a level."""

    def __init__(self, context: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.list_view = ClientListView(context, self)
        self.list_view.client_chosen.connect(self.open_client)
        self.list_view.new_client_requested.connect(self.new_client)
        self.list_view.search_requested.connect(self.open_search)
        self.addWidget(self.list_view)
        self.client_page = None
        self.session_editor = None
        self.search_view = None
        self._search_back: Callable[[], object] | None = None  # where Esc in the search returns to
        context.events.data_changed.connect(self._data_changed)
        self.list_view.reload()

    # -- navigation ------------------------------------------------------------------------------------------
    def handle_navigation(self, payload: object) -> None:
        """payload: a client id, or {"client_id": id, "session_id": id}, or {"new_client": True}."""
        if isinstance(payload, dict):
            if payload.get("new_client"):
                self.show_list()
                self.new_client()
            elif payload.get("session_id"):
                self.open_session(payload["session_id"])
            elif payload.get("client_id"):
                self.open_client(payload["client_id"])
        elif isinstance(payload, int):
            self.open_client(payload)

    def open_client(self, client_id: int) -> None:
        from desktop.ui.clients.client_page import ClientPage

        if not self._close_session_editor():
            return
        self._drop(self.client_page)
        self.client_page = ClientPage(self.context, client_id, self)
        self.client_page.back_requested.connect(self.show_list)
        self.client_page.session_requested.connect(self.open_session)
        self.client_page.deleted.connect(self._client_deleted)
        self.client_page.search_requested.connect(lambda: self.open_search(client_id))
        self.addWidget(self.client_page)
        self.setCurrentWidget(self.client_page)
        self.client_page.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_session(self, session_id: int) -> None:
        from desktop.core.records import sessions
        from desktop.ui.clients.session_editor import SessionEditor

        if not self._close_session_editor():
            return
        client_id = sessions.get_session(self.context.db, session_id).client_id
        if self.client_page is None or self.client_page.client_id != client_id:
            self.open_client(client_id)
        self.session_editor = SessionEditor(self.context, session_id, self)
        self.session_editor.closed.connect(self._session_closed)
        self.addWidget(self.session_editor)
        self.setCurrentWidget(self.session_editor)
        self.session_editor.notes_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_search(self, client_id: int | None = None, back_to: Callable[[], object] | None = None) -> None:
        """The note search; Esc (or Back) returns to ``back_to`` (another section) or to what was shown here."""
        from desktop.ui.clients.search_panel import SearchView

        here = self._way_back()
        if not self._close_session_editor():
            return
        self._search_back = back_to or here
        if self.search_view is None:
            self.search_view = SearchView(self.context, self)
            self.search_view.session_chosen.connect(self.open_session)
            self.search_view.back_requested.connect(self._leave_search)
            self.addWidget(self.search_view)
        self.search_view.refresh_filters(client_id)
        self.search_view.run()
        self.setCurrentWidget(self.search_view)
        self.search_view.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_view.query.selectAll()

    def _way_back(self) -> Callable[[], object]:
        shown = self.currentWidget()
        if shown is self.search_view and self._search_back is not None:
            return self._search_back  # searched again from the search: still back to where it began
        if shown is self.session_editor and self.session_editor is not None:
            return lambda session_id=self.session_editor.session_id: self.open_session(session_id)
        if shown is self.client_page and self.client_page is not None:
            return lambda client_id=self.client_page.client_id: self.open_client(client_id)
        return self.show_list

    def _leave_search(self) -> None:
        back, self._search_back = self._search_back or self.show_list, None
        self.show_list()
        back()

    def new_client(self) -> None:
        from desktop.ui.clients.client_editor import ClientEditor

        editor = ClientEditor(self.context, None, self)
        if editor.exec() and editor.saved_client is not None:
            self.context.events.changed(DataKind.CLIENTS)
            self.open_client(editor.saved_client.id)

    # -- the app's keys (desktop/ui/shell/actions.py) ask the section, which answers for the screen it shows ----------
    def show_start(self) -> None:
        """Ctrl+2: the client list, whatever was open (a session's notes are saved first)."""
        self.show_list()

    def new_item(self) -> bool:
        """Ctrl+N: a session on a client's page, a client on the list or the search; nothing in an open session."""
        if self.currentWidget() is self.session_editor:
            return False
        if self.currentWidget() is self.client_page and self.client_page is not None:
            self.client_page.new_session()
        else:
            self.new_client()
        return True

    def current_client_id(self) -> int | None:
        """The client whose page or session is shown, for a search of their notes only."""
        if self.currentWidget() is self.session_editor and self.session_editor is not None:
            return self.session_editor.client_id
        if self.currentWidget() is self.client_page and self.client_page is not None:
            return self.client_page.client_id
        return None

    def show_list(self) -> None:
        if not self._close_session_editor():
            return
        selected = self.client_page.client_id if self.client_page else None
        self.setCurrentWidget(self.list_view)
        self.list_view.reload()
        if selected is not None:
            self.list_view.select_client(selected)
        self.list_view.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- housekeeping ----------------------------------------------------------------------------------------
    def _session_closed(self) -> None:
        client_id = self.session_editor.client_id if self.session_editor else None
        if not self._close_session_editor():
            return
        if client_id is not None:
            self.open_client(client_id)

    def _close_session_editor(self) -> bool:
        """Closes the open session's editor once its notes are written. False, and the editor stays on screen
        with its text and the reason it was not saved, when they could not be: leaving would lose them."""
        if self.session_editor is not None:
            if not self.session_editor.flush():
                self.setCurrentWidget(self.session_editor)
                return False
            self._drop(self.session_editor)
            self.session_editor = None
        return True

    def _client_deleted(self) -> None:
        self._drop(self.client_page)
        self.client_page = None
        self.show_list()

    def _drop(self, widget) -> None:
        if widget is not None:
            self.removeWidget(widget)
            widget.deleteLater()

    def _data_changed(self, kind: DataKind) -> None:
        if kind not in (DataKind.CLIENTS, DataKind.SESSIONS, DataKind.PROMISES, DataKind.CONSENTS):
            return
        if self.currentWidget() is self.list_view:
            self.list_view.reload()
        elif self.currentWidget() is self.client_page and self.client_page is not None:
            try:
                self.client_page.reload()
            except clients.ClientNotFound:
                self._client_deleted()

    def showEvent(self, event) -> None:
        # Coming back from another section (Today may have closed a promise): show the current state.
        if self.currentWidget() is self.list_view:
            self.list_view.reload()
        elif self.currentWidget() is self.client_page and self.client_page is not None:
            self.client_page.reload()
        super().showEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self.currentWidget() is self.session_editor:
                self._session_closed()
                return
            if self.currentWidget() is self.client_page:
                self.show_list()
                return
        super().keyPressEvent(event)
