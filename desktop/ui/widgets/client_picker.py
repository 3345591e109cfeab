"""The one client chooser: a field where typing part of a first name lists at most ROWS matching clients, read from
the vault in SQL (client_list.client_rows with a ``names_only`` query), never every client (issue 21: a combo box of
every client took 0.3 s to fill at 20,000 clients, on every screen that picks one).

    picker = ClientPicker(lambda: context.db, none_label=_("No client"), accessible_name=_("Client"))
    picker.set_client_id(booking.client_id)   # that client's name, even archived (no ``picked``)
    picker.client_id()                        # the client picked, or None
    picker.picked.connect(...)                # the worker picked a client (or none_label's None)

Keys: typing narrows the list (after a short pause), Down opens it, Up and Down move in it, Enter picks, Esc closes
it (and, the list closed, puts back the picked client's name over typed text). Enter or leaving the field with typed
text picks the first client the list shows for it; an empty field is none_label's None.

Each keystroke's query is one walk down the first-name index stopped at ROWS (2-10 ms at 20,000 clients, the
worst a word no name holds), the same kind of SQL the client list's filter runs as the worker types, and run on the
GUI thread like it: a worker thread's connection would cost more to open than the query. Archived clients are listed
only with ``archive=ALL``; a client being deleted for good never is.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QToolButton, QWidget

from desktop.core.records import client_list
from desktop.core.records.client_list import ClientQuery
from desktop.core.vault.errors import VaultError
from desktop.i18n import _, ngettext
from desktop.ui.widgets.guarded_text import GuardedLineEdit, guard_item_view

ROWS = 50                  # listed at most; typing more of the name finds the others
TYPING_PAUSE_MS = 80       # a fast typist's letters make one query, not one each
_NONE = -1                 # the none_label row's data (client ids start at 1)
_ID_ROLE = Qt.ItemDataRole.UserRole


def client_label(first_name: str, archived: bool) -> str:
    return _("{name} (archived)").format(name=first_name) if archived else first_name


class ClientPicker(QWidget):
    picked = Signal(object)

    def __init__(self, database: Callable[[], object], parent: QWidget | None = None, *, none_label: str,
                 accessible_name: str, archive: str = client_list.ACTIVE) -> None:
        super().__init__(parent)
        self._database, self._none_label, self._archive = database, none_label, archive
        self._client_id: int | None = None
        self._label = ""                          # what the field shows for the picked client
        self.field = GuardedLineEdit(self)        # a first name is client data: copying goes through Share…
        self.field.setPlaceholderText(none_label)
        self.field.setAccessibleName(accessible_name)
        self.field.setAccessibleDescription(_("Type part of a first name to list the clients it matches; Down opens "
                                              "the list, Enter picks."))
        self.field.textEdited.connect(self._typed)
        self.field.editingFinished.connect(self._finish_typing)
        self.field.installEventFilter(self)
        self.button = QToolButton(self)           # for the mouse: the keyboard has Down
        self.button.setArrowType(Qt.ArrowType.DownArrow)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setAccessibleName(_("Show the clients"))
        self.button.setToolTip(_("Show the clients"))
        self.button.clicked.connect(self.open_list)
        self.model = QStandardItemModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setWidget(self.field)
        self.completer.activated[QModelIndex].connect(self._activated)
        guard_item_view(self.completer.popup())
        self.completer.popup().setAccessibleName(_("Matching clients"))
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self._show_typed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.field)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)   # a label's Alt letter reaches the field through it

    # -- what the screen asks -----------------------------------------------------------------------------------
    def client_id(self) -> int | None:
        return self._client_id

    def set_client_id(self, client_id: int | None) -> None:
        """Shows ``client_id``'s first name (archived or not); a client no longer there (deleted) is none."""
        self._set_picked(self._known(client_id))
        self._pause.stop()
        self.completer.popup().hide()

    def refresh(self) -> None:
        """The picked client's name read again (renamed, archived or deleted meanwhile); what the worker is typing
        stays, and so does the list."""
        if self.field.text() == self._label:
            self._set_picked(self._known(self._client_id))
        else:
            self._client_id, self._label = self._known(self._client_id)

    def _known(self, client_id: int | None) -> tuple[int | None, str]:
        found = self._rows(ClientQuery(client_id=client_id, archive=client_list.ALL, names_only=True), 1) \
            if client_id else []
        return found[0] if found else (None, "")

    def set_archive(self, archive: str) -> None:
        """Which clients the list offers: client_list.ACTIVE (the default) or ALL."""
        self._archive = archive

    def listed(self) -> list[tuple[int | None, str]]:
        """The rows the list shows now: (client id, or None for none_label; the text shown)."""
        rows = []
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            if item.isEnabled():
                client_id = item.data(_ID_ROLE)
                rows.append((None if client_id == _NONE else client_id, item.text()))
        return rows

    def open_list(self) -> None:
        """The clients matching the field's text (every client from the top when it shows the picked one)."""
        self._pause.stop()
        typed = self.field.text()
        self._fill("" if typed == self._label else typed)
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.completer.complete()
        popup = self.completer.popup()
        picked = next((row for row in range(self.model.rowCount())
                       if self.model.item(row).data(_ID_ROLE) == (self._client_id or _NONE)), 0)
        popup.setCurrentIndex(self.model.index(picked, 0))

    # -- typing and picking -------------------------------------------------------------------------------------
    def _typed(self, _text: str) -> None:
        self._pause.start()

    def _show_typed(self) -> None:
        self._fill(self.field.text())
        if self.model.rowCount():
            self.completer.complete()
            self.completer.popup().setCurrentIndex(self.model.index(0, 0))
        else:
            self.completer.popup().hide()

    def _fill(self, text: str) -> None:
        self.model.clear()
        if not text.strip():
            none = QStandardItem(self._none_label)
            none.setData(_NONE, _ID_ROLE)
            self.model.appendRow(none)
        found = self._rows(ClientQuery(text=text, archive=self._archive, names_only=True), ROWS)
        for client_id, label in found:
            item = QStandardItem(label)
            item.setData(client_id, _ID_ROLE)
            self.model.appendRow(item)
        if len(found) == ROWS:   # said in the list, where the worker looks, and not pickable
            more = QStandardItem(ngettext("Only the first {count} is listed: type more of the name.",
                                          "Only the first {count} are listed: type more of the name.",
                                          ROWS).format(count=ROWS))
            more.setEnabled(False)
            self.model.appendRow(more)

    def _rows(self, query: ClientQuery, limit: int) -> list[tuple[int, str]]:
        try:
            rows = client_list.client_rows(self._database(), query, "", limit)
        except VaultError:    # locked meanwhile: nothing to list
            return []
        return [(row.client.id, client_label(row.client.first_name, row.client.is_archived)) for row in rows]

    def _activated(self, index: QModelIndex) -> None:
        client_id = index.data(_ID_ROLE)
        self._pick((None, "") if client_id == _NONE else (client_id, index.data()))

    def _finish_typing(self) -> None:
        """Enter, or leaving the field: typed text picks the first client listed for it; an empty field, none; text
        no client's name holds changes nothing. Leaving it with the list open (Tab) picks the row highlighted there;
        Enter in the open list is the list's own."""
        typed, popup = self.field.text(), self.completer.popup()
        if popup.isVisible():
            if self.field.hasFocus():
                return
            popup.hide()
            highlighted = popup.currentIndex()
            if highlighted.isValid() and highlighted.flags() & Qt.ItemFlag.ItemIsEnabled:
                self._activated(highlighted)
                return
        if typed == self._label:
            return
        self._pause.stop()
        if not typed.strip():
            self._pick((None, ""))
            return
        found = self._rows(ClientQuery(text=typed, archive=self._archive, names_only=True), 1)
        if found:
            self._pick(found[0])
        else:
            self.field.setText(self._label)

    def _pick(self, row: tuple[int | None, str]) -> None:
        self._pause.stop()
        self._set_picked(row)
        self.picked.emit(self._client_id)

    def _set_picked(self, row: tuple[int | None, str]) -> None:
        self._client_id, self._label = row
        self.field.setText(self._label)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if watched is self.field and event.type() == event.Type.KeyPress:
            return self._key(event)
        return super().eventFilter(watched, event)

    def _key(self, event) -> bool:
        """True when the key is used up here. With the list open its own keys are the completer's: Enter and Esc
        are ignored by the field, so the list picks or closes (and Enter never presses the dialog's default
        button)."""
        key = event.key()
        if self.completer.popup().isVisible():
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
                event.ignore()
                return True
            return False
        if key == Qt.Key.Key_Down:
            self.open_list()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._finish_typing()
            return True
        if key == Qt.Key.Key_Escape and self.field.text() != self._label:
            self._pause.stop()
            self.field.setText(self._label)
            return True
        return False
