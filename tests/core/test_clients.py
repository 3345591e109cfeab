"""Clients: first names only, language needs, validation that leaves stored data untouched."""

from __future__ import annotations

import pytest

from desktop.core.consent import gathering
from desktop.core.records import clients, sessions
from desktop.core.records.clients import ClientNotFound, InvalidClient


def test_create_client_keeps_first_name_and_needs(db):
    client = clients.create_client(db, "  Mei ", pronouns="she/her", languages=["YUE", "en"],
                                   reads_language=False, interpreter_gender="female", interpreter_modality="phone",
                                   avoid=["Uncle Wong's agency", ""], age_group="adult",
                                   safe_contact="Text only after 6 pm", tags=["farm", "farm", "Surrey"])
    stored = clients.get_client(db, client.id)
    assert stored.first_name == "Mei"
    assert stored.languages == ["yue", "en"]
    assert stored.reads_language is False
    assert stored.avoid == ["Uncle Wong's agency"]
    assert stored.tags == ["farm", "Surrey"]
    assert stored.created_at is not None and stored.archived_at is None


def test_blank_first_name_is_refused_with_a_message(db):
    with pytest.raises(InvalidClient) as caught:
        clients.create_client(db, "   ")
    assert "first name" in str(caught.value)
    assert clients.list_clients(db) == []


def test_there_is_no_field_for_a_legal_name_or_id_number(db):
    with pytest.raises(TypeError):
        clients.create_client(db, "Ana", legal_name="Ana Maria Lopez")
    with pytest.raises(TypeError):
        clients.create_client(db, "Ana", id_number="X123")
    columns = {row[1] for row in db.execute("PRAGMA table_info(clients)")}
    assert not {"legal_name", "last_name", "surname", "id_number", "passport"} & columns


@pytest.mark.parametrize("tag, expected", [("pa_guru", "pa-Guru"), ("zh-hant", "zh-Hant"), ("es-mx", "es-MX"),
                                           ("mam", "mam"), ("es-419", "es-419")])
def test_language_tags_are_normalised(db, tag, expected):
    assert clients.create_client(db, "A", languages=[tag]).languages == [expected]


def test_bad_language_tag_leaves_the_stored_client_untouched(db):
    client = clients.create_client(db, "Mei", languages=["yue"])
    with pytest.raises(InvalidClient) as caught:
        clients.update_client(db, client.id, first_name="May", languages=["Cantonese please"])
    assert "language code" in str(caught.value)
    stored = clients.get_client(db, client.id)
    assert (stored.first_name, stored.languages) == ("Mei", ["yue"])


def test_unknown_choice_is_refused(db):
    with pytest.raises(InvalidClient):
        clients.create_client(db, "Mei", interpreter_gender="robot")


def test_update_changes_only_given_fields(db):
    client = clients.create_client(db, "Mei", pronouns="she/her")
    updated = clients.update_client(db, client.id, safe_contact="Morning calls")
    assert updated.pronouns == "she/her" and updated.safe_contact == "Morning calls"


def test_missing_client_raises_client_not_found(db):
    with pytest.raises(ClientNotFound):
        clients.get_client(db, 999)
    with pytest.raises(ClientNotFound):
        clients.update_client(db, 999, pronouns="x")


def test_list_hides_archived_unless_asked(db):
    from desktop.core.records.retention import archive_client

    keep = clients.create_client(db, "Bo")
    gone = clients.create_client(db, "Al")
    archive_client(db, gone.id)
    assert [c.id for c in clients.list_clients(db)] == [keep.id]
    assert [c.first_name for c in clients.list_clients(db, include_archived=True)] == ["Al", "Bo"]


def test_overview_counts_sessions_and_overdue_promises(db):
    from datetime import date

    from desktop.core.records import promises

    client = clients.create_client(db, "Mei")
    sessions.create_session(db, client.id)
    sessions.create_session(db, client.id)
    promises.add_promise(db, client.id, "Call back", date(2026, 1, 1))
    promises.add_promise(db, client.id, "Find a clinic", date(2026, 1, 9))
    row = clients.client_overview(db, "2026-01-05")[0]
    assert (row.session_count, row.open_promises, row.overdue_promises) == (2, 2, 1)


def test_release_fields_give_each_category_as_text(db):
    client = clients.create_client(db, "Mei", languages=["yue"], reads_language=False,
                                   interpreter_gender="female", interpreter_modality="phone",
                                   safe_contact="Text only")
    session = sessions.create_session(db, client.id, language="yue")
    sessions.save_notes(db, session.id, "She asked about a clinic.")
    fields = gathering.release_fields(db, client.id)
    assert fields["first_name"] == "Mei"
    assert fields["language_needs"] == "Cantonese (yue); reads: no; interpreter: female, phone"
    assert fields["contact_details"] == "Text only"
    assert "Cantonese" in fields["session_summary"] and "clinic" not in fields["session_summary"]
    assert "She asked about a clinic." in fields["full_notes"]

def test_language_needs_are_named_in_the_workers_language():
    client = clients.Client(id=1, first_name="Mei", languages=["yue"])
    assert clients.language_needs_text(client, "fr").startswith("cantonais (yue)")


def test_list_fields_accept_comma_separated_text(db):
    client = clients.create_client(db, "Mei", languages="yue, en", tags="farm")
    assert (client.languages, client.tags) == (["yue", "en"], ["farm"])
