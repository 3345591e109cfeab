"""Review mode's files: export the reviewed catalog of one language as a standard .po (Poedit, Weblate), through
the consent gate's path for what is not client data (it is logged, like the roster export), and import one back,
refusing broken placeholders with a sentence that names the paragraph.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.consent import gate as egress
from desktop.core.scripts import reviews
from desktop.core.scripts.reviews import Reviewer, ReviewInvalid
from desktop.exports import text as text_export
from desktop.i18n import _, ngettext
from desktop.ui.consent.failed_writes import report_failed_write
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.widgets import file_dialogs


# -- file choices (module functions so tests can answer them) ---------------------------------------------------
def ask_export_path(parent: QWidget, locale: str) -> Path | None:
    return file_dialogs.ask_save_path(parent, _("Export the reviewed catalog"), f"{locale}.po",
                                      _("Translation catalogs (*.po)"), ".po")


def ask_import_path(parent: QWidget) -> Path | None:
    return file_dialogs.ask_open_path(parent, _("Import a reviewed catalog"),
                                      _("Translation catalogs (*.po);;All files (*)"))


def tell(parent: QWidget, title: str, message: str) -> None:
    QMessageBox.information(parent, title, message)


class ReviewFiles(QObject):
    imported = Signal()

    def __init__(self, context: AppContext, locale: str, window: QWidget, reviewer: Callable[[], Reviewer]):
        super().__init__(window)
        self.context, self.locale, self.window, self.reviewer = context, locale, window, reviewer
        self.last_message = ""

    def export(self) -> Path | None:
        path = ask_export_path(self.window, self.locale)
        if path is None:
            return None
        content = reviews.export_po(self.context.db, self.locale).decode("utf-8")
        release = egress.release_not_client_data(
            self.context.db, description=_("Reviewed script catalog ({language})").format(language=self.locale),
            recipient=str(path), channel="file_text", worker=self.context.worker_name, content=content)
        try:
            text_export.write_text(release, path)  # the exporter checks the gate's seal before writing
        except OSError as error:
            self._say(report_failed_write(self.context, release, error))
            return None
        self.context.events.status_message.emit(_("Reviewed catalog saved to {path}.").format(path=str(path)))
        return path

    def import_file(self) -> reviews.ImportSummary | None:
        path = ask_import_path(self.window)
        if path is None:
            return None
        try:
            if path.stat().st_size > reviews.MAX_PO_BYTES:  # refused before it is read into memory
                raise ReviewInvalid(_("This file is too large to be a script catalog. Nothing was imported."))
            data = path.read_bytes()
            typed = self.reviewer()
            summary = reviews.import_po(self.context.db, self.locale, data,
                                        reviewer=typed if typed.name else None)
        except ReviewInvalid as refused:
            self._say(str(refused))
            return None
        except OSError as error:
            self._say(_("The file could not be read: {reason}").format(reason=error.strerror or str(error)))
            return None
        self.context.events.changed(DataKind.SCRIPT_REVIEWS)
        self.imported.emit()
        message = ngettext("{count} paragraph was imported as checked.", "{count} paragraphs were imported as "
                           "checked.", summary.checked).format(count=summary.checked)
        if summary.stale:
            message += " " + ngettext(
                "{count} paragraph was translated from an older English and stays a draft until checked again.",
                "{count} paragraphs were translated from an older English and stay drafts until checked again.",
                summary.stale).format(count=summary.stale)
        self._say(message)
        return summary

    def _say(self, message: str) -> None:
        self.last_message = message
        tell(self.window, _("Reviewed catalog"), message)
