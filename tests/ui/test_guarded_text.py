"""Guarded text widgets: typing, selecting, undo and paste work; copy, cut and drag-out never carry client text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QPlainTextEdit, QTableWidget, QTableWidgetItem

from desktop.ui.widgets.guarded_text import (
    GuardedLineEdit,
    GuardedPlainTextEdit,
    GuardedTextEdit,
    allow_copy,
    guard_application,
    guard_item_view,
    guard_label,
    notes_hint,
)

NOTE = "Ana works nights at the laundry on Pine Street"
BEFORE = "something the worker copied earlier"


@pytest.fixture
def clipboard(qapp):
    board = QGuiApplication.clipboard()
    board.setText(BEFORE)
    yield board
    board.clear()


def _press(qtbot, widget, standard_key) -> None:
    sequence = QKeySequence(standard_key)
    combination = sequence[0]
    qtbot.keyClick(widget, combination.key(), combination.keyboardModifiers())


def _document_editor(qtbot, kind):
    editor = kind(hint=notes_hint())
    qtbot.addWidget(editor)
    editor.setPlainText(NOTE)
    editor.show()
    editor.selectAll()
    return editor


@pytest.mark.parametrize("kind", [GuardedPlainTextEdit, GuardedTextEdit])
def test_ctrl_c_on_selected_notes_leaves_the_clipboard_alone_and_explains(qtbot, clipboard, kind):
    editor = _document_editor(qtbot, kind)
    with qtbot.waitSignal(editor.copy_refused) as refused:
        _press(qtbot, editor, QKeySequence.StandardKey.Copy)
    assert clipboard.text() == BEFORE
    assert "Share" in refused.args[0] and "consent" in refused.args[0]


@pytest.mark.parametrize("kind", [GuardedPlainTextEdit, GuardedTextEdit])
def test_ctrl_x_leaves_the_text_in_place_and_the_clipboard_alone(qtbot, clipboard, kind):
    editor = _document_editor(qtbot, kind)
    _press(qtbot, editor, QKeySequence.StandardKey.Cut)
    assert editor.toPlainText() == NOTE
    assert clipboard.text() == BEFORE


@pytest.mark.parametrize("kind", [GuardedPlainTextEdit, GuardedTextEdit])
def test_typing_paste_and_undo_still_work(qtbot, clipboard, kind):
    editor = kind()
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClicks(editor, "Met at ")
    clipboard.setText("the clinic")
    _press(qtbot, editor, QKeySequence.StandardKey.Paste)
    assert editor.toPlainText() == "Met at the clinic"
    _press(qtbot, editor, QKeySequence.StandardKey.Undo)
    assert editor.toPlainText() == "Met at "


@pytest.mark.parametrize("kind", [GuardedPlainTextEdit, GuardedTextEdit])
def test_drag_copy_and_primary_selection_get_no_text(qtbot, kind):
    editor = _document_editor(qtbot, kind)
    data = editor.createMimeDataFromSelection()
    assert data.text() == "" and data.formats() == []


@pytest.mark.parametrize("kind", [GuardedPlainTextEdit, GuardedTextEdit])
def test_a_press_inside_the_selection_places_the_cursor_instead_of_starting_a_drag(qtbot, kind):
    editor = _document_editor(qtbot, kind)
    cursor = editor.textCursor()
    cursor.setPosition(5)
    inside = editor.cursorRect(cursor).center()
    qtbot.mousePress(editor.viewport(), Qt.MouseButton.LeftButton, pos=inside)
    assert not editor.textCursor().hasSelection()
    qtbot.mouseRelease(editor.viewport(), Qt.MouseButton.LeftButton, pos=inside)


@pytest.mark.parametrize("kind", [GuardedPlainTextEdit, GuardedTextEdit, GuardedLineEdit])
def test_context_menu_copy_and_cut_explain_instead(qtbot, clipboard, kind):
    editor = kind()
    qtbot.addWidget(editor)
    editor.setText(NOTE) if kind is GuardedLineEdit else editor.setPlainText(NOTE)
    editor.show()
    editor.selectAll()
    menu = editor.guarded_context_menu(editor.rect().center())
    names = {action.objectName(): action for action in menu.actions()}
    assert {"edit-copy", "edit-cut", "edit-paste"} <= set(names)
    with qtbot.waitSignal(editor.copy_refused):
        names["edit-copy"].trigger()
    names["edit-cut"].trigger()
    assert clipboard.text() == BEFORE
    text = editor.text() if kind is GuardedLineEdit else editor.toPlainText()
    assert text == NOTE


def test_line_edit_blocks_copy_and_cut_but_types_pastes_and_never_drags(qtbot, clipboard):
    edit = GuardedLineEdit(NOTE)
    qtbot.addWidget(edit)
    edit.show()
    edit.setDragEnabled(True)
    assert not edit.dragEnabled()
    edit.selectAll()
    _press(qtbot, edit, QKeySequence.StandardKey.Copy)
    _press(qtbot, edit, QKeySequence.StandardKey.Cut)
    assert clipboard.text() == BEFORE and edit.text() == NOTE
    edit.end(False)
    clipboard.setText(" (evenings)")
    _press(qtbot, edit, QKeySequence.StandardKey.Paste)
    assert edit.text() == NOTE + " (evenings)"


def test_the_hint_goes_to_the_main_window_status_bar(qtbot, clipboard):
    window = QMainWindow()
    qtbot.addWidget(window)
    editor = GuardedPlainTextEdit(hint=notes_hint())
    window.setCentralWidget(editor)
    window.show()
    editor.setPlainText(NOTE)
    editor.selectAll()
    _press(qtbot, editor, QKeySequence.StandardKey.Copy)
    assert window.statusBar().currentMessage() == notes_hint()


def _table(qtbot) -> QTableWidget:
    table = QTableWidget(1, 1)
    qtbot.addWidget(table)
    table.setItem(0, 0, QTableWidgetItem("Ana"))
    table.setCurrentCell(0, 0)
    table.show()
    return table


def test_a_plain_item_view_would_copy_the_current_cell(qtbot, clipboard):
    """Why guard_item_view exists (and proof that the next test is not vacuous). The application-wide guard (issue
    16) would stop it too, so this control opts out of it, as a widget without client data may."""
    table = allow_copy(_table(qtbot))
    _press(qtbot, table, QKeySequence.StandardKey.Copy)
    assert clipboard.text() == "Ana"


def test_a_guarded_item_view_copies_nothing_and_cannot_drag(qtbot, clipboard):
    table = guard_item_view(_table(qtbot))
    _press(qtbot, table, QKeySequence.StandardKey.Copy)
    assert clipboard.text() == BEFORE
    assert not table.dragEnabled()
    _press(qtbot, table, Qt.Key.Key_Down)  # other keys still reach the view


def test_a_guarded_selectable_label_copies_nothing(qtbot, clipboard):
    label = QLabel(NOTE)
    qtbot.addWidget(label)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                  | Qt.TextInteractionFlag.TextSelectableByMouse)
    guard_label(label)
    label.show()
    label.setSelection(0, len(NOTE))
    label.setFocus()
    _press(qtbot, label, QKeySequence.StandardKey.Copy)
    assert clipboard.text() == BEFORE
    assert label.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu


def test_a_plain_editor_would_copy(qtbot, clipboard):
    """The same key presses on Qt's own editor reach the clipboard: the tests above check a real difference."""
    editor = allow_copy(QPlainTextEdit(NOTE))  # out of the application-wide guard, like the control above
    qtbot.addWidget(editor)
    editor.show()
    editor.selectAll()
    _press(qtbot, editor, QKeySequence.StandardKey.Copy)
    assert clipboard.text() == NOTE


def test_the_application_guard_stops_a_plain_editor_and_item_view_too(qtbot, clipboard):
    """Issue 16: a widget nobody remembered to guard copies nothing either."""
    guard_application()  # as the app's ClipboardGuard does
    editor = QPlainTextEdit(NOTE)
    qtbot.addWidget(editor)
    editor.show()
    editor.selectAll()
    _press(qtbot, editor, QKeySequence.StandardKey.Copy)
    table = _table(qtbot)
    _press(qtbot, table, QKeySequence.StandardKey.Copy)
    assert clipboard.text() == BEFORE


def test_the_client_editor_does_not_copy_a_name_or_safe_contact(qtbot, clipboard, context):
    from desktop.core.records.clients import create_client
    from desktop.ui.clients.client_editor import ClientEditor

    client = create_client(context.db, "Zenobia")
    editor = ClientEditor(context, client.id)
    qtbot.addWidget(editor)
    editor.show()
    editor.first_name.setText("Zenobia")
    editor.safe_contact.setPlainText("Text only after 9 pm; her cousin may answer")
    for field in (editor.first_name, editor.safe_contact):
        field.setFocus()
        field.selectAll()
        _press(qtbot, field, QKeySequence.StandardKey.Copy)
        _press(qtbot, field, QKeySequence.StandardKey.Cut)
    assert clipboard.text() == BEFORE
    assert editor.first_name.text() == "Zenobia"


def test_released_text_copied_by_the_guard_is_marked_so_clipboard_histories_skip_it(qapp, context):
    from desktop.ui.widgets.clipboard_guard import SENSITIVE_MARKS

    context.clipboard.copy("First name: Ana")
    data = QGuiApplication.clipboard().mimeData()
    assert data.text() == "First name: Ana"
    assert bytes(data.data("x-kde-passwordManagerHint")) == b"secret"
    assert set(SENSITIVE_MARKS) <= set(data.formats())
    assert context.clipboard.holds_harbour_text()
    assert context.clipboard.clear_if_ours() and QGuiApplication.clipboard().text() == ""


def test_the_client_list_does_not_copy_a_first_name(qtbot, clipboard, context):
    from desktop.core.records.clients import create_client
    from desktop.ui.clients.clients_section import ClientListView

    create_client(context.db, "Zenobia")
    view = ClientListView(context)
    qtbot.addWidget(view)
    view.show()
    view.reload()
    view.table.setFocus()
    column = next(c for c in range(view.table.model().columnCount())
                  if view.table.model().index(0, c).data() == "Zenobia")
    view.table.setCurrentIndex(view.table.model().index(0, column))
    _press(qtbot, view.table, QKeySequence.StandardKey.Copy)
    assert clipboard.text() == BEFORE


def test_ctrl_c_in_the_booking_request_copies_the_released_message_through_the_guard(qtbot, clipboard, context):
    from desktop.ui.bookings.booking_dialogs import RequestMessageDialog

    message = "Hello Dana,\nLanguage: Spanish (es)"
    dialog = RequestMessageDialog(context, message, "mailto:dana@example.org")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.text.selectAll()
    _press(qtbot, dialog.text, QKeySequence.StandardKey.Copy)
    assert clipboard.text() == message
    assert context.clipboard.holds_harbour_text()  # so locking clears it


def test_session_notes_can_be_written_and_saved_but_not_copied(qtbot, clipboard, context):
    from desktop.core.records import sessions
    from desktop.core.records.clients import create_client
    from desktop.ui.clients.session_editor import SessionEditor

    session = sessions.create_session(context.db, create_client(context.db, "Zenobia").id)
    editor = SessionEditor(context, session.id)
    qtbot.addWidget(editor)
    editor.show()
    editor.notes_edit.setFocus()
    qtbot.keyClicks(editor.notes_edit, "Works nights at the laundry")
    editor.notes_edit.selectAll()
    _press(qtbot, editor.notes_edit, QKeySequence.StandardKey.Copy)
    _press(qtbot, editor.notes_edit, QKeySequence.StandardKey.Cut)
    assert clipboard.text() == BEFORE
    editor.flush()
    assert sessions.get_session(context.db, session.id).notes == "Works nights at the laundry"
