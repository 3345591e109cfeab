"""The side-by-side scripts view: rows aligned, right-to-left drawn right-to-left, drafts and gaps marked in
plain words, what was shown recorded on the session, and a way to an interpreter when we ship no text."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QModelIndex, Qt

from desktop.core.scripts import catalogs as scripts
from desktop.core.scripts import script_log
from desktop.core.vault.db import to_db_time, utc_now
from desktop.ui.scripts import scripts_view as view_module
from desktop.ui.scripts.fonts import FontChoice
from desktop.ui.scripts.script_rows import DRAFT_MARKER, MISSING_MARKER, NO_FONT_MARKER
from desktop.ui.scripts.scripts_view import ScriptsView
from desktop.ui.shell.context import DataKind
from desktop.ui.widgets.operations import wait_for_running


def _session(db, *, language: str = "", interpreter: str = "") -> int:
    now = to_db_time(utc_now())
    client = db.execute("INSERT INTO clients (first_name, created_at, updated_at) VALUES ('Ana', ?, ?)",
                        [now, now]).lastrowid
    return db.execute(
        "INSERT INTO sessions (client_id, started_at, language, interpreter_name, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?)", [client, now, language, interpreter, now, now]).lastrowid


def _open(qtbot, context, language: str, script: str = "role", **kwargs) -> ScriptsView:
    view = ScriptsView(context, **kwargs)
    qtbot.addWidget(view)
    view.handle_navigation({"language": language, "script": script})
    return view


@pytest.mark.parametrize("language", ["ar", "fa", "prs"])
def test_right_to_left_client_column_is_drawn_right_to_left(qtbot, context, language):
    view = _open(qtbot, context, language)
    assert view.rows.right_cells, "the script shows rows"
    for left, right in zip(view.rows.left_cells, view.rows.right_cells, strict=True):
        assert right.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert right.text_label.alignment() & Qt.AlignmentFlag.AlignRight
        assert left.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert view.right_header.layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_left_to_right_client_column_stays_left_to_right(qtbot, context):
    view = _open(qtbot, context, "pa-Guru")
    assert all(cell.layoutDirection() == Qt.LayoutDirection.LeftToRight for cell in view.rows.right_cells)


def test_paragraphs_are_aligned_row_by_row(qtbot, context):
    view = _open(qtbot, context, "zh-Hans", "interpreter")
    view.resize(1200, 2000)
    view.show()
    qtbot.waitExposed(view)
    expected = len(scripts.load_script("interpreter", "en").paragraphs)
    assert len(view.rows.left_cells) == len(view.rows.right_cells) == expected
    for left, right in zip(view.rows.left_cells, view.rows.right_cells, strict=True):
        assert left.paragraph.key == right.paragraph.key
        assert left.geometry().top() == right.geometry().top()
        assert left.geometry().height() == right.geometry().height()
        assert left.geometry().right() < right.geometry().left()   # the worker's side is on the left


def test_every_unchecked_paragraph_carries_the_draft_marker(qtbot, context):
    view = _open(qtbot, context, "pa-Guru", "consent")
    for cell in view.rows.right_cells:
        assert cell.marker_kind == DRAFT_MARKER
        assert not cell.marker_label.isHidden()
        assert cell.marker_label.text() == "Draft translation — ask the interpreter to check"
    assert "No qualified translator" in view.review_label.text()


def test_checked_text_has_no_marker(qtbot, context):
    view = _open(qtbot, context, "en")
    assert all(cell.marker_label.isHidden() for cell in view.rows.right_cells)


@pytest.fixture
def french_with_gaps(tmp_path, monkeypatch):
    folder = tmp_path / "scripts"
    shutil.copytree(scripts.scripts_dir(), folder)
    text = (folder / "fr.po").read_text(encoding="utf-8")
    start = text.index('msgctxt "stop.2"')
    end = text.index("\n\n", start)
    (folder / "fr.po").write_text(text[:start] + 'msgctxt "stop.2"\nmsgid "You do not have to explain why."\n'
                                  'msgstr ""' + text[end:], encoding="utf-8")
    monkeypatch.setattr(scripts, "scripts_dir", lambda: folder)
    return folder


def test_a_missing_paragraph_shows_the_source_with_a_marker_never_a_blank(qtbot, context, french_with_gaps):
    view = _open(qtbot, context, "fr", "stop")
    gap = view.rows.right_cells[1]
    assert gap.text_label.text() == "You do not have to explain why."
    assert gap.marker_kind == MISSING_MARKER and not gap.marker_label.isHidden()
    assert all(cell.text_label.text().strip() for cell in view.rows.right_cells)


def test_showing_a_script_during_a_session_records_script_language_and_revision(qtbot, context):
    session_id = _session(context.db, language="fa", interpreter="Parisa")
    view = ScriptsView(context, session_id=session_id)
    qtbot.addWidget(view)
    view.handle_navigation({"script": "interpreter"})
    shown = script_log.shown_in_session(context.db, session_id)
    assert shown[-1].script_id == "interpreter" and shown[-1].locale == "fa"
    fa = scripts.load_script("interpreter", "fa")
    assert shown[-1].revision == scripts.revision((fa.title, *fa.paragraphs)) == view.shown_revision
    assert "Parisa" in view.rows.right_cells[0].text_label.text()


def test_without_a_session_nothing_is_recorded_and_gaps_stay_visible(qtbot, context):
    view = _open(qtbot, context, "en", "interpreter")
    assert context.db.execute("SELECT count(*) FROM scripts_shown").fetchone()[0] == 0
    assert "[interpreter's name]" in view.rows.right_cells[0].text_label.text()
    other = _open(qtbot, context, "en", "role")
    assert "Sam" in other.rows.right_cells[0].text_label.text()


def test_a_language_without_a_catalog_offers_a_live_interpreter(qtbot, context):
    view = _open(qtbot, context, "quc")
    assert view.pages.currentIndex() == 1
    assert "needs a live interpreter" in view.interpreter_message.text()
    assert not view.read_button.isEnabled()
    with qtbot.waitSignal(context.events.navigate) as signal:
        qtbot.mouseClick(view.book_button, Qt.MouseButton.LeftButton)
    assert signal.args == ["bookings", {"language": "quc"}]


def test_marking_read_moves_on_and_the_view_follows(qtbot, context):
    view = _open(qtbot, context, "ar", "interpreter")
    view.resize(900, 320)
    view.show()
    qtbot.waitExposed(view)
    for _ in range(len(view.rows.numbers) - 1):
        qtbot.mouseClick(view.read_button, Qt.MouseButton.LeftButton)
    assert view.read_rows == set(range(len(view.rows.numbers) - 1))
    assert view.current_row == len(view.rows.numbers) - 1
    assert view.rows.numbers[0].text().startswith("✓")
    assert view.scroll.verticalScrollBar().value() > 0
    qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    assert view.current_row == len(view.rows.numbers) - 2


def test_clicking_a_paragraph_makes_it_the_current_one(qtbot, context):
    view = _open(qtbot, context, "ko")
    qtbot.mouseClick(view.rows.right_cells[2], Qt.MouseButton.LeftButton)
    assert view.current_row == 2 and view.rows.numbers[2].text().startswith("▶")


def test_language_picker_names_languages_both_ways(qtbot, context):
    view = _open(qtbot, context, "pa-Guru")
    assert view.client_picker.currentText() == "Punjabi — ਪੰਜਾਬੀ"
    for typed in ("Punjabi", "ਪੰਜਾਬੀ", "Panjabi"):          # either name, or another one people use
        view.client_picker.lineEdit().clear()
        type_text(view.client_picker.lineEdit(), typed)
        assert view.client_picker.matching_tags() == ["pa-Guru"], typed


def type_text(widget, text: str) -> None:
    """Key presses carrying each character, as a keyboard layout for that script sends them (QTest's keyClicks
    aborts on characters that have no Qt key code, such as Gurmukhi)."""
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


def test_without_a_font_the_view_says_what_to_install_instead_of_boxes(qtbot, context, monkeypatch):
    monkeypatch.setattr(view_module, "font_for", lambda locale, sample="": FontChoice(None, "Noto Sans CJK"))
    view = _open(qtbot, context, "zh-Hant")
    assert not view.font_banner.isHidden() and "Noto Sans CJK" in view.font_banner.text()
    assert view.rows.right_cells[0].marker_kind == NO_FONT_MARKER
    assert view.rows.right_cells[0].text_label.text().startswith("Hello.")
    assert not view.present_button.isEnabled()


def test_without_a_font_the_record_says_the_english_text_was_shown(qtbot, context, monkeypatch):
    monkeypatch.setattr(view_module, "font_for", lambda locale, sample="": FontChoice(None, "Noto Sans CJK"))
    session_id = _session(context.db, language="zh-Hant")
    view = ScriptsView(context, session_id=session_id)
    qtbot.addWidget(view)
    english = scripts.load_script("role", "en")
    [shown] = script_log.shown_in_session(context.db, session_id)
    assert shown.locale == "en" and shown.revision == scripts.revision((english.title, *english.paragraphs))


def test_handout_pdf_is_written_and_logged(qtbot, context, tmp_path):
    view = _open(qtbot, context, "hi", "stop")
    before = context.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    operation = view.save_handout_pdf(str(tmp_path / "handout.pdf"))
    wait_for_running()  # laid out and written on a worker thread
    assert operation.done and operation.error is None
    assert (tmp_path / "handout.pdf").read_bytes().startswith(b"%PDF")
    assert context.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before + 1


def test_keyboard_marks_read_and_goes_back(qtbot, context):
    view = _open(qtbot, context, "th")
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(lambda: view.isActiveWindow())
    view.script_picker.setFocus()
    qtbot.keyClick(view.script_picker, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.current_row == 1)
    qtbot.keyClick(view.script_picker, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.current_row == 0)


def test_locking_closes_the_presentation(qtbot, context):
    view = _open(qtbot, context, "uk")
    view.present()
    qtbot.waitExposed(view.presentation)
    window = view.presentation
    context.events.about_to_lock.emit()
    assert not window.isVisible() and view.presentation is None


def test_an_interpreter_named_later_appears_without_losing_the_place(qtbot, context):
    session_id = _session(context.db, language="vi")
    view = ScriptsView(context, session_id=session_id)
    qtbot.addWidget(view)
    view.handle_navigation({"script": "interpreter"})
    view.mark_read()
    context.db.execute("UPDATE sessions SET interpreter_name = 'Linh' WHERE id = ?", [session_id])
    context.events.changed(DataKind.SESSIONS)
    assert "Linh" in view.rows.right_cells[0].text_label.text()
    assert view.current_row == 1 and view.read_rows == {0}


def test_the_session_picker_links_and_unlinks_recording(qtbot, context):
    session_id = _session(context.db, language="ko", interpreter="Min")
    view = _open(qtbot, context, "ar", "stop")
    assert view.session_picker.currentIndex() == 0 and view.session_id is None
    index = view.session_picker.findData(session_id)
    assert index > 0 and view.session_picker.itemText(index).startswith("Ana, ")
    view.session_picker.setCurrentIndex(index)
    view.session_picker.activated.emit(index)
    [shown] = script_log.shown_in_session(context.db, session_id)
    assert shown.locale == "ko" and view.session_id == session_id
    view.session_picker.setCurrentIndex(0)
    view.session_picker.activated.emit(0)
    view.handle_navigation({"language": "ar"})
    assert view.session_id is None and len(script_log.shown_in_session(context.db, session_id)) == 1


@pytest.mark.parametrize(("typed", "expected"), [
    ("punj", "Punjabi — ਪੰਜਾਬੀ"), ("ਪੰਜਾ", "Punjabi — ਪੰਜਾਬੀ"), ("kiche", "Kʼicheʼ"),
    ("فارس", "Persian — فارسی"), ("tiếng", "Vietnamese — Tiếng Việt"), ("tieng", "Vietnamese — Tiếng Việt"),
])
def test_typing_either_name_finds_the_language_and_choosing_it_selects_it(qtbot, context, typed, expected):
    view = _open(qtbot, context, "en")
    completer = view.client_picker.completer()
    view.client_picker.lineEdit().clear()
    type_text(view.client_picker.lineEdit(), typed)
    model = completer.completionModel()   # what the popup lists for the typed text
    labels = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert expected in labels
    index = completer.completionModel().index(labels.index(expected), 0)
    completer.activated[QModelIndex].emit(index)          # what Qt emits, in this order, when one is chosen
    completer.activated[str].emit(index.data(completer.completionRole()))
    qtbot.waitUntil(lambda: view.client_picker.currentText() == expected)
    assert view.client_picker.current_language().label == expected


def test_a_deleted_session_stops_the_recording(qtbot, context):
    session_id = _session(context.db, language="ru")
    view = ScriptsView(context, session_id=session_id)
    qtbot.addWidget(view)
    context.db.execute("DELETE FROM sessions WHERE id = ?", [session_id])
    context.events.changed(DataKind.SESSIONS)
    assert view.session_id is None and view.session_picker.currentIndex() == 0
    view.handle_navigation({"script": "stop"})
    assert context.db.execute("SELECT count(*) FROM scripts_shown").fetchone()[0] == 0


def test_the_view_opens_in_the_preferred_script_language(qtbot, context):
    context.preferences.set("script_locale", "vi")
    view = ScriptsView(context)
    qtbot.addWidget(view)
    assert view.client_picker.current_tag() == "vi"


def test_the_shortcuts_help_lists_the_reading_keys(qtbot, context):
    from desktop.ui.shell.shortcuts_help import all_shortcuts

    view = ScriptsView(context)
    qtbot.addWidget(view)
    listed = {shortcut.description for _title, shortcuts in all_shortcuts(view) for shortcut in shortcuts}
    assert {"Mark read and go on", "Back one paragraph", "Present to the client", "Print handout"} <= listed


def test_we_can_stop_is_one_click_away_even_while_presenting(qtbot, context):
    view = _open(qtbot, context, "hi", "consent")
    view.present()
    qtbot.waitExposed(view.presentation)
    qtbot.mouseClick(view.stop_button, Qt.MouseButton.LeftButton)
    hindi = scripts.load_script("stop", "hi")
    assert view.script_picker.currentData() == "stop"
    assert view.rows.right_cells[0].paragraph.key == "stop.1"
    assert view.presentation.texts[0] == hindi.title.text
    view.close_presentation()


@pytest.mark.parametrize("damage", ["unreadable", "missing"])
def test_a_damaged_script_template_is_a_plain_message_and_the_rest_of_harbour_works(
        qtbot, context, tmp_path, monkeypatch, damage):
    from desktop.ui.shell.main_window import MainWindow

    folder = tmp_path / "scripts"
    shutil.copytree(scripts.scripts_dir(), folder)
    if damage == "missing":
        (folder / "scripts.pot").unlink()
    else:
        (folder / "scripts.pot").write_bytes(b'msgid "unterminated\n\xff\xfe\x00')
    monkeypatch.setattr(scripts, "scripts_dir", lambda: folder)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.navigate("scripts", {"language": "fr", "script": "role"})
    view = window.section_widget("scripts")
    assert view.pages.currentWidget() is view.damaged_message
    assert view.damaged_message.text().startswith("The scripts could not be read.")
    assert "scripts.pot" in view.damaged_message.text() and "Reinstall Harbour" in view.damaged_message.text()
    assert not any(widget.isEnabled() for widget in (view.read_button, view.present_button, view.print_button,
                                                      view.stop_button))
    view.show_stop_script()
    view.mark_read()
    window.navigate("clients")
    assert window.current_section() == "clients"
