"""Where shared data goes once the consent gate released it: the destination (file, printer), asked BEFORE the
gate so a release in the audit log means something left, and the exporter that writes it. If the write still
fails (a full disk) or no mail program opens, a "release_failed" entry follows the release. The widgets both
sharing dialogs use to choose a channel and categories live here too.

A file or a printout of years of notes takes a while to lay out (a 200-session PDF: over half a second), so the
exporter runs through the one background helper (operations.py) while the window stays responsive. The gate has
decided and logged on the GUI thread before; the worker only lays out and writes (atomically) what it released,
and the audit follow-up of a failed write is made back on the GUI thread, as before. Locking waits for it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core.consent import consents, labels
from desktop.core.consent import gate as egress
from desktop.exports import clipboard as clipboard_export
from desktop.exports import csv_export, mailto, pdf, printing, text
from desktop.i18n import _
from desktop.ui.consent.failed_writes import report_failed_write, report_no_mail_program
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.clipboard_guard import copied_message
from desktop.ui.widgets.operations import BackgroundOperation
from desktop.ui.widgets.speech import say

CLIENT_CHANNELS = ("file_pdf", "file_csv", "file_text", "print", "email", "clipboard")
_FILE_FILTERS = {"file_pdf": "PDF (*.pdf)", "file_csv": "CSV (*.csv)", "file_text": "Text (*.txt)"}
# Written off the GUI thread: they lay out or write a document. The clipboard and the mail program stay on it
# (both talk to the desktop through the GUI thread's objects, and are instant).
_IN_BACKGROUND = ("file_pdf", "file_csv", "file_text", "print")


# -- destinations (module functions so tests can replace them) ----------------------------------------------
def ask_save_path(parent: QWidget | None, channel: str) -> Path | None:
    suffix = {"file_pdf": ".pdf", "file_csv": ".csv", "file_text": ".txt"}[channel]
    return file_dialogs.ask_save_path(parent, _("Save as"), "", _FILE_FILTERS[channel], suffix)


def ask_printer(parent: QWidget | None):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter()
    dialog = QPrintDialog(printer, parent)
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


class NoMailProgram(Exception):
    """openUrl found no program for a mailto: draft, so nothing left (told and logged like a failed write)."""


def open_url(url: str) -> bool:
    return QDesktopServices.openUrl(QUrl(url))


def ask_destination(parent: QWidget | None, channel: str):
    """What the exporter needs, or None if the worker cancelled. (An e-mail's address is part of the release.)"""
    if channel in _FILE_FILTERS:
        return ask_save_path(parent, channel)
    if channel == "print":
        return ask_printer(parent)
    return True  # clipboard, e-mail: nothing to ask


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
        if not open_url(mailto.build_mailto(release)):
            raise NoMailProgram
        return _("E-mail draft opened in your mail program. Check it before you send it.")
    elif channel == "clipboard":
        clipboard_export.copy_release(release, context.clipboard)
        return copied_message()
    return _("Saved to {path}.").format(path=str(destination))


def deliver_or_report(context: AppContext, release: egress.Release, destination, error_line: QLabel,
                      delivered: Callable[[], None]) -> BackgroundOperation | None:
    """Delivers, then calls ``delivered`` (the dialog closes); if the write fails, the audit log records that nothing
    left and ``error_line`` says why. Files and printouts are written on a worker thread: the operation is returned
    (None when it was done at once)."""
    def succeeded(message: str) -> None:
        context.events.changed(DataKind.AUDIT)
        context.events.status_message.emit(message)
        delivered()

    def failed(problem: BaseException) -> None:
        if isinstance(problem, OSError):
            say(error_line, report_failed_write(context, release, problem), urgent=True)
        elif isinstance(problem, NoMailProgram):
            say(error_line, report_no_mail_program(context, release), urgent=True)
        else:  # a bug, not a refusal: the redacting crash hook reports it, as on the GUI thread
            sys.excepthook(type(problem), problem, problem.__traceback__)

    if release.channel in _IN_BACKGROUND:
        label = _("Printing…") if release.channel == "print" else _("Saving the file…")
        return BackgroundOperation(error_line.window(), lambda _progress: deliver(context, release, destination),
                                   success=succeeded, failure=failed, label=label).run()
    try:
        message = deliver(context, release, destination)
    except (OSError, NoMailProgram) as problem:
        failed(problem)
        return None
    succeeded(message)
    return None


def while_running(operation: BackgroundOperation | None, button: QPushButton) -> None:
    """The dialog's button waits while its file is written: a second press would release (and log) it twice."""
    if operation is not None and not operation.done:
        button.setEnabled(False)
        operation.finished.connect(lambda: button.setEnabled(True))


def category_boxes(layout: QVBoxLayout, checked=()) -> dict[str, QCheckBox]:
    boxes = {}
    for category in consents.CATEGORIES:
        if category == "appointment_details":
            continue  # shared from a booking, where the gate gets the booking id
        box = QCheckBox(labels.category_label(category))
        box.setChecked(category in checked)
        layout.addWidget(box)
        boxes[category] = box
    return boxes


def channel_combo(selected: str | None = None) -> QComboBox:
    combo = QComboBox()
    for channel in CLIENT_CHANNELS:
        combo.addItem(labels.channel_label(channel), channel)
    if selected in CLIENT_CHANNELS:
        combo.setCurrentIndex(CLIENT_CHANNELS.index(selected))
    return combo
