"""The one table-model base (ui/models/table_model.py), tried through the client list, the one model that uses
every part of a column spec: titles translated when shown, texts in words with an icon that only repeats them,
a tooltip, alignment, and the column's own sort key sent to SQL when the worker clicks its title."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from desktop import i18n
from desktop.core.records import client_list, clients, promises
from desktop.ui.clients.clients_section import ClientListView
from desktop.ui.models.clients_model import CLIENT_ID_ROLE
from desktop.ui.models.table_model import Column, ListTableModel

Role = Qt.ItemDataRole


@pytest.fixture
def view(qtbot, context):
    db = context.db
    ana = clients.create_client(db, "Ana", age_group="minor", languages=["es"])
    promises.add_promise(db, ana.id, "Call the clinic", date.today() - timedelta(days=2))
    clients.create_client(db, "Bo", age_group="adult", languages=["vi"], tags=["farm"])
    widget = ClientListView(context)
    qtbot.addWidget(widget)
    widget.resize(1000, 500)
    widget.show()
    widget.reload()
    return widget


def _cell(model, name: str, key: str, role=Role.DisplayRole):
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data().startswith(name))
    return model.index(row, model.column_index(key)).data(role)


def test_the_columns_declared_are_the_columns_shown_and_their_titles_follow_the_ui_language(view):
    model = view.model
    assert model.columnCount() == len(model.columns) == 7
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert titles[0] == "First name" and titles[-1] == "Promises"
    try:
        i18n.setup_i18n("fr_CA")
        assert model.headerData(0, Qt.Orientation.Horizontal) == "Prénom"
    finally:
        i18n.setup_i18n("en")


def test_a_cell_says_its_state_in_words_the_icon_and_tooltip_only_add_to_them(view):
    model = view.model
    assert _cell(model, "Ana", "promises") == "1 open, 1 overdue"
    assert _cell(model, "Ana", "promises", Role.DecorationRole) is not None   # the warning repeats "overdue"
    assert _cell(model, "Bo", "promises") == "None open"
    assert _cell(model, "Bo", "promises", Role.DecorationRole) is None
    assert _cell(model, "Ana", "first_name", Role.ToolTipRole) == "Minor: the duty to report may apply."
    assert _cell(model, "Bo", "first_name", Role.ToolTipRole) is None
    for row in range(model.rowCount()):           # a screen reader hears what is shown
        for column in range(model.columnCount()):
            index = model.index(row, column)
            assert index.data(Role.AccessibleTextRole) == index.data()
    assert _cell(model, "Bo", "sessions", Role.TextAlignmentRole) == model.columns[5].alignment
    assert _cell(model, "Bo", "first_name", Role.TextAlignmentRole) is None
    assert _cell(model, "Bo", "first_name", CLIENT_ID_ROLE) == clients.list_clients(view.context.db)[1].id


def test_clicking_a_title_sorts_by_that_columns_own_key(qtbot, view):
    model = view.model
    assert {column.sort for column in model.columns} == set(client_list.ORDERS)
    header = view.table.horizontalHeader()
    tags = model.column_index("tags")
    click = QPoint(header.sectionViewportPosition(tags) + header.sectionSize(tags) // 2, header.height() // 2)
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, click)
    order = [model.index(r, tags).data() for r in range(model.rowCount())]
    assert header.sortIndicatorSection() == tags and order in (["", "farm"], ["farm", ""])
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, click)
    assert [model.index(r, tags).data() for r in range(model.rowCount())] == list(reversed(order))


def test_a_rows_texts_are_made_once_and_again_when_the_rows_change(qtbot):
    made = []

    def name(row):
        made.append(row)
        return row.upper()

    model = ListTableModel([Column("name", "Name", name), Column("size", "Size", lambda row: str(len(row)))])
    model.set_rows(["ana", "bo"])
    for _ask in range(3):
        assert [model.index(r, c).data() for r in range(2) for c in range(2)] == ["ANA", "3", "BO", "2"]
    assert made == ["ana", "bo"]
    model.set_rows(["cy"])
    assert model.index(0, 0).data() == "CY" and model.rowCount() == 1 and made == ["ana", "bo", "cy"]
