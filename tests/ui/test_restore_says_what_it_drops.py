"""Issue 18 'No lost day', the restore's side: before restoring, the dialog says what it will set aside ("notes and
changes after 09:12 today"), and what it set aside stays reachable from the same dialog."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QMessageBox

from desktop.core.common.formatting import format_time
from desktop.core.records import clients
from desktop.core.vault import backups
from desktop.ui.vault.restore_dialog import RestoreDialog, what_a_restore_drops


def test_the_question_names_the_time_after_which_changes_are_set_aside(qtbot, vault, monkeypatch):
    clients.create_client(vault.db, "Maria")
    this_morning = datetime.now(UTC).replace(second=0, microsecond=0)
    backups.make_backup(vault, "lock", this_morning)
    clients.create_client(vault.db, "Jun")
    vault.lock()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, _title, text: asked.append(text) or
                        QMessageBox.StandardButton.Yes)
    dialog = RestoreDialog(vault.folder)
    qtbot.addWidget(dialog)
    row = next(r for r in range(dialog.choices.count()) if "locked" in dialog.choices.item(r).text())
    dialog.choices.setCurrentRow(row)
    dialog.restore_button.click()
    assert asked == [what_a_restore_drops(this_morning)]
    assert f"after {format_time(this_morning)} today" in asked[0]
    again = RestoreDialog(vault.folder)  # the notes set aside are offered in the same dialog
    qtbot.addWidget(again)
    labels = [again.choices.item(r).text() for r in range(again.choices.count())]
    assert any(label.startswith("Notes set aside") for label in labels)


def test_an_older_day_is_named_with_its_date():
    monday = datetime(2026, 11, 23, 9, 12, tzinfo=UTC)
    text = what_a_restore_drops(monday, now=monday + timedelta(days=2))
    assert "today" not in text and "2026" in text
