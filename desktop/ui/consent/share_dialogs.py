"""Sharing client data: choose channel, recipient, purpose and what -> the consent gate -> the exporter.

The gate is asked first (``check_request``, which writes nothing), so a refusal comes before any file dialog and
is never silent: it is logged and opens a dialog that offers to record consent now. Only then is the destination
asked (share_delivery.py), so a release in the audit log means something left. An e-mail draft can only go to an
address the consent names. The duty-to-report path is a separate, clearly marked dialog (duty_dialog.py).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.consent import consents
from desktop.core.consent import gate as egress
from desktop.i18n import _
from desktop.ui.consent.consent_words import allows_sentence
from desktop.ui.consent.duty_dialog import DutyToReportDialog
from desktop.ui.consent.record_consent import RecordConsentDialog, purpose_combo
from desktop.ui.consent.share_delivery import (
    CLIENT_CHANNELS,
    ask_destination,
    category_boxes,
    channel_combo,
    deliver_or_report,
    while_running,
)
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.widgets.operations import BackgroundOperation
from desktop.ui.widgets.speech import alert, message_label, say


class ShareDialog(QDialog):
    def __init__(self, context: AppContext, client_id: int, parent: QWidget | None = None, *,
                 channel: str | None = None) -> None:
        super().__init__(parent)
        self.context, self.client_id = context, client_id
        self.release: egress.Release | None = None
        self.delivery: BackgroundOperation | None = None  # the file or printout being written, if any
        self.refusal_dialog: RefusalDialog | None = None
        self.setWindowTitle(_("Share"))
        self.active: list[consents.Consent] = []
        self.channel_combo = channel_combo(channel)
        self.recipient_combo = QComboBox()
        self.recipient_combo.setEditable(True)
        self.purpose_combo = purpose_combo()
        self.purpose_edit = QLineEdit()
        self.purpose_edit.setPlaceholderText(_("In a few words (needed for “Something else”)"))
        self.purpose_edit.setAccessibleName(_("Why, in a few words"))
        self.address_combo = QComboBox()  # only addresses the person agreed to: nothing can be typed
        self.address_combo.setAccessibleName(_("E-mail address"))
        self.allowed_note = QLabel()
        self.allowed_note.setWordWrap(True)
        boxes = QVBoxLayout()
        self.category_boxes = category_boxes(boxes)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setObjectName("errorText")
        form = QFormLayout()
        form.addRow(_("&How:"), self.channel_combo)
        form.addRow(_("&With whom:"), self.recipient_combo)
        form.addRow(_("Wh&y:"), self.purpose_combo)
        form.addRow("", self.purpose_edit)
        form.addRow(_("E-mail &address:"), self.address_combo)
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

    def _on_data_changed(self, kind: DataKind) -> None:
        if kind == DataKind.CONSENTS:
            self.reload_consents()

    def _channel_changed(self, *_args) -> None:
        self.address_combo.setEnabled(self.channel() == "email")

    def _prefill_from_consent(self, recipient: str) -> None:
        matches = [c for c in self.active if c.recipient == recipient]
        self.address_combo.clear()
        for address in dict.fromkeys(a for c in matches for a in c.recipient_contacts):
            self.address_combo.addItem(address, address)
        if not matches:
            self.allowed_note.setText(_("No active consent names this recipient."))
            return
        match = matches[0]
        self.purpose_combo.setCurrentIndex(self.purpose_combo.findData(match.purpose_kind))
        self.purpose_edit.setText(match.purpose)
        for category, box in self.category_boxes.items():
            box.setChecked(category in match.categories)
        self.allowed_note.setText(allows_sentence(match))

    def request(self) -> dict:
        """What the worker asks the gate for, as the gate's keyword arguments."""
        return dict(client_id=self.client_id, recipient=self.recipient_combo.currentText(),
                    purpose=self.purpose_edit.text(), purpose_kind=self.purpose_combo.currentData(),
                    categories=self.chosen_categories(), channel=self.channel(),
                    address=self.address_combo.currentData() or "" if self.channel() == "email" else "")

    def share(self) -> None:
        request = self.request()
        try:
            refusal = egress.check_request(self.context.db, **request)
        except egress.EgressError as problem:
            say(self.error, str(problem), urgent=True)
            return
        destination = None
        if refusal is None:
            destination = ask_destination(self, request["channel"])  # only once the gate would say yes
            if destination is None:
                return
        try:
            self.release = egress.release(self.context.db, worker=self.context.worker_name, **request)
        except egress.ConsentRequired as refused:  # logged by the gate; said at once, before any file dialog
            self.context.events.changed(DataKind.AUDIT)
            self.refusal_dialog = RefusalDialog(self.context, self.client_id, refused, request=request, parent=self)
            self.refusal_dialog.open()
            return
        except egress.EgressError as problem:
            say(self.error, str(problem), urgent=True)
            return
        if destination is None:  # a consent was recorded between the check and the release (another window)
            destination = ask_destination(self, request["channel"]) or True
        self.delivery = deliver_or_report(self.context, self.release, destination, self.error, self.accept)
        while_running(self.delivery, self.share_button)

    def open_duty_to_report(self) -> DutyToReportDialog:
        dialog = DutyToReportDialog(self.context, self.client_id, self, channel=self.channel())
        dialog.accepted.connect(self.accept)
        dialog.open()
        return dialog


@alert
class RefusalDialog(QDialog):
    """Says plainly that nothing was shared and why, and offers to record consent now."""

    def __init__(self, context: AppContext, client_id: int, refusal: egress.ConsentRequired, *,
                 request: dict | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        request = request or {}
        self.context, self.client_id, self.refusal = context, client_id, refusal
        self.prefill = {"recipient": refusal.recipient, "purpose": request.get("purpose", ""),
                        "purpose_kind": request.get("purpose_kind", "other"),
                        "categories": tuple(request.get("categories", ())),
                        "contacts": (request["address"],) if request.get("address") else ()}
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
        self.consent_dialog = RecordConsentDialog(self.context, self.client_id, self.parentWidget(), **self.prefill)
        self.accept()
        self.consent_dialog.open()
        return self.consent_dialog


def share_client_data(context: AppContext, client_id: int, parent: QWidget | None = None, *,
                      channel: str | None = None) -> ShareDialog:
    """Share… wherever a client is on screen (their page, a session, the Consents tab): always this dialog."""
    dialog = ShareDialog(context, client_id, parent, channel=channel)
    dialog.open()
    return dialog


def copy_client_data(context: AppContext, client_id: int, parent: QWidget | None = None) -> ShareDialog:
    """Copying client data is sharing it: the same dialog, with the clipboard chosen."""
    return share_client_data(context, client_id, parent, channel="clipboard")
