"""The audit view: lists releases and refusals, filters them, warns about a broken chain naming the first bad
entry, and exports the log without client names (the export itself is logged)."""

from __future__ import annotations

import pytest

from desktop.core.consent import audit
from desktop.core.consent import consents as consent
from desktop.core.consent import gate as egress
from desktop.core.records import clients
from desktop.ui.consent import audit_view as audit_ui
from desktop.ui.shell.context import DataKind
from desktop.ui.shell.sections import SECTIONS
from tests.conftest import select_row


@pytest.fixture
def history(context):
    client_id = clients.create_client(context.db, "Zorana").id
    consent.record_consent(context.db, client_id=client_id, purpose="Shelter place", recipient="Safe Haven",
                           categories=("first_name",), method="written_signed", recorded_by="Sam")
    egress.release(context.db, client_id=client_id, recipient="Safe Haven", purpose="Shelter place",
                   categories=("first_name",), channel="clipboard", worker="Sam")
    with pytest.raises(egress.ConsentRequired):
        egress.release(context.db, client_id=client_id, recipient="Border agency", purpose="asked by phone",
                       categories=("first_name",), channel="email", worker="Sam", address="desk@border.example")
    return client_id


@pytest.fixture
def view(qtbot, context, history):
    widget = audit_ui.AuditView(context)
    qtbot.addWidget(widget)
    return widget


def _column(view, column: int) -> list[str]:
    return [view.model.index(row, column).data() for row in range(view.model.rowCount())]


def test_lists_releases_and_refusals_with_plain_words(view):
    assert _column(view, 2) == ["Shared", "Refused"]
    assert "recipient not agreed" in _column(view, 9)
    assert view.warning.isHidden()


def test_filters_narrow_the_list(view):
    view.outcome_filter.setCurrentIndex(view.outcome_filter.findData("refused"))
    assert _column(view, 6) == ["Border agency"]
    view.outcome_filter.setCurrentIndex(0)
    view.channel_filter.setCurrentIndex(view.channel_filter.findData("clipboard"))
    assert _column(view, 6) == ["Safe Haven"]


def test_a_tampered_log_shows_a_warning_naming_the_first_bad_entry(view, context):
    context.db.execute("DROP TRIGGER audit_log_no_update")
    context.db.execute("UPDATE audit_log SET recipient = 'Nobody' WHERE seq = 2")
    view.refresh()
    assert not view.warning.isHidden()
    assert "entry 2" in view.warning.text()
    assert "entry 2" in audit_ui.chain_warning(context)


def test_export_for_a_supervisor_has_no_client_names_and_is_logged(view, context, monkeypatch, tmp_path):
    target = tmp_path / "audit.csv"
    monkeypatch.setattr(audit_ui, "ask_export_path", lambda parent: target)
    assert view.export_for_supervisor() == target
    written = target.read_text(encoding="utf-8-sig")
    assert "Zorana" not in written
    assert written.splitlines()[0].startswith("seq,at,worker,client_ref")
    assert len(written.splitlines()) == 6  # header, two entries, a blank line, the head's number and hash
    assert written.splitlines()[-2:] == ["head_seq,2", f"head_hash,{audit.entries(context.db)[1].entry_hash}"]
    last = audit.entries(context.db)[-1]
    assert (last.basis, last.channel, last.client_id) == ("not_client_data", "file_csv", None)
    assert view.model.rowCount() == 3


def test_cancelled_export_writes_and_logs_nothing(view, context, monkeypatch):
    monkeypatch.setattr(audit_ui, "ask_export_path", lambda parent: None)
    assert view.export_for_supervisor() is None
    assert len(audit.entries(context.db)) == 2


def test_the_view_refreshes_when_something_is_shared(view, context, history):
    egress.release(context.db, client_id=history, recipient="Safe Haven", purpose="Shelter place",
                   categories=("first_name",), channel="clipboard", worker="Sam")
    context.events.changed(DataKind.AUDIT)
    assert view.model.rowCount() == 3


def test_audit_log_is_a_main_window_section_on_ctrl_6():
    section = next(s for s in SECTIONS if s.key == "audit")
    assert section.shortcut == "Ctrl+6" and section.title() == "Audit log"


def test_a_broken_chain_is_announced_after_unlock_with_a_way_to_the_audit_view(qtbot, context, history):
    assert audit_ui.warn_if_chain_broken(context) is None
    context.db.execute("DROP TRIGGER audit_log_no_delete")
    context.db.execute("DELETE FROM audit_log WHERE seq = 1")
    box = audit_ui.warn_if_chain_broken(context)
    qtbot.addWidget(box)
    assert box.isVisible() and "entry 1" in box.text()
    with qtbot.waitSignal(context.events.navigate) as navigated:
        next(b for b in box.buttons() if "audit log" in b.text()).click()
    assert navigated.args[0] == "audit"


def test_selecting_a_duty_to_report_entry_shows_why_and_what_the_person_was_told(view, context, history):
    egress.release_duty_to_report(
        context.db, client_id=history, reason="danger_to_others", justification="He said he would hurt his boss today.",
        recipient="Police", categories=("first_name",), channel="print", worker="Sam", client_told="Not yet: unsafe")
    view.refresh()
    select_row(view.table, 2)
    assert "hurt his boss" in view.detail.text() and "Not yet: unsafe" in view.detail.text()
    select_row(view.table, 0)
    assert "Entry 1" in view.detail.text() and "hurt" not in view.detail.text()


def _press_check_again(qtbot, view) -> str:
    from PySide6.QtCore import Qt

    view.check_result.setText("")
    qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(view.check_result.text()))
    return view.check_result.text()


def test_check_again_says_what_it_found_in_a_label_and_the_status_bar(qtbot, view, context):
    """It used to re-read the list silently: the worker could not tell it had checked anything."""
    messages = []
    context.events.status_message.connect(messages.append)
    found = _press_check_again(qtbot, view)
    assert "whole" in found and "2 entries" in found and found.startswith("Checked at")
    assert view.check_result.isVisibleTo(view)
    assert messages == [found]


def test_check_again_on_a_changed_log_names_the_first_bad_entry(qtbot, view, context):
    context.db.execute("DROP TRIGGER audit_log_no_update")
    context.db.execute("UPDATE audit_log SET recipient = 'Nobody' WHERE seq = 2")
    found = _press_check_again(qtbot, view)
    assert "entry 2" in found and "whole" not in found


def test_check_again_on_an_empty_log_says_there_is_nothing_yet(qtbot, context):
    widget = audit_ui.AuditView(context)
    qtbot.addWidget(widget)
    assert "empty" in _press_check_again(qtbot, widget)
