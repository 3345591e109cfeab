"""The one client chooser (issue 21: every screen that picks a client opens fast at 20,000 clients): typing lists at
most ROWS first names read in SQL, never every client; the keys a person uses; the booking editor, the matching
panel and the search screen's client filter through it; an archived client kept on its own booking; a client's
name never copied out of its field."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.core.interpreters import bookings as core
from desktop.core.records import client_list, clients, retention, sessions
from desktop.core.vault.db import transaction
from desktop.ui.bookings.bookings_section import BookingsView
from desktop.ui.clients.search_panel import SearchView
from desktop.ui.interpreters.matching_panel import MatchingPanel
from desktop.ui.widgets.client_picker import ROWS, ClientPicker
from desktop.ui.widgets.guarded_text import default_hint
from desktop.ui.widgets.operations import wait_for_running
from tests.ui import test_zone_picker

ZONE = "America/Vancouver"
view = test_zone_picker.view   # the Bookings screen, shown (its dialogs not)


@pytest.fixture
def people(context):
    made = {name: clients.create_client(context.db, name, languages=[language])
            for name, language in (("Ana", "es"), ("Anabel", "es"), ("Bea", "pa-Guru"), ("Mei", "yue"),
                                   ("Joanna", "en"))}
    return made


@pytest.fixture
def picker(qtbot, context, people):
    widget = ClientPicker(lambda: context.db, none_label="No client", accessible_name="Client")
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _type(qtbot, picker: ClientPicker, text: str) -> None:
    """Types into the field as a person does, and waits for the pause after the last key to list the matches."""
    picker.field.setFocus()
    qtbot.keyClicks(picker.field, text)
    qtbot.waitUntil(lambda: not picker._pause.isActive())


def _names(picker: ClientPicker) -> list[str]:
    return [text for _client_id, text in picker.listed()]


def test_typing_narrows_the_list_in_sql_names_starting_with_it_first(qtbot, picker, monkeypatch):
    queries = []
    real = client_list.client_rows
    monkeypatch.setattr(client_list, "client_rows", lambda db, query, *args, **kwargs: queries.append(query) or
                        real(db, query, *args, **kwargs))
    _type(qtbot, picker, "an")
    assert _names(picker) == ["Ana", "Anabel", "Joanna"]     # starting with "an" first, then containing it
    assert picker.completer.popup().isVisible()
    assert len(queries) == 1 and queries[0].names_only, "the two keys made one query after the pause"
    _type(qtbot, picker, "ab")
    assert _names(picker) == ["Anabel"]
    picker.field.clear()
    _type(qtbot, picker, "EA")                                  # without case, anywhere in the name
    assert _names(picker) == ["Bea"]
    _type(qtbot, picker, "zz")
    assert _names(picker) == [] and not picker.completer.popup().isVisible()


def test_the_list_holds_at_most_rows_names_and_says_to_type_more(qtbot, context, picker):
    with transaction(context.db):
        for number in range(ROWS + 20):
            clients.create_client(context.db, f"Client {number:03}")
    picker.field.setFocus()
    qtbot.keyClick(picker.field, Qt.Key.Key_Down)
    assert picker.completer.popup().isVisible()
    listed = picker.listed()
    assert listed[0] == (None, "No client") and len(listed) == ROWS + 1
    last = picker.model.item(picker.model.rowCount() - 1)
    assert not last.isEnabled() and "type more of the name" in last.text()
    _type(qtbot, picker, "Client 06")
    # each word anywhere in the name; the names starting with the whole text first
    assert _names(picker) == [f"Client 06{digit}" for digit in range(10)] + ["Client 006"]


def test_down_opens_the_list_enter_picks_and_esc_closes(qtbot, picker, people):
    picked = []
    picker.picked.connect(picked.append)
    picker.field.setFocus()
    qtbot.keyClick(picker.field, Qt.Key.Key_Down)
    popup = picker.completer.popup()
    assert popup.isVisible() and popup.currentIndex().data() == "No client"
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert picker.client_id() == people["Anabel"].id and picker.field.text() == "Anabel" and picked == [
        people["Anabel"].id]
    qtbot.keyClick(picker.field, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Escape)                   # closes the list, picks nothing
    assert not popup.isVisible() and picker.client_id() == people["Anabel"].id and len(picked) == 1
    picker.field.selectAll()
    qtbot.keyClicks(picker.field, "Me")
    qtbot.keyClick(picker.completer.popup(), Qt.Key.Key_Escape)
    qtbot.keyClick(picker.field, Qt.Key.Key_Escape)            # the list closed: the picked name comes back
    assert picker.field.text() == "Anabel" and picker.client_id() == people["Anabel"].id


def test_enter_in_the_field_picks_the_first_match_and_presses_no_default_button(qtbot, context, people):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    chooser = ClientPicker(lambda: context.db, dialog, none_label="No client", accessible_name="Client")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, dialog)
    buttons.accepted.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    layout.addWidget(chooser)
    layout.addWidget(buttons)
    dialog.show()
    chooser.field.setFocus()
    qtbot.keyClicks(chooser.field, "mei")                      # typed fast: Enter before the list came
    qtbot.keyClick(chooser.field, Qt.Key.Key_Return)
    assert chooser.client_id() == people["Mei"].id and chooser.field.text() == "Mei"
    assert dialog.isVisible() and dialog.result() == 0
    chooser.field.clear()
    qtbot.keyClick(chooser.field, Qt.Key.Key_Return)           # an empty field: no client
    assert chooser.client_id() is None
    qtbot.keyClicks(chooser.field, "nobody")
    qtbot.keyClick(chooser.field, Qt.Key.Key_Return)           # a name nobody has: nothing changes
    assert chooser.client_id() is None and chooser.field.text() == ""


def test_tab_to_the_next_field_with_the_list_open_picks_the_row_highlighted(qtbot, context, people):
    window = QWidget()
    qtbot.addWidget(window)
    chooser = ClientPicker(lambda: context.db, window, none_label="No client", accessible_name="Client")
    after = QLineEdit(window)
    layout = QVBoxLayout(window)
    layout.addWidget(chooser)
    layout.addWidget(after)
    window.show()
    picked = []
    chooser.picked.connect(picked.append)
    _type(qtbot, chooser, "an")
    popup = chooser.completer.popup()
    assert popup.isVisible() and popup.currentIndex().data() == "Ana"
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Tab)       # the key goes to the open list, which hands it to the field
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert chooser.client_id() == people["Anabel"].id and chooser.field.text() == "Anabel"
    assert picked == [people["Anabel"].id] and QApplication.focusWidget() is after


def test_a_change_to_the_clients_keeps_what_is_being_typed_and_renames_the_one_picked(qtbot, context, people):
    panel = MatchingPanel(context)
    qtbot.addWidget(panel)
    panel.show()
    panel.prefill_from_client(people["Mei"].id)
    clients.update_client(context.db, people["Mei"].id, first_name="May")
    panel.reload_clients()                        # what the Bookings screen does when the clients change
    assert panel.client.field.text() == "May" and panel.client.client_id() == people["Mei"].id
    _type(qtbot, panel.client, "x")
    panel.reload_clients()
    assert panel.client.field.text() == "Mayx" and panel.client.completer.popup().isVisible() is False
    qtbot.keyClick(panel.client.field, Qt.Key.Key_Escape)
    assert panel.client.field.text() == "May"


def test_picking_by_typing_sets_the_bookings_client(qtbot, view, people, context):
    editor = view.editor
    view.new_booking()
    editor.client.setFocus()
    qtbot.keyClicks(editor.client.field, "bea")
    qtbot.waitUntil(editor.client.completer.popup().isVisible)
    qtbot.keyClick(editor.client.completer.popup(), Qt.Key.Key_Return)
    editor.zone.select_zone(ZONE)
    assert editor.save()
    assert core.get_booking(context.db, editor.booking.id).client_id == people["Bea"].id


def test_an_archived_client_stays_on_their_booking_and_out_of_the_list(qtbot, view, people, context):
    ana = people["Ana"]
    booking = core.create_booking(context.db, client_id=ana.id, timezone=ZONE,
                                  starts_at=core.local_moment(datetime(2026, 12, 2, 10), ZONE),
                                  ends_at=core.local_moment(datetime(2026, 12, 2, 11), ZONE))
    retention.archive_client(context.db, ana.id)
    view.open_booking(booking.id)
    editor = view.editor
    assert editor.client.client_id() == ana.id and editor.client.field.text() == "Ana (archived)"
    editor.place.setText("Harbour office")
    assert editor.save() and core.get_booking(context.db, booking.id).client_id == ana.id
    view.new_booking()
    assert editor.client.client_id() is None and editor.client.field.text() == ""
    _type(qtbot, editor.client, "an")
    assert _names(editor.client) == ["Anabel", "Joanna"]


def test_a_client_being_deleted_is_never_listed(qtbot, picker, people, context):
    mei = people["Mei"]
    retention.delete_client_for_good(context.db, mei.id, "Mei", scrub_now=False, should_stop=lambda: True)
    _type(qtbot, picker, "e")
    assert _names(picker) == ["Anabel", "Bea"]
    picker.set_client_id(mei.id)
    assert picker.client_id() is None and picker.field.text() == ""


def test_picking_a_client_in_the_matching_panel_fills_their_needs(qtbot, context, people):
    panel = MatchingPanel(context)
    qtbot.addWidget(panel)
    panel.show()
    _type(qtbot, panel.client, "Be")
    qtbot.keyClick(panel.client.completer.popup(), Qt.Key.Key_Return)
    assert panel.client.client_id() == people["Bea"].id
    assert panel.language.current_tag() == "pa-Guru" and panel.needs.client_id == people["Bea"].id


def test_the_search_screen_filters_by_the_client_picked_archived_ones_when_included(qtbot, context, people):
    for name in ("Ana", "Mei"):
        sessions.create_session(context.db, people[name].id, worker="Sam", notes=f"the clinic with {name}",
                                started_at=datetime(2026, 11, 2, 10, tzinfo=UTC))
    view = SearchView(context)
    qtbot.addWidget(view)
    view.show()
    wait_for_running()
    qtbot.keyClicks(view.query, "clinic")
    qtbot.waitUntil(lambda: view.results.count() == 2)
    _type(qtbot, view.client_filter, "mei")
    qtbot.keyClick(view.client_filter.completer.popup(), Qt.Key.Key_Return)
    assert view.filters().client_id == people["Mei"].id
    qtbot.waitUntil(lambda: view.results.count() == 1)
    retention.archive_client(context.db, people["Ana"].id)
    view.client_filter.field.clear()
    _type(qtbot, view.client_filter, "an")
    assert _names(view.client_filter) == ["Anabel", "Joanna"]
    view.include_archived.setChecked(True)
    view.client_filter.field.clear()
    _type(qtbot, view.client_filter, "an")
    assert _names(view.client_filter) == ["Ana (archived)", "Anabel", "Joanna"]


def test_the_choosers_name_is_copied_only_through_share(qtbot, context, picker, people):
    """A first name is client data: Ctrl+C and Ctrl+X in the chooser's field copy nothing and say where copying
    goes (Share…, through the consent gate), like every other field that shows a client."""
    refused = []
    picker.field.copy_refused.connect(refused.append)
    picker.set_client_id(people["Mei"].id)
    QGuiApplication.clipboard().setText("the worker's own text")
    picker.field.setFocus()
    picker.field.selectAll()
    qtbot.keyClick(picker.field, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(picker.field, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "the worker's own text" and picker.field.text() == "Mei"
    assert refused == [default_hint()] * 2


def test_a_screen_reader_hears_the_label_and_alt_reaches_the_field(qtbot, view):
    editor = view.editor
    view.tabs.setCurrentWidget(editor)
    # the label's buddy is the chooser, or its field once the keyboard rules (widgets/keyboard.py) have run
    label = next(label for label in editor.findChildren(QLabel)
                 if label.buddy() in (editor.client, editor.client.field))
    assert label.text() == "C&lient"
    assert editor.client.field.accessibleName() == "Client" and editor.client.field.accessibleDescription()
    view.activateWindow()
    qtbot.keyClick(editor, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.client.field)


def test_no_screen_reads_every_client_to_open_or_show_a_booking(qtbot, view, people, context):
    """The combo boxes this chooser replaced read every client (list_clients) each time a screen opened or the
    booking editor showed a booking: every read of the clients table now stops at a LIMIT or reads one client."""
    booking = core.create_booking(context.db, client_id=people["Mei"].id, timezone=ZONE,
                                  starts_at=core.local_moment(datetime(2026, 12, 2, 10), ZONE),
                                  ends_at=core.local_moment(datetime(2026, 12, 2, 11), ZONE))
    statements: list[str] = []
    context.db.conn.set_trace_callback(statements.append)
    try:
        widgets = [BookingsView(context), MatchingPanel(context)]
        widgets[0].open_booking(booking.id)
        widgets[1].prefill_from_client(people["Mei"].id)
        _type(qtbot, widgets[0].editor.client, "a")
    finally:
        context.db.conn.set_trace_callback(None)
    for widget in widgets:
        qtbot.addWidget(widget)
    reads = [statement for statement in statements if re.search(r"\bFROM clients\b", statement)]
    assert reads
    for statement in reads:
        assert " LIMIT " in statement or re.search(r"WHERE (c\.)?id = ", statement), statement
