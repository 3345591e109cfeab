"""A write that fails after the consent gate released (a full disk, no permission), on every screen that writes a
Release: the worker reads one plain sentence, the audit log keeps the release and adds a "release_failed" entry
naming it, the chain verifies, and the audit view and the supervisor CSV say it was not sent."""

from __future__ import annotations

import csv
import errno
import io

import pytest

from desktop.core.common import files
from desktop.core.consent import audit
from desktop.core.consent import consents as consent
from desktop.core.records import clients, sessions
from desktop.ui.consent import audit_view as audit_ui
from desktop.ui.consent import share_delivery
from desktop.ui.consent import share_dialogs as egress_dialogs
from desktop.ui.widgets.operations import wait_for_running

SECRET_NOTE = "Manager keeps her passport"


def _refuse_writes(monkeypatch, error: OSError) -> None:
    """Every exporter writes through files.write_atomically, which opens its temp file with os.fdopen."""
    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(files.os, "fdopen", refuse)


def _disk_full(monkeypatch) -> None:
    _refuse_writes(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))


def _assert_logged_as_not_sent(db, *, basis: str) -> audit.AuditEntry:
    """The last two entries: the release, then the failure that names it."""
    release_entry, failure = audit.entries(db)[-2:]
    assert (release_entry.outcome, release_entry.basis) == ("released", basis)
    assert (failure.outcome, failure.release_seq, failure.basis) == ("release_failed", release_entry.seq, basis)
    assert audit.verify(db).ok
    return failure


def _assert_plain(message: str, reason: str = "the disk is full") -> None:
    assert message.startswith(f"The file could not be saved: {reason}.") and "Nothing was shared" in message
    assert "Errno" not in message and "No space left" not in message and "Ana" not in message


@pytest.fixture
def client_id(context) -> int:
    client = clients.create_client(context.db, "Ana", languages=["es"])
    sessions.save_notes(context.db, sessions.create_session(context.db, client.id).id, SECRET_NOTE)
    consent.record_consent(context.db, client_id=client.id, purpose="Shelter place", recipient="Safe Haven",
                           categories=("first_name",), method="written_signed", recorded_by="Sam",
                           recipient_contacts=["intake@example.org"])
    return client.id


@pytest.mark.parametrize("channel", ["file_text", "file_csv", "file_pdf"])
def test_a_share_on_a_full_disk_is_logged_as_not_sent_and_said_plainly(qtbot, context, client_id, monkeypatch,
                                                                       tmp_path, channel):
    dialog = egress_dialogs.share_client_data(context, client_id)
    qtbot.addWidget(dialog)
    dialog.set_channel(channel)
    target = tmp_path / "referral"
    monkeypatch.setattr(share_delivery, "ask_save_path", lambda parent, chosen: target)
    _disk_full(monkeypatch)
    dialog.share()
    wait_for_running()  # files and printouts are written on a worker thread
    _assert_plain(dialog.error.text())
    assert dialog.isVisible() and not target.exists()
    failure = _assert_logged_as_not_sent(context.db, basis="consent")
    assert failure.failure_reason == "disk_full" and failure.client_id == client_id


def test_a_duty_to_report_file_that_cannot_be_written_says_why_in_words(qtbot, context, client_id, monkeypatch,
                                                                        tmp_path):
    dialog = egress_dialogs.DutyToReportDialog(context, client_id, channel="file_text")
    qtbot.addWidget(dialog)
    dialog.show()
    monkeypatch.setattr(share_delivery, "ask_save_path", lambda parent, channel: tmp_path / "report.txt")
    dialog.recipient_edit.setText("Helpline for Children")
    dialog.told_edit.setText("Told her before calling")
    dialog.reason_combo.setCurrentIndex(dialog.reason_combo.findData("minor"))
    dialog.justification_edit.setPlainText("She said she is 15 and sleeps at the worksite.")
    _refuse_writes(monkeypatch, PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "report.txt")))
    dialog.report()
    wait_for_running()  # files and printouts are written on a worker thread
    _assert_plain(dialog.error.text(), "permission denied")
    assert str(tmp_path) not in dialog.error.text()
    assert _assert_logged_as_not_sent(context.db, basis="duty_to_report").failure_reason == "permission_denied"


@pytest.fixture
def failed_share(qtbot, context, client_id, monkeypatch, tmp_path):
    """A text-file share that failed on a full disk; the disk is fine again afterwards."""
    dialog = egress_dialogs.share_client_data(context, client_id)
    qtbot.addWidget(dialog)
    dialog.set_channel("file_text")
    monkeypatch.setattr(share_delivery, "ask_save_path", lambda parent, chosen: tmp_path / "referral.txt")
    with monkeypatch.context() as patch:
        _disk_full(patch)
        dialog.share()
        wait_for_running()  # files and printouts are written on a worker thread
    return audit.entries(context.db)[-1]


def test_the_audit_view_says_not_sent_in_plain_words(qtbot, context, failed_share):
    view = audit_ui.AuditView(context)
    qtbot.addWidget(view)
    outcomes = [view.model.index(row, 2).data() for row in range(view.model.rowCount())]
    assert outcomes == ["Allowed, not sent", "Not sent"]
    assert view.model.index(1, 9).data() == f"file not written: the disk is full (entry {failed_share.release_seq})"
    assert entry_detail_says_not_sent(context, failed_share)
    view.outcome_filter.setCurrentIndex(view.outcome_filter.findData("release_failed"))
    assert view.model.rowCount() == 1


def entry_detail_says_not_sent(context, failure) -> bool:
    detail = audit_ui.entry_detail(context, failure)
    return detail.startswith(f"Entry {failure.seq}. Not sent: the file could not be written (the disk is full)")


def test_the_supervisor_export_includes_the_failure(qtbot, context, failed_share, monkeypatch, tmp_path):
    view = audit_ui.AuditView(context)
    qtbot.addWidget(view)
    target = tmp_path / "audit.csv"
    monkeypatch.setattr(audit_ui, "ask_export_path", lambda parent: target)
    assert view.export_for_supervisor() == target
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert any((row["outcome"], row["release_seq"], row["failure_reason"]) == (
        "release_failed", str(failed_share.release_seq), "disk_full") for row in rows)
    assert "Ana" not in target.read_text(encoding="utf-8-sig")


def _export_on_a_full_disk(context, monkeypatch, tmp_path, screen_module, export) -> str:
    """Runs a screen's export (asking for tmp_path/out.csv) on a full disk; returns the status bar's sentence."""
    messages = []
    context.events.status_message.connect(messages.append)
    monkeypatch.setattr(screen_module, "ask_export_path", lambda parent: tmp_path / "out.csv")
    _disk_full(monkeypatch)
    assert export() is None
    _assert_logged_as_not_sent(context.db, basis="not_client_data")
    return messages[-1]


def test_a_supervisor_export_on_a_full_disk_is_logged_as_not_sent(qtbot, context, monkeypatch, tmp_path):
    view = audit_ui.AuditView(context)
    qtbot.addWidget(view)
    _assert_plain(_export_on_a_full_disk(context, monkeypatch, tmp_path, audit_ui, view.export_for_supervisor))
    assert [view.model.index(row, 2).data() for row in range(view.model.rowCount())] == [
        "Allowed, not sent", "Not sent"]


def test_a_roster_export_on_a_full_disk_is_logged_as_not_sent(qtbot, context, monkeypatch, tmp_path):
    from desktop.ui.interpreters import directory_view as screen

    view = screen.InterpretersView(context)
    qtbot.addWidget(view)
    _assert_plain(_export_on_a_full_disk(context, monkeypatch, tmp_path, screen, view.export_roster))


def test_a_handout_on_a_full_disk_is_logged_as_not_sent(qtbot, context, monkeypatch, tmp_path):
    from desktop.ui.scripts import script_output
    from desktop.ui.scripts.scripts_view import ScriptsView

    view = ScriptsView(context)
    qtbot.addWidget(view)
    view.handle_navigation({"language": "hi", "script": "stop"})
    warnings = []
    monkeypatch.setattr(script_output.QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    _disk_full(monkeypatch)
    view.save_handout_pdf(str(tmp_path / "handout.pdf"))
    wait_for_running()  # the PDF is laid out and written on a worker thread
    assert not (tmp_path / "handout.pdf").exists()
    _assert_plain(warnings[-1])
    _assert_logged_as_not_sent(context.db, basis="not_client_data")


def test_a_calendar_file_on_a_full_disk_is_logged_as_not_sent(qtbot, context, monkeypatch, tmp_path):
    from datetime import datetime

    from desktop.core.interpreters import bookings as core
    from desktop.core.interpreters.directory import Interpreter, save_interpreter
    from desktop.ui.bookings import booking_dialogs
    from desktop.ui.bookings.bookings_section import BookingsView

    client = clients.create_client(context.db, "Mei", languages=["yue-HK"])
    wing = save_interpreter(context.db, Interpreter(name="Wing Example", languages=["yue-HK", "en"],
                                                    modalities=["in_person"]))
    zone = "America/Toronto"
    booking = core.create_booking(context.db, client_id=client.id, interpreter_id=wing.id, timezone=zone,
                                  starts_at=core.local_moment(datetime(2026, 12, 3, 14), zone),
                                  ends_at=core.local_moment(datetime(2026, 12, 3, 15), zone), place="Harbour office",
                                  language="yue-HK")
    monkeypatch.setattr(booking_dialogs, "show_dialog", lambda dialog: None)
    view = BookingsView(context)
    qtbot.addWidget(view)
    view.open_booking(booking.id)
    monkeypatch.setattr(booking_dialogs, "ask_ics_path", lambda parent: tmp_path / "booking.ics")
    _disk_full(monkeypatch)
    assert view.editor.export_ics() is None
    _assert_plain(view.editor.warning.text())
    assert _assert_logged_as_not_sent(context.db, basis="not_client_data").channel == "calendar"


@pytest.mark.parametrize("opened", [False, True])
def test_an_email_draft_no_mail_program_opened_is_logged_as_not_sent_and_said_plainly(qtbot, context, client_id,
                                                                                      monkeypatch, opened):
    from PySide6.QtGui import QDesktopServices

    asked = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: asked.append(url.toString()) or opened)
    dialog = egress_dialogs.share_client_data(context, client_id)
    qtbot.addWidget(dialog)
    dialog.set_channel("email")
    dialog.address_combo.setCurrentIndex(dialog.address_combo.findData("intake@example.org"))
    dialog.share()
    wait_for_running()  # files and printouts are written on a worker thread
    assert [url.split("?")[0] for url in asked] == ["mailto:intake@example.org"]
    if opened:
        assert dialog.error.text() == "" and audit.entries(context.db)[-1].outcome == "released"
        return
    assert dialog.error.text() == "No e-mail program opened. Nothing was shared."
    failure = _assert_logged_as_not_sent(context.db, basis="consent")
    assert failure.failure_reason == "no_mail_program" and failure.client_id == client_id
    assert audit_ui.entry_detail(context, failure) == (
        f"Entry {failure.seq}. Not sent: no e-mail program opened the draft, so nothing from entry "
        f"{failure.release_seq} left the computer.")
    view = audit_ui.AuditView(context)
    qtbot.addWidget(view)
    assert view.model.index(1, 9).data() == f"e-mail draft not opened: no e-mail program (entry {failure.release_seq})"
