"""Dialogs of the booking editor."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.ui.consent import share_dialogs as egress_dialogs
from desktop.ui.shell.context import AppContext
from desktop.ui.widgets.clipboard_guard import copied_message
from desktop.ui.widgets.guarded_text import GuardedPlainTextEdit


class RequestMessageDialog(QDialog):
    """The request to read on the phone, copy, or open as an e-mail draft."""

    def __init__(self, context: AppContext, text: str, mailto: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Booking request"))
        self.context = context
        self._message, self._mailto = text, mailto
        # Ctrl+C copies the whole released message through the clipboard guard (cleared later), like Copy.
        self.text = GuardedPlainTextEdit(text, hint=copied_message())
        self.text.copy_refused.connect(lambda _hint: self.copy())
        self.text.setReadOnly(True)
        self.text.setAccessibleName(_("Request message"))
        self.status = QLabel()  # what the last button did, said where the worker is looking
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(_("&Copy"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        self.email_button = buttons.addButton(_("Open &e-mail draft"), QDialogButtonBox.ButtonRole.ActionRole)
        self.email_button.clicked.connect(self.open_email_draft)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(560, 460)

    def copy(self) -> None:
        self.context.clipboard.copy(self._message)
        self._tell(copied_message())

    def open_email_draft(self) -> None:
        # The request was released when this dialog opened (it is on screen to read aloud or copy), so a missing
        # mail program is told, not logged as a failed release: Copy still takes the same words out.
        if egress_dialogs.open_url(self._mailto):
            self._tell(_("E-mail draft opened in your mail program. Check it before you send it."))
        else:
            self._tell(_("No e-mail program opened, so nothing was sent. Copy the message instead."))

    def _tell(self, sentence: str) -> None:
        self.status.setText(sentence)
        self.context.events.status_message.emit(sentence)
