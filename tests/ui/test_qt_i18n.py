"""Qt's own strings (standard buttons) follow the worker's language through Qt's shipped qtbase translations."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QDialogButtonBox

from desktop.ui.shell import qt_i18n


@pytest.fixture
def restore_english(qapp):
    yield
    qt_i18n.setup_qt_translations(qapp, "en")


def test_qtbase_french_translation_ships_with_this_pyside6():
    assert (qt_i18n.qt_translations_dir() / "qtbase_fr.qm").is_file()


def test_french_translates_qts_standard_buttons(qapp, restore_english):
    assert qt_i18n.setup_qt_translations(qapp, "fr_CA") is True
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Annuler"


def test_french_sets_the_default_qlocale(qapp, restore_english):
    qt_i18n.setup_qt_translations(qapp, "fr_CA")
    assert QLocale().name() == "fr_CA"


def test_switching_back_to_english_removes_the_translator(qapp, restore_english):
    qt_i18n.setup_qt_translations(qapp, "fr_CA")
    assert qt_i18n.setup_qt_translations(qapp, "en") is False
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert QLocale().name() == "en_US" or QLocale().language() == QLocale.Language.English


def test_missing_qt_translation_logs_and_does_not_crash(qapp, restore_english, monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(qt_i18n, "qt_translations_dir", lambda: tmp_path)
    with caplog.at_level(logging.WARNING, logger="desktop.ui.shell.qt_i18n"):
        assert qt_i18n.setup_qt_translations(qapp, "fr_CA") is False
    assert "qtbase_fr" in caplog.text
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


@pytest.mark.parametrize(("locale", "look_in", "file_type"), [
    ("fr_CA", "Voir dans", "Fichiers de type"), ("es", "Ver en", "Ficheros de tipo")])
def test_the_file_dialog_shows_its_labels_in_the_workers_language(qapp, restore_english, monkeypatch, locale,
                                                                   look_in, file_type):
    """Qt's catalogs translate "Look in:" but not the "&Look in:" its dialog asks for: they stayed in English."""
    from PySide6.QtWidgets import QFileDialog, QLabel

    from desktop.ui.widgets import file_dialogs

    shown = []

    def answered_with_cancel(dialog):
        shown.append({label.objectName(): label.text() for label in dialog.findChildren(QLabel)})
        return QFileDialog.DialogCode.Rejected

    monkeypatch.setattr(QFileDialog, "exec", answered_with_cancel)
    qt_i18n.setup_qt_translations(qapp, locale)
    assert file_dialogs.ask_save_path(None, "Export", "notes.csv", "CSV (*.csv)", ".csv") is None
    labels = shown[0]
    assert labels["lookInLabel"].startswith(look_in) and labels["fileTypeLabel"].startswith(file_type)
