"""Correcting and reopening a promise from every list that shows promises: the client page, the session editor and
Today. The dialog opens with the stored values; a change shows at once on the other screens."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.core.records import clients, promises, sessions
from desktop.ui.clients.client_page import ClientPage
from desktop.ui.clients.promise_dialog import PromiseEditDialog
from desktop.ui.clients.session_editor import SessionEditor
from desktop.ui.clients.today import TodayView
from desktop.ui.shell.context import DataKind

TODAY = date(2026, 11, 23)


@pytest.fixture
def mei(context):
    return clients.create_client(context.db, "Mei")


@pytest.fixture
def page(qtbot, context, mei):
    widget = ClientPage(context, mei.id, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def today_view(qtbot, context):
    view = TodayView(context, today=lambda: TODAY)
    qtbot.addWidget(view)
    return view


def _answer_dialog(monkeypatch, **typed) -> list[dict]:
    """Replaces the modal exec: records what the dialog showed, types ``typed`` and presses Save."""
    shown: list[dict] = []

    def run(dialog: PromiseEditDialog) -> int:
        shown.append({"text": dialog.text.text(), "kind": dialog.kind.currentData(), "due": dialog.chosen_due(),
                      "error": dialog.error})
        if "text" in typed:
            dialog.text.setText(typed["text"])
        if "kind" in typed:
            dialog.kind.setCurrentIndex(dialog.kind.findData(typed["kind"]))
        if "due" in typed:
            due = typed["due"]
            dialog.due.setDate(dialog.due.date().fromString(due.isoformat(), Qt.DateFormat.ISODate))
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(PromiseEditDialog, "exec", run)
    return shown


def _texts(listing) -> list[str]:
    return [listing.item(row).text() for row in range(listing.count())]


def test_edit_on_the_client_page_opens_prefilled_and_shows_the_change_on_today(
        qtbot, monkeypatch, context, mei, page, today_view):
    made = promises.add_promise(context.db, mei.id, "Cal the clinc", date(2026, 11, 30))
    context.events.changed(DataKind.PROMISES)
    page.reload()  # what the Clients section does on that signal
    assert _texts(today_view.lists["due_today"]) == ["Nothing due today."]
    shown = _answer_dialog(monkeypatch, text="Call the clinic", kind="follow_up", due=TODAY)
    panel = page.promises
    panel.list.setCurrentRow(0)
    assert panel.edit_button.isEnabled() and panel.edit_button.accessibleName() == "Edit the selected promise"
    panel.edit_button.click()
    assert shown[0]["text"] == "Cal the clinc" and shown[0]["kind"] == "promise"
    assert shown[0]["due"] == date(2026, 11, 30)
    stored = promises.get_promise(context.db, made.id)
    assert (stored.text, stored.kind, stored.due_on) == ("Call the clinic", "follow_up", TODAY)
    assert "Follow-up: Call the clinic" in panel.list.item(0).text()
    assert "Call the clinic" in _texts(today_view.lists["due_today"])[0]  # Today followed without a reload
    assert panel.selected_id() == made.id  # the corrected promise stays selected


def test_a_refused_correction_says_why_and_keeps_the_promise(qtbot, monkeypatch, context, mei, page):
    made = promises.add_promise(context.db, mei.id, "Call back", date(2026, 11, 30))
    page.reload()
    shown = _answer_dialog(monkeypatch, text="   ")
    page.promises.list.setCurrentRow(0)
    page.promises.edit_selected()
    assert shown[0]["error"].isVisibleTo(shown[0]["error"].parentWidget())
    assert "promised" in shown[0]["error"].text()
    assert promises.get_promise(context.db, made.id) == made
    assert "Call back" in page.promises.list.item(0).text()


def test_reopen_on_the_client_page_shows_done_ones_on_request(qtbot, context, mei, page, today_view):
    made = promises.add_promise(context.db, mei.id, "Call back", TODAY)
    promises.mark_done(context.db, made.id, "By mistake")
    context.events.changed(DataKind.PROMISES)
    page.reload()
    panel = page.promises
    assert _texts(panel.list) == ["No open promises."] and not panel.reopen_button.isEnabled()
    panel.show_closed.setChecked(True)
    assert "Done" in panel.list.item(0).text()
    panel.list.setCurrentRow(0)
    assert panel.reopen_button.isEnabled() and not panel.done_button.isEnabled()
    panel.reopen_button.click()
    assert promises.get_promise(context.db, made.id).status == "open"
    assert "Due today" in panel.list.item(0).text()
    assert "Call back" in _texts(today_view.lists["due_today"])[0]
    assert not panel.reopen_button.isEnabled() and panel.done_button.isEnabled()


def test_the_session_panel_offers_edit_and_reopen_by_keyboard_and_context_menu(qtbot, monkeypatch, context, mei):
    session = sessions.create_session(context.db, mei.id)
    made = promises.add_promise(context.db, mei.id, "Book an interpreter", TODAY, session_id=session.id)
    promises.mark_cancelled(context.db, made.id, "Wrong client")
    editor = SessionEditor(context, session.id)
    qtbot.addWidget(editor)
    editor.show()
    panel = editor.promises
    assert not panel.show_closed.isVisible()  # a session's list already shows done and cancelled ones
    panel.list.setCurrentRow(0)
    menu = {action.text(): action for action in panel.list.actions()}
    assert panel.list.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert menu["Reopen"].isEnabled() and not menu["&Mark done"].isEnabled()
    menu["Reopen"].trigger()
    assert promises.get_promise(context.db, made.id).status == "open"
    shown = _answer_dialog(monkeypatch, text="Book a Cantonese interpreter")
    panel.list.setFocus()
    qtbot.waitUntil(panel.list.hasFocus, timeout=1000)
    qtbot.keyClick(panel.list, Qt.Key.Key_F2)
    assert shown and shown[0]["text"] == "Book an interpreter"
    assert promises.get_promise(context.db, made.id).text == "Book a Cantonese interpreter"


def test_edit_from_today_moves_the_promise_to_its_new_day(qtbot, monkeypatch, context, mei, today_view):
    made = promises.add_promise(context.db, mei.id, "Call back", date(2026, 11, 20))
    today_view.reload()
    assert not today_view.edit_button.isEnabled()
    today_view.lists["overdue"].setCurrentRow(0)
    assert today_view.edit_button.isEnabled()
    shown = _answer_dialog(monkeypatch, due=date(2026, 11, 26))
    today_view.edit_button.click()
    assert shown[0]["due"] == date(2026, 11, 20)
    assert promises.get_promise(context.db, made.id).due_on == date(2026, 11, 26)
    assert _texts(today_view.lists["overdue"]) == ["Nothing overdue."]
    assert "Call back" in _texts(today_view.lists["upcoming"])[0]


def test_the_dialog_names_its_fields_and_limits_the_date(qtbot, context, mei):
    from tests.ui.test_theme_and_accessibility import _visible_mnemonics_in, unlabelled

    made = promises.add_promise(context.db, mei.id, "Call back", TODAY)
    dialog = PromiseEditDialog(context, made.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert unlabelled(dialog) == []
    assert all(len(owners) == 1 for owners in _visible_mnemonics_in(dialog).values())
    assert [w.accessibleName() for w in (dialog.kind, dialog.text, dialog.due)] == [
        "Promise or follow-up", "What was promised", "Due date"]
    assert dialog.due.maximumDate().year() == promises.latest_due().year
    assert dialog.due.minimumDate().year() == promises.EARLIEST_DUE.year


def test_f2_on_a_today_list_opens_the_correction(qtbot, monkeypatch, context, mei, today_view):
    """Each of Today's three lists has its own F2 (and Ctrl+D): keys bound to the list, not the window, which
    would make three identical shortcuts ambiguous and none of them work."""
    promises.add_promise(context.db, mei.id, "Call back", date(2026, 11, 20))
    promises.add_promise(context.db, mei.id, "Find a clinic", TODAY)
    today_view.show()
    today_view.reload()
    listing = today_view.lists["due_today"]
    listing.setCurrentRow(0)
    listing.setFocus()
    qtbot.waitUntil(listing.hasFocus, timeout=1000)
    shown = _answer_dialog(monkeypatch, text="Find a clinic near the station")
    qtbot.keyClick(listing, Qt.Key.Key_F2)
    assert [item["text"] for item in shown] == ["Find a clinic"]
    assert "near the station" in _texts(today_view.lists["due_today"])[0]
