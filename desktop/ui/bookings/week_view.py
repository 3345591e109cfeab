"""A week of bookings, one column per day, starting on the first day of the week in the worker's locale."""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.common import formatting
from desktop.core.common.formatting import format_date, format_month_day, format_weekday
from desktop.core.common.time_zones import zone_name
from desktop.core.interpreters import bookings as core
from desktop.core.interpreters.directory import InterpreterNotFound, get_interpreter, modality_label
from desktop.core.records.clients import ClientNotFound, get_client
from desktop.i18n import _
from desktop.ui.bookings.booking_time import booking_zone, format_local_time
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.widgets.flow_row import FlowRow
from desktop.ui.widgets.guarded_text import guard_item_view
from desktop.ui.widgets.speech import message_label

BOOKING_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def first_week_day(locale: str | None = None) -> int:
    """0 = Monday ... 6 = Sunday, from CLDR (Canada and the US start on Sunday, much of Europe on Monday)."""
    return formatting.first_week_day(locale)    # the same week as every other screen (fr -> fr_CA: Sunday)


def week_start(day: date, locale: str | None = None) -> date:
    return day - timedelta(days=(day.weekday() - first_week_day(locale)) % 7)


class WeekView(QWidget):
    open_booking = Signal(int)
    new_booking = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.zone = booking_zone(context.db)
        self.start = week_start(self.today())
        self.shown: list[core.Booking] = []
        self.previous_button = QPushButton(_("◀ &Previous week"))
        self.previous_button.setShortcut("Alt+PgUp")
        self.previous_button.clicked.connect(lambda: self.show_week(self.start - timedelta(days=7)))
        self.today_button = QPushButton(_("&This week"))
        self.today_button.clicked.connect(lambda: self.show_week(week_start(self.today())))
        self.next_button = QPushButton(_("Ne&xt week ▶"))
        self.next_button.setShortcut("Alt+PgDown")
        self.next_button.clicked.connect(lambda: self.show_week(self.start + timedelta(days=7)))
        self.new_button = QPushButton(_("&New booking"))
        self.new_button.setToolTip(_("Shortcut: {keys}").format(keys="Ctrl+N"))   # the app's New (shell/actions.py)
        self.new_button.clicked.connect(self.new_booking.emit)
        self.title = QLabel()
        message_label(self.title, _("Week shown"))
        self.table = guard_item_view(QTableWidget(0, 7))  # cells name clients: no Ctrl+C past the consent gate
        self.table.setAccessibleName(_("Bookings this week"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.itemActivated.connect(self._activated)
        self.table.itemDoubleClicked.connect(self._activated)
        # Buttons that wrap, and the week's dates on their own line, on a narrow screen (200 % display scaling)
        bar = FlowRow(self.previous_button, self.today_button, self.next_button, self.new_button)
        self.title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(bar)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        self.empty_note = QLabel(_("No bookings this week. To book an interpreter, open “Find an interpreter” "
                                   "(it ranks who fits a client and says why), or press New booking (Ctrl+N)."))
        self.empty_note.setWordWrap(True)  # an empty week says what to do
        layout.addWidget(self.empty_note)
        context.events.data_changed.connect(self._data_changed)
        self.reload()

    def today(self) -> date:
        """Today where the bookings happen, not on the machine's clock (a UTC machine is a day ahead at night)."""
        return datetime.now(ZoneInfo(self.zone)).date()

    def _data_changed(self, kind: DataKind) -> None:
        if kind in (DataKind.BOOKINGS, DataKind.CLIENTS, DataKind.INTERPRETERS):
            self.reload()

    def show_week(self, start: date) -> None:
        self.start = start
        self.reload()

    def _cell_text(self, booking: core.Booking) -> str:
        local = booking.starts_at.astimezone(ZoneInfo(self.zone))
        end = booking.ends_at.astimezone(ZoneInfo(self.zone))
        who = []
        if booking.client_id is not None:
            with contextlib.suppress(ClientNotFound):
                who.append(get_client(self.context.db, booking.client_id).first_name)
        if booking.interpreter_id is not None:
            with contextlib.suppress(InterpreterNotFound):
                who.append(get_interpreter(self.context.db, booking.interpreter_id).name)
        lines = [_("{start}–{end}").format(start=format_local_time(local), end=format_local_time(end)),
                 " · ".join([*who, modality_label(booking.modality)]),
                 core.status_label(booking.status)]
        if booking.timezone != self.zone:
            lines.append(_("({time} in {zone})").format(
                time=format_local_time(booking.local_start), zone=zone_name(booking.timezone)))
        return "\n".join(lines)

    def reload(self) -> None:
        days = [self.start + timedelta(days=i) for i in range(7)]
        self.title.setText(_("{first} – {last} (times in {zone})").format(
            first=format_date(days[0]), last=format_date(days[-1]), zone=zone_name(self.zone)))
        self.table.setHorizontalHeaderLabels([_("{weekday}\n{date}").format(
            weekday=format_weekday(day, "short"), date=format_month_day(day)) for day in days])  # the year: above
        self.shown = core.week(self.context.db, self.start, self.zone)
        by_day: dict[int, list[core.Booking]] = {i: [] for i in range(7)}
        for booking in self.shown:
            index = (booking.starts_at.astimezone(ZoneInfo(self.zone)).date() - self.start).days
            if 0 <= index < 7:
                by_day[index].append(booking)
        self.table.clearContents()
        self.table.setRowCount(max([len(items) for items in by_day.values()] + [1]))
        for column, items in by_day.items():
            for row, booking in enumerate(items):
                item = QTableWidgetItem(self._cell_text(booking))
                item.setData(BOOKING_ID_ROLE, booking.id)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.empty_note.setVisible(not self.shown)

    def _activated(self, item: QTableWidgetItem) -> None:
        booking_id = item.data(BOOKING_ID_ROLE)
        if booking_id is not None:
            self.open_booking.emit(booking_id)
