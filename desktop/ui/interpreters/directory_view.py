"""The interpreter directory screen: a searchable list, the editor beside it, and roster import/export.

Import never stops at the first bad row: the report dialog lists every problem with its line number. Export
goes through the gate's not-client-data path so it is written in the audit log like every other export.
"""

from __future__ import annotations

import sys
from datetime import date
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.common.formatting import format_date, format_list
from desktop.core.common.languages import language_name
from desktop.core.consent import gate as egress
from desktop.core.interpreters.directory import Interpreter, best_credential, get_interpreter, list_interpreters
from desktop.core.interpreters.roster_io import (
    ImportReport,
    RosterFileError,
    export_csv,
    import_csv,
    read_roster_file,
)
from desktop.core.interpreters.vcard_import import import_vcard
from desktop.core.vault.errors import VaultError
from desktop.exports import csv_export
from desktop.i18n import N_, _, current_locale
from desktop.ui.consent.failed_writes import report_failed_write
from desktop.ui.interpreters.interpreter_editor import InterpreterEditor
from desktop.ui.models.table_model import Column, ListTableModel
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.fit_width import TurningSplitter, within_width, wrapping_rows
from desktop.ui.widgets.operations import BackgroundOperation
from desktop.ui.widgets.screen_fit import rows_of_lines

ID_ROLE = Qt.ItemDataRole.UserRole + 1
EXPIRY_WARNING_DAYS = 60


# -- file choices (module functions so tests can answer them) ---------------------------------------------------
def ask_import_path(parent: QWidget) -> Path | None:
    return file_dialogs.ask_open_path(parent, _("Import a roster"),
                                      _("Rosters (*.csv *.vcf *.vcard);;All files (*)"))


def ask_export_path(parent: QWidget) -> Path | None:
    return file_dialogs.ask_save_path(parent, _("Export the roster"), "interpreters.csv", _("CSV files (*.csv)"),
                                      ".csv")


def show_dialog(dialog: QDialog) -> None:
    dialog.open()


class DirectoryModel(ListTableModel):
    """Each cell's tooltip holds its whole text: long cells wrap, and a narrow column may still cut them."""

    def __init__(self) -> None:
        columns = (("name", N_("Name"), self._name), ("agency", N_("Agency"), self._agency),
                   ("languages", N_("Languages"), self._languages), ("credential", N_("Credential"), self._credential),
                   ("status", N_("Status"), self._status))
        super().__init__([Column(key, title, text, tooltip=text) for key, title, text in columns])
        self.today = date.today()

    def role_data(self, entry: Interpreter, role: int):
        return entry.id if role == ID_ROLE else None

    @staticmethod
    def _name(entry: Interpreter) -> str:
        # said in words, not only by colour: an inactive entry is not offered
        return _("{name} (inactive)").format(name=entry.name) if not entry.active else entry.name

    @staticmethod
    def _agency(entry: Interpreter) -> str:
        return "" if entry.is_agency else entry.agency

    @staticmethod
    def _languages(entry: Interpreter) -> str:
        return _languages_text(tuple(entry.languages), current_locale())

    def _credential(self, entry: Interpreter) -> str:
        if entry.is_agency:
            return _("Agency line")
        valid = best_credential(entry, self.today)
        if valid is not None:
            return valid.title
        return _("Expired") if entry.credentials else _("None on file")

    def _status(self, entry: Interpreter) -> str:
        states = [_("Active") if entry.active else _("Inactive")]
        valid = best_credential(entry, self.today)
        if valid is not None and valid.expires_on and (valid.expires_on - self.today).days <= EXPIRY_WARNING_DAYS:
            states.append(_("credential expires {date}").format(date=format_date(valid.expires_on)))
        if entry.conflict_result == "concern":
            states.append(_("conflict concern"))
        if entry.origin:          # sent by the organisation's signed update, kept apart from the worker's own
            states.append(_("from {organisation}").format(organisation=entry.origin))
        return ", ".join(states)


@lru_cache(maxsize=1024)
def _languages_text(tags: tuple[str, ...], _locale: str) -> str:
    """Worked out once per set of languages and UI language: a roster repeats the same few thousands of times."""
    return format_list(language_name(tag) for tag in tags)


class ImportReportDialog(QDialog):
    """What an import did, with every rejected row and its line number."""

    def __init__(self, report: ImportReport | None, file_error: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Roster import"))
        summary = QLabel(report.summary() if report else _("Nothing was imported."))
        summary.setWordWrap(True)
        self.problems = wrapping_rows(QListWidget())
        self.problems.setAccessibleName(_("Problems found"))
        if file_error:
            self.problems.addItem(file_error)
        if report:
            for warning in report.warnings:
                self.problems.addItem(warning)
            for error in report.errors:
                self.problems.addItem(str(error))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        if self.problems.count():
            layout.addWidget(QLabel(_("Rows that were not imported, and other problems:")))
            layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.resize(560, 360)


class InterpretersView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.last_dialog: QDialog | None = None
        self._wanted: int | None = None  # the entry to select once the rows being read arrive
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search name, agency, language or region"))
        self.search.setAccessibleName(_("Search the directory"))
        self.search.textChanged.connect(self.reload)
        self.show_inactive = QCheckBox(_("Show &inactive"))
        self.show_inactive.setChecked(False)    # matching never offers them: the list starts with who can work
        self.show_inactive.toggled.connect(self.reload)
        self.new_button = QPushButton(_("Ne&w interpreter"))
        self.new_button.setToolTip(_("Shortcut: {keys}").format(keys="Ctrl+N"))   # the app's New (shell/actions.py)
        self.new_button.clicked.connect(self.new_entry)
        self.import_button = QPushButton(_("I&mport roster…"))
        self.import_button.clicked.connect(self.import_roster)
        self.export_button = QPushButton(_("E&xport roster…"))
        self.export_button.clicked.connect(self.export_roster)
        self.model = DirectoryModel()  # its texts are made on the worker that reads the rows (reload)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Interpreter directory"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Rows of two lines, never measured one by one (a 1,000-row roster); the editor beside shows every field
        # whole, and each cell's tooltip its whole text.
        rows_of_lines(self.table, lines=2)
        # Long cells wrap onto more lines instead of being cut off (each tooltip holds the full text too); the
        # columns share the width the list has, never narrower than their title (200 % text, a narrow screen).
        within_width(self.table)
        self.table.verticalHeader().hide()
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.editor = InterpreterEditor(context)
        self.editor.saved.connect(self._saved)
        self.editor.deleted.connect(self._deleted)
        # With nothing chosen there is nothing to edit: a sentence and the way to add someone, not an empty form.
        # An empty directory (a new vault) says how to fill it: one by one, or the organisation's roster at once.
        self.empty_page = QWidget()
        self.empty_hint = QLabel()
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_new_button = QPushButton(_("New interpreter"))
        self.empty_new_button.setToolTip(_("Shortcut: {keys}").format(keys="Ctrl+N"))
        self.empty_new_button.clicked.connect(self.new_entry)
        self.empty_import_button = QPushButton(_("Import your organisation's roster…"))
        self.empty_import_button.clicked.connect(self.import_roster)
        empty_layout = QVBoxLayout(self.empty_page)
        empty_layout.addStretch()
        empty_layout.addWidget(self.empty_hint)
        empty_layout.addWidget(self.empty_new_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addWidget(self.empty_import_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_page)
        self.pages.addWidget(self.editor)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_inactive)
        top.addWidget(self.new_button)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        splitter = TurningSplitter()  # the editor below the list on a narrow screen
        splitter.addWidget(self.table)
        splitter.addWidget(self.pages)
        splitter.setSizes([760, 480])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        context.events.data_changed.connect(self._data_changed)
        self.reload()

    def reload(self, *_args) -> BackgroundOperation:
        """Reads the directory, and works out the texts of its rows, on a worker thread: a 1,000-entry roster took
        the window a fifth of a second to read back and as long again to word. A newer reload (the next key typed
        in the search) drops this one's rows."""
        search, show_inactive, vault = self.search.text(), self.show_inactive.isChecked(), self.context.vault
        self.model.today = date.today()
        row_texts = self.model.row_texts

        def work(_progress) -> tuple[list[Interpreter], list[tuple[str, ...]], bool]:
            with vault.worker_db(read_only=True) as db:
                entries = [e for e in list_interpreters(db, search=search) if show_inactive or e.active]
                directory_empty = not entries and not list_interpreters(db)
            return entries, [row_texts(entry) for entry in entries], directory_empty

        return BackgroundOperation(self, work, success=self._show_rows, failure=self._not_read, blocking=False,
                                   key=f"interpreter-directory-{id(self)}").run()

    def _show_rows(self, read: tuple[list[Interpreter], list[tuple[str, ...]], bool]) -> None:
        entries, texts, directory_empty = read
        wanted = self._wanted
        self.model.set_rows(entries, texts)
        self._show_empty_state(directory_empty)
        self.select(wanted)

    def _not_read(self, error: BaseException) -> None:
        if not isinstance(error, VaultError):  # the vault was locked meanwhile: nothing to show
            raise error

    def _show_empty_state(self, directory_empty: bool) -> None:
        self.empty_hint.setText(_(
            "No interpreters yet. Add the interpreters you work with one by one, or import your organisation's "
            "roster: a CSV file with one interpreter per row (the user guide's “Interpreter roster” section lists "
            "its columns, with an example).") if directory_empty
            else _("Choose an interpreter in the list, or add a new one."))  # beside it or above it
        self.empty_import_button.setVisible(directory_empty)

    def select(self, interpreter_id: int | None) -> None:
        """Selects the entry; rows still being read select it when they arrive."""
        self._wanted = interpreter_id
        for row, entry in enumerate(self.model.rows):
            if entry.id == interpreter_id:
                self.table.selectRow(row)
                return

    def _data_changed(self, kind: DataKind) -> None:
        if kind == DataKind.INTERPRETERS:
            self.reload()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            entry_id = self._wanted = self.model.data(current, ID_ROLE)
            if self.editor.entry is None or self.editor.entry.id != entry_id:
                self.editor.show_entry(get_interpreter(self.context.db, entry_id))
            self.pages.setCurrentWidget(self.editor)

    def _saved(self, interpreter_id: int) -> None:
        self.select(interpreter_id)

    def new_item(self) -> None:
        """Ctrl+N on this screen (shell/actions.py)."""
        self.new_entry()

    def new_entry(self) -> None:
        self._wanted = None
        self.table.clearSelection()
        self.editor.show_entry(None)
        self.pages.setCurrentWidget(self.editor)
        self.editor.name.setFocus()

    def _deleted(self) -> None:
        self._wanted = None
        self.pages.setCurrentWidget(self.empty_page)
        self.reload()

    def import_roster(self) -> BackgroundOperation | None:
        """Reads and stores the roster on a worker thread (a 1,000-row roster takes seconds to check and store:
        issue 18), then shows what it did. Returns the running operation, or None if no file was chosen."""
        path = ask_import_path(self)
        if path is None:
            return None
        db = self.context.db

        def work(_progress) -> ImportReport:
            data = read_roster_file(path)  # refuses a file over the size limit before reading it
            importer = import_vcard if path.suffix.lower() in (".vcf", ".vcard") else import_csv
            return importer(db, data)

        return BackgroundOperation(self, work, success=self._imported, failure=self._not_imported,
                                   label=_("Importing the roster…")).run()

    def _imported(self, report: ImportReport) -> None:
        self.context.events.changed(DataKind.INTERPRETERS)
        self.context.events.status_message.emit(report.summary())
        self._show_import_report(report, "")

    def _not_imported(self, error: BaseException) -> None:
        if isinstance(error, RosterFileError):
            self._show_import_report(None, str(error))
        elif isinstance(error, OSError):
            self._show_import_report(None, _("The file could not be read: {reason}").format(
                reason=error.strerror or str(error)))
        else:  # a bug, not a bad file: the redacting crash hook reports it, as on the GUI thread
            sys.excepthook(type(error), error, error.__traceback__)

    def _show_import_report(self, report: ImportReport | None, file_error: str) -> None:
        self.last_dialog = ImportReportDialog(report, file_error, self)
        show_dialog(self.last_dialog)

    def export_roster(self) -> Path | None:
        path = ask_export_path(self)
        if path is None:
            return None
        release = egress.release_not_client_data(
            self.context.db, description=_("Interpreter roster export"), recipient=str(path), channel="file_csv",
            worker=self.context.worker_name, content=export_csv(self.context.db))
        try:
            csv_export.write_csv(release, path)  # the exporter checks the gate's seal before writing
        except OSError as error:
            self.context.events.status_message.emit(report_failed_write(self.context, release, error))
            return None
        self.context.events.status_message.emit(_("Roster saved to {path}.").format(path=str(path)))
        return path

    def handle_navigation(self, payload: object) -> None:
        if isinstance(payload, int):
            if all(entry.id != payload for entry in self.model.rows):
                self.search.clear()                 # asked for by id: show them even if hidden by search or
                self.show_inactive.setChecked(True)  # by "Show inactive"
            self.select(payload)
