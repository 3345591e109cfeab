"""Deleting a session recorded by mistake, from the client page's list of sessions (Delete key or context menu)
and from the session editor: the confirmation says what goes and what stays, No is the default, and afterwards the
notes are found nowhere."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.core.records import clients, promises, retention, sessions
from desktop.core.records.search import search_notes
from desktop.ui.clients.clients_section import ClientsSection

SECRET = "Wombatzanquo"


@pytest.fixture
def mistake(context):
    mei = clients.create_client(context.db, "Mei")
    kept = sessions.create_session(context.db, mei.id, started_at=datetime(2026, 11, 2, tzinfo=UTC))
    sessions.save_notes(context.db, kept.id, "Mei asked about the bakery")
    wrong = sessions.create_session(context.db, mei.id, started_at=datetime(2026, 11, 20, 15, tzinfo=UTC))
    sessions.save_notes(context.db, wrong.id, f"This was Ana, not Mei: the farm {SECRET}")
    promise = promises.add_promise(context.db, mei.id, "Call back", date(2026, 12, 1), session_id=wrong.id)
    return {"client": mei, "kept": kept, "wrong": wrong, "promise": promise}


@pytest.fixture
def section(qtbot, context, mistake):
    widget = ClientsSection(context)
    qtbot.addWidget(widget)
    widget.show()
    widget.open_client(mistake["client"].id)
    return widget


def _answer(monkeypatch, answer) -> list[tuple]:
    asked: list[tuple] = []

    def question(parent, title, text, buttons, default):
        asked.append((title, text, default))
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def _timeline_ids(page) -> list[int]:
    return [page.timeline.item(row).data(Qt.ItemDataRole.UserRole) for row in range(page.timeline.count())]


def test_delete_key_on_the_sessions_list_asks_then_deletes_for_good(qtbot, monkeypatch, context, section, mistake):
    page = section.client_page
    assert _timeline_ids(page) == [mistake["wrong"].id, mistake["kept"].id]
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    messages = []
    context.events.status_message.connect(messages.append)
    page.timeline.setCurrentRow(0)
    page.timeline.setFocus()
    qtbot.waitUntil(page.timeline.hasFocus, timeout=1000)
    qtbot.keyClick(page.timeline, Qt.Key.Key_Delete)
    title, text, default = asked[0]
    assert default == QMessageBox.StandardButton.No
    assert "for good" in text and "cannot be undone" in text and "stays on Mei's page" in text
    with pytest.raises(sessions.SessionNotFound):
        sessions.get_session(context.db, mistake["wrong"].id)
    assert _timeline_ids(section.client_page) == [mistake["kept"].id]
    assert "Sessi" in section.client_page.tabs.tabText(0) and "(1)" in section.client_page.tabs.tabText(0)
    assert search_notes(context.db, SECRET.lower()) == [] and retention.index_terms_containing(context.db, SECRET) == []
    assert promises.get_promise(context.db, mistake["promise"].id).session_id is None
    assert "Call back" in section.client_page.promises.list.item(0).text()  # the promise stays on the page
    assert messages and "deleted for good" in messages[-1]


def test_answering_no_deletes_nothing(monkeypatch, context, section, mistake):
    page = section.client_page
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    page.timeline.setCurrentRow(0)
    menu = {action.text(): action for action in page.timeline.actions()}
    assert page.timeline.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    menu["Delete this session\u2026"].trigger()
    assert asked
    assert sessions.get_session(context.db, mistake["wrong"].id).notes.endswith(SECRET)
    assert _timeline_ids(page) == [mistake["wrong"].id, mistake["kept"].id]


def test_deleting_from_the_session_editor_closes_it_and_saves_nothing_more(qtbot, monkeypatch, context, section,
                                                                          mistake):
    section.open_session(mistake["wrong"].id)
    editor = section.session_editor
    editor.notes_edit.setPlainText(f"Still typing {SECRET}")  # pending autosave, never written after deletion
    _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(editor.closed, timeout=1000):
        editor.delete_button.click()
    assert section.currentWidget() is section.client_page
    assert _timeline_ids(section.client_page) == [mistake["kept"].id]
    assert search_notes(context.db, SECRET.lower()) == []
    assert db_rows_holding(context, SECRET) == 0
    assert sessions.get_session(context.db, mistake["kept"].id).notes == "Mei asked about the bakery"


def db_rows_holding(context, word: str) -> int:
    return context.db.execute("SELECT COUNT(*) FROM sessions WHERE notes LIKE ?", [f"%{word}%"]).fetchone()[0]
