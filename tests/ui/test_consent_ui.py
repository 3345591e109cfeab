"""The Consent panel, the conversational record dialog, withdrawal, sharing through the gate, the refusal
dialog and the duty-to-report dialog, driven as a worker would."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from PySide6.QtGui import QGuiApplication

from desktop.core.consent import audit
from desktop.core.consent import consents as consent
from desktop.core.consent import gate as egress
from desktop.core.records import clients, sessions
from desktop.ui.consent import share_delivery
from desktop.ui.consent import share_dialogs as egress_dialogs
from desktop.ui.consent.consent_panel import ConsentPanel, RecordConsentDialog
from desktop.ui.shell.context import DataKind
from desktop.ui.widgets.operations import wait_for_running

SECRET_NOTE = "Manager keeps her passport"


@pytest.fixture
def client_id(context) -> int:
    client = clients.create_client(context.db, "Ana", safe_contact="555-0100", languages=["es"])
    session = sessions.create_session(context.db, client.id, language="es")
    sessions.save_notes(context.db, session.id, SECRET_NOTE)
    return client.id


@pytest.fixture
def panel(qtbot, context, client_id):
    widget = ConsentPanel(context, client_id)
    qtbot.addWidget(widget)
    return widget


def _give(db, client_id, **overrides):
    fields = dict(client_id=client_id, purpose="Shelter place", recipient="Safe Haven Shelter",
                  categories=("first_name", "language_needs"), method="written_signed", recorded_by="Sam",
                  recipient_contacts=["intake@example.org"])
    fields.update(overrides)
    return consent.record_consent(db, **fields)


def _answer_all(dialog: RecordConsentDialog) -> None:
    dialog.recipient_edit.setText("Safe Haven Shelter")
    dialog.next_step()
    dialog.purpose_edit.setText("a shelter place")
    dialog.next_step()
    dialog.category_boxes["first_name"].setChecked(True)
    dialog.next_step()
    dialog.help_box.setChecked(True)
    dialog.risks_box.setChecked(True)
    dialog.next_step()
    dialog.interpreter_edit.setText("Lucía")
    dialog.language_edit.set_tag("es")
    dialog.next_step()
    dialog.duration_once.setChecked(True)
    dialog.next_step()


def test_recording_consent_asks_one_question_at_a_time_and_reads_it_back(qtbot, panel, context, client_id):
    dialog = panel.record_consent()
    qtbot.addWidget(dialog)
    assert dialog.current_step() == 0
    dialog.next_step()
    assert dialog.current_step() == 0 and "who would receive" in dialog.error.text()
    _answer_all(dialog)
    assert dialog.current_step() == 6
    assert "Sam shares your first name with Safe Haven Shelter" in dialog.readback.text()
    assert "this one time only" in dialog.readback.text()
    dialog.next_step()
    [saved] = consent.consents_for_client(context.db, client_id)
    assert saved.single_use and saved.interpreter_name == "Lucía" and saved.explained_language == "es"
    assert saved.help_not_conditional_explained and saved.recorded_by == "Sam"
    assert panel.model.rowCount() == 1
    assert "Allows sharing First name with Safe Haven Shelter once" in panel.detail.text()


def test_consent_is_not_asked_before_saying_help_does_not_depend_on_it(qtbot, panel):
    dialog = panel.record_consent()
    qtbot.addWidget(dialog)
    dialog.recipient_edit.setText("Clinic")
    dialog.next_step()
    dialog.purpose_edit.setText("a check-up")
    dialog.next_step()
    dialog.category_boxes["first_name"].setChecked(True)
    dialog.next_step()
    dialog.next_step()
    assert dialog.current_step() == 3 and "help does not depend" in dialog.error.text()


def test_panel_shows_active_expired_and_withdrawn_in_words(qtbot, context, client_id):
    from datetime import UTC, datetime, timedelta

    _give(context.db, client_id, given_at=datetime.now(UTC) - timedelta(days=200))
    withdrawn = _give(context.db, client_id, recipient="Legal Clinic")
    consent.withdraw(context.db, withdrawn.id, "Phoned to say no")
    _give(context.db, client_id, recipient="Clinic B")
    panel = ConsentPanel(context, client_id)
    qtbot.addWidget(panel)
    states = {panel.model.index(row, 0).data() for row in range(panel.model.rowCount())}
    assert states == {"Active", "Expired", "Withdrawn"}


def test_withdrawing_from_the_panel_stops_sharing(qtbot, panel, context, client_id):
    _give(context.db, client_id)
    panel.refresh()
    dialog = panel.withdraw_selected()
    qtbot.addWidget(dialog)
    dialog.note_edit.setText("Said no on the phone")
    dialog.confirm()
    assert consent.status(consent.consents_for_client(context.db, client_id)[0]) == "withdrawn"
    assert "Withdrawn on" in panel.detail.text()
    assert not panel.withdraw_button.isEnabled()


def test_sharing_without_consent_shows_the_refusal_and_offers_to_record_consent(qtbot, context, client_id):
    dialog = egress_dialogs.share_client_data(context, client_id)
    qtbot.addWidget(dialog)
    dialog.set_channel("clipboard")
    dialog.recipient_combo.setEditText("Safe Haven Shelter")
    dialog.purpose_edit.setText("Shelter place")
    dialog.category_boxes["first_name"].setChecked(True)
    dialog.share()
    wait_for_running()  # files and printouts are written on a worker thread
    refusal = dialog.refusal_dialog
    assert refusal is not None and refusal.isVisible()
    assert refusal.refusal.reason == "no_consent"
    assert audit.entries(context.db)[-1].outcome == "refused"
    recorder = refusal.record_consent_now()
    qtbot.addWidget(recorder)
    assert recorder.recipient_edit.text() == "Safe Haven Shelter"
    assert recorder.category_boxes["first_name"].isChecked()
    for _step in range(4):
        recorder.next_step()
    recorder.help_box.setChecked(True)
    recorder.next_step()
    recorder.method_buttons["written_signed"].setChecked(True)
    recorder.next_step()
    recorder.next_step()
    recorder.next_step()
    assert recorder.saved_consent is not None
    assert "Allows sharing First name with Safe Haven Shelter" in dialog.allowed_note.text()
    dialog.share()
    wait_for_running()  # files and printouts are written on a worker thread
    assert "Ana" in QGuiApplication.clipboard().text()
    assert [e.outcome for e in audit.entries(context.db)] == ["refused", "released"]


def test_copy_with_consent_puts_only_the_allowed_fields_on_the_clipboard(qtbot, context, client_id):
    _give(context.db, client_id)
    dialog = egress_dialogs.copy_client_data(context, client_id)
    qtbot.addWidget(dialog)
    assert dialog.channel() == "clipboard"
    assert dialog.recipient_combo.currentText() == "Safe Haven Shelter"
    dialog.share()
    wait_for_running()  # files and printouts are written on a worker thread
    copied = QGuiApplication.clipboard().text()
    assert "Ana" in copied and SECRET_NOTE not in copied and "555-0100" not in copied
    assert context.clipboard.holds_harbour_text()
    assert audit.entries(context.db)[-1].outcome == "released"


def test_email_draft_carries_only_released_fields(qtbot, context, client_id, monkeypatch):
    opened = []
    monkeypatch.setattr(share_delivery, "open_url", lambda url: opened.append(url) or True)  # a mail program opened
    _give(context.db, client_id, categories=("first_name",))
    dialog = egress_dialogs.share_client_data(context, client_id)
    qtbot.addWidget(dialog)
    dialog.set_channel("email")
    dialog.recipient_combo.setEditText("Safe Haven Shelter")
    assert [dialog.address_combo.itemText(i) for i in range(dialog.address_combo.count())] == ["intake@example.org"]
    dialog.share()
    wait_for_running()  # files and printouts are written on a worker thread
    [url] = opened
    assert url.startswith("mailto:intake@example.org?")
    body = parse_qs(urlsplit(url).query)["body"][0]
    assert "Ana" in body and "Spanish" not in body and SECRET_NOTE not in body


def test_saving_a_file_writes_only_allowed_fields_and_cancel_writes_nothing(qtbot, context, client_id, monkeypatch,
                                                                           tmp_path):
    _give(context.db, client_id)
    dialog = egress_dialogs.share_client_data(context, client_id)
    qtbot.addWidget(dialog)
    dialog.set_channel("file_text")
    monkeypatch.setattr(share_delivery, "ask_save_path", lambda parent, channel: None)
    dialog.share()
    wait_for_running()  # files and printouts are written on a worker thread
    assert audit.entries(context.db) == []
    target = tmp_path / "referral.txt"
    monkeypatch.setattr(share_delivery, "ask_save_path", lambda parent, channel: target)
    dialog.share()
    wait_for_running()  # files and printouts are written on a worker thread
    written = target.read_text(encoding="utf-8")
    assert "Ana" in written and SECRET_NOTE not in written


def test_duty_to_report_says_it_overrides_refusal_and_needs_a_justification(qtbot, context, client_id, monkeypatch,
                                                                            tmp_path):
    dialog = egress_dialogs.DutyToReportDialog(context, client_id, channel="file_text")
    qtbot.addWidget(dialog)
    dialog.show()
    texts = " ".join(label.text() for label in dialog.findChildren(egress_dialogs.QLabel))
    assert "overrides the person's refusal" in texts
    assert "911" in dialog.protocol_view.text.toPlainText()
    target = tmp_path / "report.txt"
    monkeypatch.setattr(share_delivery, "ask_save_path", lambda parent, channel: target)
    dialog.recipient_edit.setText("Helpline for Children")
    dialog.told_edit.setText("Told her before calling")
    dialog.reason_combo.setCurrentIndex(dialog.reason_combo.findData("minor"))
    dialog.justification_edit.setPlainText("too short")
    dialog.report()
    wait_for_running()  # files and printouts are written on a worker thread
    assert "at least 20" in dialog.error.text() and audit.entries(context.db) == []
    dialog.justification_edit.setPlainText("She said she is 15 and sleeps at the worksite.")
    dialog.report()
    wait_for_running()  # files and printouts are written on a worker thread
    [entry] = audit.entries(context.db)
    assert entry.basis == "duty_to_report" and entry.duty_reason == "minor"
    assert "Ana" in target.read_text(encoding="utf-8")


def test_a_minor_client_preselects_the_child_reason(qtbot, context):
    minor = clients.create_client(context.db, "Lia", age_group="minor").id
    dialog = egress_dialogs.DutyToReportDialog(context, minor)
    qtbot.addWidget(dialog)
    assert dialog.reason_combo.currentData() == "minor"


def test_the_protocol_can_be_edited_from_the_duty_dialog(qtbot, context, client_id):
    from desktop.core.consent import duty_to_report as reporting

    dialog = egress_dialogs.DutyToReportDialog(context, client_id)
    qtbot.addWidget(dialog)
    editor = dialog.protocol_view.edit_protocol()
    qtbot.addWidget(editor)
    editor.contacts.setItem(5, 0, _cell("Our on-call supervisor"))
    editor.contacts.setItem(5, 1, _cell("555-0199"))
    editor.save()
    assert reporting.Contact("Our on-call supervisor", "555-0199") in reporting.get_protocol(context.db).contacts
    assert "555-0199" in dialog.protocol_view.text.toPlainText()


def _cell(value: str):
    from PySide6.QtWidgets import QTableWidgetItem

    return QTableWidgetItem(value)


def test_gate_refusal_reasons_are_sentences(context, client_id):
    with pytest.raises(egress.ConsentRequired) as refused:
        egress.release(context.db, client_id=client_id, recipient="X", purpose="y", categories=["first_name"],
                       channel="print", worker="Sam")
    assert str(refused.value).endswith(".")


def test_every_control_in_the_consent_and_sharing_screens_has_a_name(qtbot, context, client_id):
    from desktop.ui.consent.audit_view import AuditView
    from desktop.ui.consent.duty_widgets import ProtocolDialog
    from tests.ui.test_theme_and_accessibility import unlabelled

    for widget in (ConsentPanel(context, client_id), RecordConsentDialog(context, client_id),
                   egress_dialogs.ShareDialog(context, client_id),
                   egress_dialogs.DutyToReportDialog(context, client_id), ProtocolDialog(context), AuditView(context)):
        qtbot.addWidget(widget)
        assert unlabelled(widget) == [], type(widget).__name__


def test_reports_made_without_consent_are_shown_apart_from_consents(qtbot, panel, context, client_id):
    assert panel.disclosures.isHidden()
    egress.release_duty_to_report(
        context.db, client_id=client_id, reason="danger_to_self",
        justification="She said she would end her life tonight.", recipient="Crisis line",
        categories=("first_name",), channel="print", worker="Sam", client_told="Told her before calling")
    context.events.changed(DataKind.AUDIT)
    assert not panel.disclosures.isHidden()
    assert "reported to Crisis line without consent" in panel.disclosures.text()
    assert "Told her before calling" in panel.disclosures.text()
    assert panel.model.rowCount() == 0
