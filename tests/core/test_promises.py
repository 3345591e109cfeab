"""Promises: only promise what you can keep, and see what is due and overdue."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.core.records import clients, promises, retention, sessions
from desktop.core.records.promises import InvalidPromise

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


def test_a_promise_can_be_corrected_text_kind_and_due_date(db, client):
    item = promises.add_promise(db, client.id, "Cal the clinc", date(2026, 11, 20))
    fixed = promises.update_promise(db, item.id, text="  Call the clinic ", kind="follow_up",
                                    due_on=date(2026, 11, 25))
    assert (fixed.text, fixed.kind, fixed.due_on) == ("Call the clinic", "follow_up", date(2026, 11, 25))
    assert promises.get_promise(db, item.id) == fixed


@pytest.mark.parametrize("changes", [
    {"text": "  "},
    {"text": "Call\x1b back"},
    {"text": "x" * (promises.MAX_TEXT + 1)},
    {"kind": "wish"},
    {"due_on": date(1752, 9, 14)},
    {"due_on": date(date.today().year + promises.MAX_YEARS_AHEAD + 1, 1, 1)},
    {"due_on": "tomorrow"},
    {"text": "Fine words", "due_on": date(9999, 12, 31)},  # one bad field: nothing of the others is written
])
def test_a_refused_correction_leaves_the_promise_as_it_was(db, client, changes):
    item = promises.add_promise(db, client.id, "Call back", date(2026, 11, 20))
    with pytest.raises(InvalidPromise) as refused:
        promises.update_promise(db, item.id, **changes)
    assert str(refused.value)  # a sentence for the worker
    assert promises.get_promise(db, item.id) == item


def test_a_mistyped_year_is_refused_when_adding_too(db, client):
    with pytest.raises(InvalidPromise, match="mistyped"):
        promises.add_promise(db, client.id, "Call back", date(2062, 11, 20))
    assert promises.promises_for_client(db, client.id, include_closed=True) == []


def test_an_old_due_date_left_unchanged_does_not_block_fixing_the_text(db, client):
    item = promises.add_promise(db, client.id, "Call bak", date(2026, 11, 20))
    db.execute("UPDATE promises SET due_on = '1999-12-31' WHERE id = ?", [item.id])  # from an older version
    fixed = promises.update_promise(db, item.id, text="Call back", due_on=date(1999, 12, 31))
    assert (fixed.text, fixed.due_on) == ("Call back", date(1999, 12, 31))


def test_reopening_a_promise_marked_done_by_mistake(db, client):
    item = promises.add_promise(db, client.id, "Call back", date(2026, 11, 20))
    promises.mark_done(db, item.id, "Wrong one")
    reopened = promises.reopen(db, item.id)
    assert (reopened.status, reopened.resolution_note, reopened.resolved_at) == ("open", "", None)
    assert [p.id for p in promises.agenda(db, TODAY).overdue] == [item.id]


def test_correcting_a_missing_promise_says_so(db):
    with pytest.raises(promises.PromiseNotFound):
        promises.update_promise(db, 999, text="Call back")
