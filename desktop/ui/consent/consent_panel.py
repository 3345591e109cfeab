"""The Consent panel for one client and the withdrawal dialog (recording lives in record_consent.py).

Recording reads like the conversation it records: one short question at a time, then a sentence to read back
to the person before saving. The panel says, for each consent, in words (not only colour) what it allows now.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.common.formatting import format_date, format_list
from desktop.core.consent import consents, labels
from desktop.core.consent import gate as egress
from desktop.i18n import N_, _
from desktop.ui.consent.consent_words import allows_sentence, disclosures_text
from desktop.ui.consent.record_consent import RecordConsentDialog
from desktop.ui.models.table_model import Column, ListTableModel
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.widgets.guarded_text import guard_item_view
from desktop.ui.widgets.screen_fit import measured_from_sample
from desktop.ui.widgets.speech import message_label, say


class ConsentTableModel(ListTableModel):
    """One client's consents; every cell's tooltip says in a sentence what the consent allows now."""

    def __init__(self, parent=None) -> None:
        columns = (
            ("status", N_("Status"), lambda record: labels.status_label(consents.status(record))),
            ("recipient", N_("Shared with"), lambda record: record.recipient),
            ("purpose", N_("Why"), lambda record: record.purpose),
            ("allows", N_("What"), lambda record: format_list([labels.category_label(c) for c in record.categories])),
            ("until", N_("Until"), lambda record: _("once") if record.single_use else format_date(record.valid_until)),
            ("method", N_("How it was given"), lambda record: labels.method_label(record.method)),
        )
        super().__init__([Column(key, title, text, tooltip=allows_sentence) for key, title, text in columns], parent)


class ConsentPanel(QWidget):
    """Every consent of one client, newest first, with record and withdraw actions (Share… is in the page header)."""

    def __init__(self, context: AppContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.client_id = context, client_id
        self.model = ConsentTableModel(self)
        self.table = guard_item_view(QTableView())  # who and why are about the person: Share… only
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName(_("Consents"))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        measured_from_sample(self.table)  # columns sized from a sample of the rows, never every one
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        message_label(self.detail, _("What the selected consent allows"))
        self.empty_note = QLabel(_("No consent recorded. Nothing about this person can be shared. "
                                   "Help never depends on their consent."))
        self.empty_note.setWordWrap(True)
        self.record_button = QPushButton(_("&Record consent…"))
        self.withdraw_button = QPushButton(_("&Withdraw…"))
        self.record_button.clicked.connect(self.record_consent)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        buttons = QHBoxLayout()
        # Share… sits in the client page's header (and the session editor's), so it is there without this tab.
        for button in (self.record_button, self.withdraw_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # inside a tab, whose frame has its own: the page fits 960 x 540
        heading = QLabel(_("Consent to share"))
        heading.setObjectName("sectionHeading")
        layout.addWidget(heading)
        layout.addWidget(self.empty_note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        self.disclosures = QLabel()
        self.disclosures.setWordWrap(True)
        self.disclosures.setAccessibleName(_("Reports made without consent"))
        layout.addWidget(self.disclosures)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        context.events.data_changed.connect(self._on_data_changed)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(consents.consents_for_client(self.context.db, self.client_id))
        has_any = bool(self.model.rows)
        self.empty_note.setVisible(not has_any)
        self.table.setVisible(has_any)
        self.table.resizeColumnsToContents()
        if has_any:
            self.table.selectRow(0)
        self._show_selected()
        self.disclosures.setText(disclosures_text(egress.disclosures_for_client(self.context.db, self.client_id)))
        self.disclosures.setVisible(bool(self.disclosures.text()))

    def selected(self) -> consents.Consent | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def record_consent(self, **prefill) -> RecordConsentDialog:
        dialog = RecordConsentDialog(self.context, self.client_id, self, **prefill)
        dialog.open()
        return dialog

    def withdraw_selected(self) -> WithdrawConsentDialog | None:
        record = self.selected()
        if record is None or consents.status(record) == "withdrawn":
            return None
        dialog = WithdrawConsentDialog(self.context, record, self)
        dialog.open()
        return dialog

    def _show_selected(self, *_args) -> None:
        record = self.selected()
        self.detail.setText(allows_sentence(record) if record else "")
        self.withdraw_button.setEnabled(record is not None and consents.status(record) != "withdrawn")

    def _on_data_changed(self, kind: DataKind) -> None:
        # AUDIT: a duty-to-report release was just made
        if kind in (DataKind.CONSENTS, DataKind.CLIENTS, DataKind.AUDIT):
            self.refresh()


class WithdrawConsentDialog(QDialog):
    def __init__(self, context: AppContext, record: consents.Consent, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.record = context, record
        self.setWindowTitle(_("Withdraw consent"))
        question = QLabel(_("Withdraw the consent to share with {recipient}? From now on nothing is shared under "
                            "it. This cannot be undone; a new consent can be recorded later.").format(
            recipient=record.recipient))
        question.setWordWrap(True)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(_("How and when did the person say so? (optional)"))
        self.note_edit.setAccessibleName(_("Withdrawal note"))
        self.error = QLabel()
        buttons = QDialogButtonBox()
        self.withdraw_button = buttons.addButton(_("&Withdraw"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (question, self.note_edit, self.error, buttons):
            layout.addWidget(widget)

    def confirm(self) -> None:
        try:
            consents.withdraw(self.context.db, self.record.id, self.note_edit.text())
        except consents.ConsentInvalid as problem:
            say(self.error, str(problem), urgent=True)
            return
        self.context.events.changed(DataKind.CONSENTS)
        self.context.events.status_message.emit(_("Consent withdrawn."))
        self.accept()
