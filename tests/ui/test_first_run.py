"""First run on a real vault: the UI language first (before the wizard is built), then the passphrase, the recovery
key, and one page about the worker and their work; every answer can be changed later in Preferences."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop import i18n
from desktop.core.consent import duty_to_report as reporting
from desktop.core.profile import settings as vault_settings
from desktop.core.profile import work_profile
from desktop.core.vault.keys import TEST_COST
from desktop.ui.shell.controller import HarbourController
from desktop.ui.vault import first_language
from desktop.ui.vault.first_language import FirstLanguageDialog, system_ui_locale
from desktop.ui.widgets.language_picker import FrequentLanguagesPicker, LanguagePicker
from desktop.ui.widgets.operations import wait_for_running
from tests.conftest import show_active


@pytest.fixture
def english_afterwards(qapp):
    yield
    from desktop.ui.shell.qt_i18n import setup_qt_translations

    i18n.setup_i18n("en")
    setup_qt_translations(qapp, "en")


@pytest.fixture
def controller(qapp, preferences, vault_folder, english_afterwards):
    made = HarbourController(qapp, preferences, vault_folder, cost=TEST_COST)
    yield made
    made.shutdown()
    made.unlock_window.close()


def _through_passphrase_and_key(wizard) -> None:
    wizard.passphrase_page.pair.first.setText("a long enough passphrase")
    wizard.passphrase_page.pair.second.setText("a long enough passphrase")
    wizard.next()
    wait_for_running()  # the vault is made on a worker thread
    wizard.recovery_page.stored.setChecked(True)
    wizard.next()
    wait_for_running()  # the vault is made on a worker thread
    assert wizard.currentPage() is wizard.about_page


def _tick(picker: FrequentLanguagesPicker, *tags: str) -> None:
    for tag in tags:
        for row in range(picker.list.count()):
            item = picker.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == tag:
                item.setCheckState(Qt.CheckState.Checked)


# -- the UI language, asked before anything else -------------------------------------------------------------------

def test_a_new_computer_is_asked_its_language_first_and_the_wizard_then_speaks_it(qtbot, controller, preferences):
    assert not preferences.is_set("ui_locale")
    controller.start()
    dialog = controller.language_dialog
    assert dialog is not None and dialog.isVisible()
    assert controller.create_wizard is None, "the wizard must wait for the language"
    assert dialog.choose("fr_CA")
    # The question follows the language being chosen (French once the catalog has it).
    assert dialog.question.text() == i18n.load_catalog("fr_CA").gettext(first_language.QUESTION)
    dialog.accept()
    assert preferences.get("ui_locale") == "fr_CA" and preferences.is_set("ui_locale")
    wizard = controller.create_wizard
    assert wizard is not None and wizard.isVisible()
    assert wizard.passphrase_page.title() == "Créez votre coffre"
    assert wizard.button(wizard.WizardButton.CancelButton).text() == "Annuler"  # Qt's own strings too


def test_a_chosen_language_is_not_asked_again(qtbot, controller, preferences):
    preferences.set("ui_locale", "es")
    controller.start()
    assert controller.language_dialog is None
    assert controller.create_wizard is not None


def test_closing_the_language_question_quits(qtbot, controller, preferences, monkeypatch):
    quits = []
    monkeypatch.setattr(controller.app, "quit", lambda: quits.append(True))
    controller.start()
    controller.language_dialog.reject()
    assert quits == [True]
    assert not preferences.is_set("ui_locale")


def test_each_ui_language_is_offered_in_its_own_words(qtbot, english_afterwards):
    dialog = FirstLanguageDialog(default="es")
    qtbot.addWidget(dialog)
    labels = [dialog.language.itemText(row) for row in range(dialog.language.count())]
    assert {"English", "Français (Canada)", "Español"} <= set(labels)
    assert dialog.language.currentData() == "es"


@pytest.mark.parametrize(("system", "expected"), [("fr_CA", "fr_CA"), ("fr_FR", "fr_CA"), ("es_MX", "es"),
                                                  ("de_DE", "en"), ("en_GB", "en")])
def test_the_suggestion_follows_the_system_language(system, expected):
    assert system_ui_locale(["en", "es", "fr_CA"], system) == expected


# -- the page about the worker and their work ---------------------------------------------------------------------

def test_the_wizard_stores_name_organisation_province_and_languages(qtbot, controller, preferences):
    preferences.set("ui_locale", "en")
    controller.start()
    wizard = controller.create_wizard
    _through_passphrase_and_key(wizard)
    about = wizard.about_page
    assert not about.isComplete(), "the scripts need a first name"
    about.worker_name.setText("  Sam ")
    about.organisation.setText("Safe Harbour Society")
    about.province.setCurrentIndex(about.province.findData("ON"))
    _tick(about.languages, "ar", "pa-Guru")
    assert about.isComplete()
    wizard.accept()
    db = controller.vault.db
    assert vault_settings.get(db, "worker_name") == "Sam"
    assert vault_settings.get(db, "organisation") == "Safe Harbour Society"
    assert work_profile.frequent_languages(db) == ["ar", "pa-Guru"]
    protocol = reporting.get_protocol(db)
    assert protocol.province == "ON" and protocol.must_report_under == 16 and protocol.may_report_under == 18
    assert controller.main_window is not None and controller.main_window.tour is None


def test_the_wizard_explains_why_it_asks_each_thing(qtbot, tmp_path):
    from PySide6.QtWidgets import QLabel

    from desktop.ui.vault.create_vault import CreateVaultWizard

    wizard = CreateVaultWizard(tmp_path / "v", cost=TEST_COST)
    qtbot.addWidget(wizard)
    page_text = " ".join(label.text() for label in wizard.about_page.findChildren(QLabel))
    assert "introduce yourself" in page_text
    assert "duty to report" in page_text
    assert "first wherever you choose a client's language" in page_text


def test_asking_for_the_tour_in_the_wizard_opens_it_on_the_new_vault(qtbot, controller, preferences):
    preferences.set("ui_locale", "en")
    controller.start()
    wizard = controller.create_wizard
    _through_passphrase_and_key(wizard)
    wizard.about_page.worker_name.setText("Sam")
    wizard.about_page.take_tour.setChecked(True)
    wizard.accept()
    assert controller.main_window.tour is not None and controller.main_window.tour.isVisible()


# -- using the languages met most ---------------------------------------------------------------------------------

def test_frequent_languages_come_first_in_the_client_language_pickers(qtbot, context):
    from desktop.ui.clients.client_editor import ClientEditor
    from desktop.ui.scripts.scripts_view import ScriptsView

    work_profile.set_frequent_languages(context.db, ["yue", "ar"])
    editor = ClientEditor(context, None)
    view = ScriptsView(context)
    qtbot.addWidget(editor)
    qtbot.addWidget(view)
    for picker in (editor.language_picker, view.client_picker):
        assert picker.offered_tags()[:2] == ["yue", "ar"]
        assert [picker.itemData(row) for row in range(2)] == ["yue", "ar"]
        assert picker.itemData(2) is None, "a separator between the frequent languages and the rest"
        assert picker.select_tag("es") and picker.current_language().tag == "es"


def test_without_frequent_languages_the_pickers_keep_alphabetical_order(qtbot, context):
    from desktop.core.common.languages import client_languages

    picker = LanguagePicker(client_languages(), frequent=[])
    qtbot.addWidget(picker)
    assert picker.offered_tags() == [language.tag for language in client_languages()]
    assert all(picker.itemData(row) is not None for row in range(picker.count()))


def test_the_interpreter_search_starts_on_the_language_met_most(qtbot, context):
    from desktop.ui.interpreters.matching_panel import MatchingPanel

    work_profile.set_frequent_languages(context.db, ["pa-Guru", "es"])
    panel = MatchingPanel(context)
    qtbot.addWidget(panel)
    assert panel.language.current_tag() == "pa-Guru"


def test_the_frequent_picker_filters_and_keeps_the_ticking_order(qtbot):
    from desktop.core.common.languages import client_languages

    picker = FrequentLanguagesPicker(client_languages())
    qtbot.addWidget(picker)
    picker.filter_edit.setText("arab")
    shown = [picker.list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(picker.list.count())
             if not picker.list.item(row).isHidden()]
    assert shown == ["ar"]
    _tick(picker, "uk", "ar")
    assert picker.chosen_tags() == ["uk", "ar"]  # in the order ticked: the first is listed first
    assert "Arabic" in picker.summary.text() and "Ukrainian" in picker.summary.text()


# -- changing them later -------------------------------------------------------------------------------------------

def test_preferences_change_the_province_and_the_frequent_languages(qtbot, context):
    from desktop.ui.shell.preferences_dialog import PreferencesDialog

    work_profile.set_frequent_languages(context.db, ["es"])
    dialog = PreferencesDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.frequent_languages.chosen_tags() == ["es"]
    assert dialog.province.currentData() == "BC"
    dialog.province.setCurrentIndex(dialog.province.findData("NS"))
    _tick(dialog.frequent_languages, "fa")
    dialog.accept()
    assert work_profile.frequent_languages(context.db) == ["es", "fa"]
    assert reporting.get_protocol(context.db).province == "NS"


def test_preferences_keep_an_organisation_s_own_protocol_when_the_province_is_unchanged(qtbot, context):
    from desktop.ui.shell.preferences_dialog import PreferencesDialog

    own = reporting.save_protocol(context.db, reporting.Protocol(
        "ON", 16, 18, (reporting.Contact("Our children's aid society", "555-0101"),), "Our steps."))
    dialog = PreferencesDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.province.currentData() == "ON"
    dialog.accept()
    assert reporting.get_protocol(context.db) == own


# -- keyboard and screen reader, in each complete UI language ------------------------------------------------------

@pytest.mark.parametrize("locale", ["en", "fr_CA", "es"])
def test_the_first_run_screens_name_every_control_and_give_each_its_own_alt_letter(qtbot, qapp, tmp_path, locale,
                                                                                 english_afterwards):
    from desktop.ui.vault.create_vault import CreateVaultWizard
    from desktop.ui.vault.first_language import apply_ui_locale
    from tests.ui.test_theme_and_accessibility import _visible_mnemonics_in, unlabelled

    apply_ui_locale(qapp, locale)
    wizard = CreateVaultWizard(tmp_path / "v", cost=TEST_COST)
    qtbot.addWidget(wizard)
    wizard.show()
    _through_passphrase_and_key(wizard)
    chooser = FirstLanguageDialog()
    qtbot.addWidget(chooser)
    chooser.show()
    for screen in (wizard, chooser):
        assert unlabelled(screen) == []
        clashes = {letter: owners for letter, owners in _visible_mnemonics_in(screen).items() if len(owners) > 1}
        assert clashes == {}


def test_the_scripts_open_in_the_language_met_most_until_a_default_is_chosen(qtbot, context):
    from desktop.ui.scripts.scripts_view import ScriptsView

    work_profile.set_frequent_languages(context.db, ["ar", "es"])
    view = ScriptsView(context)
    qtbot.addWidget(view)
    assert view.client_picker.current_tag() == "ar"
    context.preferences.set("script_locale", "es")
    chosen = ScriptsView(context)
    qtbot.addWidget(chosen)
    assert chosen.client_picker.current_tag() == "es"


def test_ticking_more_languages_than_the_limit_holds_the_wizard_until_some_are_unticked(qtbot, controller,
                                                                                    preferences):
    preferences.set("ui_locale", "en")
    controller.start()
    wizard = controller.create_wizard
    _through_passphrase_and_key(wizard)
    about = wizard.about_page
    about.worker_name.setText("Sam")
    offered = [about.languages.list.item(row).data(Qt.ItemDataRole.UserRole)
               for row in range(about.languages.list.count())]
    _tick(about.languages, *offered[:work_profile.MAX_FREQUENT_LANGUAGES + 1])
    assert not about.isComplete()
    assert str(work_profile.MAX_FREQUENT_LANGUAGES) in about.languages.summary.text()
    about.languages.list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert about.isComplete()
    wizard.accept()
    assert len(work_profile.frequent_languages(controller.vault.db)) == work_profile.MAX_FREQUENT_LANGUAGES
    assert controller.main_window is not None


def test_frequent_languages_the_scripts_do_not_offer_fall_back_to_the_default(qtbot, context):
    from desktop.ui.scripts.scripts_view import ScriptsView

    work_profile.set_frequent_languages(context.db, ["es-MX"])
    context.preferences.set("script_locale", "ar")
    view = ScriptsView(context)
    qtbot.addWidget(view)
    assert view.client_picker.current_tag() == "ar"


# -- keys on the wizard's languages ---------------------------------------------------------------------------------

def _about_page_shown(qtbot, controller, preferences):
    preferences.set("ui_locale", "en")
    controller.start()
    wizard = controller.create_wizard
    _through_passphrase_and_key(wizard)
    show_active(qtbot, wizard)
    return wizard, wizard.about_page


def test_alt_a_reaches_the_languages_you_meet_most(qtbot, controller, preferences):
    """Its label's mnemonic used to do nothing: the picker took no focus, so the buddy shortcut was lost."""
    wizard, about = _about_page_shown(qtbot, controller, preferences)
    about.worker_name.setFocus()
    qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert about.languages.isAncestorOf(wizard.focusWidget())


def test_space_never_ticks_a_row_the_filter_hides(qtbot, controller, preferences):
    """The worker ticked Punjabi, filtered for Spanish, pressed Space, and Punjabi was unticked unseen."""
    _wizard, about = _about_page_shown(qtbot, controller, preferences)
    picker = about.languages
    punjabi = next(picker.list.item(row) for row in range(picker.list.count())
                   if picker.list.item(row).data(Qt.ItemDataRole.UserRole) == "pa-Guru")
    picker.list.setFocus()
    picker.list.setCurrentItem(punjabi)
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)
    assert picker.chosen_tags() == ["pa-Guru"]
    picker.filter_edit.setFocus()
    qtbot.keyClicks(picker.filter_edit, "span")
    picker.list.setFocus()
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)
    assert picker.chosen_tags() == ["pa-Guru", "es"], "Space ticks the row shown, never the hidden Punjabi"
    qtbot.keyClicks(picker.filter_edit, "zzz")   # nothing shown: Space ticks nothing
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)
    assert picker.chosen_tags() == ["pa-Guru", "es"]


def test_the_wait_after_wrong_passphrases_uses_plurals_and_one_wording(qtbot):
    from desktop.core.vault.errors import TooManyAttempts, wait_sentence

    assert wait_sentence(1) == "Too many wrong attempts. Please wait 1 second and try again."
    assert wait_sentence(2.2) == "Too many wrong attempts. Please wait 3 seconds and try again."
    assert str(TooManyAttempts(0.4)) == wait_sentence(1)
