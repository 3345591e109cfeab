"""Promises: only promise what you can keep, and see what is due and overdue."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.core import clients, promises, retention, sessions
from desktop.core.promises import InvalidPromise

TODAY = date(2026, 11, 23)


@pytest.fixture
def client(db):
    return clients.create_client(db, "Mei")


def test_overdue_means_open_and_due_before_today(db, client):
    late = promises.add_promise(db, client.id, "Call back", date(2026, 11, 21))
    assert late.state(TODAY) == "overdue"
    assert late.days_overdue(TODAY) == 2
    assert promises.state_label(late, TODAY) == "Overdue by 2 days"
    assert promises.add_promise(db, client.id, "Clinic", TODAY).state(TODAY) == "due_today"
    assert promises.add_promise(db, client.id, "Book", date(2026, 11, 30)).state(TODAY) == "upcoming"


def test_done_promise_is_never_overdue(db, client):
    late = promises.add_promise(db, client.id, "Call back", date(2026, 11, 1))
    done = promises.mark_done(db, late.id, "Called on Monday")
    assert done.state(TODAY) == "done" and done.days_overdue(TODAY) == 0
    assert done.resolution_note == "Called on Monday" and done.resolved_at is not None


def test_cancelling_needs_a_reason_and_keeps_the_promise_open_without_one(db, client):
    item = promises.add_promise(db, client.id, "Find a clinic", TODAY)
    with pytest.raises(InvalidPromise):
        promises.mark_cancelled(db, item.id, "  ")
    assert promises.get_promise(db, item.id).status == "open"
    cancelled = promises.mark_cancelled(db, item.id, "Clinic closed; told her by phone")
    assert cancelled.status == "cancelled"
    assert promises.reopen(db, item.id).status == "open"


def test_promise_needs_text_and_a_real_date(db, client):
    with pytest.raises(InvalidPromise):
        promises.add_promise(db, client.id, " ", TODAY)
    with pytest.raises(InvalidPromise):
        promises.add_promise(db, client.id, "Call", "tomorrow")
    assert promises.promises_for_client(db, client.id) == []


def test_session_of_another_client_is_refused(db, client):
    other = clients.create_client(db, "Bo")
    session = sessions.create_session(db, other.id)
    with pytest.raises(InvalidPromise):
        promises.add_promise(db, client.id, "Call", TODAY, session_id=session.id)


def test_agenda_sorts_overdue_today_and_upcoming(db, client):
    late = promises.add_promise(db, client.id, "Call back", date(2026, 11, 20))
    now = promises.add_promise(db, client.id, "Clinic", TODAY, kind="follow_up")
    soon = promises.add_promise(db, client.id, "Interpreter", date(2026, 11, 27))
    promises.add_promise(db, client.id, "Far away", date(2027, 1, 1))
    done = promises.add_promise(db, client.id, "Done one", date(2026, 11, 1))
    promises.mark_done(db, done.id)
    board = promises.agenda(db, TODAY)
    assert [p.id for p in board.overdue] == [late.id]
    assert [p.id for p in board.due_today] == [now.id]
    assert [p.id for p in board.upcoming] == [soon.id]
    assert board.overdue[0].client_first_name == "Mei"


def test_archived_clients_leave_the_agenda(db, client):
    promises.add_promise(db, client.id, "Call back", date(2026, 11, 20))
    retention.archive_client(db, client.id)
    assert promises.agenda(db, TODAY).overdue == []


def test_client_promises_list_open_first(db, client):
    first = promises.add_promise(db, client.id, "A", date(2026, 11, 1))
    second = promises.add_promise(db, client.id, "B", date(2026, 12, 1))
    promises.mark_done(db, first.id)
    assert [p.id for p in promises.promises_for_client(db, client.id)] == [second.id]
    assert [p.id for p in promises.promises_for_client(db, client.id, include_closed=True)] == [second.id, first.id]


def test_upcoming_label_says_how_many_days(db, client):
    soon = promises.add_promise(db, client.id, "Book", date(2026, 11, 24))
    assert promises.state_label(soon, TODAY) == "Due in 1 day"
