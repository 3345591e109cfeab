"""Tables that can hold thousands of rows never read, word or measure every row on the GUI thread (issue 18: after
a 1,000-row roster import the window stalled a quarter of a second reading the directory back and sizing each
wrapped row to its contents)."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QHeaderView, QTableView

from desktop.core.records import clients
from desktop.ui.interpreters import directory_view
from desktop.ui.widgets.operations import wait_for_running
from desktop.ui.widgets.screen_fit import SAMPLE_ROWS
from tests.ui.screens import MAIN_SECTIONS, demo_seeded


def test_after_a_roster_import_the_directory_is_read_and_worded_on_a_worker_thread(qtbot, context, tmp_path,
                                                                                   monkeypatch):
    rows = "".join(f"Person {number},Agency {number % 7},es;pa-Guru;en\n" for number in range(300))
    roster = tmp_path / "roster.csv"
    roster.write_text("name,agency,languages\n" + rows, encoding="utf-8")
    monkeypatch.setattr(directory_view, "ask_import_path", lambda parent: roster)
    monkeypatch.setattr(directory_view, "show_dialog", lambda dialog: None)
    view = directory_view.InterpretersView(context)
    qtbot.addWidget(view)
    view.show()
    wait_for_running()
    read_on, worded_on = [], []
    real_list, real_texts = directory_view.list_interpreters, directory_view.DirectoryModel.row_texts

    def listing(db, **kwargs):
        read_on.append(threading.current_thread())
        return real_list(db, **kwargs)

    def wording(model, entry):
        worded_on.append(threading.current_thread())
        return real_texts(model, entry)

    monkeypatch.setattr(directory_view, "list_interpreters", listing)
    monkeypatch.setattr(directory_view.DirectoryModel, "row_texts", wording)
    view.import_button.click()
    wait_for_running()

    assert view.model.rowCount() == 300
    assert read_on and threading.main_thread() not in read_on
    assert len(worded_on) >= 300 and threading.main_thread() not in worded_on
    languages = view.model.index(0, view.model.column_index("languages"))
    assert "Punjabi" in view.model.data(languages)  # the texts made on the worker are the ones shown


def test_typing_in_the_directory_search_reads_on_a_worker_and_shows_the_newest_result(qtbot, context, tmp_path,
                                                                                      monkeypatch):
    from desktop.core.interpreters.directory import Interpreter, save_interpreter

    for name in ("Ana Example", "Bo Example", "Cy Other"):
        save_interpreter(context.db, Interpreter(name=name, languages=["es"]))
    view = directory_view.InterpretersView(context)
    qtbot.addWidget(view)
    wait_for_running()
    read_on = []
    real_list = directory_view.list_interpreters
    monkeypatch.setattr(directory_view, "list_interpreters",
                        lambda db, **kwargs: read_on.append(threading.current_thread()) or real_list(db, **kwargs))
    qtbot.keyClicks(view.search, "exam")
    wait_for_running()
    assert threading.main_thread() not in read_on
    assert [entry.name for entry in view.model.rows] == ["Ana Example", "Bo Example"]


def test_no_table_measures_every_row(qtbot, context):
    """Every table on every main screen and the client page: rows of a fixed height (never sized one by one to
    their contents) and columns sized from a sample of rows, not from a thousand."""
    from desktop.ui.shell.main_window import MainWindow

    demo_seeded(context)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    for key in MAIN_SECTIONS:
        window.navigate(key)
    window.navigate("clients")
    window.section_widget("clients").open_client(clients.list_clients(context.db)[0].id)
    wait_for_running()
    tables = [table for table in window.findChildren(QTableView) if table.model() is not None]
    names = {table.accessibleName() for table in tables}
    assert {"Interpreter directory", "Audit log entries", "Consents"} <= names, names
    for table in tables:
        name = table.accessibleName() or table.objectName() or type(table.parentWidget()).__name__
        assert table.verticalHeader().sectionResizeMode(0) != QHeaderView.ResizeMode.ResizeToContents, name
        header = table.horizontalHeader()
        stretched = all(header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch
                        for column in range(header.count()))  # the week's seven days: never sized from cells
        assert stretched or header.resizeContentsPrecision() <= SAMPLE_ROWS, name
