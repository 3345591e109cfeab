"""Presenting a script to the client and printing a bilingual handout, for the scripts view.

A mixin over ScriptsView's state (the client's script, pickers, context) so the view file stays about showing.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from desktop.core.common import languages
from desktop.core.scripts import catalogs as scripts
from desktop.i18n import _
from desktop.ui.consent.failed_writes import report_failed_write
from desktop.ui.widgets import file_dialogs


class ScriptOutputMixin:
    def present(self) -> None:
        from PySide6.QtGui import QGuiApplication

        from desktop.ui.scripts.fonts import size_factor
        from desktop.ui.scripts.presentation import DEFAULT_POINT_SIZE, PresentationWindow

        client = self.client_picker.current_language()
        if self._right_script is None or client is None or not self.present_button.isEnabled():
            return
        values = self.placeholder_values()
        texts = [self._right_script.title.filled(values)] + [p.filled(values) for p in self._right_script.paragraphs]
        screens = QGuiApplication.screens()
        chosen = self.screen_picker.currentData() if self.screen_picker.currentIndex() >= 0 else 0
        screen = screens[min(max(chosen, 0), len(screens) - 1)]
        start = self.current_row + 1 if self.read_rows else 0  # the title first, unless reading has begun
        self.close_presentation()
        size = round(DEFAULT_POINT_SIZE * size_factor(client.catalog or ""))
        self.presentation = PresentationWindow(texts, right_to_left=languages.is_right_to_left(client.catalog or ""),
                                               family=self.client_family, start=start, point_size=size)
        self.presentation.show_on(screen)

    def _handout_release(self, channel: str):
        from desktop.core.consent.gate import EgressError
        from desktop.exports import handout

        client = self.client_picker.current_language()
        if self._right_script is None or client is None:
            return None
        left_locale = languages.catalog_for(self.worker_picker.current_tag()) or scripts.SOURCE_LOCALE
        left = scripts.load_script(self._right_script.id, left_locale)
        try:
            return handout.release_handout(
                self.context.db, left, self._right_script, values=self.placeholder_values(),
                organisation=self.context.organisation, worker=self.context.worker_name,
                layout=self.handout_layout.currentData(), channel=channel,
                right_to_left=(languages.is_right_to_left(left_locale),
                               languages.is_right_to_left(client.catalog or "")))
        except EgressError as error:
            QMessageBox.warning(self, _("Handout"), str(error))
            return None

    def save_handout_pdf(self, path: str | None = None) -> str | None:
        from desktop.exports import handout

        if not path:
            path = file_dialogs.ask_save_path(self, _("Save handout as PDF"), "handout.pdf", _("PDF files (*.pdf)"),
                                              ".pdf")
        if not path:
            return None
        release = self._handout_release("file_pdf")
        if release is None:
            return None
        try:
            handout.write_pdf(release, path)
        except OSError as error:
            QMessageBox.warning(self, _("Handout"), report_failed_write(self.context, release, error))
            return None
        self.context.events.status_message.emit(_("The handout was saved."))
        return path

    def print_handout(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from desktop.exports import handout

        if self._right_script is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QPrintDialog.DialogCode.Accepted:
            return
        release = self._handout_release("print")
        if release is not None:
            handout.print_release(release, printer)
