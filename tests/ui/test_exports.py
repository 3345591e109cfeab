"""PDF and print exporters (they need Qt): they render only the release's fields."""

from __future__ import annotations

import pytest
from PySide6.QtPrintSupport import QPrinter

from desktop.core.consent import consents as consent
from desktop.core.consent import gate as egress
from desktop.core.records import clients, sessions
from desktop.exports import pdf, printing
from desktop.exports.common import WrongChannel

SECRET_NOTE = "Manager keeps her passport"


@pytest.fixture
def client_id(qapp, db) -> int:
    client = clients.create_client(db, "Ana", safe_contact="555-0100")
    sessions.save_notes(db, sessions.create_session(db, client.id).id, SECRET_NOTE)
    consent.record_consent(db, client_id=client.id, purpose="Shelter place", recipient="Safe Haven",
                           categories=("first_name",), method="written_signed", recorded_by="Sam",
                           recipient_contacts=["intake@example.org"])
    return client.id


def _release(db, client_id, channel):
    return egress.release(db, client_id=client_id, recipient="Safe Haven", purpose="Shelter place",
                          categories=("first_name",), channel=channel, worker="Sam",
                          address="intake@example.org" if channel == "email" else "")


def test_pdf_holds_only_the_released_fields(db, client_id, tmp_path):
    release = _release(db, client_id, "file_pdf")
    document = pdf.text_document(release).toPlainText()
    assert "Ana" in document and SECRET_NOTE not in document and "555-0100" not in document
    folder = tmp_path / "exports"
    folder.mkdir()
    path = pdf.write_pdf(release, folder / "out.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    assert [p.name for p in folder.iterdir()] == ["out.pdf"]  # no temp file left behind


def test_printing_sends_the_same_document_to_the_printer(db, client_id, tmp_path):
    release = _release(db, client_id, "print")
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printing.print_release(release, printer)
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")


def test_a_print_release_cannot_become_a_pdf_file(db, client_id, tmp_path):
    release = _release(db, client_id, "print")
    with pytest.raises(WrongChannel):
        pdf.write_pdf(release, tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


def test_html_in_client_data_is_shown_as_text_not_markup(db, qapp, tmp_path):
    client = clients.create_client(db, "<b>Ana</b>")
    consent.record_consent(db, client_id=client.id, purpose="Shelter place", recipient="Safe Haven",
                           categories=("first_name",), method="written_signed", recorded_by="Sam",
                           recipient_contacts=["intake@example.org"])
    release = _release(db, client.id, "file_pdf")
    assert "<b>Ana</b>" in pdf.text_document(release).toPlainText()
