"""Promises and follow-ups, listed with their state in words and an icon (never colour alone), with keys to add,
mark done, cancel, correct and reopen. Used on the client page (all of a client's open promises, and on request
the done and cancelled ones) and in the session editor (what was promised in this session).

Keys inside the panel: Ctrl+Enter adds (from the text field), Ctrl+D marks the selected one done, Delete cancels,
F2 corrects it; the context menu key offers the same, and Reopen for one marked done or cancelled by mistake.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.core.common.formatting import format_date
from desktop.core.records import promises
from desktop.core.records.promises import Promise, PromiseError
from desktop.i18n import _
from desktop.ui.clients.promise_dialog import edit_button, edit_promise
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.widgets.date_edits import use_ui_formats
from desktop.ui.widgets.fit_width import wrapping_rows
from desktop.ui.widgets.flow_row import FlowRow
from desktop.ui.widgets.guarded_text import GuardedLineEdit, guard_item_view
from desktop.ui.widgets.list_height import fit_to_rows
from desktop.ui.widgets.speech import say

_STATUS_ROLE = Qt.ItemDataRole.UserRole + 1

_ICONS = {"overdue": QStyle.StandardPixmap.SP_MessageBoxWarning,
          "due_today": QStyle.StandardPixmap.SP_MessageBoxInformation,
          "upcoming": QStyle.StandardPixmap.SP_FileDialogDetailedView,
          "done": QStyle.StandardPixmap.SP_DialogApplyButton,
          "cancelled": QStyle.StandardPixmap.SP_DialogCancelButton}


def state_icon(state: str):
    return QApplication.style().standardIcon(_ICONS[state])


def widget_shortcut(key: str, widget: QWidget, slot) -> QShortcut:
    """A key that works only while ``widget`` has focus. Set after construction: PySide6 ignores a context=
    argument given together with a callable, which left such keys window-wide (and ambiguous, so dead)."""
    shortcut = QShortcut(QKeySequence(key), widget, slot)
    shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
    return shortcut


def promise_line(item: Promise, today: date, with_client: bool = False) -> str:
    """'Overdue by 2 days — Promise: Call back about the clinic (due 21 Nov 2026)'."""
    text = _("{state} \u2014 {kind}: {text} (due {date})").format(
        state=promises.state_label(item, today), kind=promises.kind_label(item.kind), text=item.text,
        date=format_date(item.due_on))
    if with_client:
        text = _("{name}: {line}").format(name=item.client_first_name, line=text)
    if item.resolution_note:
        text += " \u2014 " + item.resolution_note
    return text


class PromisesPanel(QWidget):
    changed = Signal()

    def __init__(self, context: AppContext, client_id: int, session_id: int | None = None, *,
                 today=date.today, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.client_id = client_id
        self.session_id = session_id
        self._today = today
        self.list = guard_item_view(QListWidget(self))  # no Ctrl+C past the consent gate
        self.list.setAccessibleName(_("Promises and follow-ups"))
        self.list.setMinimumHeight(60)
        wrapping_rows(self.list)  # a long promise wraps within the list, never past its right edge
        self.kind = QComboBox(self)
        self.kind.addItem(promises.kind_label("promise"), "promise")
        self.kind.addItem(promises.kind_label("follow_up"), "follow_up")
        self.kind.setAccessibleName(_("Promise or follow-up"))
        self.text = GuardedLineEdit(self)
        self.text.setPlaceholderText(_("What you promised: call back, find a clinic, book an interpreter\u2026"))
        self.text.setAccessibleName(_("What was promised"))
        self.text.returnPressed.connect(self.add)
        self.due = use_ui_formats(QDateEdit(self), time=False)
        self.due.setCalendarPopup(True)
        self.due.setAccessibleName(_("Due date"))
        default_due = today() + timedelta(days=7)
        self.due.setDate(QDate(default_due.year, default_due.month, default_due.day))
        self.add_button = QPushButton(_("Add &promise"), self)
        self.add_button.clicked.connect(self.add)
        self.done_button = QPushButton(_("&Mark done"), self)
        self.done_button.setToolTip(_("Mark the selected promise as kept (Ctrl+D)"))
        self.done_button.clicked.connect(self.mark_done)
        self.cancel_button = QPushButton(_("Cance&l promise\u2026"), self)
        self.cancel_button.setToolTip(_("Close a promise that cannot be kept, with the reason (Delete)"))
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.edit_button = edit_button(self, self.edit_selected)
        self.reopen_button = QPushButton(_("Reopen"), self)
        self.reopen_button.setToolTip(_("Open again a promise marked done or cancelled by mistake"))
        self.reopen_button.setAccessibleName(_("Reopen the selected promise"))
        self.reopen_button.clicked.connect(self.reopen_selected)
        self.show_closed = QCheckBox(_("Show done and cancelled"), self)
        self.show_closed.setVisible(session_id is None)  # a session's own list shows them all already
        self.show_closed.toggled.connect(self.reload)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)  # the menu key reaches them too
        self._menu_actions = {
            "edit": self._list_action(self.edit_button.text(), self.edit_selected, "F2"),
            "reopen": self._list_action(self.reopen_button.text(), self.reopen_selected),
            "done": self._list_action(self.done_button.text(), self.mark_done),
            "cancel": self._list_action(self.cancel_button.text(), self.cancel_selected),
        }
        self.list.currentItemChanged.connect(self._update_actions)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.hide()

        kind_label = QLabel(_("Promise or follow-up:"), self)  # a visible label: on Linux a combo's name is its value
        kind_label.setBuddy(self.kind)
        # Rows that wrap onto more lines on a narrow screen (200 % display scaling) instead of scrolling sideways
        add_row = FlowRow(kind_label, self.kind, self.text, self.due, self.add_button)
        actions = FlowRow(self.done_button, self.cancel_button, self.edit_button, self.reopen_button,
                          self.show_closed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(actions)
        layout.addWidget(add_row)
        layout.addWidget(self.error)
        for first, second in ((self.list, self.done_button), (self.done_button, self.cancel_button),
                              (self.cancel_button, self.edit_button), (self.edit_button, self.reopen_button),
                              (self.reopen_button, self.show_closed), (self.show_closed, self.kind),
                              (self.kind, self.text), (self.text, self.due), (self.due, self.add_button)):
            QWidget.setTabOrder(first, second)  # the order they appear in, top to bottom
        # On the list only: the client page's list of sessions uses Delete too (to delete a session, after asking).
        widget_shortcut("Ctrl+D", self.list, self.mark_done)
        widget_shortcut("Del", self.list, self.cancel_selected)
        self.reload()

    def reload(self) -> None:
        today = self._today()
        if self.session_id is None:
            items = promises.promises_for_client(self.context.db, self.client_id, self.show_closed.isChecked())
        else:
            items = promises.promises_for_session(self.context.db, self.session_id)
        self.list.clear()
        for item in items:
            entry = QListWidgetItem(state_icon(item.state(today)), promise_line(item, today))
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            entry.setData(_STATUS_ROLE, item.status)
            self.list.addItem(entry)
        if not items:
            empty = QListWidgetItem(_("No open promises.") if self.session_id is None else
                                    _("Nothing promised in this session yet."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(empty)
        fit_to_rows(self.list, max_rows=4)
        self._update_actions()

    def _list_action(self, text: str, slot, key: str | None = None) -> QAction:
        action = QAction(text, self.list)
        if key:
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.list.addAction(action)
        return action

    def _update_actions(self, *_args) -> None:
        """Done and cancel for an open promise (or before one is chosen), reopen for a closed one."""
        has_items = any(self.list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.list.count()))
        status = self.selected_status()
        enabled = {"done": has_items and status in (None, "open"), "cancel": has_items and status in (None, "open"),
                   "edit": has_items, "reopen": status in ("done", "cancelled")}
        for key, button in (("done", self.done_button), ("cancel", self.cancel_button), ("edit", self.edit_button),
                            ("reopen", self.reopen_button)):
            button.setEnabled(enabled[key])
            self._menu_actions[key].setEnabled(enabled[key])

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def selected_status(self) -> str | None:
        item = self.list.currentItem()
        return item.data(_STATUS_ROLE) if item is not None else None

    def select(self, promise_id: int) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == promise_id:
                self.list.setCurrentRow(row)

    def add(self) -> None:
        due = self.due.date()
        try:
            promises.add_promise(self.context.db, self.client_id, self.text.text(),
                                 date(due.year(), due.month(), due.day()), session_id=self.session_id,
                                 kind=self.kind.currentData())
        except PromiseError as error:
            self._show_error(str(error))
            return
        self.error.hide()
        self.text.clear()
        self._changed()

    def edit_selected(self) -> None:
        promise_id = self.selected_id()
        if promise_id is not None and edit_promise(self.context, promise_id, self):  # it tells Today itself
            self.reload()
            self.changed.emit()
            self.select(promise_id)

    def reopen_selected(self) -> None:
        promise_id = self.selected_id()
        if promise_id is None or self.selected_status() not in ("done", "cancelled"):
            return
        promises.reopen(self.context.db, promise_id)
        self._changed()
        self.select(promise_id)

    def mark_done(self) -> None:
        promise_id = self.selected_id()
        if promise_id is None or self.selected_status() != "open":
            return
        note, ok = QInputDialog.getText(self, _("Promise kept"), _("A note (optional), e.g. what happened:"))
        if ok:
            promises.mark_done(self.context.db, promise_id, note)
            self._changed()

    def cancel_selected(self) -> None:
        promise_id = self.selected_id()
        if promise_id is None or self.selected_status() != "open":
            return
        note, ok = QInputDialog.getText(self, _("Cancel promise"),
                                        _("Why can it not be kept, and was the client told?"))
        if not ok:
            return
        try:
            promises.mark_cancelled(self.context.db, promise_id, note)
        except PromiseError as error:
            self._show_error(str(error))
            return
        self._changed()

    def _show_error(self, message: str) -> None:
        say(self.error, message, urgent=True)
        self.error.show()

    def _changed(self) -> None:
        self.reload()
        self.changed.emit()
        self.context.events.changed(DataKind.PROMISES)
