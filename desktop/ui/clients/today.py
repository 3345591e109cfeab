"""The home screen: promises and follow-ups that are overdue, due today, and coming up this week.

Each line says its state in words and carries an icon, so colour is never the only signal. Enter (or a double
click) opens the client; Ctrl+D marks the selected one done, F2 corrects it (text, kind, due date).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.common.formatting import format_date
from desktop.core.records import promises
from desktop.i18n import _, ngettext
from desktop.ui.clients.promise_dialog import edit_button, edit_promise
from desktop.ui.clients.promises_panel import promise_line, state_icon, widget_shortcut
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.widgets.fit_width import wrapping_rows
from desktop.ui.widgets.guarded_text import guard_item_view

UPCOMING_DAYS = 7
MOST_LINES = 100   # per group: years of work can leave thousands overdue; each group is counted in SQL


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
        self._chosen: QListWidget | None = None
        self.done_button = QPushButton(_("Mark &kept\u2026"), self)
        self.done_button.setToolTip(_("Mark the selected promise as kept (Ctrl+D)"))
        self.done_button.clicked.connect(self.mark_selected_done)
        self.edit_button = edit_button(self, self.edit_selected)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.done_button)
        top.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        for key in ("overdue", "due_today", "upcoming"):
            box = QGroupBox(self)
            listing = guard_item_view(QListWidget(box))  # lines name clients: no Ctrl+C past the consent gate
            wrapping_rows(listing)  # long lines wrap within the list, never past its right edge
            listing.itemActivated.connect(self._open)
            listing.currentItemChanged.connect(lambda _item, _old, chosen=listing: self._choose(chosen))
            widget_shortcut("Ctrl+D", listing, self.mark_selected_done)
            widget_shortcut("F2", listing, self.edit_selected)
            QVBoxLayout(box).addWidget(listing)
            layout.addWidget(box, 1)
            self.lists[key], self.boxes[key] = listing, box
        context.events.data_changed.connect(self._data_changed)
        self.reload()

    def new_item(self) -> None:
        """Ctrl+N here (shell/actions.py): a new client, as the list of clients would make."""
        self.context.events.navigate.emit("clients", {"new_client": True})

    def reload(self) -> None:
        today = self._today()
        board = promises.agenda(self.context.db, today, UPCOMING_DAYS, most=MOST_LINES)
        self.heading.setText(_("Today, {date}").format(date=format_date(today, "full")))
        groups = {"overdue": board.overdue, "due_today": board.due_today, "upcoming": board.upcoming}
        titles = {
            "overdue": ngettext("&Overdue: {count} promise not yet kept", "&Overdue: {count} promises not yet kept",
                                board.count("overdue")),
            "due_today": ngettext("Due &today: {count}", "Due &today: {count}", board.count("due_today")),
            "upcoming": ngettext("Coming &up in the next {days} days: {count}",
                                 "Coming &up in the next {days} days: {count}", board.count("upcoming")),
        }
        empty = {"overdue": _("Nothing overdue."), "due_today": _("Nothing due today."),
                 "upcoming": _("Nothing due this week.")}
        icons: dict = {}  # one per state: asking the style for each line cost ~0.06 ms a line
        for key, items in groups.items():
            self.boxes[key].setTitle(titles[key].format(count=board.count(key), days=UPCOMING_DAYS))
            listing = self.lists[key]
            listing.setAccessibleName(self.boxes[key].title().replace("&", ""))
            listing.clear()
            for item in items:
                state = item.state(today)
                if state not in icons:
                    icons[state] = state_icon(state)
                entry = QListWidgetItem(icons[state], promise_line(item, today, with_client=True))
                entry.setData(Qt.ItemDataRole.UserRole, (item.id, item.client_id))
                listing.addItem(entry)
            unlisted = board.count(key) - len(items)
            if unlisted > 0:  # the earliest due are listed; the client list sorted by promises finds the rest
                more = QListWidgetItem(ngettext(
                    "… and {count} more, not listed here. The client list, sorted by promises, shows who they are for.",
                    "… and {count} more, not listed here. The client list, sorted by promises, shows who they are for.",
                    unlisted).format(count=unlisted))
                more.setFlags(Qt.ItemFlag.NoItemFlags)
                listing.addItem(more)
            if not items:
                placeholder = QListWidgetItem(empty[key])
                placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
                listing.addItem(placeholder)
            # Room follows content: an empty group stays one line high, a long one gets the space.
            self.layout().setStretchFactor(self.boxes[key], max(1, len(items)))
        if not (board.overdue or board.due_today or board.upcoming):
            self.summary.setText(_("No promises are due this week."))
        else:
            self.summary.setText(_("Keep the promises you made, or tell the person early if you cannot. "
                                   "Press Enter on a line to open the client, Ctrl+D to mark it kept."))
        self._chosen = None
        self._update_button()

    def _open(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if data:
            self.context.events.navigate.emit("clients", {"client_id": data[1]})

    def _choose(self, listing: QListWidget) -> None:
        self._chosen = listing
        self._update_button()

    def _selected(self) -> tuple[int, int] | None:
        """(promise id, client id) of the line last chosen in any of the three lists."""
        item = self._chosen.currentItem() if self._chosen is not None else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_button(self) -> None:
        self.done_button.setEnabled(bool(self._selected()))
        self.edit_button.setEnabled(bool(self._selected()))

    def edit_selected(self) -> None:
        data = self._selected()
        if data:
            edit_promise(self.context, data[0], self)  # a saved correction reloads this screen by data_changed

    def mark_selected_done(self) -> None:
        data = self._selected()
        if not data:
            return
        note, ok = QInputDialog.getText(self, _("Promise kept"), _("A note (optional):"))
        if ok:
            promises.mark_done(self.context.db, data[0], note)
            self.context.events.changed(DataKind.PROMISES)

    def _data_changed(self, kind: DataKind) -> None:
        if kind in (DataKind.PROMISES, DataKind.CLIENTS, DataKind.SESSIONS):
            self.reload()

    def showEvent(self, event) -> None:
        self.reload()  # the day may have changed since the screen was built
        super().showEvent(event)
