"""Sharing client data: choose channel, recipient and what -> the consent gate -> the exporter.

The destination (file name, printer, e-mail address) is asked BEFORE the gate, so a release in the audit log
means something left; if the write still fails (a full disk), a "release_failed" entry follows it. A refusal is
never silent: it opens a dialog that offers to record consent now. The duty-to-report path is a separate, clearly
marked dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.consent import consents
from desktop.core.consent import gate as egress
from desktop.exports import clipboard as clipboard_export
from desktop.exports import csv_export, mailto, pdf, printing, text
from desktop.i18n import _
from desktop.ui.consent.failed_writes import report_failed_write, report_no_mail_program
from desktop.ui.shell.context import AppContext
from desktop.ui.widgets.clipboard_guard import copied_message
from desktop.ui.widgets.speech import alert, message_label, say

CLIENT_CHANNELS = ("file_pdf", "file_csv", "file_text", "print", "email", "clipboard")
_FILE_FILTERS = {"file_pdf": "PDF (*.pdf)", "file_csv": "CSV (*.csv)", "file_text": "Text (*.txt)"}


# -- destinations (module functions so tests can replace them) ----------------------------------------------
def ask_save_path(parent: QWidget | None, channel: str) -> Path | None:
    name, _filter = QFileDialog.getSaveFileName(parent, _("Save as"), "", _FILE_FILTERS[channel])
    if not name:
        return None
    suffix = {"file_pdf": ".pdf", "file_csv": ".csv", "file_text": ".txt"}[channel]
    path = Path(name)
    return path if path.suffix else path.with_suffix(suffix)


def ask_printer(parent: QWidget | None):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter()
    dialog = QPrintDialog(printer, parent)
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


class NoMailProgram(Exception):
    """openUrl found no program for a mailto: draft, so nothing left (told and logged like a failed write)."""


def open_url(url: str) -> bool:
    return QDesktopServices.openUrl(QUrl(url))


def ask_destination(parent: QWidget | None, channel: str, address: str = ""):
    """What the exporter needs, or None if the worker cancelled."""
    if channel in _FILE_FILTERS:
        return ask_save_path(parent, channel)
    if channel == "print":
        return ask_printer(parent)
    if channel == "email":
        return address
    return True  # clipboard: nothing to ask


def deliver(context: AppContext, release: egress.Release, destination) -> str:
    """Hands the release to its exporter; returns the sentence for the status bar."""
    channel = release.channel
    if channel == "file_pdf":
        pdf.write_pdf(release, destination)
    elif channel == "file_csv":
        csv_export.write_csv(release, destination)
    elif channel == "file_text":
        text.write_text(release, destination)
    elif channel == "print":
        printing.print_release(release, destination)
        return _("Sent to the printer.")
    elif channel == "email":
        if not open_url(mailto.build_mailto(release, destination or "")):
            raise NoMailProgram
        return _("E-mail draft opened in your mail program. Check it before you send it.")
    elif channel == "clipboard":
        clipboard_export.copy_release(release, context.clipboard)
        return copied_message()
    return _("Saved to {path}.").format(path=str(destination))


def deliver_or_report(context: AppContext, release: egress.Release, destination, error_line: QLabel) -> bool:
    """Delivers; if the write fails, the audit log records that nothing left and ``error_line`` says why."""
    try:
        message = deliver(context, release, destination)
    except OSError as problem:
        error_line.setText(report_failed_write(context, release, problem))
        return False
    except NoMailProgram:
        error_line.setText(report_no_mail_program(context, release))
        return False
    context.events.data_changed.emit("audit")
    context.events.status_message.emit(message)
    return True


def _category_boxes(layout: QVBoxLayout, checked=()) -> dict[str, QCheckBox]:
    boxes = {}
    for category in consents.CATEGORIES:
        if category == "appointment_details":
            continue  # shared from a booking, where the gate gets the booking id
        box = QCheckBox(consents.category_label(category))
        box.setChecked(category in checked)
        layout.addWidget(box)
        boxes[category] = box
    return boxes


def _channel_combo(selected: str | None = None) -> QComboBox:
    combo = QComboBox()
    for channel in CLIENT_CHANNELS:
        combo.addItem(egress.channel_label(channel), channel)
    if selected in CLIENT_CHANNELS:
        combo.setCurrentIndex(CLIENT_CHANNELS.index(selected))
    return combo


class ShareDialog(QDialog):
    def __init__(self, context: AppContext, client_id: int, parent: QWidget | None = None, *,
                 channel: str | None = None) -> None:
        super().__init__(parent)
        self.context, self.client_id = context, client_id
        self.release: egress.Release | None = None
        self.refusal_dialog: RefusalDialog | None = None
        self.setWindowTitle(_("Share"))
        self.active: list[consents.Consent] = []
        self.channel_combo = _channel_combo(channel)
        self.recipient_combo = QComboBox()
        self.recipient_combo.setEditable(True)
        self.purpose_edit = QLineEdit()
        self.address_edit = QLineEdit()
        self.address_edit.setPlaceholderText(_("name@example.org"))
        self.allowed_note = QLabel()
        self.allowed_note.setWordWrap(True)
        boxes = QVBoxLayout()
        self.category_boxes = _category_boxes(boxes)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setObjectName("errorText")
        form = QFormLayout()
        form.addRow(_("&How:"), self.channel_combo)
        form.addRow(_("&With whom:"), self.recipient_combo)
        form.addRow(_("Wh&y:"), self.purpose_edit)
        form.addRow(_("E-mail &address:"), self.address_edit)
        form.addRow(_("What:"), boxes)
        buttons = QDialogButtonBox()
        self.share_button = buttons.addButton(_("&Share"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.duty_button = buttons.addButton(_("&Duty to report…"), QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.share)
        buttons.rejected.connect(self.reject)
        self.duty_button.clicked.connect(self.open_duty_to_report)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Only what the person agreed to can be shared. Share as little as you can.")))
        layout.addLayout(form)
        layout.addWidget(self.allowed_note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.recipient_combo.currentTextChanged.connect(self._prefill_from_consent)
        self.channel_combo.currentIndexChanged.connect(self._channel_changed)
        context.events.data_changed.connect(self._on_data_changed)
        self.reload_consents()
        self._channel_changed()

    def channel(self) -> str:
        return self.channel_combo.currentData()

    def set_channel(self, channel: str) -> None:
        self.channel_combo.setCurrentIndex(CLIENT_CHANNELS.index(channel))

    def chosen_categories(self) -> list[str]:
        return [c for c, box in self.category_boxes.items() if box.isChecked()]

    def reload_consents(self) -> None:
        """Active consents decide which recipients are offered; re-read after one is recorded or withdrawn."""
        typed = self.recipient_combo.currentText()
        self.active = [c for c in consents.consents_for_client(self.context.db, self.client_id)
                       if consents.status(c) == "active"]
        self.recipient_combo.blockSignals(True)
        self.recipient_combo.clear()
        self.recipient_combo.addItems(list(dict.fromkeys(c.recipient for c in self.active)))
        if typed:
            self.recipient_combo.setEditText(typed)
        self.recipient_combo.blockSignals(False)
        self._prefill_from_consent(self.recipient_combo.currentText())

    def _on_data_changed(self, kind: str) -> None:
        if kind == "consents":
            self.reload_consents()

    def _channel_changed(self, *_args) -> None:
        self.address_edit.setEnabled(self.channel() == "email")

    def _prefill_from_consent(self, recipient: str) -> None:
        match = next((c for c in self.active if c.recipient == recipient), None)
        if match is None:
            self.allowed_note.setText(_("No active consent names this recipient."))
            return
        self.purpose_edit.setText(match.purpose)
        for category, box in self.category_boxes.items():
            box.setChecked(category in match.categories)
        from desktop.ui.consent.consent_panel import allows_sentence

        self.allowed_note.setText(allows_sentence(match))

    def share(self) -> None:
        recipient, purpose = self.recipient_combo.currentText().strip(), self.purpose_edit.text().strip()
        if not recipient or not purpose:
            say(self.error, _("Say with whom and why."), urgent=True)
            return
        destination = ask_destination(self, self.channel(), self.address_edit.text())
        if destination is None:
            return
        try:
            self.release = egress.release(
                self.context.db, client_id=self.client_id, recipient=recipient, purpose=purpose,
                categories=self.chosen_categories(), channel=self.channel(), worker=self.context.worker_name)
        except egress.ConsentRequired as refusal:
            self.context.events.data_changed.emit("audit")
            self.refusal_dialog = RefusalDialog(self.context, self.client_id, refusal, purpose=purpose,
                                                categories=self.chosen_categories(), parent=self)
            self.refusal_dialog.open()
            return
        except egress.EgressError as problem:
            say(self.error, str(problem), urgent=True)
            return
        if deliver_or_report(self.context, self.release, destination, self.error):
            self.accept()

    def open_duty_to_report(self) -> DutyToReportDialog:
        dialog = DutyToReportDialog(self.context, self.client_id, self, channel=self.channel())
        dialog.accepted.connect(self.accept)
        dialog.open()
        return dialog


@alert
class RefusalDialog(QDialog):
    """Says plainly that nothing was shared and why, and offers to record consent now."""

    def __init__(self, context: AppContext, client_id: int, refusal: egress.ConsentRequired, *, purpose: str = "",
                 categories=(), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.client_id, self.refusal = context, client_id, refusal
        self.prefill = {"recipient": refusal.recipient, "purpose": purpose, "categories": tuple(categories)}
        self.consent_dialog = None
        self.setWindowTitle(_("Not shared"))
        self.message = message = QLabel(_("Nothing was shared. {reason}").format(reason=str(refusal)))
        message.setWordWrap(True)
        message_label(message, _("Why nothing was shared"))
        note = QLabel(_("If the person agrees, you can record their consent now and then share again. "
                        "Help never depends on their answer."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.record_button = buttons.addButton(_("&Record consent now"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.record_button.clicked.connect(self.record_consent_now)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (message, note, buttons):
            layout.addWidget(widget)

    def alert_message(self) -> str:
        return self.message.text()

    def record_consent_now(self):
        from desktop.ui.consent.consent_panel import RecordConsentDialog

        self.consent_dialog = RecordConsentDialog(self.context, self.client_id, self.parentWidget(), **self.prefill)
        self.accept()
        self.consent_dialog.open()
        return self.consent_dialog


class DutyToReportDialog(QDialog):
    """Sharing without consent because the law or immediate danger requires it: reason, justification,
    what was said to the person, and the organisation's protocol beside it."""

    def __init__(self, context: AppContext, client_id: int, parent: QWidget | None = None, *,
                 channel: str | None = None) -> None:
        super().__init__(parent)
        from desktop.core.consent import duty_to_report as reporting

        self.context, self.client_id = context, client_id
        self.release: egress.Release | None = None
        self.setWindowTitle(_("Duty to report"))
        warning = QLabel(_("<b>This overrides the person's refusal.</b> Use it only when the law requires a "
                           "report or someone is in immediate danger. It is logged as a duty to report, "
                           "never as consent. Share as little as possible."))
        warning.setWordWrap(True)
        warning.setObjectName("warningText")
        message_label(warning, _("Duty to report warning"))
        self.reason_combo = QComboBox()
        for reason in egress.DUTY_REASONS:
            self.reason_combo.addItem(egress.duty_reason_label(reason), reason)
        from desktop.ui.consent.duty_widgets import JustificationEdit, ProtocolView

        self.justification_edit = JustificationEdit(egress.MIN_JUSTIFICATION)
        self.recipient_edit = QLineEdit()
        self.recipient_edit.setPlaceholderText(_("The agency or service you report to"))
        self.told_edit = QLineEdit()
        self.told_edit.setPlaceholderText(_("Yes, when — or not yet, and why"))
        self.channel_combo = _channel_combo(channel)
        self.address_edit = QLineEdit()
        boxes = QVBoxLayout()
        self.category_boxes = _category_boxes(boxes, checked=("first_name",))
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
        self.resize(980, 560)
        self._preselect_minor()

    def _preselect_minor(self) -> None:
        from desktop.core.records import clients

        try:
            if clients.get_client(self.context.db, self.client_id).is_minor:
                self.reason_combo.setCurrentIndex(egress.DUTY_REASONS.index("minor"))
        except clients.ClientError:
            pass

    def report(self) -> None:
        channel = self.channel_combo.currentData()
        destination = ask_destination(self, channel, self.address_edit.text())
        if destination is None:
            return
        try:
            self.release = egress.release_duty_to_report(
                self.context.db, client_id=self.client_id, reason=self.reason_combo.currentData(),
                justification=self.justification_edit.toPlainText(), recipient=self.recipient_edit.text(),
                categories=[c for c, box in self.category_boxes.items() if box.isChecked()], channel=channel,
                worker=self.context.worker_name, client_told=self.told_edit.text())
        except egress.EgressError as problem:
            say(self.error, str(problem), urgent=True)
            return
        if deliver_or_report(self.context, self.release, destination, self.error):
            self.accept()


def share_client_data(context: AppContext, client_id: int, parent: QWidget | None = None) -> ShareDialog:
    dialog = ShareDialog(context, client_id, parent)
    dialog.open()
    return dialog


def copy_client_data(context: AppContext, client_id: int, parent: QWidget | None = None) -> ShareDialog:
    """Copying client data is sharing it: the same dialog, with the clipboard chosen."""
    dialog = ShareDialog(context, client_id, parent, channel="clipboard")
    dialog.open()
    return dialog
