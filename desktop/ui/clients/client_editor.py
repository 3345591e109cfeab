"""Add or edit a client: first name or alias and only what the work needs (no legal name, no ID numbers).

    editor = ClientEditor(context, client_id_or_None, parent)
    if editor.exec(): editor.saved_client
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)

from desktop.core.common import languages
from desktop.core.profile.work_profile import frequent_languages
from desktop.core.records import clients
from desktop.core.records.clients import ClientError, InvalidClient
from desktop.i18n import _
from desktop.ui.shell.context import AppContext
from desktop.ui.widgets.guarded_text import GuardedLineEdit, GuardedPlainTextEdit
from desktop.ui.widgets.language_list import LanguageListEdit
from desktop.ui.widgets.screen_fit import scrolling_body
from desktop.ui.widgets.speech import message_label, say


def split_list(text: str, separator: str = ",") -> list[str]:
    return [part.strip() for part in text.split(separator) if part.strip()]


class ClientEditor(QDialog):
    def __init__(self, context: AppContext, client_id: int | None, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.client_id = client_id
        self.saved_client: clients.Client | None = None
        self.setWindowTitle(_("New client") if client_id is None else _("Edit client"))
        self.setModal(True)

        # Guarded editors: copying client data out goes through Share… (the consent gate), not Ctrl+C.
        self.first_name = GuardedLineEdit(self)
        self.first_name.setMaxLength(clients.MAX_FIRST_NAME)
        self.first_name.setPlaceholderText(_("First name or an alias they chose"))
        self.pronouns = GuardedLineEdit(self)
        # Chosen by name (and, if it matters, where it is spoken), listed by name, in order of preference.
        self.languages_edit = LanguageListEdit(languages.known_languages(), self, add_text=_("A&dd language"),
                                               frequent=frequent_languages(context.db))  # met most: listed first
        self.language_picker = self.languages_edit.picker.language
        self.reads = QCheckBox(_("&Reads this language (if not, written scripts are read aloud)"), self)
        self.reads.setChecked(True)
        self.gender = self._choice_combo([(g, clients.gender_label(g)) for g in clients.GENDERS])
        self.modality = self._choice_combo([(m, clients.modality_label(m)) for m in clients.MODALITIES])
        self.avoid = GuardedPlainTextEdit(self)
        self.avoid.setPlaceholderText(_("People or communities the interpreter must not belong to or know, "
                                        "one per line"))
        self.avoid.setTabChangesFocus(True)
        self.avoid.setFixedHeight(64)
        self.age_group = self._choice_combo([(a, clients.age_group_label(a)) for a in clients.AGE_GROUPS])
        self.age_group.currentIndexChanged.connect(self._show_minor_notice)
        self.minor_notice = QLabel(_("A minor: the duty to report may apply. Check your organisation's protocol "
                                     "before you promise to keep anything private."), self)
        self.minor_notice.setWordWrap(True)
        self.safe_contact = GuardedPlainTextEdit(self)
        self.safe_contact.setPlaceholderText(_("Is it safe to call or text? Which times? Who may answer?"))
        self.safe_contact.setTabChangesFocus(True)
        self.safe_contact.setFixedHeight(64)
        self.tags = GuardedLineEdit(self)
        self.tags.setPlaceholderText(_("Comma-separated, e.g. farm, Surrey"))
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        message_label(self.error_label, _("Problem"))
        self.error_label.hide()

        form = QFormLayout()
        form.addRow(_("&First name or alias:"), self.first_name)
        form.addRow(_("&Pronouns:"), self.pronouns)
        form.addRow(_("&Languages:"), self.languages_edit)
        form.addRow("", self.reads)
        form.addRow(_("Interpreter &gender:"), self.gender)
        form.addRow(_("Interpreter &by:"), self.modality)
        form.addRow(_("A&void:"), self.avoid)
        form.addRow(_("Age gro&up:"), self.age_group)
        form.addRow("", self.minor_notice)
        form.addRow(_("&Safe contact:"), self.safe_contact)
        form.addRow(_("&Tags:"), self.tags)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        scrolling_body(self)  # within the screen; the fields scroll, Save and Cancel stay in sight
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        if client_id is not None:
            self._load(clients.get_client(context.db, client_id))
        self._show_minor_notice()
        self.first_name.setFocus(Qt.FocusReason.OtherFocusReason)

    def _choice_combo(self, choices: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        for value, label in choices:
            combo.addItem(label, value)
        return combo

    def _load(self, client: clients.Client) -> None:
        self.first_name.setText(client.first_name)
        self.pronouns.setText(client.pronouns)
        self.languages_edit.set_tags(client.languages)
        self.reads.setChecked(client.reads_language)
        self.gender.setCurrentIndex(self.gender.findData(client.interpreter_gender))
        self.modality.setCurrentIndex(self.modality.findData(client.interpreter_modality))
        self.avoid.setPlainText("\n".join(client.avoid))
        self.age_group.setCurrentIndex(self.age_group.findData(client.age_group))
        self.safe_contact.setPlainText(client.safe_contact)
        self.tags.setText(", ".join(client.tags))

    def fields(self) -> dict:
        return {
            "first_name": self.first_name.text(), "pronouns": self.pronouns.text(),
            "languages": self.languages_edit.tags(), "reads_language": self.reads.isChecked(),
            "interpreter_gender": self.gender.currentData(), "interpreter_modality": self.modality.currentData(),
            "avoid": split_list(self.avoid.toPlainText(), "\n"), "age_group": self.age_group.currentData(),
            "safe_contact": self.safe_contact.toPlainText(), "tags": split_list(self.tags.text()),
        }

    def save(self) -> None:
        fields = self.fields()
        try:
            if self.client_id is None:
                first_name = fields.pop("first_name")
                self.saved_client = clients.create_client(self.context.db, first_name, **fields)
            else:
                self.saved_client = clients.update_client(self.context.db, self.client_id, **fields)
        except ClientError as error:
            self._show_error(error)
            return
        self.accept()

    def _show_error(self, error: ClientError) -> None:
        say(self.error_label, str(error), urgent=True)
        self.error_label.show()
        target = {"first_name": self.first_name, "languages": self.languages_edit, "age_group": self.age_group,
                  "interpreter_gender": self.gender, "interpreter_modality": self.modality}
        if isinstance(error, InvalidClient) and error.field_name in target:
            target[error.field_name].setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_minor_notice(self) -> None:
        self.minor_notice.setVisible(self.age_group.currentData() == "minor")
