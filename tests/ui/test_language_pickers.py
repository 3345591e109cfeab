"""No codes: languages are picked by name (with where they are spoken), found by the names people use, and any
stored tag is shown by its name."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core.common import languages
from desktop.ui.widgets.language_list import DialectPicker, LanguageListEdit
from desktop.ui.widgets.language_picker import LanguagePicker
from tests.conftest import show_active


@pytest.fixture
def picker(qtbot):
    made = LanguagePicker(languages.known_languages())
    qtbot.addWidget(made)
    show_active(qtbot, made).setFocus()
    return made


def _type_and_enter(qtbot, picker, text: str) -> str:
    picker.lineEdit().selectAll()
    qtbot.keyClicks(picker.lineEdit(), text)
    qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_Return)
    if picker.completer().popup().isVisible():       # the popup takes the first Return when it has a current row
        qtbot.keyClick(picker.completer().popup(), Qt.Key.Key_Return)
    return picker.current_tag()


@pytest.mark.parametrize(("typed", "tag"), [
    ("Tagalog", "fil"), ("K'iche'", "quc"), ("Farsi", "fa"), ("Cantonese", "yue"), ("Hungarian", "hu"),
    ("francais", "fr"), ("Panjabi", "pa-Guru"),
])
def test_typing_a_name_people_use_and_enter_chooses_that_language(qtbot, picker, typed, tag):
    assert _type_and_enter(qtbot, picker, typed) == tag
    assert picker.currentText() == languages.describe(tag).label


def test_the_completer_offers_what_the_typed_words_name_and_nothing_else(qtbot, picker):
    picker.lineEdit().clear()
    qtbot.keyClicks(picker.lineEdit(), "dari")
    found = picker.matching_tags()
    assert found[0] == "prs" and not any(tag.startswith("zh") for tag in found), "Dari (then Persian), not Mandarin"
    picker.lineEdit().clear()
    qtbot.keyClicks(picker.lineEdit(), "K'iche'")
    assert picker.matching_tags() == ["quc"]


def test_text_that_names_no_language_is_not_kept(qtbot, picker):
    picker.select_tag("es")
    assert _type_and_enter(qtbot, picker, "Klingonish") == "es"
    assert picker.currentText() == languages.describe("es").label


def test_a_dialect_is_chosen_by_country_name(qtbot):
    chooser = DialectPicker(languages.known_languages())
    qtbot.addWidget(chooser)
    chooser.language.select_tag("es")
    chooser.region.setCurrentIndex(chooser.region.findText("Mexico"))
    assert chooser.current_tag() == "es-MX"
    assert chooser.set_tag("yue-HK") and chooser.region.currentText() == "Hong Kong SAR China"
    assert chooser.current_tag() == "yue-HK"
    assert chooser.set_tag("pa-Guru") and chooser.region.findData("PK") < 0, "Gurmukhi is not written in Pakistan"


def test_the_list_shows_names_and_keeps_the_order(qtbot):
    edit = LanguageListEdit(languages.known_languages())
    qtbot.addWidget(edit)
    show_active(qtbot, edit)
    edit.set_tags(["yue-HK", "en", "not a tag"])
    shown = [edit.list.item(row).text() for row in range(edit.list.count())]
    assert shown[0].startswith("Cantonese (Hong Kong") and shown[1] == "English"
    assert "not a language code" in shown[2]
    assert not any(text in ("yue-HK", "en") for text in shown)
    edit.picker.set_tag("es-MX")
    edit.add_button.click()
    edit.list.setCurrentRow(3)
    edit.up_button.click()
    assert edit.tags() == ["yue-HK", "en", "es-MX", "not a tag"]
    edit.list.setCurrentRow(3)
    edit.list.setFocus()
    qtbot.keyClick(edit.list, Qt.Key.Key_Delete)
    assert edit.tags() == ["yue-HK", "en", "es-MX"]


# -- the names people use, in every search ------------------------------------------------------------------------

def test_the_client_list_finds_clients_by_the_names_people_use_for_their_language(qtbot, context):
    from desktop.core.records import clients
    from desktop.ui.clients.clients_section import ClientsSection

    clients.create_client(context.db, "Rosa", languages=["fil"])
    clients.create_client(context.db, "Tomas", languages=["quc"])
    section = ClientsSection(context)
    qtbot.addWidget(section)
    model = section.list_view.model
    for typed, name in (("Tagalog", "Rosa"), ("K'iche'", "Tomas"), ("kiche", "Tomas")):
        section.list_view.filter_edit.setText(typed)
        assert [model.index(row, 0).data() for row in range(model.rowCount())] == [name], typed


def test_the_session_search_filters_by_a_language_typed_by_name(qtbot, context):
    from desktop.core.records import clients, sessions
    from desktop.ui.clients.search_panel import SearchView

    rosa = clients.create_client(context.db, "Rosa", languages=["fil"])
    sessions.create_session(context.db, rosa.id, language="fil", worker="Sam")
    sessions.create_session(context.db, rosa.id, language="es-MX", worker="Sam")
    view = SearchView(context)
    qtbot.addWidget(view)
    show_active(qtbot, view)
    picker = view.language_filter
    qtbot.waitUntil(lambda: picker.count() > 1)  # the choices are read on a worker thread
    labels = [picker.itemText(row) for row in range(picker.count())]
    assert labels[0] == "All languages" and "Spanish (Mexico) — español" in labels
    assert not any("(es-MX)" in label or "(fil)" in label for label in labels), "names, not codes"
    picker.setFocus()
    assert _type_and_enter(qtbot, picker, "Tagalog") == "fil"
    assert view.filters().language == "fil"
    picker.setCurrentIndex(0)
    assert view.filters().language is None


def test_the_directory_search_finds_interpreters_by_language_name(context):
    from desktop.core.interpreters.directory import Interpreter, list_interpreters, save_interpreter

    save_interpreter(context.db, Interpreter(name="Lea Example", languages=["fil", "en"]))
    save_interpreter(context.db, Interpreter(name="Ana Example", languages=["es-MX"]))
    assert [e.name for e in list_interpreters(context.db, search="Tagalog")] == ["Lea Example"]
    assert [e.name for e in list_interpreters(context.db, search="spanish")] == ["Ana Example"]
    assert [e.name for e in list_interpreters(context.db, search="mexico")] == ["Ana Example"]


@pytest.mark.parametrize("kind", ["language", "time zone"])
def test_a_click_into_a_picker_selects_its_text_so_typing_replaces_it(qtbot, kind):
    """The walkthrough clicked into the language field showing "English" and typed "Tagalog" after it."""
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    from desktop.ui.widgets.zone_picker import ZonePicker

    form = QWidget()
    before = QLineEdit(form)
    if kind == "language":
        picker = LanguagePicker(languages.known_languages(), form)
        picker.select_tag("en")
    else:
        picker = ZonePicker(["America/Vancouver", "America/Toronto"], form)
        picker.select_zone("America/Vancouver")
    layout = QVBoxLayout(form)
    layout.addWidget(before)
    layout.addWidget(picker)
    qtbot.addWidget(form)
    show_active(qtbot, form)
    before.setFocus()
    shown = picker.currentText()
    assert shown
    qtbot.mouseClick(picker.lineEdit(), Qt.MouseButton.LeftButton, pos=picker.lineEdit().rect().center())
    qtbot.waitUntil(lambda: picker.lineEdit().selectedText() == shown)
    qtbot.keyClicks(picker.lineEdit(), "Tor")
    assert picker.lineEdit().text() == "Tor"
