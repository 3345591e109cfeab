"""The home screen: promises and follow-ups that are overdue, due today, and coming up this week.

Each line says its state in words and carries an icon, so colour is never the only signal. Enter (or a double
click) opens the client; Ctrl+D marks the selected one done.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGroupBox, QInputDialog, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.core import promises
from desktop.core.formatting import format_date
from desktop.i18n import _, ngettext
from desktop.ui.context import AppContext
from desktop.ui.guarded_text import guard_item_view
from desktop.ui.promises_panel import promise_line, state_icon

UPCOMING_DAYS = 7


class TodayView(QWidget):
    def __init__(self, context: AppContext, parent=None, *, today=date.today) -> None:
        super().__init__(parent)
        self.context = context
        self._today = today
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.heading.setFont(font)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.lists: dict[str, QListWidget] = {}
        self.boxes: dict[str, QGroupBox] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        for key in ("overdue", "due_today", "upcoming"):
            box = QGroupBox(self)
            listing = guard_item_view(QListWidget(box))  # lines name clients: no Ctrl+C past the consent gate
            listing.setWordWrap(True)
            listing.itemActivated.connect(self._open)
            QShortcut(QKeySequence("Ctrl+D"), listing, self.mark_selected_done,
                      context=Qt.ShortcutContext.WidgetShortcut)
            QVBoxLayout(box).addWidget(listing)
            layout.addWidget(box, 1)
            self.lists[key], self.boxes[key] = listing, box
        context.events.data_changed.connect(self._data_changed)
        self.reload()

    def reload(self) -> None:
        today = self._today()
        board = promises.agenda(self.context.db, today, UPCOMING_DAYS)
        self.heading.setText(_("Today, {date}").format(date=format_date(today, "full")))
        groups = {"overdue": board.overdue, "due_today": board.due_today, "upcoming": board.upcoming}
        titles = {
            "overdue": ngettext("&Overdue: {count} promise not yet kept", "&Overdue: {count} promises not yet kept",
                                len(board.overdue)),
            "due_today": ngettext("Due &today: {count}", "Due &today: {count}", len(board.due_today)),
            "upcoming": ngettext("Coming &up in the next {days} days: {count}",
                                 "Coming &up in the next {days} days: {count}", len(board.upcoming)),
        }
        empty = {"overdue": _("Nothing overdue."), "due_today": _("Nothing due today."),
                 "upcoming": _("Nothing due this week.")}
        for key, items in groups.items():
            self.boxes[key].setTitle(titles[key].format(count=len(items), days=UPCOMING_DAYS))
            listing = self.lists[key]
            listing.setAccessibleName(self.boxes[key].title().replace("&", ""))
            listing.clear()
            for item in items:
                entry = QListWidgetItem(state_icon(item.state(today)), promise_line(item, today, with_client=True))
                entry.setData(Qt.ItemDataRole.UserRole, (item.id, item.client_id))
                listing.addItem(entry)
            if not items:
                placeholder = QListWidgetItem(empty[key])
                placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
                listing.addItem(placeholder)
        if not (board.overdue or board.due_today or board.upcoming):
            self.summary.setText(_("No promises are due this week."))
        else:
            self.summary.setText(_("Keep the promises you made, or tell the person early if you cannot. "
                                   "Press Enter on a line to open the client."))

    def _open(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if data:
            self.context.events.navigate.emit("clients", {"client_id": data[1]})

    def mark_selected_done(self) -> None:
        for listing in self.lists.values():
            if listing.hasFocus() and listing.currentItem() is not None:
                data = listing.currentItem().data(Qt.ItemDataRole.UserRole)
                if not data:
                    return
                note, ok = QInputDialog.getText(self, _("Promise kept"), _("A note (optional):"))
                if ok:
                    promises.mark_done(self.context.db, data[0], note)
                    self.context.events.data_changed.emit("promises")
                return

    def _data_changed(self, kind: str) -> None:
        if kind in ("promises", "clients", "sessions"):
            self.reload()

    def showEvent(self, event) -> None:
        self.reload()  # the day may have changed since the screen was built
        super().showEvent(event)
