"""Choosing a backup (or notes an earlier restore set aside) and putting it in place of notes.db, from the unlock
screen. The vault is locked there, so no connection to notes.db is open while the files are swapped."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.common.files import write_failure_reason
from desktop.core.common.formatting import format_day_and_time, format_time, to_local
from desktop.core.consent import audit_head
from desktop.core.vault import backup_space, backups
from desktop.i18n import _
from desktop.ui.widgets.fit_width import wrapping_rows
from desktop.ui.widgets.speech import message_label, say


def restore_point_label(point: backups.RestorePoint) -> str:
    """One line of the list: when, and why that copy exists, in words."""
    when = format_day_and_time(point.when)
    if point.kind == backups.SET_ASIDE:
        return _("Notes set aside on {when}, just before a restore").format(when=when)
    if point.kind == "daily":
        return _("{when} — daily backup").format(when=when)
    if point.kind == backups.AT_LOCK:
        return _("{when} — backup made when Harbour locked").format(when=when)
    if point.kind == "before-migration":
        return _("{when} — backup made before an update").format(when=when)
    return _("{when} — backup").format(when=when)


def what_a_restore_drops(when: datetime, now: datetime | None = None) -> str:
    """The question asked before a restore: what it puts back, and what it sets aside (not deletes), in words."""
    if to_local(when).date() == to_local(now or datetime.now(UTC)).date():
        return _("Put your notes back as they were at {time} today? Notes and changes made after {time} today are "
                 "set aside, not deleted: they stay in this list, and you can bring them back the same way.").format(
            time=format_time(when))
    return _("Put your notes back as they were on {when}? Notes and changes made after {when} are set aside, not "
             "deleted: they stay in this list, and you can bring them back the same way.").format(
        when=format_day_and_time(when))


class RestoreDialog(QDialog):
    """Lists what can be restored, newest first; asks before restoring; ``accept()``s once the files are swapped.
    ``restored_from`` is then the chosen file. A failed restore is said in the dialog and changes nothing."""

    def __init__(self, folder: Path, parent: QWidget | None = None, *, damaged: bool = False):
        super().__init__(parent)
        self._folder = Path(folder)
        self.restored_from: Path | None = None
        self._points: list[backups.RestorePoint] = []
        self.setWindowTitle(_("Restore a backup"))
        self.setMinimumWidth(600)

        if damaged:
            explanation = _("Your notes file is damaged. Choose a backup to put in its place; the damaged file is set "
                            "aside, not deleted.")
        else:
            explanation = _("Restoring puts your notes back as they were at that time. Everything written since is "
                            "set aside, not deleted: it appears in this list and can be brought back the same way.")
        self.explanation = QLabel(explanation)
        self.explanation.setWordWrap(True)

        self.choices = wrapping_rows(QListWidget())
        self.choices.setAccessibleName(_("Backups, newest first"))
        self.choices.itemDoubleClicked.connect(lambda _item: self.restore_chosen())
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setObjectName("error")
        message_label(self.message, _("Restore message"))
        self.space_note = QLabel("")  # the disk nearly full: no new backup is made until space is freed
        self.space_note.setWordWrap(True)
        self.space_note.setObjectName("error")
        message_label(self.space_note, _("Backup space"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton(_("&Restore…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setDefault(True)
        buttons.accepted.connect(self.restore_chosen)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.choices, 1)
        layout.addWidget(self.space_note)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.refresh()
        self.choices.setFocus()

    def refresh(self) -> None:
        """Reads the folder again (a file may have vanished); the newest backup stays chosen."""
        self.choices.clear()
        points = self._points = backups.restore_points(self._folder)
        for point in points:
            self.choices.addItem(QListWidgetItem(restore_point_label(point)))
        # Chosen first: the newest real backup, not notes an earlier restore set aside (they may be the damaged ones).
        first_backup = next((row for row, point in enumerate(points) if point.kind != backups.SET_ASIDE), 0)
        if points:
            self.choices.setCurrentRow(first_backup)
        self.restore_button.setEnabled(bool(points))
        warning = backup_space.space_warning(self._folder)
        self.space_note.setText(warning or "")
        self.space_note.setVisible(bool(warning))

    def chosen(self) -> backups.RestorePoint | None:
        row = self.choices.currentRow()
        return self._points[row] if 0 <= row < len(self._points) else None

    def restore_chosen(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        answer = QMessageBox.question(self, _("Restore a backup"), what_a_restore_drops(chosen.when))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            backups.restore_backup(self._folder, chosen.path)
        except backups.VaultStillOpen as error:  # the unlock screen shows only while the vault is locked
            say(self.message, str(error), urgent=True)
            return
        except FileNotFoundError:
            say(self.message, _("That copy is no longer there, so nothing was changed. Choose another one."),
                urgent=True)
            self.refresh()
            return
        except OSError as error:
            say(self.message, _("Nothing was changed: the copy could not be put in place ({reason}). Free some "
                                   "disk space or check the vault folder, then try again.").format(
                reason=write_failure_reason(error)), urgent=True)
            return
        audit_head.note_restore(self._folder)  # the next unlock logs which audit entries the restore dropped
        self.restored_from = chosen.path
        self.accept()
