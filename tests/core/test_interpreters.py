from datetime import date

import pytest

from desktop.core.interpreters.directory import (
    Credential,
    Interpreter,
    InterpreterInvalid,
    InterpreterNotFound,
    add_incident,
    best_credential,
    delete_interpreter,
    find_by_key,
    get_interpreter,
    incident_client_ids,
    incidents_for,
    list_interpreters,
    roster_key_for,
    save_interpreter,
    set_active,
)


def _entry(**fields) -> Interpreter:
    base = dict(name="Ama Testperson", agency="Fictional Words Ltd", languages=["es-MX", "en"], gender="female",
                modalities=["phone", "in_person"], communities=["Vancouver Island farm crews"],
                credentials=[Credential(title="Certified Medical Interpreter", body="STIBC", level="certified",
                                        expires_on=date(2027, 6, 30), last_checked_on=date(2026, 1, 5))])
    base.update(fields)
    return Interpreter(**base)


def test_saved_entry_reads_back_with_credentials_and_lists(db):
    saved = save_interpreter(db, _entry(trauma_informed=True, conflict_checked_on=date(2026, 3, 1),
                                        conflict_result="clear"))
    again = get_interpreter(db, saved.id)
    assert again.name == "Ama Testperson"
    assert again.languages == ["es-MX", "en"]
    assert again.modalities == ["in_person", "phone"]
    assert again.trauma_informed and again.conflict_result == "clear"
    assert again.credentials[0].expires_on == date(2027, 6, 30)
    assert again.credentials[0].last_checked_on == date(2026, 1, 5)
    assert again.roster_key == roster_key_for("Ama Testperson", "Fictional Words Ltd")
    assert [e.id for e in list_interpreters(db)] == [saved.id]
    assert find_by_key(db, again.roster_key).id == saved.id


def test_update_replaces_credentials_instead_of_adding(db):
    saved = save_interpreter(db, _entry())
    saved.credentials = [Credential(title="Certified Court Interpreter", level="certified")]
    save_interpreter(db, saved)
    assert [c.title for c in get_interpreter(db, saved.id).credentials] == ["Certified Court Interpreter"]


@pytest.mark.parametrize("change, words", [
    ({"name": "  "}, "name"),
    ({"languages": []}, "language"),
    ({"languages": ["not a tag"]}, "not a language code"),
    ({"gender": "robot"}, "gender"),
    ({"modalities": ["telepathy"]}, "way of working"),
    ({"name": "x" * 3000}, "too long"),
    ({"credentials": [Credential(title="X", level="wizard")]}, "level"),
])
def test_invalid_entry_is_refused_with_a_reason_and_nothing_is_stored(db, change, words):
    with pytest.raises(InterpreterInvalid, match=words):
        save_interpreter(db, _entry(**change))
    assert list_interpreters(db) == []


def test_roster_key_ignores_case_accents_and_spacing():
    assert roster_key_for("José  Pérez", "Acme") == roster_key_for("jose perez", " ACME ")


def test_search_and_active_filter(db):
    a = save_interpreter(db, _entry())
    save_interpreter(db, _entry(name="Bo Example", languages=["ko"], agency=""))
    set_active(db, a.id, False)
    assert [e.name for e in list_interpreters(db, active_only=True)] == ["Bo Example"]
    assert [e.name for e in list_interpreters(db, search="es-mx")] == ["Ama Testperson"]


def test_best_credential_ignores_expired_ones():
    entry = _entry(credentials=[
        Credential(title="Old", level="certified", expires_on=date(2025, 1, 1)),
        Credential(title="Current", level="registered", expires_on=date(2028, 1, 1)),
    ])
    assert best_credential(entry, date(2026, 6, 1)).title == "Current"
    assert best_credential(entry, date(2029, 1, 1)) is None


def test_incidents_tie_an_interpreter_to_a_client(db):
    from desktop.core.records.clients import create_client

    client = create_client(db, "Mei")
    saved = save_interpreter(db, _entry())
    add_incident(db, saved.id, "Seemed to know the employer", client_id=client.id)
    assert incident_client_ids(db) == {saved.id: {client.id}}
    assert incidents_for(db, saved.id)[0].note == "Seemed to know the employer"
    with pytest.raises(InterpreterInvalid):
        add_incident(db, saved.id, "  ")


def test_deleted_entry_is_not_found(db):
    saved = save_interpreter(db, _entry())
    delete_interpreter(db, saved.id)
    with pytest.raises(InterpreterNotFound):
        get_interpreter(db, saved.id)
