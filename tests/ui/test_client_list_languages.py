"""The client list names languages in the worker's UI language, like every other screen."""

from __future__ import annotations

import pytest

from desktop import i18n
from desktop.ui.models.clients_model import language_labels


@pytest.fixture
def french():
    i18n.setup_i18n("fr_CA")
    yield
    i18n.setup_i18n("en")


def test_client_list_language_names_follow_a_french_ui(french):
    assert language_labels(["es", "uk"]) == "espagnol, ukrainien"


def test_client_list_language_names_in_english_by_default():
    i18n.setup_i18n("en")
    assert language_labels(["es", "uk"]) == "Spanish, Ukrainian"


def test_the_session_and_client_editors_offer_language_names_in_a_french_ui(french, qtbot, context):
    from desktop.core.records import clients, sessions
    from desktop.ui.clients.client_editor import ClientEditor
    from desktop.ui.clients.session_editor import SessionEditor

    client = clients.create_client(context.db, "Ana", languages=["es"])
    session = sessions.create_session(context.db, client.id, worker="Alex")
    editor = SessionEditor(context, session.id)
    qtbot.addWidget(editor)
    offered = [editor.language.itemText(row) for row in range(editor.language.count())]
    assert any(text.startswith("espagnol") for text in offered)
    assert not any(text.startswith("Spanish") for text in offered)

    client_editor = ClientEditor(context, None)
    qtbot.addWidget(client_editor)
    picker = client_editor.language_picker
    assert any(picker.itemText(row).startswith("ukrainien") for row in range(picker.count()))
