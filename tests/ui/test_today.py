"""The Today screen: overdue, due today and upcoming promises, each said in words as well as with an icon."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from desktop.core.records import clients, promises, retention
from desktop.ui.clients.today import TodayView
from desktop.ui.shell.context import DataKind

TODAY = date(2026, 11, 23)


def _view(qtbot, context):
    view = TodayView(context, today=lambda: TODAY)
    qtbot.addWidget(view)
    return view


def _texts(listing) -> list[str]:
    return [listing.item(row).text() for row in range(listing.count())]


def test_promises_are_grouped_by_when_they_are_due(qtbot, context):
    mei = clients.create_client(context.db, "Mei")
    promises.add_promise(context.db, mei.id, "Call back", date(2026, 11, 20))
    promises.add_promise(context.db, mei.id, "Find a clinic", TODAY, kind="follow_up")
    promises.add_promise(context.db, mei.id, "Book an interpreter", date(2026, 11, 26))
    view = _view(qtbot, context)
    overdue = _texts(view.lists["overdue"])
    assert overdue == [overdue[0]] and "Overdue by 3 days" in overdue[0] and "Mei" in overdue[0]
    assert "Due today" in _texts(view.lists["due_today"])[0]
    assert "Follow-up" in _texts(view.lists["due_today"])[0]
    assert "Book an interpreter" in _texts(view.lists["upcoming"])[0]
    assert not view.lists["overdue"].item(0).icon().isNull()  # an icon besides the words
    assert "1" in view.boxes["overdue"].title()


def test_done_and_archived_do_not_show(qtbot, context):
    mei = clients.create_client(context.db, "Mei")
    done = promises.add_promise(context.db, mei.id, "Call back", date(2026, 11, 20))
    promises.mark_done(context.db, done.id)
    ana = clients.create_client(context.db, "Ana")
    promises.add_promise(context.db, ana.id, "Clinic", date(2026, 11, 20))
    retention.archive_client(context.db, ana.id)
    view = _view(qtbot, context)
    assert _texts(view.lists["overdue"]) == ["Nothing overdue."]


def test_list_refreshes_when_promises_change(qtbot, context):
    view = _view(qtbot, context)
    mei = clients.create_client(context.db, "Mei")
    promises.add_promise(context.db, mei.id, "Call back", TODAY)
    context.events.changed(DataKind.PROMISES)
    assert "Call back" in _texts(view.lists["due_today"])[0]


def test_enter_on_a_promise_opens_the_client(qtbot, context):
    mei = clients.create_client(context.db, "Mei")
    promises.add_promise(context.db, mei.id, "Call back", TODAY)
    view = _view(qtbot, context)
    listing = view.lists["due_today"]
    with qtbot.waitSignal(context.events.navigate, timeout=1000) as caught:
        listing.itemActivated.emit(listing.item(0))
    assert caught.args == ["clients", {"client_id": mei.id}]


def test_marking_a_promise_kept_from_today(qtbot, monkeypatch, context):
    from PySide6.QtWidgets import QInputDialog

    mei = clients.create_client(context.db, "Mei")
    made = promises.add_promise(context.db, mei.id, "Call back", TODAY)
    view = _view(qtbot, context)
    assert not view.done_button.isEnabled()
    view.lists["due_today"].setCurrentRow(0)
    assert view.done_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Called her at 5", True))
    view.done_button.click()
    kept = promises.get_promise(context.db, made.id)
    assert (kept.status, kept.resolution_note) == ("done", "Called her at 5")
    assert _texts(view.lists["due_today"]) == ["Nothing due today."]


def test_years_of_overdue_promises_list_the_earliest_and_count_the_rest_in_sql(qtbot, context, monkeypatch):
    """Issue 21: Today read and listed every open promise, thousands overdue after years of work. Each group now
    lists at most MOST_LINES, the earliest due first, says how many more there are, and its title counts them all."""
    from desktop.core.vault.db import transaction
    from desktop.ui.clients import today as today_module

    monkeypatch.setattr(today_module, "MOST_LINES", 5)
    with transaction(context.db):
        for number in range(12):
            client = clients.create_client(context.db, f"Client {number:02}")
            promises.add_promise(context.db, client.id, f"Call back {number:02}", date(2026, 10, 1 + number))
        promises.add_promise(context.db, client.id, "Clinic", TODAY)
    statements: list[str] = []
    context.db.conn.set_trace_callback(statements.append)
    try:
        view = _view(qtbot, context)
    finally:
        context.db.conn.set_trace_callback(None)
    overdue = _texts(view.lists["overdue"])
    assert all(f"Call back {number:02}" in overdue[number] for number in range(5))
    assert "and 7 more" in overdue[5] and len(overdue) == 6
    assert not view.lists["overdue"].item(5).flags() & Qt.ItemFlag.ItemIsSelectable
    assert "12" in view.boxes["overdue"].title()
    assert len(_texts(view.lists["due_today"])) == 1 and "1" in view.boxes["due_today"].title()
    assert sum("FROM promises" in statement for statement in statements) <= 4   # three groups and one count
