"""Printing: the same document as the PDF, sent to a QPrinter the worker chose."""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrinter

from desktop.core.consent.gate import Release
from desktop.exports.common import require_channel
from desktop.exports.pdf import text_document


def print_release(release: Release, printer: QPrinter) -> None:
    require_channel(release, "print")
    printer.setDocName("Harbour")  # print queues show document names: keep it neutral
    text_document(release).print_(printer)
