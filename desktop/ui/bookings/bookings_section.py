"""The Bookings section: the week, finding an interpreter for a client, and the booking being edited."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.core.interpreters import bookings as core
from desktop.i18n import _
from desktop.ui.bookings.booking_editor import BookingEditor
from desktop.ui.bookings.week_view import WeekView
from desktop.ui.interpreters.matching_panel import MatchingPanel
from desktop.ui.shell.context import AppContext, DataKind


class BookingsView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.week = WeekView(context)
        self.matching = MatchingPanel(context)
        self.editor = BookingEditor(context)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.week, _("&Week"))
        self.tabs.addTab(self.matching, _("&Find an interpreter"))
        self.tabs.addTab(self.editor, _("&Booking"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.week.open_booking.connect(self.open_booking)
        self.week.new_booking.connect(self.new_booking)
        self.matching.book_requested.connect(self.book_from_match)
        context.events.data_changed.connect(self._data_changed)

    def _data_changed(self, kind: DataKind) -> None:
        if kind == DataKind.CLIENTS:
            self.matching.reload_clients()

    def open_booking(self, booking_id: int) -> None:
        self.editor.show_booking(core.get_booking(self.context.db, booking_id))
        self.tabs.setCurrentWidget(self.editor)

    def new_item(self) -> None:
        """Ctrl+N on this screen (shell/actions.py)."""
        self.new_booking()

    def new_booking(self) -> None:
        self.editor.show_booking(None)
        self.tabs.setCurrentWidget(self.editor)

    def book_from_match(self, request: dict) -> None:
        self.editor.prefill(request)
        self.tabs.setCurrentWidget(self.editor)

    def handle_navigation(self, payload: object) -> None:
        """A client id (int), or a dict with client_id, language or booking_id."""
        if isinstance(payload, int):
            payload = {"client_id": payload}
        if not isinstance(payload, dict):
            return
        if payload.get("booking_id") is not None:
            self.open_booking(payload["booking_id"])
            return
        self.matching.prefill_from_client(payload.get("client_id"), payload.get("language"))
        self.tabs.setCurrentWidget(self.matching)
