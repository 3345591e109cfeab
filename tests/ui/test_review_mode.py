"""Review mode: a qualified translator picked from the directory (or typed) checks, corrects and annotates one
language paragraph by paragraph; the vault keeps it; the catalog goes out as a .po through the gate and comes back
in, refusing broken placeholders."""

from __future__ import annotations

import io
from datetime import date

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import Qt

from desktop.core.consent import audit
from desktop.core.interpreters.directory import Credential, Interpreter, save_interpreter
from desktop.core.scripts import catalogs, reviews
from desktop.ui.scripts import review_files
from desktop.ui.scripts.review_dialog import ReviewDialog
from desktop.ui.scripts.script_rows import CHECKED_MARKER
from desktop.ui.scripts.scripts_view import ScriptsView


@pytest.fixture
def dialog(qtbot, context):
    save_interpreter(context.db, Interpreter(name="Zed Other", languages=["ko"]))
    save_interpreter(context.db, Interpreter(name="Amélie Tremblay", languages=["fr"], credentials=[
        Credential(title="Certified translator", body="OTTIAQ", level="certified")]))
    view = ScriptsView(context)
    qtbot.addWidget(view)
    view.handle_navigation({"language": "fr", "script": "stop"})
    qtbot.mouseClick(view.review_button, Qt.MouseButton.LeftButton)
    opened = view.findChild(ReviewDialog)
    qtbot.waitExposed(opened)
    opened.view = view
    return opened


def _pick(dialog: ReviewDialog, name: str) -> None:
    index = dialog.reviewer_picker.findText(name)
    dialog.reviewer_picker.setCurrentIndex(index)
    dialog.reviewer_picker.activated.emit(index)


def _type(qtbot, edit, text: str) -> None:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def test_review_opens_on_the_script_shown_and_lists_the_directorys_translator_first(dialog):
    assert dialog.current_key() == "stop.title"
    assert dialog.source_label.text() == "We can stop"
    assert dialog.reviewer_picker.itemText(1) == "Amélie Tremblay"   # works in French, so listed first
    _pick(dialog, "Amélie Tremblay")
    assert dialog.credential_edit.text() == "Certified translator, OTTIAQ"


def test_checking_and_correcting_a_paragraph_is_kept_in_the_vault_and_shown_in_the_view(qtbot, context, dialog):
    _pick(dialog, "Amélie Tremblay")
    dialog.paragraph_list.setCurrentRow(dialog.keys.index("stop.3"))
    _type(qtbot, dialog.text_edit, "Nous pouvons nous revoir un autre jour. Nous serons toujours ici pour vous aider.")
    _type(qtbot, dialog.back_edit, "We can meet again another day. We will still be there to help you.")
    dialog.checked_box.setFocus()
    qtbot.keyClick(dialog.checked_box, Qt.Key.Key_Space)
    assert dialog.checked_box.isChecked()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    stored = reviews.reviews_for(context.db, "fr")["stop.3"]
    assert stored.checked and stored.reviewer == reviews.Reviewer("Amélie Tremblay", "Certified translator, OTTIAQ")
    assert stored.text.endswith("toujours ici pour vous aider.")
    assert stored.back_translation.startswith("We can meet again")
    assert "checked" in dialog.paragraph_list.item(dialog.keys.index("stop.3")).text()
    dialog.close()
    qtbot.waitUntil(lambda: dialog.view.rows.right_cells[2].marker_kind == CHECKED_MARKER)
    cell = dialog.view.rows.right_cells[2]
    assert cell.text_label.text().endswith("toujours ici pour vous aider.")
    assert "Amélie Tremblay (Certified translator, OTTIAQ)" in cell.marker_label.text()


def test_a_correction_that_breaks_a_placeholder_is_refused_in_a_sentence(qtbot, context, dialog):
    _pick(dialog, "Amélie Tremblay")
    dialog.paragraph_list.setCurrentRow(dialog.keys.index("role.1"))
    _type(qtbot, dialog.text_edit, "Bonjour {client_name}. Je suis {worker_name. Je travaille pour {organisation}.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.isVisible() and "role.1" in dialog.error_label.text()
    assert dialog.current_key() == "role.1"
    assert reviews.reviews_for(context.db, "fr") == {}


def test_a_review_without_a_reviewer_asks_for_a_name(qtbot, context, dialog):
    dialog.checked_box.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.isVisible() and "name" in dialog.error_label.text()
    assert reviews.reviews_for(context.db, "fr") == {}


def test_a_typed_reviewer_is_recorded(qtbot, context, dialog):
    _type(qtbot, dialog.reviewer_picker.lineEdit(), "Jo Tran")
    _type(qtbot, dialog.credential_edit, "ATA certified")
    dialog.checked_box.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert reviews.reviews_for(context.db, "fr")["stop.title"].reviewer == reviews.Reviewer("Jo Tran", "ATA certified")
    assert dialog.current_key() == "stop.1"


def test_export_goes_through_the_gate_and_writes_a_standard_po(qtbot, context, dialog, tmp_path, monkeypatch):
    reviews.save_review(context.db, "fr", "stop.1", checked=True, reviewer=reviews.Reviewer("Amélie Tremblay"),
                        on=date(2026, 12, 2))
    target = tmp_path / "fr-reviewed.po"
    monkeypatch.setattr(review_files, "ask_export_path", lambda parent, locale: target)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    catalog = read_po(io.BytesIO(target.read_bytes()))
    assert [m.context for m in catalog if m.id and not m.fuzzy] == ["stop.1"]
    logged = audit.entries(context.db, channel="file_text")
    assert logged and logged[-1].basis == "not_client_data"


def _import_as_jo(qtbot, dialog, tmp_path, monkeypatch, key: str, text: str) -> None:
    """Jo Tran, typed as the reviewer, imports a one-paragraph .po written as Poedit would (not fuzzy = checked)."""
    source = dict(catalogs.template())[key]
    path = tmp_path / "in.po"
    path.write_text(f'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                    f'msgctxt "{key}"\nmsgid "{source}"\nmsgstr "{text}"\n', encoding="utf-8")
    monkeypatch.setattr(review_files, "ask_import_path", lambda parent: path)
    monkeypatch.setattr(review_files, "tell", lambda parent, title, message: None)
    _type(qtbot, dialog.reviewer_picker.lineEdit(), "Jo Tran")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)


def test_import_takes_the_typed_reviewer_and_refreshes_the_list(qtbot, context, dialog, tmp_path, monkeypatch):
    _import_as_jo(qtbot, dialog, tmp_path, monkeypatch, "stop.2", "Pas besoin de dire pourquoi.")
    assert reviews.reviews_for(context.db, "fr")["stop.2"].reviewer.name == "Jo Tran"
    assert dialog.files.last_message == "1 paragraph was imported as checked."
    assert "checked" in dialog.paragraph_list.item(dialog.keys.index("stop.2")).text()


def test_import_refuses_a_broken_placeholder_naming_the_paragraph(qtbot, context, dialog, tmp_path, monkeypatch):
    _import_as_jo(qtbot, dialog, tmp_path, monkeypatch, "role.1",
                  "Bonjour {client_name}, je suis {worker_name} de {organisation}.")
    assert "role.1" in dialog.files.last_message and "{client_name}" in dialog.files.last_message
    assert reviews.reviews_for(context.db, "fr") == {}
