"""A client being deleted for good is gone from every screen from the deletion's first step (issue 21): a lock
between two steps (or a crash) leaves their sessions, bookings, consents, scripts shown and incidents in the file
until the next scrub finishes the deletion, and meanwhile no read that names a client shows any of them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from desktop.core.consent import consents, gate
from desktop.core.interpreters import bookings, directory, matching
from desktop.core.records import client_list, clients, promises, retention, search, sessions
from desktop.core.scripts import script_log
from desktop.core.vault.db import transaction

ZONE = "America/Vancouver"


def _book(db, client, interpreter, hour: int):
    return bookings.create_booking(
        db, client_id=client.id, interpreter_id=interpreter.id, place="Harbour office, room 2", timezone=ZONE,
        starts_at=bookings.local_moment(datetime(2026, 12, 1, hour), ZONE),
        ends_at=bookings.local_moment(datetime(2026, 12, 1, hour + 1), ZONE))


def _consent(db, client):
    return consents.record_consent(
        db, client_id=client.id, purpose="Help with a shelter place", recipient="Safe Haven Shelter",
        categories=["first_name", "language_needs"], method="verbal_interpreter", interpreter_name="Lucía",
        explained_script="consent / es / rev abc123", explained_language="es", recorded_by="Sam",
        help_not_conditional_explained=True, risks_discussed=True)


@pytest.fixture
def half_deleted(db):
    """Mei, deleted for good and stopped by a lock right after the first step; Ana, who stays. Each has a session
    with a script shown, a booking with the same interpreter at the same hour, a consent, a promise and an
    incident with that interpreter."""
    interpreter = directory.save_interpreter(db, directory.Interpreter(
        name="Wing Example", languages=["yue"], modalities=["in_person"],
        credentials=[directory.Credential(title="Certified", level="certified")]))
    made = {}
    with transaction(db):
        for name, tag in (("Mei", "leaving-tag"), ("Ana", "staying-tag")):
            client = clients.create_client(db, name, languages=["yue"], tags=[tag])
            session = sessions.create_session(db, client.id, worker="Sam", notes=f"Talked with {name} about work",
                                              started_at=datetime(2026, 11, 2, 10, tzinfo=UTC))
            script_log.record_shown(db, session.id, "consent", "yue", "abc123")
            made[name] = {"client": client, "session": session, "booking": _book(db, client, interpreter, 10),
                          "consent": _consent(db, client),
                          "promise": promises.add_promise(db, client.id, "Call back", date(2026, 11, 20))}
            directory.add_incident(db, interpreter.id, f"Late for {name}", client_id=client.id)
    mei = made["Mei"]["client"]
    retention.delete_client_for_good(db, mei.id, "Mei", scrub_now=False, should_stop=lambda: True)
    assert db.execute("SELECT COUNT(*) FROM sessions WHERE client_id = ?", [mei.id]).fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM bookings WHERE client_id = ?", [mei.id]).fetchone()[0] == 1
    return made, interpreter


def test_a_client_being_deleted_appears_on_no_screen_until_the_scrub_finishes(db, half_deleted):
    made, interpreter = half_deleted
    mei, ana = made["Mei"], made["Ana"]
    mei_id = mei["client"].id
    # The client list, their page, the review of inactive clients, the editors' client pickers
    with pytest.raises(clients.ClientNotFound):
        clients.get_client(db, mei_id)
    assert [c.first_name for c in clients.list_clients(db, include_archived=True)] == ["Ana"]
    assert client_list.count_clients(db, client_list.ClientQuery(archive=client_list.ALL)) == 1
    chooser = client_list.ClientQuery(archive=client_list.ALL, names_only=True)
    assert [row.client.first_name for row in client_list.client_rows(db, chooser, "", 10)] == ["Ana"]
    assert client_list.client_rows(db, client_list.ClientQuery(client_id=mei_id, archive=client_list.ALL,
                                                               names_only=True), "", 1) == []
    assert [item.client.first_name for item in retention.clients_to_review(db, 1, date(2030, 1, 1))] == ["Ana"]
    # Their sessions and the search screen's filters
    with pytest.raises(sessions.SessionNotFound):
        sessions.get_session(db, mei["session"].id)
    assert sessions.sessions_for_client(db, mei_id) == []
    assert {hit.client_id for hit in search.search_notes(db, "talked")} == {ana["client"].id}
    assert search.all_tags(db) == ["staying-tag"]
    # Promises on Today
    board = promises.agenda(db, date(2026, 11, 23))
    assert [item.client_first_name for item in board.overdue + board.due_today + board.upcoming] == ["Ana"]
    # Bookings: the week view, the client's bookings, the editor (and the .ics and request exports it feeds), and
    # the double-booking check of the other client's booking with the same interpreter at the same hour
    december = bookings.week(db, date(2026, 11, 30), ZONE)
    assert [booking.client_id for booking in december] == [ana["client"].id]
    with pytest.raises(bookings.BookingNotFound):
        bookings.get_booking(db, mei["booking"].id)
    assert bookings.bookings_for_client(db, mei_id) == []
    assert bookings.conflicts(db, ana["booking"].id) == []
    # The scripts view's session picker and the scripts shown
    assert [choice.first_name for choice in script_log.recent_sessions(db)] == ["Ana"]
    assert script_log.shown_in_session(db, mei["session"].id) == []
    with pytest.raises(script_log.ScriptLogError):
        script_log.record_shown(db, mei["session"].id, "welcome", "yue", "abc123")
    # Consent records, and the gate that reads them: nothing can leave for a client being deleted
    assert consents.consents_for_client(db, mei_id) == []
    with pytest.raises(consents.ConsentNotFound):
        consents.get_consent(db, mei["consent"].id)
    with pytest.raises(consents.ConsentInvalid):
        _consent(db, mei["client"])
    with pytest.raises(gate.ConsentRequired):
        gate.release(db, client_id=mei_id, recipient="Safe Haven Shelter", purpose="Help with a shelter place",
                     categories=["first_name"], channel="file_text", worker="Sam")
    assert gate.release(db, client_id=ana["client"].id, recipient="Safe Haven Shelter", categories=["first_name"],
                        purpose="Help with a shelter place", channel="file_text", worker="Sam").fields
    # The interpreter's incidents and matching's hard conflicts
    assert [incident.client_id for incident in directory.incidents_for(db, interpreter.id)] == [ana["client"].id]
    assert directory.incident_client_ids(db) == {interpreter.id: {ana["client"].id}}
    ana_needs = matching.needs_for_client(ana["client"], date(2026, 12, 1))
    assert [e.interpreter.name for e in matching.match(db, ana_needs).excluded] == ["Wing Example"]  # Ana's own
    mei_needs = matching.needs_for_client(mei["client"], date(2026, 12, 1))  # as a screen open before would ask
    assert [c.interpreter.name for c in matching.match(db, mei_needs).candidates] == ["Wing Example"]

    assert retention.scrub(db) is True   # the next scrub finishes the deletion
    for table in ("sessions", "bookings", "consents", "interpreter_incidents", "promises"):
        assert db.execute(f"SELECT COUNT(*) FROM {table} WHERE client_id = ?", [mei_id]).fetchone()[0] == 0, table
    assert db.execute("SELECT COUNT(*) FROM scripts_shown WHERE session_id = ?", [mei["session"].id]).fetchone()[0] \
        == 0
    assert [booking.client_id for booking in bookings.week(db, date(2026, 11, 30), ZONE)] == [ana["client"].id]
    assert consents.consents_for_client(db, ana["client"].id) == [ana["consent"]]
