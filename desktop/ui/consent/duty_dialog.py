"""Sharing without consent because the law or immediate danger requires it: reason, justification, what the
person was told, and the organisation's protocol beside it. The gate logs it as a duty to report, never as consent.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.consent import duty_to_report as reporting
from desktop.core.consent import gate as egress
from desktop.core.consent import labels
from desktop.core.records import clients
from desktop.i18n import _
from desktop.ui.consent.duty_widgets import JustificationEdit, ProtocolView
from desktop.ui.consent.share_delivery import (
    ask_destination,
    category_boxes,
    channel_combo,
    deliver_or_report,
    while_running,
)
from desktop.ui.shell.context import AppContext
from desktop.ui.widgets.screen_fit import scrolling_body
from desktop.ui.widgets.speech import message_label, say


class DutyToReportDialog(QDialog):
    """Sharing without consent because the law or immediate danger requires it: reason, justification,
    what was said to the person, and the organisation's protocol beside it."""

    def __init__(self, context: AppContext, client_id: int, parent: QWidget | None = None, *,
                 channel: str | None = None) -> None:
        super().__init__(parent)
        self.context, self.client_id = context, client_id
        self.release: egress.Release | None = None
        self.delivery = None  # the file or printout being written on a worker thread, if any
        self.setWindowTitle(_("Duty to report"))
        warning = QLabel(_("<b>This overrides the person's refusal.</b> Use it only when the law requires a "
                           "report or someone is in immediate danger. It is logged as a duty to report, "
                           "never as consent. Share as little as possible."))
        warning.setWordWrap(True)
        warning.setObjectName("warningText")
        message_label(warning, _("Duty to report warning"))
        self.reason_combo = QComboBox()
        self.reason_combo.addItem(_("Choose the reason…"), None)  # nothing is chosen for the worker
        for reason in egress.DUTY_REASONS:
            self.reason_combo.addItem(labels.duty_reason_label(reason), reason)
        self.justification_edit = JustificationEdit(egress.MIN_JUSTIFICATION)
        self.recipient_edit = QLineEdit()
        self.recipient_edit.setPlaceholderText(_("The agency or service you report to"))
        self.told_edit = QLineEdit()
        self.told_edit.setPlaceholderText(_("Yes, when — or not yet, and why"))
        self.channel_combo = channel_combo(channel)
        self.address_edit = QLineEdit()
        self.address_edit.setPlaceholderText(_("The agency's e-mail address"))
        boxes = QVBoxLayout()
        self.category_boxes = category_boxes(boxes, checked=("first_name",))
        self.protocol_view = ProtocolView(context, reporting.get_protocol(context.db))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setObjectName("errorText")
        form = QFormLayout()
        form.addRow(_("&Reason:"), self.reason_combo)
        form.addRow(_("&Why you must report:"), self.justification_edit)
        form.addRow(_("Report &to:"), self.recipient_edit)
        form.addRow(_("Was the person t&old?"), self.told_edit)
        form.addRow(_("&How:"), self.channel_combo)
        form.addRow(_("E-mail &address:"), self.address_edit)
        form.addRow(_("What:"), boxes)
        buttons = QDialogButtonBox()
        self.report_button = QPushButton(_("Re&port and share"))
        buttons.addButton(self.report_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.report)
        buttons.rejected.connect(self.reject)
        columns = QHBoxLayout()
        columns.addLayout(form, 3)
        columns.addWidget(self.protocol_view, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.channel_combo.currentIndexChanged.connect(
            lambda: self.address_edit.setEnabled(self.channel_combo.currentData() == "email"))
        self.address_edit.setEnabled(self.channel_combo.currentData() == "email")
        scrolling_body(self, QSize(980, 560))  # roomy where the screen allows; within it, the form scrolls
        self._preselect_minor()

    def _preselect_minor(self) -> None:
        """Only for a client recorded as a minor; for an adult (or an unknown age) the worker chooses."""
        try:
            if clients.get_client(self.context.db, self.client_id).is_minor:
                self.reason_combo.setCurrentIndex(self.reason_combo.findData("minor"))
        except clients.ClientError:
            pass

    def _answers(self) -> dict:
        return dict(reason=self.reason_combo.currentData() or "", justification=self.justification_edit.toPlainText(),
                    recipient=self.recipient_edit.text(), channel=self.channel_combo.currentData(),
                    categories=[c for c, box in self.category_boxes.items() if box.isChecked()],
                    client_told=self.told_edit.text(), address=self.address_edit.text())

    def report(self) -> None:
        answers = self._answers()
        try:  # a missing or too short answer is said before any file dialog opens
            egress.check_duty_request(**answers)
        except egress.EgressError as problem:
            say(self.error, str(problem), urgent=True)
            return
        destination = ask_destination(self, answers["channel"])
        if destination is None:
            return
        try:
            self.release = egress.release_duty_to_report(
                self.context.db, client_id=self.client_id, worker=self.context.worker_name, **answers)
        except egress.EgressError as problem:
            say(self.error, str(problem), urgent=True)
            return
        self.delivery = deliver_or_report(self.context, self.release, destination, self.error, self.accept)
        while_running(self.delivery, self.report_button)
