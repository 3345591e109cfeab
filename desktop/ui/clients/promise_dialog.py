"""Correcting a promise: what was promised, whether it is a promise or a follow-up, and its due date.

Opened from every list of promises (the client page, the session editor and Today) with the values as stored. A
refused correction (empty text, a mistyped year) says why inside the dialog and keeps it open with the text typed;
nothing is written until every field passes.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from desktop.core.records import promises
from desktop.core.records.promises import PromiseError
from desktop.i18n import _
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.widgets.date_edits import use_ui_formats
from desktop.ui.widgets.guarded_text import GuardedLineEdit
from desktop.ui.widgets.speech import message_label, say


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class PromiseEditDialog(QDialog):
    def __init__(self, context: AppContext, promise_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.promise_id = promise_id
        stored = promises.get_promise(context.db, promise_id)
        self.setWindowTitle(_("Edit promise"))
        self.kind = QComboBox(self)
        for kind in promises.KINDS:
            self.kind.addItem(promises.kind_label(kind), kind)
        self.kind.setCurrentIndex(self.kind.findData(stored.kind))
        self.kind.setAccessibleName(_("Promise or follow-up"))
        self.text = GuardedLineEdit(stored.text, self)
        self.text.setMaxLength(promises.MAX_TEXT + 1)  # one over, so the core's message says what is too long
        self.text.setAccessibleName(_("What was promised"))
        self.due = use_ui_formats(QDateEdit(self), time=False)
        self.due.setCalendarPopup(True)
        self.due.setDateRange(_qdate(min(stored.due_on, promises.EARLIEST_DUE)),
                              _qdate(max(stored.due_on, promises.latest_due())))
        self.due.setDate(_qdate(stored.due_on))
        self.due.setAccessibleName(_("Due date"))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        message_label(self.error, _("Why the change was not saved"))
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_("&Kind:"), self.kind)
        form.addRow(_("&What was promised:"), self.text)
        form.addRow(_("&Due date:"), self.due)
        form.addRow(self.error)
        form.addRow(buttons)
        self.text.setFocus()

    def chosen_due(self) -> date:
        due = self.due.date()
        return date(due.year(), due.month(), due.day())

    def save(self) -> None:
        try:
            promises.update_promise(self.context.db, self.promise_id, text=self.text.text(),
                                    kind=self.kind.currentData(), due_on=self.chosen_due())
        except PromiseError as error:
            say(self.error, str(error), urgent=True)
            self.error.show()
            return
        self.context.events.changed(DataKind.PROMISES)
        self.accept()


def edit_promise(context: AppContext, promise_id: int, parent: QWidget | None = None) -> bool:
    """Opens the dialog; True when a correction was saved (Today and the client page follow by data_changed)."""
    return bool(PromiseEditDialog(context, promise_id, parent).exec())


def edit_button(parent: QWidget, slot) -> QPushButton:
    """The same "Edit…" beside every list of promises. No Alt letter: the screens it joins have none left in every
    language; F2 on the list and the context menu key reach it, and Tab does."""
    button = QPushButton(_("Edit\u2026"), parent)
    button.setToolTip(_("Correct what was promised, its kind or its due date (F2)"))
    button.setAccessibleName(_("Edit the selected promise"))
    button.clicked.connect(slot)
    return button
