"""An empty screen says what to do next, not only that it is empty (issue 18 "Empty states"): a new vault's
interpreter directory says how to add one or import the organisation's roster, the client list how to add the
first client, an empty week how to book, and a search that found nothing what to try."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core.records import clients, sessions
from desktop.ui.widgets.operations import wait_for_running
from tests.conftest import show_active


def _visible_text(widget) -> str:
    from PySide6.QtWidgets import QLabel

    return " ".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def test_a_new_vaults_interpreter_directory_says_how_to_add_one_or_import_the_roster(qtbot, context):
    from desktop.ui.interpreters.directory_view import InterpretersView

    view = InterpretersView(context)
    qtbot.addWidget(view)
    show_active(qtbot, view)
    wait_for_running()  # the directory is read on a worker thread
    qtbot.waitUntil(lambda: "roster" in _visible_text(view))
    text = _visible_text(view)
    assert "Add the interpreters you work with" in text and "import your organisation's roster" in text
    assert view.empty_import_button.isVisible()


def test_an_empty_client_list_says_how_to_add_the_first_client(qtbot, context):
    from desktop.ui.clients.clients_section import ClientsSection

    section = ClientsSection(context)
    qtbot.addWidget(section)
    show_active(qtbot, section)
    qtbot.waitUntil(lambda: "New client" in section.list_view.count_label.text())
    assert "Ctrl+N" in section.list_view.count_label.text()


def test_a_client_filter_that_finds_nobody_says_what_to_try(qtbot, context):
    from desktop.ui.clients.clients_section import ClientsSection

    clients.create_client(context.db, "Mei", languages=["yue"])
    section = ClientsSection(context)
    qtbot.addWidget(section)
    show_active(qtbot, section)
    qtbot.keyClicks(section.list_view.filter_edit, "Zzyzx")
    qtbot.waitUntil(lambda: "No client matches" in section.list_view.count_label.text())
    assert "All clients" in section.list_view.count_label.text()


def test_an_empty_week_says_how_to_book_an_interpreter(qtbot, context):
    from desktop.ui.bookings.bookings_section import BookingsView

    view = BookingsView(context)
    qtbot.addWidget(view)
    show_active(qtbot, view)
    assert view.week.empty_note.isVisible()
    assert "Find an interpreter" in view.week.empty_note.text() and "New booking" in view.week.empty_note.text()


def test_a_search_that_finds_nothing_says_what_to_try(qtbot, context):
    from desktop.ui.clients.search_panel import SearchView

    client = clients.create_client(context.db, "Mei", languages=["yue"])
    session = sessions.create_session(context.db, client.id)
    sessions.save_notes(context.db, session.id, "We talked about the appointment at the clinic.")
    view = SearchView(context)
    qtbot.addWidget(view)
    show_active(qtbot, view)
    view.query.setFocus()
    qtbot.keyClicks(view.query, "zebrafish")
    qtbot.keyClick(view.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.count.text().startswith("No notes match"), timeout=5000)
    assert "Try fewer words" in view.count.text()
