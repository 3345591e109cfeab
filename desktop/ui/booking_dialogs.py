"""Dialogs of the booking editor."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.ui import egress_dialogs
from desktop.ui.clipboard import copied_message
from desktop.ui.context import AppContext
from desktop.ui.guarded_text import GuardedPlainTextEdit


class RequestMessageDialog(QDialog):
    """The request to read on the phone, copy, or open as an e-mail draft."""

    def __init__(self, context: AppContext, text: str, mailto: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Booking request"))
        # Ctrl+C copies the whole released message through the clipboard guard (cleared later), like Copy.
        self.text = GuardedPlainTextEdit(text, hint=copied_message())
        self.text.copy_refused.connect(lambda _hint: context.clipboard.copy(text))
        self.text.setReadOnly(True)
        self.text.setAccessibleName(_("Request message"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(_("&Copy"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: context.clipboard.copy(text))
        email = buttons.addButton(_("Open &e-mail draft"), QDialogButtonBox.ButtonRole.ActionRole)
        email.clicked.connect(lambda: egress_dialogs.open_url(mailto))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(560, 460)
