"""Whatever a worker types or pastes into a free-text field (NULs, escapes, form feeds, line breaks included), every
create and update path in core either refuses it with the module's own human message or stores it; it never
reaches a database CHECK as an uncaught IntegrityError. One-line fields store no control character at all;
multi-line notes keep only tabs and line breaks (desktop/core/common/plain_text.py says why they are cleaned, not
refused).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlcipher3
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.consent import consents as consent
from desktop.core.consent import duty_to_report as reporting
from desktop.core.consent import gate as egress
from desktop.core.interpreters import bookings
from desktop.core.interpreters import directory as interpreters
from desktop.core.records import clients, promises, sessions
from tests.reliability.fuzz_inputs import FUZZ

PIECES = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\t", "\n", "\r", " ", "Ana", "é", "\u200b",
          "=", "a reason long enough"]
TEXT = st.one_of(st.text(max_size=30), st.lists(st.sampled_from(PIECES), max_size=8).map("".join))
PROJECT_ERRORS = (clients.ClientError, consent.ConsentInvalid, promises.PromiseError, sessions.SessionError,
                  interpreters.InterpreterInvalid, bookings.BookingError, egress.EgressError,
                  reporting.ProtocolInvalid)
ONE_LINE_CONTROLS = re.compile("[\x00-\x1f\x7f]")
NOTE_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_unique = itertools.count()
WRITERS = 30  # the free-text fields _writers covers; a test below keeps the two in step


def _writers(db, client_id: int):
    """(name, multi-line?, write(text) -> the stored value) for every free-text field a worker fills in."""
    start = datetime(2030, 5, 6, 14, 0, tzinfo=UTC)

    def consent_with(**text):
        fields = {"client_id": client_id, "purpose": "Housing", "recipient": "Shelter", "categories": ("first_name",),
                  "method": "verbal_interpreter", "recorded_by": "Sam", "interpreter_name": "Lina", **text}
        return consent.record_consent(db, **fields)

    def session_with(**text):
        return sessions.create_session(db, client_id, **text)

    def interpreter_with(**text):
        entry = interpreters.Interpreter(**{"name": "Lina", "languages": ["es"], "roster_key": f"k{next(_unique)}",
                                            **text})
        return interpreters.save_interpreter(db, entry)

    def booking_with(**text):
        return bookings.create_booking(db, starts_at=start, ends_at=start + timedelta(hours=1),
                                       timezone="America/Toronto", **text)

    def promise():
        return promises.add_promise(db, client_id, "Call the clinic", date(2030, 1, 1))

    return [
        ("client first name", False, lambda t: clients.create_client(db, t).first_name),
        ("client pronouns", False, lambda t: clients.update_client(db, client_id, pronouns=t).pronouns),
        ("client tags", False, lambda t: "".join(clients.update_client(db, client_id, tags=[t]).tags)),
        ("client avoid", False, lambda t: "".join(clients.update_client(db, client_id, avoid=[t]).avoid)),
        ("client safe contact", True, lambda t: clients.update_client(db, client_id, safe_contact=t).safe_contact),
        ("consent purpose", False, lambda t: consent_with(purpose=t).purpose),
        ("consent recipient", False, lambda t: consent_with(recipient=t).recipient),
        ("consent interpreter", False, lambda t: consent_with(interpreter_name=t).interpreter_name),
        ("consent withdrawal note", True, lambda t: consent.withdraw(db, consent_with().id, t).withdrawal_note),
        ("promise text", False, lambda t: promises.add_promise(db, client_id, t, date(2030, 1, 1)).text),
        ("promise edit", False, lambda t: promises.update_promise(db, promise().id, text=t).text),
        ("promise cancelled", True, lambda t: promises.mark_cancelled(db, promise().id, t).resolution_note),
        ("session place", False, lambda t: session_with(place=t).place),
        ("session worker", False, lambda t: session_with(worker=t).worker),
        ("session notes", True, lambda t: session_with(notes=t).notes),
        ("session autosave", True, lambda t: _autosaved(db, session_with().id, t)),
        ("session stop note", False, lambda t: sessions.stop_here(db, session_with().id, "time", t).stopped_note),
        ("interpreter name", False, lambda t: interpreter_with(name=t).name),
        ("interpreter agency", False, lambda t: interpreter_with(agency=t).agency),
        ("interpreter phone", False, lambda t: interpreter_with(phone=t).phone),
        ("interpreter feedback", True, lambda t: interpreters.get_interpreter(
            db, interpreter_with(feedback=t).id).feedback),
        ("interpreter incident", True, lambda t: interpreters.add_incident(db, interpreter_with().id, t).note),
        ("booking place", False, lambda t: booking_with(place=t).place),
        ("booking call details", False, lambda t: booking_with(call_details=t).call_details),
        ("booking notes", True, lambda t: booking_with(notes=t).notes),
        ("duty-to-report justification", True, lambda t: _reported(db, client_id, justification=t)),
        ("duty-to-report recipient", False, lambda t: _reported(db, client_id, recipient=t)),
        ("duty-to-report told", False, lambda t: _reported(db, client_id, client_told=t)),
        ("protocol contact", False, lambda t: reporting.save_protocol(db, reporting.Protocol(
            "BC", 19, None, (reporting.Contact(t, "911"),))).contacts[0].label),
        ("protocol steps", True, lambda t: reporting.save_protocol(db, replace(
            reporting.default_protocol(), steps=t)).steps),
    ]


def _autosaved(db, session_id: int, text: str) -> str:
    sessions.save_notes(db, session_id, text)
    return sessions.get_session(db, session_id).notes


def _reported(db, client_id: int, **text) -> str:
    fields = {"justification": "She said she would hurt herself tonight.", "recipient": "Crisis line",
              "client_told": "Told her before calling", **text}
    egress.release_duty_to_report(db, client_id=client_id, reason="danger_to_self", categories=("first_name",),
                                  channel="print", worker="Sam", **fields)
    [column] = text
    return db.execute(f"SELECT {column} FROM disclosures ORDER BY id DESC LIMIT 1").fetchone()[0]


@pytest.mark.parametrize("index", range(WRITERS))
def test_any_free_text_gives_a_project_error_or_a_stored_value_never_an_integrity_error(db, index):
    client = clients.create_client(db, "Mei")
    name, multi_line, write = _writers(db, client.id)[index]

    @FUZZ
    @given(text=TEXT)
    def check(text):
        try:
            stored = write(text)
        except PROJECT_ERRORS as refused:
            assert str(refused).strip(), f"{name}: a refusal says why"
            return
        except sqlcipher3.dbapi2.IntegrityError as error:  # what a NUL reaching a CHECK used to give
            pytest.fail(f"{name}: {text!r} reached the database: {error}")
        forbidden = NOTE_CONTROLS if multi_line else ONE_LINE_CONTROLS
        assert not forbidden.search(stored), f"{name}: {stored!r} was stored with a control character"

    check()


def test_the_writers_cover_every_listed_field(db):
    assert len(_writers(db, clients.create_client(db, "Mei").id)) == WRITERS


@pytest.mark.parametrize("first_name", ["\x00Ana", "Ana\x00", "A\x1bna", "Ana\nLee"])
def test_a_control_character_in_a_first_name_is_refused_in_plain_words(db, first_name):
    with pytest.raises(clients.InvalidClient, match="invisible control characters") as refused:
        clients.create_client(db, first_name)
    assert refused.value.field_name == "first_name"
    assert db.execute("SELECT count(*) FROM clients").fetchone()[0] == 0


def test_a_consent_with_a_nul_is_refused_and_nothing_is_stored(db):
    client = clients.create_client(db, "Mei")
    with pytest.raises(consent.ConsentInvalid, match="invisible control characters"):
        consent.record_consent(db, client_id=client.id, purpose="\x00Housing", recipient="Shelter",
                               categories=("first_name",), method="written_signed", recorded_by="Sam")
    assert consent.consents_for_client(db, client.id) == []


def test_session_notes_keep_their_lines_and_lose_only_invisible_controls(db):
    session = sessions.create_session(db, clients.create_client(db, "Mei").id)
    sessions.save_notes(db, session.id, "Line one\x00\n\tLine two\x0c\r\n")
    assert sessions.get_session(db, session.id).notes == "Line one\n\tLine two\r\n"


def test_a_worker_name_damaged_in_the_vault_settings_still_lets_sessions_and_consents_be_saved(context):
    from desktop.core.profile import settings

    settings.put(context.db, "worker_name", "\x00Sam\x1b")
    settings.put(context.db, "organisation", "Harbour\nCentre\x00")
    assert (context.worker_name, context.organisation) == ("Sam", "Harbour Centre")
    client = clients.create_client(context.db, "Mei")
    assert sessions.create_session(context.db, client.id, worker=context.worker_name).worker == "Sam"
    assert consent.record_consent(context.db, client_id=client.id, purpose="Housing", recipient="Shelter",
                                  categories=("first_name",), method="written_signed",
                                  recorded_by=context.worker_name).recorded_by == "Sam"
