from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget

from desktop.core.consent import audit
from desktop.core.interpreters.directory import list_interpreters
from desktop.paths import resources_dir
from desktop.ui.interpreters import directory_view as screen
from desktop.ui.interpreters import interpreter_editor
from desktop.ui.widgets.operations import wait_for_running
from tests.conftest import select_row


def _import(view):
    """Presses Import: the roster is read and stored on a worker thread, then the report shows."""
    view.import_roster()
    wait_for_running()
    return view.last_dialog


@pytest.fixture
def view(qtbot, context):
    widget = screen.InterpretersView(context)
    qtbot.addWidget(widget)
    return widget


def test_new_entry_is_saved_from_the_form_and_listed(qtbot, view, context):
    view.new_button.click()
    view.editor.name.setText("Ana Example")
    view.editor.languages.set_tags(["es-MX", "en"])
    view.editor.modalities["phone"].setChecked(True)
    view.editor._add_credential_row(None)
    view.editor.credentials.item(0, 0).setText("Certified Medical Interpreter")
    expiry = view.editor.credentials.cellWidget(0, 4)
    expiry.present.setChecked(True)
    expiry.edit.setDate(QDate(2027, 1, 31))
    view.editor.save_button.click()
    wait_for_running()  # the list is read again on a worker thread
    saved = list_interpreters(context.db)
    assert [e.name for e in saved] == ["Ana Example"]
    assert saved[0].credentials[0].expires_on.isoformat() == "2027-01-31"
    assert saved[0].modalities == ["in_person", "phone"]
    assert view.model.rowCount() == 1
    credential = view.model.index(0, view.model.column_index("credential"))
    assert view.model.data(credential) == "Certified Medical Interpreter"


def test_invalid_entry_shows_the_reason_and_stores_nothing(view, context):
    view.new_button.click()
    view.editor.name.setText("Bo Example")
    view.editor.languages.set_tags(["not a language"])  # an old record
    view.editor.save_button.click()
    assert "not a language code" in view.editor.error.text()
    assert list_interpreters(context.db) == []


def test_import_demo_roster_then_select_and_edit(view, context, monkeypatch):
    monkeypatch.setattr(screen, "ask_import_path", lambda parent: resources_dir() / "demo" / "interpreters.csv")
    monkeypatch.setattr(screen, "show_dialog", lambda dialog: None)
    dialog = _import(view)
    assert dialog.problems.count() == 0 and "added" in dialog.findChild(screen.QLabel).text()
    count = view.model.rowCount()
    assert count >= 10
    select_row(view.table, 0)
    first = view.model.rows[0]
    assert view.editor.name.text() == first.name
    view.editor.region.setText("Nanaimo")
    view.editor.save_button.click()
    assert [e.region for e in list_interpreters(context.db) if e.id == first.id] == ["Nanaimo"]
    _import(view)          # the same file again: no duplicates
    assert view.model.rowCount() == count


def test_import_report_lists_bad_rows_and_encoding_errors(view, tmp_path, monkeypatch):
    bad = tmp_path / "roster.csv"
    bad.write_bytes(b"name,languages\nAna,es\n,ko\nBo,zz zz\n")
    monkeypatch.setattr(screen, "ask_import_path", lambda parent: bad)
    monkeypatch.setattr(screen, "show_dialog", lambda dialog: None)
    dialog = _import(view)
    texts = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert texts[0].startswith("Line 3") and texts[1].startswith("Line 4")
    bad.write_bytes("name,languages\nJosé,es\n".encode("latin-1"))
    dialog = _import(view)
    assert "Line 2 is not UTF-8" in dialog.problems.item(0).text()


def test_export_writes_the_roster_and_is_audited(view, context, tmp_path, monkeypatch):
    monkeypatch.setattr(screen, "ask_import_path", lambda parent: resources_dir() / "demo" / "interpreters.csv")
    monkeypatch.setattr(screen, "show_dialog", lambda dialog: None)
    _import(view)
    target = tmp_path / "out.csv"
    monkeypatch.setattr(screen, "ask_export_path", lambda parent: target)
    assert view.export_roster() == Path(target)
    assert "Wing Example (demo)" in target.read_text(encoding="utf-8-sig")
    logged = audit.entries(context.db, channel="file_csv")
    assert logged and logged[-1].basis == "not_client_data"


def test_delete_asks_first(view, context, monkeypatch):
    view.new_button.click()
    view.editor.name.setText("Cy Example")
    view.editor.languages.set_tags(["hu"])
    view.editor.save_button.click()
    monkeypatch.setattr(interpreter_editor, "confirm", lambda parent, question: False)
    view.editor.delete_button.click()
    assert len(list_interpreters(context.db)) == 1
    monkeypatch.setattr(interpreter_editor, "confirm", lambda parent, question: True)
    view.editor.delete_button.click()
    wait_for_running()
    assert list_interpreters(context.db) == [] and view.model.rowCount() == 0


def test_status_warns_of_an_expiring_credential_and_editor_lists_incidents(view, context):
    from datetime import date, timedelta

    from desktop.core.common.formatting import format_date
    from desktop.core.interpreters.directory import Credential, Interpreter, add_incident, save_interpreter
    from desktop.core.records.clients import create_client

    soon = date.today() + timedelta(days=10)
    entry = save_interpreter(context.db, Interpreter(name="Dee Example", languages=["ar"], credentials=[
        Credential(title="Certified Court Interpreter", level="certified", expires_on=soon)]))
    client = create_client(context.db, "Noor")
    add_incident(context.db, entry.id, "Arrived with the client", client_id=client.id)
    view.reload()
    wait_for_running()  # the directory is read on a worker thread
    status = view.model.data(view.model.index(0, view.model.column_index("status")))
    assert f"credential expires {format_date(soon)}" in status
    select_row(view.table, 0)
    assert "Arrived with the client" in view.editor.incidents.item(0).text()


# -- reviewer's findings --------------------------------------------------------------------------------------------
def _column(view, row, name, role=None):
    from PySide6.QtCore import Qt

    index = view.model.index(row, view.model.column_index(name))
    return view.model.data(index, role or Qt.ItemDataRole.DisplayRole)


def test_name_and_agency_are_separate_columns_and_inactive_is_said_in_words(view, context):
    from PySide6.QtCore import Qt

    from desktop.core.interpreters.directory import Interpreter, save_interpreter

    save_interpreter(context.db, Interpreter(name="Wing Example (demo)", agency="Pretend Language Services (demo)",
                                             languages=["yue-HK", "en", "zh-Hant", "pa-Guru", "es-MX"]))
    save_interpreter(context.db, Interpreter(name="Chen Formerly", languages=["yue"], active=False))
    assert not view.show_inactive.isChecked()           # who can work comes first
    view.reload()
    wait_for_running()  # the directory is read on a worker thread
    assert view.model.rowCount() == 1
    assert _column(view, 0, "name") == "Wing Example (demo)"
    assert _column(view, 0, "agency") == "Pretend Language Services (demo)"
    tooltip = _column(view, 0, "languages", Qt.ItemDataRole.ToolTipRole)
    assert "Cantonese (Hong Kong" in tooltip and "Spanish (Mexico)" in tooltip
    assert view.table.wordWrap()
    view.show_inactive.setChecked(True)
    wait_for_running()
    names = [_column(view, row, "name") for row in range(view.model.rowCount())]
    assert "Chen Formerly (inactive)" in names


def test_nothing_chosen_shows_a_sentence_not_an_empty_form(view, context, monkeypatch):
    assert view.pages.currentWidget() is view.empty_page
    view.empty_new_button.click()
    assert view.pages.currentWidget() is view.editor
    view.editor.name.setText("Cy Example")
    view.editor.languages.set_tags(["hu"])
    view.editor.save_button.click()
    monkeypatch.setattr(interpreter_editor, "confirm", lambda parent, question: True)
    view.editor.delete_button.click()
    assert view.pages.currentWidget() is view.empty_page
    view.reload()
    wait_for_running()  # the directory is read on a worker thread
    assert view.pages.currentWidget() is view.empty_page


def test_a_new_vaults_empty_directory_says_how_to_add_one_or_import_the_roster(view, context, monkeypatch):
    """It used to say only "Choose an interpreter on the left", with nothing on the left to choose."""
    view.show()
    wait_for_running()
    assert "No interpreters yet" in view.empty_hint.text() and "roster" in view.empty_hint.text()
    assert "Interpreter roster" in view.empty_hint.text(), "it points to the guide's section on the columns"
    assert view.empty_import_button.isVisible()
    monkeypatch.setattr(screen, "ask_import_path", lambda parent: resources_dir() / "demo" / "interpreters.csv")
    monkeypatch.setattr(screen, "show_dialog", lambda dialog: None)
    view.empty_import_button.click()
    wait_for_running()  # the roster is stored on a worker thread
    assert view.model.rowCount() >= 10
    assert "Choose an interpreter" in view.empty_hint.text() and not view.empty_import_button.isVisible()
    view.search.setText("nobody by this name")   # a search that finds no one is not an empty directory
    wait_for_running()
    assert "Choose an interpreter" in view.empty_hint.text()


def test_the_user_guides_document_every_roster_column_with_an_example(context):
    from desktop.core.interpreters.roster_io import COLUMNS, import_csv

    root = Path(__file__).resolve().parents[2] / "docs"
    for guide, heading in (("USER_GUIDE.md", "## Interpreter roster"), ("USER_GUIDE.fr.md", "## Liste d'interprètes")):
        text = (root / guide).read_text(encoding="utf-8")
        assert heading in text, guide
        section = text.split(heading, 1)[1].split("\n## ", 1)[0]
        missing = [column for column in COLUMNS if f"`{column}`" not in section]
        assert not missing, (guide, missing)
        example = section.split("```csv\n", 1)[1].split("```", 1)[0]
        report = import_csv(context.db, example.encode("utf-8"))   # the example imports as it says
        assert not report.errors and report.added + report.unchanged == 2, (guide, report.summary())


def test_the_open_editor_shares_no_alt_letter_with_the_list_or_the_menus(qtbot, context):
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    from desktop.ui.shell.main_window import MainWindow

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.navigate("interpreters")
    view = window.section_widget("interpreters")
    view.new_entry()                       # the editor is only on screen once someone is chosen or added
    texts = [action.text() for action in window.menuBar().actions()]
    shown = [w for w in view.findChildren(QWidget) if w.isVisible() and isinstance(w, (QLabel, QAbstractButton))]
    texts += [widget.text() for widget in shown]
    letters = [m.group(1).casefold() for m in (re.search(r"&(?!&)(\w)", text) for text in texts) if m]
    assert sorted(letters) == sorted(set(letters))


def test_remove_credential_is_only_offered_with_a_credential_chosen(view):
    view.new_entry()
    editor = view.editor
    assert not editor.remove_credential.isEnabled()
    editor._add_credential_row(None)
    select_row(editor.credentials, 0)
    assert editor.remove_credential.isEnabled()
    editor.remove_credential.click()
    assert editor.credentials.rowCount() == 0 and not editor.remove_credential.isEnabled()


def test_conflict_check_date_is_picked_in_the_worker_format_and_kept(view, context):
    from datetime import date

    from PySide6.QtCore import QDate

    from desktop.core.common.formatting import format_date
    from desktop.core.interpreters.directory import Interpreter, get_interpreter, save_interpreter

    entry = save_interpreter(context.db, Interpreter(name="Dee Example", languages=["ar"],
                                                     conflict_checked_on=date(2026, 3, 15), conflict_result="clear"))
    view.reload()
    wait_for_running()  # the directory is read on a worker thread
    select_row(view.table, 0)
    editor = view.editor
    assert editor.conflict_was_checked.isChecked() and editor.conflict_checked.text() == format_date(date(2026, 3, 15))
    editor.conflict_checked.setDate(QDate(2026, 11, 2))
    editor.save_button.click()
    assert get_interpreter(context.db, entry.id).conflict_checked_on == date(2026, 11, 2)
    editor.conflict_was_checked.setChecked(False)
    assert not editor.conflict_checked.isEnabled()
    editor.save_button.click()
    assert get_interpreter(context.db, entry.id).conflict_checked_on is None


def test_credential_dates_are_picked_from_a_calendar_in_the_worker_format(view, context):
    """They were typed as YYYY-MM-DD into table cells ("Expires (YYYY-MM-DD)")."""
    from datetime import date

    from desktop.core.common.formatting import format_date
    from desktop.core.interpreters.directory import Credential, Interpreter, get_interpreter, save_interpreter

    entry = save_interpreter(context.db, Interpreter(name="Dee Example", languages=["ar"], credentials=[
        Credential(title="Certified Court Interpreter", level="certified", expires_on=date(2027, 1, 31))]))
    view.reload()
    wait_for_running()  # the directory is read on a worker thread
    select_row(view.table, 0)
    credentials = view.editor.credentials
    headers = [credentials.horizontalHeaderItem(column).text() for column in range(credentials.columnCount())]
    assert not any("YYYY" in header for header in headers)
    expiry, checked = credentials.cellWidget(0, 4), credentials.cellWidget(0, 5)
    assert expiry.edit.calendarPopup() and expiry.edit.text() == format_date(date(2027, 1, 31))
    assert not checked.present.isChecked() and not checked.edit.isEnabled(), "no date: said, not a made-up one"
    checked.present.setChecked(True)
    checked.edit.setDate(QDate(2026, 11, 2))
    expiry.present.setChecked(False)              # no expiry date any more
    view.editor.save_button.click()
    saved = get_interpreter(context.db, entry.id).credentials[0]
    assert (saved.expires_on, saved.last_checked_on) == (None, date(2026, 11, 2))


def test_opening_an_inactive_interpreter_by_id_shows_them(view, context):
    from desktop.core.interpreters.directory import Interpreter, save_interpreter

    gone = save_interpreter(context.db, Interpreter(name="Chen Formerly", languages=["yue"], active=False))
    view.reload()
    wait_for_running()  # the directory is read on a worker thread
    view.handle_navigation(gone.id)
    wait_for_running()
    assert view.show_inactive.isChecked() and view.editor.entry.id == gone.id
    assert view.pages.currentWidget() is view.editor
