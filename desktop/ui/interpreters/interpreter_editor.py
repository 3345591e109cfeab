"""The editor for one directory entry: who they are, what they are qualified for, and what could make them
unsafe for a client (communities, conflict check, incidents)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.common.formatting import format_date
from desktop.core.common.languages import known_languages
from desktop.core.interpreters.directory import (
    CONFLICT_RESULTS,
    GENDERS,
    KINDS,
    LEVELS,
    MODALITIES,
    Credential,
    Interpreter,
    InterpreterInvalid,
    delete_interpreter,
    gender_label,
    incidents_for,
    level_label,
    modality_label,
    save_interpreter,
)
from desktop.i18n import _
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.widgets.date_edits import OptionalDateEdit
from desktop.ui.widgets.fit_width import within_width
from desktop.ui.widgets.flow_row import FlowRow
from desktop.ui.widgets.guarded_text import GuardedPlainTextEdit, guard_item_view
from desktop.ui.widgets.keyboard import tab_in_order
from desktop.ui.widgets.language_list import LanguageListEdit
from desktop.ui.widgets.screen_fit import scrolling
from desktop.ui.widgets.speech import message_label, say

_CREDENTIAL_COLUMNS = ("title", "body", "number", "level", "expires_on", "last_checked_on")


def _credential_titles() -> list[str]:
    return [_("Title"), _("Body"), _("Number"), _("Level"), _("Expires"), _("Last checked")]


def _credential_date_names() -> dict[str, str]:
    return {"expires_on": _("Credential expires on"), "last_checked_on": _("Credential last checked on")}


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def confirm(parent: QWidget, question: str) -> bool:
    """Asks yes/no (a module function so tests can answer it)."""
    answer = QMessageBox.question(parent, _("Please confirm"), question)
    return answer == QMessageBox.StandardButton.Yes


class InterpreterEditor(QWidget):
    saved = Signal(int)
    deleted = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.entry: Interpreter | None = None
        self.name = QLineEdit()
        self.kind = QComboBox()
        for kind, label in zip(KINDS, (_("Interpreter"), _("Agency line")), strict=True):
            self.kind.addItem(label, kind)
        self.agency = QLineEdit()
        # Picked by name and, where the dialect matters, the country (Spanish + Mexico), never typed as codes.
        self.languages = LanguageListEdit(known_languages(), add_text=_("Add lang&uage"),
                                          list_name=_("Languages they interpret"))
        self.dialect_notes = QLineEdit()
        self.gender = QComboBox()
        for gender in GENDERS:
            self.gender.addItem(gender_label(gender), gender)
        self.modalities = {m: QCheckBox(modality_label(m)) for m in MODALITIES}
        modality_row = QHBoxLayout()
        for box in self.modalities.values():
            modality_row.addWidget(box)
        self.region = QLineEdit()
        self.availability = QLineEdit()
        self.communities = QLineEdit()
        self.communities.setPlaceholderText(_("Communities served or belonged to, separated by commas"))
        self.ethics = QCheckBox(_("Code of ethics on file"))
        self.confidentiality = QCheckBox(_("Signed confidentiality agreement on file"))
        self.trauma = QCheckBox(_("Trauma-informed training"))
        # A date picker in the worker's date format; the box says whether a check was ever done.
        self.conflict_row = OptionalDateEdit(_("Checked on"), accessible_name=_("Date of the last conflict check"))
        self.conflict_was_checked, self.conflict_checked = self.conflict_row.present, self.conflict_row.edit
        self.conflict_result = QComboBox()
        for result, label in zip(CONFLICT_RESULTS, (_("Not checked"), _("Clear"), _("Concern")), strict=True):
            self.conflict_result.addItem(label, result)
        self.cost, self.phone, self.email = QLineEdit(), QLineEdit(), QLineEdit()
        # Both can name a client (issue 16): guarded, like every editor of client data.
        self.feedback, self.incident_notes = GuardedPlainTextEdit(), GuardedPlainTextEdit()
        for box in (self.feedback, self.incident_notes):
            box.setMaximumHeight(70)
            box.setTabChangesFocus(True)
        self.active = QCheckBox(_("&Active (offered in matching)"))
        self.incidents = guard_item_view(QListWidget())  # incident notes are about clients
        self.incidents.setAccessibleName(_("Incidents recorded with clients"))
        self.incidents.setMaximumHeight(70)
        self.credentials = QTableWidget(0, len(_CREDENTIAL_COLUMNS))
        self.credentials.setHorizontalHeaderLabels(_credential_titles())
        self.credentials.setAccessibleName(_("Credentials"))
        self.credentials.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.credentials.setMinimumHeight(110)
        self.credentials.horizontalHeader().setStretchLastSection(True)
        within_width(self.credentials)  # column titles and dates are never cut, nor scroll sideways
        self.add_credential = add_credential = QPushButton(_("Add &credential"))
        add_credential.clicked.connect(lambda: self._add_credential_row(None))
        self.remove_credential = remove_credential = QPushButton(_("Remove credential"))
        remove_credential.clicked.connect(self._remove_credential_row)
        remove_credential.setEnabled(False)     # only once a credential row is chosen: no button that does nothing
        self.credentials.itemSelectionChanged.connect(
            lambda: remove_credential.setEnabled(self.credentials.currentRow() >= 0))
        self.error = QLabel()
        self.error.setWordWrap(True)
        message_label(self.error, _("Problem"))
        self.error.setStyleSheet("color: #a40000; font-weight: bold")
        self.save_button = QPushButton(_("&Save"))
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton(_("&Delete"))
        self.delete_button.clicked.connect(self.delete)

        form = QFormLayout()
        for label, widget in (
            (_("&Name"), self.name), (_("Kind"), self.kind), (_("Agenc&y"), self.agency),
            (_("&Languages"), self.languages), (_("Dialects"), self.dialect_notes), (_("Gender"), self.gender),
            (_("Works by"), modality_row), (_("Region"), self.region), (_("Availability"), self.availability),
            (_("C&ommunities"), self.communities), ("", self.ethics), ("", self.confidentiality), ("", self.trauma),
            (_("Last conflict check"), self.conflict_row), (_("Conflict check result"), self.conflict_result),
            (_("Cost"), self.cost), (_("Phone"), self.phone), (_("E-mail"), self.email),
            (_("Feedback"), self.feedback), (_("Incident notes"), self.incident_notes),
            (_("Incidents with clients"), self.incidents), ("", self.active),
        ):
            form.addRow(label, widget)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # fields under their labels when narrow
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addLayout(form)
        inner_layout.addWidget(QLabel(_("Credentials")))
        inner_layout.addWidget(self.credentials)
        inner_layout.addWidget(FlowRow(add_credential, remove_credential))
        scroll = scrolling(inner, sideways=False)  # up and down only: its rows wrap to the pane's width
        buttons = QHBoxLayout()
        buttons.addWidget(self.error, 1)
        buttons.addWidget(FlowRow(self.delete_button, self.save_button))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        layout.addLayout(buttons)
        self.show_entry(None)

    # -- showing ----------------------------------------------------------------------------------------------
    def show_entry(self, entry: Interpreter | None) -> None:
        self.entry = entry
        shown = entry or Interpreter(name="", modalities=["in_person"], active=True)
        self.name.setText(shown.name)
        self.kind.setCurrentIndex(KINDS.index(shown.kind))
        self.agency.setText(shown.agency)
        self.languages.set_tags(shown.languages)
        self.dialect_notes.setText(shown.dialect_notes)
        self.gender.setCurrentIndex(GENDERS.index(shown.gender))
        for modality, box in self.modalities.items():
            box.setChecked(modality in shown.modalities)
        self.region.setText(shown.region)
        self.availability.setText(shown.availability)
        self.communities.setText(", ".join(shown.communities))
        self.ethics.setChecked(shown.ethics_on_file)
        self.confidentiality.setChecked(shown.confidentiality_signed)
        self.trauma.setChecked(shown.trauma_informed)
        self.conflict_row.set_value(shown.conflict_checked_on)
        self.conflict_result.setCurrentIndex(CONFLICT_RESULTS.index(shown.conflict_result))
        self.cost.setText(shown.cost)
        self.phone.setText(shown.phone)
        self.email.setText(shown.email)
        self.feedback.setPlainText(shown.feedback)
        self.incident_notes.setPlainText(shown.incident_notes)
        self.active.setChecked(shown.active)
        self.incidents.clear()
        for incident in incidents_for(self.context.db, entry.id) if entry else []:
            self.incidents.addItem(_("{date}: {note}").format(date=format_date(incident.noted_on), note=incident.note))
        if entry is not None and self.incidents.count() == 0:
            self.incidents.addItem(_("None recorded"))
        self.credentials.setRowCount(0)
        for credential in shown.credentials:
            self._add_credential_row(credential)
        self.delete_button.setEnabled(entry is not None)
        self.error.clear()

    def _add_credential_row(self, credential: Credential | None) -> None:
        row = self.credentials.rowCount()
        self.credentials.insertRow(row)
        credential = credential or Credential(title="", level="certified")
        for column, name in enumerate(_CREDENTIAL_COLUMNS):
            if name == "level":
                combo = QComboBox()
                for level in LEVELS:
                    combo.addItem(level_label(level), level)
                combo.setCurrentIndex(LEVELS.index(credential.level))
                self.credentials.setCellWidget(row, column, combo)
                continue
            if name in _credential_date_names():    # picked from a calendar, never typed as YYYY-MM-DD
                day = OptionalDateEdit(accessible_name=_credential_date_names()[name])
                day.set_value(getattr(credential, name))
                self.credentials.setCellWidget(row, column, day)
                continue
            self.credentials.setItem(row, column, QTableWidgetItem(getattr(credential, name) or ""))
        self.credentials.resizeRowToContents(row)
        # The level and date fields inside the table are Tab stops where they are seen, row by row.
        cells = (self.credentials.cellWidget(each, column) for each in range(self.credentials.rowCount())
                 for column in range(len(_CREDENTIAL_COLUMNS)))
        tab_in_order(self.credentials, *(cell for cell in cells if cell is not None), self.add_credential)

    def _remove_credential_row(self) -> None:
        row = self.credentials.currentRow()
        if row >= 0:
            self.credentials.removeRow(row)

    # -- saving -----------------------------------------------------------------------------------------------
    def _cell(self, row: int, name: str) -> str:
        item = self.credentials.item(row, _CREDENTIAL_COLUMNS.index(name))
        return item.text().strip() if item else ""

    def _credentials(self) -> list[Credential]:
        found = []
        for row in range(self.credentials.rowCount()):
            title = self._cell(row, "title")
            if not title and not self._cell(row, "number"):
                continue
            level = self.credentials.cellWidget(row, _CREDENTIAL_COLUMNS.index("level")).currentData()
            found.append(Credential(
                title=title, body=self._cell(row, "body"), number=self._cell(row, "number"), level=level,
                expires_on=self._day(row, "expires_on"), last_checked_on=self._day(row, "last_checked_on")))
        return found

    def _day(self, row: int, name: str) -> date | None:
        return self.credentials.cellWidget(row, _CREDENTIAL_COLUMNS.index(name)).value()

    def collect(self) -> Interpreter:
        """The entry as the form shows it."""
        entry = Interpreter(
            name=self.name.text().strip(), kind=self.kind.currentData(), agency=self.agency.text().strip(),
            languages=self.languages.tags(),
            dialect_notes=self.dialect_notes.text().strip(), gender=self.gender.currentData(),
            modalities=[m for m, box in self.modalities.items() if box.isChecked()],
            region=self.region.text().strip(), availability=self.availability.text().strip(),
            communities=_split(self.communities.text()), ethics_on_file=self.ethics.isChecked(),
            confidentiality_signed=self.confidentiality.isChecked(), trauma_informed=self.trauma.isChecked(),
            conflict_checked_on=self.conflict_row.value(),
            conflict_result=self.conflict_result.currentData(), cost=self.cost.text().strip(),
            phone=self.phone.text().strip(), email=self.email.text().strip(),
            feedback=self.feedback.toPlainText(), incident_notes=self.incident_notes.toPlainText(),
            active=self.active.isChecked(), credentials=self._credentials(),
        )
        if self.entry is not None:
            entry.id, entry.roster_key = self.entry.id, self.entry.roster_key
        return entry

    def save(self) -> bool:
        try:
            saved = save_interpreter(self.context.db, self.collect())
        except InterpreterInvalid as error:
            say(self.error, str(error), urgent=True)
            return False
        self.entry = saved
        self.error.clear()
        self.delete_button.setEnabled(True)
        self.context.events.changed(DataKind.INTERPRETERS)
        self.context.events.status_message.emit(_("Saved {name}.").format(name=saved.name))
        self.saved.emit(saved.id)
        return True

    def delete(self) -> None:
        if self.entry is None or not confirm(self, _("Remove {name} from the directory? Past bookings keep their "
                                                     "dates but lose the interpreter.").format(name=self.entry.name)):
            return
        delete_interpreter(self.context.db, self.entry.id)
        self.context.events.status_message.emit(_("Removed {name} from the directory.").format(name=self.entry.name))
        self.show_entry(None)
        self.context.events.changed(DataKind.INTERPRETERS)
        self.deleted.emit()
