"""Dialogs of the booking editor, and the questions it asks (module functions, so tests can answer them)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.ui.consent import share_delivery
from desktop.ui.shell.context import AppContext
from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.clipboard_guard import copied_message
from desktop.ui.widgets.guarded_text import GuardedPlainTextEdit


def ask_ics_path(parent: QWidget) -> Path | None:
    return file_dialogs.ask_save_path(parent, _("Save calendar file"), "booking.ics", _("Calendar files (*.ics)"),
                                      ".ics")


def ask_incident_note(parent: QWidget) -> str | None:
    """The note may name the client, so it is typed in a guarded editor (not QInputDialog's plain one)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(_("Problem with the interpreter"))
    question = QLabel(_("What happened? The interpreter will not be offered for this client again."))
    question.setWordWrap(True)
    note = GuardedPlainTextEdit()
    note.setAccessibleName(_("What happened"))
    question.setBuddy(note)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    for widget in (question, note, buttons):
        layout.addWidget(widget)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    text = note.toPlainText()
    dialog.deleteLater()
    return text if accepted else None


def confirm(parent: QWidget, question: str) -> bool:
    """Asks yes/no. The title never names the client."""
    answer = QMessageBox.question(parent, _("Please confirm"), question)
    return answer == QMessageBox.StandardButton.Yes


def show_dialog(dialog: QDialog) -> None:
    dialog.open()


class RequestMessageDialog(QDialog):
    """The request to read on the phone, copy, or open as an e-mail draft."""

    def __init__(self, context: AppContext, text: str, mailto: str, parent: QWidget | None = None, *,
                 no_draft: str = "") -> None:
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
        if not mailto:  # why there is no e-mail draft (an address the person did not agree to)
            self.email_button.setEnabled(False)
            self.status.setText(no_draft)
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
        if share_delivery.open_url(self._mailto):
            self._tell(_("E-mail draft opened in your mail program. Check it before you send it."))
        else:
            self._tell(_("No e-mail program opened, so nothing was sent. Copy the message instead."))

    def _tell(self, sentence: str) -> None:
        self.status.setText(sentence)
        self.context.events.status_message.emit(sentence)
