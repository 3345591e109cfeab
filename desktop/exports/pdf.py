"""PDF and the printable document: a QTextDocument built from the released fields only."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from desktop.core.egress import Release
from desktop.core.files import write_atomically
from desktop.exports.common import heading, require_channel, sections


def document_html(release: Release) -> str:
    parts = []
    if release.basis != "not_client_data":
        parts += [f"<p>{html.escape(line)}</p>" for line in heading(release)]
    for label, text in sections(release):
        if label:
            parts.append(f"<h3>{html.escape(label)}</h3>")
        parts.append(f"<p style='white-space: pre-wrap'>{html.escape(text)}</p>")
    return "<html><body>" + "".join(parts) + "</body></html>"


def text_document(release: Release) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(document_html(release))
    return document


def pdf_bytes(release: Release) -> bytes:
    """Rendered in memory, so no half-written PDF with client data is left behind on a failure."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.Letter), QPageLayout.Orientation.Portrait,
                                     QMarginsF(20, 20, 20, 20), QPageLayout.Unit.Millimeter))
    writer.setTitle("")  # neutral metadata: nothing about the client outside the released fields
    writer.setCreator("Harbour")
    document = text_document(release)
    document.print_(writer)
    del writer  # finishes the PDF
    buffer.close()
    return bytes(data.data())


def write_pdf(release: Release, path: Path) -> Path:
    require_channel(release, "file_pdf")
    write_atomically(Path(path), pdf_bytes(release))
    return Path(path)
