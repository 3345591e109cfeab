"""Client list, client page and client editor: sorting, filtering, archive, minor notice, delete for good."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QInputDialog

from desktop.core.records import clients, notes_index, retention, sessions
from desktop.core.vault.db import transaction
from desktop.ui.clients.client_editor import ClientEditor
from desktop.ui.clients.client_page import ClientPage
from desktop.ui.clients.clients_section import ClientsSection
from desktop.ui.models.clients_model import CLIENT_ID_ROLE
from desktop.ui.shell.context import DataKind
from desktop.ui.widgets.operations import wait_for_running
from tests.conftest import select_row, show_active


@pytest.fixture
def people(context):
    db = context.db
    made = {
        "mei": clients.create_client(db, "Mei", languages=["yue"], tags=["farm"]),
        "ana": clients.create_client(db, "Ana", languages=["es-MX"], tags=["restaurant"]),
        "bo": clients.create_client(db, "Bo", age_group="minor"),
    }
    retention.archive_client(db, made["bo"].id)
    sessions.create_session(db, made["mei"].id, started_at=datetime(2026, 11, 1, tzinfo=UTC))
    return made


@pytest.fixture
def section(qtbot, context, people):
    widget = ClientsSection(context)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _names(section) -> list[str]:
    model = section.list_view.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_list_shows_active_clients_sorted_by_first_name(section):
    assert _names(section) == ["Ana", "Mei"]
    section.list_view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert _names(section) == ["Mei", "Ana"]


def test_sorting_by_session_count_uses_numbers(section):
    section.list_view.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
    assert _names(section) == ["Mei", "Ana"]


def test_filter_matches_name_language_and_tag(qtbot, section):
    qtbot.keyClicks(section.list_view.filter_edit, "cantonese")
    assert _names(section) == ["Mei"]
    section.list_view.filter_edit.setText("restaurant")
    assert _names(section) == ["Ana"]
    section.list_view.filter_edit.setText("nobody")
    assert _names(section) == []
    assert "No client matches" in section.list_view.count_label.text()  # and what to try (empty states)


def test_archive_filter_shows_archived_clients(section):
    combo = section.list_view.archive_combo
    combo.setCurrentIndex(combo.findData("archived"))
    assert [name.startswith("Bo") for name in _names(section)] == [True]
    combo.setCurrentIndex(combo.findData("all"))
    assert len(_names(section)) == 3


def test_review_filter_lists_inactive_clients(context, section):
    context.db.execute("UPDATE clients SET updated_at = '2020-01-01T00:00:00+00:00', "
                       "last_session_at = NULL WHERE first_name = 'Ana'")
    combo = section.list_view.archive_combo
    combo.setCurrentIndex(combo.findData("review"))
    assert _names(section) == ["Ana"]
    assert section.list_view.review_note.isVisible()
    section.list_view.review_months.setValue(0)
    section.list_view.review_months.editingFinished.emit()
    assert _names(section) == []
    assert "turned off" in section.list_view.review_note.text()


def test_review_view_is_counted_and_paged_in_sql_not_loaded_client_by_client(context, section):
    """Issue 21: at 20,000 clients with many due, the view read every due client one by one (a statement each) and
    then filtered the list by all their ids. It is now one count and one page, like the main list."""
    db = context.db
    with transaction(db):
        for number in range(250):
            clients.create_client(db, f"Due {number:03}")
        db.execute("UPDATE clients SET updated_at = '2020-01-01T00:00:00+00:00' WHERE first_name LIKE 'Due %'")
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        combo = section.list_view.archive_combo
        combo.setCurrentIndex(combo.findData("review"))
    finally:
        db.conn.set_trace_callback(None)
    model = section.list_view.model
    assert model.total == 250 and model.rowCount() == model.PAGE
    assert "250 clients shown" in section.list_view.count_label.text()
    assert len(statements) < 40, len(statements)          # the old view: one statement per due client, and more
    assert not any("json_each" in statement and "Due" not in statement and statement.count(",") > 200
                   for statement in statements)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    due = retention.clients_to_review(db, 12, datetime.now(UTC).date())
    assert _names(section) == sorted(item.client.first_name for item in due)


def test_enter_opens_the_client_page_and_escape_returns(qtbot, section, people):
    table = section.list_view.table
    table.setFocus()
    select_row(table, 1)
    table.setCurrentIndex(section.list_view.model.index(1, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert section.currentWidget() is section.client_page
    assert section.client_page.client_id == people["mei"].id
    qtbot.keyClick(section.client_page, Qt.Key.Key_Escape)
    assert section.currentWidget() is section.list_view
    assert section.list_view.selected_client_id() == people["mei"].id


def test_navigation_payload_opens_client_and_session(section, people, context):
    section.handle_navigation({"client_id": people["ana"].id})
    assert section.client_page.client_id == people["ana"].id
    session_id = sessions.sessions_for_client(context.db, people["mei"].id)[0].id
    section.handle_navigation({"session_id": session_id})
    assert section.currentWidget() is section.session_editor
    assert section.client_page.client_id == people["mei"].id


def test_new_session_from_the_client_page_opens_the_editor(qtbot, section, people, context):
    section.open_client(people["mei"].id)
    section.new_item()   # what Ctrl+N asks of the visible screen (pressed for real in test_keys_everywhere)
    assert section.currentWidget() is section.session_editor
    created = sessions.sessions_for_client(context.db, people["mei"].id)[0]
    assert (created.worker, created.language) == ("Sam", "yue")
    section.session_editor.notes_edit.setPlainText("First words")
    qtbot.keyClick(section.session_editor, Qt.Key.Key_Escape)
    assert section.currentWidget() is section.client_page
    assert sessions.get_session(context.db, created.id).notes == "First words"
    assert "First words" in section.client_page.timeline.item(0).text()


def test_notes_that_cannot_be_saved_keep_the_editor_open_instead_of_being_dropped(qtbot, section, people, context):
    section.open_client(people["mei"].id)
    section.new_item()
    editor = section.session_editor
    context.db.execute("DELETE FROM sessions WHERE id = ?", [editor.session_id])  # gone underneath: saving fails
    qtbot.keyClicks(editor.notes_edit, "Words that must not vanish")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # leaving asks for a save, which fails
    assert section.currentWidget() is editor and section.session_editor is editor
    assert editor.notes_edit.toPlainText() == "Words that must not vanish"
    assert editor.save_state.text().startswith("Not saved:")
    section.show_list()  # Ctrl+2 asks the same
    assert section.currentWidget() is editor


def test_minor_shows_the_duty_to_report_notice(qtbot, context, people):
    page = ClientPage(context, people["bo"].id)
    qtbot.addWidget(page)
    page.show()
    assert page.minor_notice.isVisible()
    assert "report" in page.minor_text.text()
    adult = ClientPage(context, people["mei"].id)
    qtbot.addWidget(adult)
    adult.show()
    assert not adult.minor_notice.isVisible()


def test_client_page_shows_the_consents_of_this_client(qtbot, context, people):
    from desktop.core.consent import consents as consent

    consent.record_consent(context.db, client_id=people["mei"].id, purpose="Clinic appointment",
                           recipient="Riverside Clinic", categories=["first_name"],
                           method="verbal_client_language", recorded_by="Sam")
    page = ClientPage(context, people["mei"].id)
    qtbot.addWidget(page)
    page.show()
    assert "1 active" in page.tabs.tabText(1)
    page.tabs.setCurrentWidget(page.consents)
    assert page.consents.isVisible()
    assert page.consents.model.rowCount() == 1


def test_find_an_interpreter_opens_matching_for_this_client(qtbot, context, people):
    page = ClientPage(context, people["mei"].id)
    qtbot.addWidget(page)
    seen = []
    context.events.navigate.connect(lambda key, payload: seen.append((key, payload)))
    page.find_interpreter_button.click()
    assert seen == [("bookings", {"client_id": people["mei"].id})]


def test_delete_for_good_needs_the_first_name(qtbot, monkeypatch, section, people, context):
    section.open_client(people["ana"].id)
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Ana", True))
    section.client_page.delete_for_good()
    wait_for_running()  # the rows go on a worker thread, then the search index is cleared, note by note
    with pytest.raises(clients.ClientNotFound):
        clients.get_client(context.db, people["ana"].id)
    assert section.currentWidget() is section.list_view
    assert _names(section) == ["Mei"]
    assert notes_index.notes_waiting_for_index(context.db) == 0  # scrubbed: no trace left
    assert context.vault.folder.joinpath("notes.db-wal").stat().st_size == 0


def test_editor_creates_a_client_and_refuses_bad_language(qtbot, context):
    """Languages are picked by name and country (Spanish, Mexico), never typed as es-MX."""
    editor = ClientEditor(context, None)
    qtbot.addWidget(editor)
    show_active(qtbot, editor)
    editor.first_name.setText("Rosa")
    chooser = editor.languages_edit.picker
    chooser.language.setFocus()
    chooser.language.lineEdit().selectAll()
    qtbot.keyClicks(chooser.language.lineEdit(), "Spanish")
    qtbot.keyClick(chooser.language.lineEdit(), Qt.Key.Key_Return)
    if chooser.language.completer().popup().isVisible():
        qtbot.keyClick(chooser.language.completer().popup(), Qt.Key.Key_Return)
    chooser.region.setCurrentIndex(chooser.region.findText("Mexico"))
    qtbot.mouseClick(editor.languages_edit.add_button, Qt.MouseButton.LeftButton)
    chooser.set_tag("en")
    qtbot.mouseClick(editor.languages_edit.add_button, Qt.MouseButton.LeftButton)
    assert [editor.languages_edit.list.item(row).text() for row in range(2)] == [
        "Spanish (Mexico) — español", "English"]
    editor.languages_edit.set_tags([*editor.languages_edit.tags(), "Spanish please"])   # from an old record
    editor.save()
    assert editor.error_label.isVisibleTo(editor) and "language code" in editor.error_label.text()
    assert clients.list_clients(context.db) == []
    editor.languages_edit.list.setCurrentRow(2)
    editor.languages_edit.remove_button.click()
    editor.age_group.setCurrentIndex(editor.age_group.findData("minor"))
    assert editor.minor_notice.isVisibleTo(editor)
    editor.save()
    saved = clients.list_clients(context.db)[0]
    assert (saved.first_name, saved.languages, saved.age_group) == ("Rosa", ["es-MX", "en"], "minor")


def test_editor_blank_name_keeps_the_stored_client(qtbot, context, people):
    editor = ClientEditor(context, people["mei"].id)
    qtbot.addWidget(editor)
    assert editor.first_name.text() == "Mei"
    editor.first_name.setText("  ")
    editor.save()
    assert "first name" in editor.error_label.text()
    assert clients.get_client(context.db, people["mei"].id).first_name == "Mei"


def test_model_exposes_client_ids(section, people):
    ids = {section.list_view.model.index(row, 0).data(CLIENT_ID_ROLE)
           for row in range(section.list_view.model.rowCount())}
    assert ids == {people["mei"].id, people["ana"].id}


def test_search_as_you_type_highlights_and_opens_the_session(qtbot, section, people, context):
    session_id = sessions.sessions_for_client(context.db, people["mei"].id)[0].id
    sessions.save_notes(context.db, session_id, "She found the <b>walk-in</b> clinic on Main Street")
    section.open_search()   # what Ctrl+Shift+F does (pressed for real in test_keys_everywhere)
    view = section.search_view
    assert section.currentWidget() is view and view.query.hasFocus()
    qtbot.keyClicks(view.query, "clin")
    qtbot.waitUntil(lambda: view.results.count() == 1, timeout=2000)
    label = view.results.itemWidget(view.results.item(0))
    assert "clinic</span>" in label.text() and "&lt;b&gt;walk-in&lt;/b&gt;" in label.text()
    assert "Mei" in view.results.item(0).data(Qt.ItemDataRole.AccessibleTextRole)
    qtbot.keyClick(view.query, Qt.Key.Key_Down)
    qtbot.keyClick(view.results, Qt.Key.Key_Return)
    assert section.currentWidget() is section.session_editor
    assert section.session_editor.session_id == session_id


def test_search_from_a_client_page_is_limited_to_that_client(qtbot, section, people, context):
    for person in ("mei", "ana"):
        created = sessions.create_session(context.db, people[person].id)
        sessions.save_notes(context.db, created.id, "talked about housing")
    section.open_client(people["ana"].id)
    section.client_page.search_requested.emit()
    view = section.search_view
    view.query.setText("housing")
    view.run()
    wait_for_running()  # the search runs on a worker thread
    assert view.results.count() == 1
    assert view.results.item(0).data(Qt.ItemDataRole.AccessibleTextRole).startswith("Ana")


def test_sorting_keeps_the_selected_client_and_survives_reload(section, people):
    view = section.list_view
    view.select_client(people["mei"].id)
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert view.selected_client_id() == people["mei"].id
    view.reload()
    assert _names(section) == ["Mei", "Ana"]


@pytest.mark.parametrize("locale", ["en"])  # catalogs choose their own letters; their owners check them
def test_inner_screens_have_names_and_no_clashing_alt_letters(qtbot, context, people, locale):
    """The client page, session editor and search live inside the Clients section: check them with the menus."""
    from desktop import i18n
    from desktop.ui.shell.main_window import MainWindow
    from tests.ui.test_theme_and_accessibility import _visible_mnemonics, unlabelled

    i18n.setup_i18n(locale)
    try:
        window = MainWindow(context)
        qtbot.addWidget(window)
        window.show()
        window.navigate("clients", {"client_id": people["mei"].id})
        section = window.section_widget("clients")
        session_id = sessions.sessions_for_client(context.db, people["mei"].id)[0].id
        for show in (lambda: section.open_client(people["mei"].id), lambda: section.open_session(session_id),
                     section.open_search):
            show()
            screen = section.currentWidget()
            clashes = {letter: owners for letter, owners in _visible_mnemonics(window, screen).items()
                       if len(owners) > 1}
            assert clashes == {}, type(screen).__name__
            assert unlabelled(screen) == [], type(screen).__name__
    finally:
        i18n.setup_i18n("en")


def test_client_page_follows_promises_closed_elsewhere(section, people, context):
    from datetime import date

    from desktop.core.records import promises

    made = promises.add_promise(context.db, people["mei"].id, "Call back", date(2026, 1, 1))
    section.open_client(people["mei"].id)
    assert "Call back" in section.client_page.promises.list.item(0).text()
    promises.mark_done(context.db, made.id)
    context.events.changed(DataKind.PROMISES)
    assert section.client_page.promises.list.item(0).text() == "No open promises."
