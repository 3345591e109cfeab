"""The demo vault: fictional people with enough history that every screen has something to show."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.core.consent import audit
from desktop.core.consent import consents as consent
from desktop.core.consent import gate as egress
from desktop.core.demo.demo_data import seed_people
from desktop.core.demo.demo_vault import create_demo_vault, remove_demo
from desktop.core.interpreters import bookings
from desktop.core.interpreters.roster_io import load_demo_roster
from desktop.core.profile import settings, work_profile
from desktop.core.records import clients, promises, sessions
from desktop.core.scripts import script_log
from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import Vault

FORBIDDEN = Path(__file__).parents[1] / "data" / "forbidden_words" / "en.txt"


@pytest.fixture
def demo():
    vault, folder = create_demo_vault()
    yield vault.db, folder
    vault.lock()
    remove_demo(folder)


def _seeded(folder: Path, today: date):
    vault, _recovery = Vault.create(folder, "demo seeding test", cost=TEST_COST)
    settings.put(vault.db, "worker_name", "Alex")
    load_demo_roster(vault.db)
    seed_people(vault.db, today)
    return vault


def _all_text(db) -> list[str]:
    """Every piece of text the demo wrote about people: client fields, notes, promises, consents, bookings."""
    texts: list[str] = []
    for client in clients.list_clients(db, include_archived=True):
        texts += [client.first_name, client.pronouns, client.safe_contact, *client.avoid, *client.tags]
        for session in sessions.sessions_for_client(db, client.id):
            texts += [session.place, session.notes, session.stopped_note, session.interpreter_name]
        for item in promises.promises_for_client(db, client.id, include_closed=True):
            texts += [item.text, item.resolution_note]
        for record in consent.consents_for_client(db, client.id):
            texts += [record.purpose, record.recipient, record.withdrawal_note, record.interpreter_name]
        for booking in bookings.bookings_for_client(db, client.id):
            texts += [booking.place, booking.call_details, booking.notes]
    return [text for text in texts if text]


def test_demo_vault_has_clients_each_with_a_few_sessions_and_one_minor(demo):
    db, _folder = demo
    people = clients.list_clients(db)
    assert len(people) >= 6
    for person in people:
        assert 2 <= len(sessions.sessions_for_client(db, person.id)) <= 4, person.first_name
    assert any(person.is_minor for person in people)
    assert any("quc" in person.languages for person in people)  # a language without a written catalog
    assert any(person.avoid for person in people)


def test_demo_sessions_lie_in_the_past_and_one_was_stopped_with_a_reason(demo):
    db, _folder = demo
    history = [s for person in clients.list_clients(db) for s in sessions.sessions_for_client(db, person.id)]
    now = history[0].created_at
    assert all(s.started_at < now and s.started_at.tzinfo is not None for s in history)
    stopped = [s for s in history if s.stopped]
    assert stopped and all(s.stopped_reason in ("distress", "client_asked") and s.stopped_note for s in stopped)
    assert any(script_log.shown_in_session(db, s.id) for s in history)


def test_demo_promises_include_done_overdue_due_today_and_upcoming(demo):
    db, _folder = demo
    board = promises.agenda(db, date.today())
    assert board.overdue and board.due_today and board.upcoming
    closed = [p for person in clients.list_clients(db)
              for p in promises.promises_for_client(db, person.id, include_closed=True) if p.status == "done"]
    assert closed


def test_demo_consents_cover_every_status_and_bookings_several_states(demo):
    db, _folder = demo
    people = clients.list_clients(db)
    statuses = {consent.status(record) for person in people for record in consent.consents_for_client(db, person.id)}
    assert statuses == {"active", "expired", "withdrawn", "used"}
    states = {b.status for person in people for b in bookings.bookings_for_client(db, person.id)}
    assert {"draft", "requested", "confirmed", "completed"} <= states
    confirmed = [b for person in people for b in bookings.bookings_for_client(db, person.id)
                 if b.status == "confirmed"]
    assert all(b.interpreter_id is not None and b.timezone == "America/Vancouver" for b in confirmed)


def test_demo_audit_log_holds_releases_a_refusal_and_a_duty_to_report_and_verifies(demo):
    db, _folder = demo
    log = audit.entries(db)
    assert {entry.outcome for entry in log} == {"released", "refused"}
    assert {entry.basis for entry in log} == {"consent", "not_client_data", "duty_to_report"}
    released = [entry for entry in log if entry.outcome == "released" and entry.basis == "consent"]
    assert len(released) >= 2 and all(entry.consent_id and entry.payload_sha256 for entry in released)
    duty = [entry for entry in log if entry.basis == "duty_to_report"]
    assert len(duty) == 1 and duty[0].duty_reason == "minor" and duty[0].consent_id is None
    minor = next(person for person in clients.list_clients(db) if person.is_minor)
    assert duty[0].client_id == minor.id
    assert [d.reason for d in egress.disclosures_for_client(db, minor.id)] == ["minor"]
    assert audit.verify(db).ok


def test_demo_has_bookings_this_week_and_the_worker_s_frequent_languages(demo):
    db, _folder = demo
    today = date.today()
    upcoming = [b for person in clients.list_clients(db) for b in bookings.bookings_for_client(db, person.id)
                if today <= b.local_start.date() <= today + timedelta(days=6)]
    assert len(upcoming) >= 3  # pulled into the week the Bookings screen opens on
    assert work_profile.frequent_languages(db)[:2] == ["pa-Guru", "yue"]


def test_no_demo_text_contains_a_forbidden_word(demo):
    db, _folder = demo
    words = [line.strip().casefold() for line in FORBIDDEN.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    found = [(word, text) for text in _all_text(db) for word in words if word in text.casefold()]
    assert found == []


def test_remove_demo_deletes_the_demo_folder():
    vault, folder = create_demo_vault()
    assert folder.exists()
    vault.lock()
    remove_demo(folder)
    assert not folder.exists()


def test_seeding_is_deterministic_and_relative_to_today(tmp_path):
    today = date(2026, 3, 9)  # the day after the clocks change in Vancouver: fixed times still exist
    first, second = _seeded(tmp_path / "a", today), _seeded(tmp_path / "b", today)
    try:
        def shape(db):
            return [(c.first_name, [s.started_at for s in sessions.sessions_for_client(db, c.id)],
                     [(p.text, p.due_on, p.status) for p in promises.promises_for_client(db, c.id, True)],
                     [(b.status, b.starts_at) for b in bookings.bookings_for_client(db, c.id)])
                    for c in clients.list_clients(db)]

        assert shape(first.db) == shape(second.db)
        board = promises.agenda(first.db, today)
        assert {p.due_on for p in board.due_today} == {today}
        assert all(p.due_on < today for p in board.overdue) and board.overdue
        starts = [s.started_at.date() for c in clients.list_clients(first.db)
                  for s in sessions.sessions_for_client(first.db, c.id)]
        assert max(starts) < today and min(starts) >= today - timedelta(days=60)
    finally:
        first.lock()
        second.lock()
