"""What the scripts view fills in from the vault: the age in the confidentiality script, from the protocol of the
worker's province, and the organisation's own services in "Who I am", on the worker's side, the client's side, the
presentation and the handout."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.core.consent import duty_to_report as reporting
from desktop.core.profile import work_profile
from desktop.core.scripts import catalogs as scripts
from desktop.exports import handout
from desktop.ui.scripts.scripts_view import ScriptsView


def _open(qtbot, context, language: str, script: str) -> ScriptsView:
    view = ScriptsView(context)
    qtbot.addWidget(view)
    view.handle_navigation({"language": language, "script": script})
    return view


def _row_texts(view: ScriptsView, key: str) -> tuple[str, str]:
    index = next(i for i, cell in enumerate(view.rows.left_cells) if cell.paragraph.key == key)
    return view.rows.left_cells[index].text_label.text(), view.rows.right_cells[index].text_label.text()


def test_a_british_columbia_worker_tells_the_client_the_age_19_in_both_languages(qtbot, context):
    work_profile.set_province(context.db, "BC")
    view = _open(qtbot, context, "fr", "confidentiality")
    left, right = _row_texts(view, "confidentiality.3")
    assert "younger than 19," in left
    assert "moins de 19\u00a0ans" in right or "moins de 19 ans" in right
    assert "{child_age}" not in left + right


def test_an_ontario_worker_tells_the_client_the_age_18(qtbot, context):
    work_profile.set_province(context.db, "ON")
    view = _open(qtbot, context, "es", "confidentiality")
    left, right = _row_texts(view, "confidentiality.3")
    assert "younger than 18," in left and "menos de 18 años" in right
    assert "19" not in left + right


def test_a_protocol_saved_in_its_editor_changes_the_age_in_an_open_script(qtbot, context):
    from desktop.ui.consent.duty_widgets import ProtocolDialog

    view = _open(qtbot, context, "en", "confidentiality")
    assert "younger than 19," in _row_texts(view, "confidentiality.3")[0]
    dialog = ProtocolDialog(context)
    qtbot.addWidget(dialog)
    dialog.must_spin.setFocus()
    dialog.must_spin.selectAll()
    qtbot.keyClicks(dialog.must_spin, "17")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert reporting.get_protocol(context.db).must_report_under == 17
    assert "younger than 17," in _row_texts(view, "confidentiality.3")[0]


def test_without_a_list_of_services_who_i_am_is_hedged(qtbot, context):
    view = _open(qtbot, context, "vi", "role")
    left, right = _row_texts(view, "role.2")
    assert left.startswith("We may be able to help") and right.startswith("Có thể chúng tôi giúp")


def test_services_typed_in_preferences_are_read_to_the_client(qtbot, context):
    from desktop.ui.shell.preferences_dialog import PreferencesDialog

    dialog = PreferencesDialog(context)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.services, "a food bank and a legal clinic")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert work_profile.services(context.db) == "a food bank and a legal clinic"

    view = _open(qtbot, context, "fr", "role")
    left, right = _row_texts(view, "role.2.services")
    assert left == "Here we offer: a food bank and a legal clinic. I will tell you what we can really do for you."
    assert "a food bank and a legal clinic" in right and right.startswith("Ici, nous offrons")

    view.present()
    window = view.presentation
    qtbot.addWidget(window)
    assert any("a food bank and a legal clinic" in text for text in window.texts)
    qtbot.keyClick(window, Qt.Key.Key_Escape)


def test_a_list_of_services_with_an_invisible_character_is_refused_and_nothing_is_stored(qtbot, context):
    from desktop.ui.shell.preferences_dialog import PreferencesDialog

    work_profile.set_services(context.db, "a food bank")
    dialog = PreferencesDialog(context)
    qtbot.addWidget(dialog)
    dialog.services.setText("a food\x07 bank")
    dialog.province.setCurrentIndex(dialog.province.findData("ON"))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.error.isHidden() and "control characters" in dialog.error.text()
    assert work_profile.services(context.db) == "a food bank"
    assert reporting.get_protocol(context.db).province == "BC"


def test_the_handout_carries_the_age_and_the_services_but_no_session_detail(qtbot, context):
    work_profile.set_province(context.db, "ON")
    work_profile.set_services(context.db, "a food bank")
    view = _open(qtbot, context, "ko", "confidentiality")
    view.session.interpreter_name = "Parisa"
    html = handout.handout_html(view.load_script("confidentiality", "en"), view.shown.right,
                                values=view.placeholder_values(), organisation="Harbour", layout="side_by_side")
    assert "younger than 18," in html and "18세 미만" in html
    assert "Parisa" not in html
    role = handout.handout_html(view.load_script("role", "en"), view.load_script("role", "ko"),
                                values=view.placeholder_values(), organisation="Harbour", layout="sequential")
    assert role.count("a food bank") == 2 and scripts.PLACEHOLDER_LABELS["services"] not in role
