"""Presenting a script to the client and printing a bilingual handout, for the scripts view.

A composed object: the view hands it what it shows (``ShownScripts``) and the worker's choices (screen, layout);
it owns the presentation window. Both tell the client, in the client's language, which words are a draft.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.scripts.catalogs import Script
from desktop.core.scripts.notices import client_notices
from desktop.i18n import _
from desktop.ui.consent.failed_writes import report_failed_write
from desktop.ui.shell.context import AppContext
from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.operations import BackgroundOperation


@dataclass(frozen=True)
class ShownScripts:
    """What the side-by-side view shows now: the worker's script, the client's, and how to draw the client's."""

    left: Script
    right: Script
    values: dict[str, str]                 # placeholder values (worker, organisation, interpreter)
    right_to_left: tuple[bool, bool]       # left, right
    family: str | None                     # the client's font; None when this machine has none for it
    scale: float = 1.0                     # the client's script drawn a little larger where it needs to be


class ScriptOutput(QObject):
    def __init__(self, context: AppContext, window: QWidget):
        super().__init__(window)
        self.context = context
        self.window = window
        self.presentation = None
        context.events.about_to_lock.connect(self.close_presentation)

    def present(self, shown: ShownScripts, *, screen_index: int, start: int) -> None:
        """Full screen on the chosen screen, the client's language only, each paragraph with its note."""
        from PySide6.QtGui import QGuiApplication

        from desktop.ui.scripts.presentation import DEFAULT_POINT_SIZE, PresentationWindow

        script = shown.right
        texts = [script.title.filled(shown.values)] + [p.filled(shown.values) for p in script.paragraphs]
        screens = QGuiApplication.screens()
        screen = screens[min(max(screen_index, 0), len(screens) - 1)] if screens else None
        self.close_presentation()
        self.presentation = PresentationWindow(texts, notices=client_notices(script),
                                               right_to_left=shown.right_to_left[1], family=shown.family,
                                               start=start, point_size=round(DEFAULT_POINT_SIZE * shown.scale))
        self.presentation.show_on(screen)

    def close_presentation(self) -> None:
        if self.presentation is not None:
            self.presentation.close()
            self.presentation = None

    def save_handout_pdf(self, shown: ShownScripts, layout: str, path: str | None = None):
        """Asks where, passes the handout through the gate (on the GUI thread, logged), then lays out and writes the
        PDF on a worker thread (300 dpi A4 with the client's fonts takes a while). Returns the running operation,
        or None when nothing is written (cancelled, refused)."""
        from desktop.exports import handout

        if not path:
            path = file_dialogs.ask_save_path(self.window, _("Save handout as PDF"), "handout.pdf",
                                              _("PDF files (*.pdf)"), ".pdf")
        if not path:
            return None
        release = self._release(shown, layout, "file_pdf")
        if release is None:
            return None
        return self._in_background(lambda: handout.write_pdf(release, path), release, _("Saving the handout…"),
                                   _("The handout was saved."))

    def print_handout(self, shown: ShownScripts, layout: str):
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from desktop.exports import handout

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self.window).exec() != QPrintDialog.DialogCode.Accepted:
            return None
        release = self._release(shown, layout, "print")
        if release is None:
            return None
        return self._in_background(lambda: handout.print_release(release, printer), release, _("Printing…"),
                                   _("Sent to the printer."))

    def _in_background(self, write, release, label: str, done: str):
        """The one way a released handout is written: off the GUI thread (operations.py), the audit follow-up of a
        failed write back on it."""
        def failed(error: BaseException) -> None:
            if not isinstance(error, OSError):  # a bug, not a full disk: the redacting crash hook reports it
                sys.excepthook(type(error), error, error.__traceback__)
                return
            QMessageBox.warning(self.window, _("Handout"), report_failed_write(self.context, release, error))

        return BackgroundOperation(self.window, lambda _progress: write(), label=label, failure=failed,
                                   success=lambda _result: self.context.events.status_message.emit(done)).run()

    def _release(self, shown: ShownScripts, layout: str, channel: str):
        from desktop.core.consent.gate import EgressError
        from desktop.exports import handout

        try:
            return handout.release_handout(
                self.context.db, shown.left, shown.right, values=shown.values,
                organisation=self.context.organisation, worker=self.context.worker_name, layout=layout,
                channel=channel, right_to_left=shown.right_to_left)
        except EgressError as error:
            QMessageBox.warning(self.window, _("Handout"), str(error))
            return None
