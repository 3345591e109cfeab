"""PDF and the printable document: a QTextDocument built from the released fields only."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from desktop.core.common.files import write_atomically
from desktop.core.consent.gate import Release
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
    return render_pdf(text_document(release), QPageSize.PageSizeId.Letter, margin_mm=20)


def render_pdf(document: QTextDocument, page: QPageSize.PageSizeId, *, margin_mm: float,
               resolution: int | None = None) -> bytes:
    """Rendered in memory, so a failure (a full disk) never leaves half a PDF behind: the caller writes the bytes
    with write_atomically, which replaces the old file only once the new one is whole."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageLayout(QPageLayout(QPageSize(page), QPageLayout.Orientation.Portrait,
                                     QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm),
                                     QPageLayout.Unit.Millimeter))
    if resolution:
        writer.setResolution(resolution)
    writer.setTitle("")  # neutral metadata: nothing about the client outside the released fields
    writer.setCreator("Harbour")
    document.print_(writer)
    del writer  # finishes the PDF
    buffer.close()
    return bytes(data.data())


def write_pdf(release: Release, path: Path) -> Path:
    require_channel(release, "file_pdf")
    write_atomically(Path(path), pdf_bytes(release))
    return Path(path)
