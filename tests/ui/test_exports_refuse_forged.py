"""Every exporter that writes outside refuses a Release the consent gate did not make: nothing is written,
printed, opened or copied. (tests/core/test_egress.py covers text, CSV, mailto and the clipboard; these are the
Qt ones, the booking channels and the handout.)"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtPrintSupport import QPrinter

from desktop.core.consent import gate as egress
from desktop.core.interpreters.booking_sharing import BookingFacts
from desktop.exports import booking_request, handout, ics, pdf, printing
from desktop.exports.common import NotReleased

NOTE = "FORGED-Ana sleeps at the back of the salon"


def _forged(channel: str, **fields) -> egress.Release:
    return egress.Release(fields or {"full_notes": NOTE}, 1, "Anyone", "x", channel, "consent", 1, 1)


def _facts() -> BookingFacts:
    start = datetime(2026, 12, 1, 10, tzinfo=UTC)
    return BookingFacts(
        booking_id=7, uid="harbour-booking-7@harbour.invalid", language="es", gender_preference="any",
        modality="phone", starts_at=start, ends_at=start + timedelta(hours=1), timezone="UTC", when_text="1 Dec",
        place="", call_details="", status="draft", recipient="Interpreter", recipient_email="", organisation="Org",
        worker="Sam")


@pytest.fixture
def printer_to_file(tmp_path):
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    return printer


def test_pdf_and_print_refuse_a_hand_made_release(qapp, tmp_path, printer_to_file):
    with pytest.raises(NotReleased):
        pdf.write_pdf(_forged("file_pdf"), tmp_path / "notes.pdf")
    with pytest.raises(NotReleased):
        printing.print_release(_forged("print"), printer_to_file)
    assert list(tmp_path.iterdir()) == []


def test_calendar_and_booking_request_refuse_a_hand_made_release(qapp):
    facts = _facts()
    with pytest.raises(NotReleased):
        ics.booking_calendar(_forged("calendar", first_name="Ana"), facts)
    for build in (booking_request.request_text, booking_request.request_mailto):
        with pytest.raises(NotReleased):
            build(_forged("booking_request", first_name="Ana"), facts)


def test_the_handout_refuses_a_hand_made_release(qapp, tmp_path, printer_to_file):
    html = f"<p>{NOTE}</p>"
    with pytest.raises(NotReleased):
        handout.write_pdf(_forged("file_pdf", content=html), str(tmp_path / "handout.pdf"))
    with pytest.raises(NotReleased):
        handout.print_release(_forged("print", content=html), printer_to_file)
    assert list(tmp_path.iterdir()) == []


def test_a_genuine_handout_release_changed_afterwards_is_refused(context, tmp_path):
    genuine = egress.release_not_client_data(context.db, description="Blank script", recipient="the client",
                                             channel="file_pdf", worker="Sam", content="<p>Hello</p>")
    altered = dataclasses.replace(genuine, fields={"content": f"<p>{NOTE}</p>"})
    with pytest.raises(NotReleased):
        handout.write_pdf(altered, str(tmp_path / "handout.pdf"))
    handout.write_pdf(genuine, str(tmp_path / "handout.pdf"))
    assert (tmp_path / "handout.pdf").stat().st_size > 0
