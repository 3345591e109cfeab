"""The audit view: every release and refusal, with filters; a warning naming the first bad entry when the chain
is broken; and an export of the log for a supervisor (client numbers only, never names).

The export is itself non-client data leaving the machine, so it goes through the gate's non-client path and
is logged like everything else.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.common import files
from desktop.core.common.formatting import format_datetime, format_time
from desktop.core.consent import audit, audit_export, labels
from desktop.core.consent import gate as egress
from desktop.core.vault.db import utc_now
from desktop.exports import csv_export
from desktop.i18n import N_, _, ngettext
from desktop.ui.consent.failed_writes import report_failed_write
from desktop.ui.models.table_model import RIGHT, Column, ListTableModel
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.fit_width import within_width
from desktop.ui.widgets.flow_row import FlowRow, together
from desktop.ui.widgets.guarded_text import guard_item_view, guard_label
from desktop.ui.widgets.operations import BackgroundOperation
from desktop.ui.widgets.speech import message_label


def chain_warning(context: AppContext) -> str:
    """'' when the audit log is whole, else a sentence naming the first bad entry."""
    return audit.verify(context.db).warning()


def unlock_warning(context: AppContext) -> str:
    """Right after unlock (off the GUI thread): the log gets the entry a restore owes it, is verified against the
    head kept beside the vault and against reports and used consents; '' when all is whole."""
    return audit.check_at_unlock(context.db).warning()


def warn_if_chain_broken(context: AppContext, parent: QWidget | None = None) -> QMessageBox | None:
    """A broken chain is shown at once, with a way to the audit view."""
    return show_chain_warning(context, chain_warning(context), parent)


def show_chain_warning(context: AppContext, problem: str, parent: QWidget | None = None) -> QMessageBox | None:
    """Shows ``problem`` (chain_warning's sentence, found after unlock off the GUI thread); None when it is ''."""
    if not problem:
        return None
    box = QMessageBox(QMessageBox.Icon.Warning, _("Audit log warning"),
                      _("{problem} Tell your supervisor.").format(problem=problem), QMessageBox.StandardButton.Ok,
                      parent)
    show = box.addButton(_("&Open the audit log"), QMessageBox.ButtonRole.ActionRole)
    show.clicked.connect(lambda: context.events.navigate.emit("audit", None))
    box.open()
    return box


def entry_detail(context: AppContext, entry: audit.AuditEntry) -> str:
    """Everything recorded about one entry; for a duty-to-report release, also why and what the person was told."""
    if entry.outcome == "release_failed" and entry.failure_reason == "no_mail_program":
        return _("Entry {seq}. Not sent: no e-mail program opened the draft, so nothing from entry {release} left "
                 "the computer.").format(seq=entry.seq, release=entry.release_seq)
    if entry.outcome == "release_failed":
        return _("Entry {seq}. Not sent: the file could not be written ({reason}), so nothing from entry "
                 "{release} left the computer.").format(seq=entry.seq, release=entry.release_seq,
                                                        reason=files.write_failure_label(entry.failure_reason))
    if entry.outcome == "restored":
        return _("Entry {seq}. A restore from a backup dropped entries {first} to {last}; the last of them had the "
                 "hash {hash}.").format(seq=entry.seq, first=entry.dropped_from, last=entry.dropped_to,
                                        hash=entry.dropped_hash)
    lines = [_("Entry {seq}. Keyed fingerprint (HMAC-SHA-256) of what left: {payload}").format(
        seq=entry.seq, payload=entry.payload_sha256 or _("nothing left"))]
    if entry.basis == "duty_to_report":
        disclosure = egress.disclosure_for_audit_entry(context.db, entry.seq)
        if disclosure is not None:
            lines.append(_("Why: {justification}").format(justification=disclosure.justification))
            lines.append(_("Person told: {told}").format(told=disclosure.client_told))
    return "\n".join(lines)


def ask_export_path(parent: QWidget | None) -> Path | None:
    return file_dialogs.ask_save_path(parent, _("Export the audit log"), "audit-log.csv", "CSV (*.csv)", ".csv")


def _detail(entry: audit.AuditEntry) -> str:
    """The "Consent / reason" cell: why a release was allowed, or why it was refused or did not leave."""
    if entry.outcome == "refused":
        return labels.refusal_label(entry.refusal_reason)
    if entry.outcome == "release_failed" and entry.failure_reason == "no_mail_program":
        return _("e-mail draft not opened: no e-mail program (entry {release})").format(release=entry.release_seq)
    if entry.outcome == "release_failed":
        return _("file not written: {reason} (entry {release})").format(
            reason=files.write_failure_label(entry.failure_reason), release=entry.release_seq)
    if entry.outcome == "restored":
        return _("entries {first} to {last} dropped").format(first=entry.dropped_from, last=entry.dropped_to)
    if entry.basis == "duty_to_report":
        return labels.duty_reason_label(entry.duty_reason)
    if entry.consent_id:
        return _("consent no. {number}").format(number=entry.consent_id)
    return ""


class AuditTableModel(ListTableModel):
    """The entries shown; set_entries also says which releases a later "release_failed" entry says did not leave."""

    def __init__(self, parent=None) -> None:
        columns = (
            Column("seq", N_("#"), lambda entry: str(entry.seq), alignment=RIGHT),
            Column("at", N_("When"), lambda entry: format_datetime(entry.at)),
            Column("outcome", N_("Outcome"), self._outcome),
            Column("basis", N_("Basis"), lambda entry: labels.basis_label(entry.basis)),
            Column("client", N_("Client no."), lambda entry: "" if entry.client_id is None else str(entry.client_id),
                   alignment=RIGHT),
            Column("channel", N_("How"), lambda entry: labels.channel_label(entry.channel) if entry.channel else ""),
            Column("recipient", N_("With whom"), lambda entry: entry.recipient),
            Column("purpose", N_("Why"), lambda entry: entry.purpose),
            Column("categories", N_("What"), lambda entry: ", ".join(map(labels.category_label, entry.categories))),
            Column("detail", N_("Consent / reason"), _detail),
            Column("worker", N_("Worker"), lambda entry: entry.worker),
        )
        # A narrow window wraps the cells on rows of two lines: each tooltip holds its cell's whole text.
        super().__init__(tuple(replace(column, tooltip=column.text) for column in columns), parent)
        self.not_sent: set[int] = set()

    def set_entries(self, entries: list[audit.AuditEntry], not_sent=()) -> None:
        """``not_sent``: seqs of releases a later "release_failed" entry says did not leave."""
        self.not_sent = set(not_sent)
        self.set_rows(entries)

    def _outcome(self, entry: audit.AuditEntry) -> str:
        return _("Allowed, not sent") if entry.seq in self.not_sent else labels.outcome_label(entry.outcome)


class AuditView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setObjectName("warningText")
        message_label(self.warning, _("Audit log warning"))
        self.outcome_filter = self._filter_combo(_("All outcomes"), labels.OUTCOME_LABELS)
        self.basis_filter = self._filter_combo(_("Every basis"), labels.BASIS_LABELS)
        self.channel_filter = self._filter_combo(
            _("Every channel"), {c: labels.CHANNEL_LABELS[c] for c in egress.CHANNELS})
        self.model = AuditTableModel(self)
        self.table = guard_item_view(QTableView())  # recipients and purposes are about clients
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Audit log entries"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # Columns sized from a sample of a long log's rows, sharing the width when narrow; on a narrow screen the
        # number, client number, channel, what, consent and worker columns go first (the entry below shows them).
        within_width(self.table, optional=(0, 4, 5, 8, 9, 10))
        self.count_label = QLabel()
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        guard_label(self.detail)  # a duty-to-report justification describes the person
        message_label(self.detail, _("Selected entry"))
        self.export_button = QPushButton(_("E&xport for a supervisor…"))
        self.export_button.setToolTip(_("The entries shown, as a CSV file with client numbers only, never names."))
        self.export_button.clicked.connect(self.export_for_supervisor)
        self.refresh_button = QPushButton(_("Check &again"))
        self.refresh_button.setToolTip(_("Walks the whole log again and says whether any entry was changed or "
                                         "removed."))
        self.refresh_button.clicked.connect(self.check_again)
        self.check_result = QLabel()   # what the last "Check again" found, in words (also in the status bar)
        self.check_result.setWordWrap(True)
        self.check_result.setAccessibleName(_("Result of the last check"))
        self.check_result.hide()
        filters = FlowRow()  # each filter with its label; onto more lines on a narrow screen
        for label_text, combo in ((_("&Outcome:"), self.outcome_filter), (_("&Basis:"), self.basis_filter),
                                  (_("&Channel:"), self.channel_filter)):
            label = QLabel(label_text)
            label.setBuddy(combo)
            filters.addWidget(together(label, combo))
            combo.currentIndexChanged.connect(self.refresh)
        heading = QLabel(_("Audit log: everything shared or refused"))
        heading.setObjectName("sectionHeading")
        heading.setWordWrap(True)
        # The actions sit beside the heading, so the filter row fits a full-HD screen at 200 % in French.
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(FlowRow(self.refresh_button, self.export_button))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.warning)
        layout.addWidget(self.check_result)
        layout.addWidget(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.count_label)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        context.events.data_changed.connect(self._on_data_changed)
        self.refresh()

    @staticmethod
    def _filter_combo(everything: str, labels: dict[str, str]) -> QComboBox:
        combo = QComboBox()
        combo.addItem(everything, None)
        for key, label in labels.items():
            combo.addItem(_(label), key)
        return combo

    def shown_entries(self) -> list[audit.AuditEntry]:
        return audit.entries(self.context.db, outcome=self.outcome_filter.currentData(),
                             basis=self.basis_filter.currentData(), channel=self.channel_filter.currentData())

    def refresh(self, *_args) -> None:
        problem = chain_warning(self.context)
        self.warning.setText(_("Warning: {problem} Tell your supervisor.").format(problem=problem) if problem else "")
        self.warning.setVisible(bool(problem))
        self.model.set_entries(self.shown_entries(),
                               {e.release_seq for e in audit.entries(self.context.db, outcome="release_failed")})
        count = self.model.rowCount()
        self.count_label.setText(ngettext("{count} entry shown.", "{count} entries shown.", count).format(count=count)
                                 if count
                                 else _("Nothing has been shared or refused yet."))

    def check_again(self) -> BackgroundOperation:
        """Verifies the chain off the GUI thread (a long log takes a while), then says what it found."""
        db = self.context.db
        return BackgroundOperation(self, lambda _progress: audit.verify(db), success=self._show_check,
                                   label=_("Checking the audit log…")).run()

    def _show_check(self, result: audit.VerifyResult) -> None:
        text = _("Checked at {time}. {finding}").format(time=format_time(utc_now()), finding=result.finding())
        self.check_result.setText(text)
        self.check_result.show()
        self.context.events.status_message.emit(text)
        self.refresh()

    def _show_selected(self, *_args) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.detail.setText(entry_detail(self.context, self.model.rows[rows[0].row()]) if rows else "")

    def export_for_supervisor(self) -> Path | None:
        path = ask_export_path(self)
        if path is None:
            return None
        content = audit_export.supervisor_csv(self.context.db, self.shown_entries())  # names hidden, head at the end
        release = egress.release_not_client_data(
            self.context.db, description=_("Audit log export for a supervisor"), recipient=_("Supervisor"),
            channel="file_csv", worker=self.context.worker_name, content=content)
        try:
            csv_export.write_csv(release, path)
        except OSError as problem:
            self.context.events.status_message.emit(report_failed_write(self.context, release, problem))
            return None
        self.context.events.status_message.emit(_("Audit log exported to {path}.").format(path=str(path)))
        self.refresh()
        return path

    def _on_data_changed(self, kind: DataKind) -> None:
        if kind in (DataKind.AUDIT, DataKind.CONSENTS):
            self.refresh()
