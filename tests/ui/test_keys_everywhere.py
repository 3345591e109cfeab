"""Keys mean the same on every screen, pressed for real on the focused widget of the main window: Ctrl+2 is the
client list, Ctrl+N makes a new item of what the visible screen lists, Ctrl+Shift+F opens the note search from
anywhere, the session editor included; the F1 help lists what the main window binds, from one registry."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from desktop.core.interpreters.directory import list_interpreters
from desktop.core.records import clients, sessions
from desktop.ui.clients import client_editor
from desktop.ui.shell.actions import APP_ACTIONS
from tests.conftest import show_active

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, context):
    from desktop.ui.shell.main_window import MainWindow

    made = MainWindow(context)
    qtbot.addWidget(made)
    return show_active(qtbot, made)


@pytest.fixture
def mei(context):
    client = clients.create_client(context.db, "Mei", languages=["yue"])
    sessions.create_session(context.db, client.id, worker="Sam")
    return client


@pytest.fixture
def editors_opened(monkeypatch):
    """New-client editors that were opened (answered with Cancel, as modal dialogs cannot wait in a test)."""
    opened = []

    def cancelled(editor):
        opened.append(editor)
        return 0

    monkeypatch.setattr(client_editor.ClientEditor, "exec", cancelled)
    return opened


def press(key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    from pytestqt.qtbot import QtBot

    QtBot.keyClick(QApplication.focusWidget(), key, modifiers)


def _session_open(window, client) -> object:
    window.navigate("clients", {"session_id": sessions.sessions_for_client(window.context.db, client.id)[0].id})
    section = window.section_widget("clients")
    assert section.currentWidget() is section.session_editor
    section.session_editor.notes_edit.setFocus()
    return section


def test_ctrl_2_goes_to_the_client_list_even_from_a_session(window, mei):
    section = _session_open(window, mei)
    press(Qt.Key.Key_2, CTRL)
    assert section.currentWidget() is section.list_view
    assert section.list_view.isAncestorOf(QApplication.focusWidget())
    window.navigate("clients", mei.id)                        # from the client's page too
    press(Qt.Key.Key_1, CTRL)
    press(Qt.Key.Key_2, CTRL)
    assert section.currentWidget() is section.list_view


def test_ctrl_shift_f_opens_the_search_from_a_session_and_the_word_lands_in_the_search(qtbot, window, mei):
    """It did nothing in the session editor, and the word typed next landed in the notes."""
    section = _session_open(window, mei)
    editor = section.session_editor
    press(Qt.Key.Key_F, CTRL_SHIFT)
    assert section.currentWidget() is section.search_view
    assert QApplication.focusWidget() is section.search_view.query
    qtbot.keyClicks(QApplication.focusWidget(), "housing")
    assert section.search_view.query.text() == "housing"
    assert section.search_view.client_filter.client_id() == mei.id, "from a session: that client's notes"
    assert sessions.sessions_for_client(window.context.db, mei.id)[0].notes == ""
    assert section.session_editor is None and editor is not None   # closed, its notes saved


@pytest.mark.parametrize("key", ["today", "scripts", "interpreters", "bookings", "audit"])
def test_ctrl_shift_f_opens_the_search_from_every_screen(window, mei, key):
    window.go_to(key)
    window.section_widget(key).setFocus()
    press(Qt.Key.Key_F, CTRL_SHIFT)
    section = window.section_widget("clients")
    assert window.current_section() == "clients" and section.currentWidget() is section.search_view
    assert QApplication.focusWidget() is section.search_view.query


@pytest.mark.parametrize("key", ["today", "bookings", "audit"])
def test_esc_in_the_search_returns_to_the_screen_it_was_opened_from(window, mei, key):
    """Esc left the search for the client list whatever screen it was opened from (issue 18 walkthrough)."""
    window.go_to(key)
    window.section_widget(key).setFocus()
    press(Qt.Key.Key_F, CTRL_SHIFT)
    press(Qt.Key.Key_Escape)
    assert window.current_section() == key


def test_esc_in_the_search_returns_to_the_client_page_or_the_session_it_was_opened_from(window, mei):
    window.navigate("clients", mei.id)
    section = window.section_widget("clients")
    section.client_page.setFocus()
    press(Qt.Key.Key_F, CTRL_SHIFT)
    assert section.currentWidget() is section.search_view
    press(Qt.Key.Key_Escape)
    assert section.currentWidget() is section.client_page and section.client_page.client_id == mei.id
    section = _session_open(window, mei)
    opened = section.session_editor.session_id
    press(Qt.Key.Key_F, CTRL_SHIFT)
    press(Qt.Key.Key_Escape)
    assert section.currentWidget() is section.session_editor and section.session_editor.session_id == opened


def test_ctrl_n_on_a_clients_page_starts_a_session_for_that_client(window, mei):
    window.navigate("clients", mei.id)
    before = len(sessions.sessions_for_client(window.context.db, mei.id))
    press(Qt.Key.Key_N, CTRL)
    section = window.section_widget("clients")
    assert section.currentWidget() is section.session_editor
    assert len(sessions.sessions_for_client(window.context.db, mei.id)) == before + 1


def test_ctrl_n_never_makes_a_session_for_a_client_left_open_behind(window, mei, editors_opened, context):
    window.navigate("clients", mei.id)            # Mei's page stays open in the Clients section, behind
    before = len(sessions.sessions_for_client(context.db, mei.id))
    for key in ("today", "scripts", "audit"):
        window.go_to(key)
        window.section_widget(key).setFocus()
        press(Qt.Key.Key_N, CTRL)
    assert len(sessions.sessions_for_client(context.db, mei.id)) == before
    assert len(editors_opened) == 1, "Today lists what is due for clients: Ctrl+N there makes a new client"
    assert window.statusBar().currentMessage() == "Nothing new to make on this screen."   # on the audit log


def test_ctrl_n_inside_a_session_makes_nothing(window, mei, context):
    _session_open(window, mei)
    before = len(sessions.sessions_for_client(context.db, mei.id))
    press(Qt.Key.Key_N, CTRL)
    assert len(sessions.sessions_for_client(context.db, mei.id)) == before
    assert window.statusBar().currentMessage() == "Nothing new to make on this screen."


def test_ctrl_n_on_the_client_list_interpreters_and_bookings_makes_what_they_list(window, editors_opened, context):
    window.go_to("clients")
    window.section_widget("clients").list_view.table.setFocus()
    press(Qt.Key.Key_N, CTRL)
    assert len(editors_opened) == 1
    window.go_to("interpreters")
    directory = window.section_widget("interpreters")
    directory.table.setFocus()
    press(Qt.Key.Key_N, CTRL)
    assert directory.pages.currentWidget() is directory.editor and directory.editor.entry is None
    assert QApplication.focusWidget() is directory.editor.name
    window.go_to("bookings")
    bookings = window.section_widget("bookings")
    bookings.week.table.setFocus()
    press(Qt.Key.Key_N, CTRL)
    assert bookings.tabs.currentWidget() is bookings.editor and bookings.editor.booking is None
    assert list_interpreters(context.db) == []


def test_the_window_binds_each_app_key_once_from_the_registry_and_the_help_lists_it(qtbot, window):
    from desktop.ui.shell.shortcuts_help import ShortcutsDialog, native

    bound = {}
    for action in window.actions():
        for sequence in action.shortcuts():
            keys = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            assert keys not in bound, f"{keys} is bound twice"
            bound[keys] = action
    for spec in APP_ACTIONS:
        if spec.keys:
            assert bound[spec.keys] is window.actions_by_name[spec.name]
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    rows = dialog.listed()
    assert (native("Ctrl+N"), next(_(a.help) for a in APP_ACTIONS if a.name == "new_item")) in rows
    keys_listed = [keys for keys, _description in rows]
    assert keys_listed.count(native("Ctrl+Shift+F")) == 1 and keys_listed.count(native("Ctrl+N")) == 1


def _(text: str) -> str:
    from desktop.i18n import _ as translate

    return translate(text)
