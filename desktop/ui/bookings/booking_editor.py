"""The booking editor: when and how, the lifecycle buttons, the briefing checklist, double-booking warnings
(kept only with a written reason), and the request message and .ics file through the consent gate."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.common.files import write_atomically
from desktop.core.common.languages import known_languages, language_name
from desktop.core.consent.gate import ConsentRequired
from desktop.core.interpreters import bookings as core
from desktop.core.interpreters.booking_sharing import share_booking
from desktop.core.interpreters.directory import (
    MODALITIES,
    InterpreterInvalid,
    add_incident,
    gender_label,
    list_interpreters,
    modality_label,
)
from desktop.exports.booking_request import ReleaseMismatch, request_mailto, request_text
from desktop.exports.ics import booking_calendar
from desktop.i18n import N_, _
from desktop.ui.bookings import booking_dialogs
from desktop.ui.bookings.booking_dialogs import RequestMessageDialog
from desktop.ui.bookings.booking_time import booking_zone, format_local_datetime
from desktop.ui.consent import share_dialogs as egress_dialogs
from desktop.ui.consent.failed_writes import report_failed_write
from desktop.ui.interpreters.matching_panel import who
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.widgets.client_picker import ClientPicker
from desktop.ui.widgets.date_edits import date_picker, use_ui_formats
from desktop.ui.widgets.flow_row import FlowRow
from desktop.ui.widgets.guarded_text import GuardedPlainTextEdit
from desktop.ui.widgets.language_list import DialectPicker
from desktop.ui.widgets.screen_fit import scrolling
from desktop.ui.widgets.speech import message_label, say
from desktop.ui.widgets.wrapping_check import WrappingCheckBox
from desktop.ui.widgets.zone_picker import ZonePicker

_ACTIONS = (("requested", N_("Send &request")), ("confirmed", N_("C&onfirm")), ("completed", N_("Mark co&mpleted")),
            ("no_show", N_("&No-show")), ("cancelled", N_("Cancel boo&king")))
_GENDERS = ("any", "female", "male", "nonbinary")


class BookingEditor(QWidget):
    changed = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.booking: core.Booking | None = None
        self.last_dialog: QDialog | None = None
        # Found by typing, at most a page of names read (issue 21); the booking's own client even when archived.
        self.client = ClientPicker(lambda: context.db, none_label=_("No client"), accessible_name=_("Client"))
        self.interpreter = QComboBox()
        self.language = DialectPicker(known_languages(), accessible_name=_("Language"))  # by name, never a code
        self.gender = QComboBox()
        for gender in _GENDERS:
            self.gender.addItem(gender_label(gender), gender)
        self.modality = QComboBox()
        for modality in MODALITIES:
            self.modality.addItem(modality_label(modality), modality)
        self.day = date_picker((datetime.now() + timedelta(days=1)).date())
        self.start = use_ui_formats(QTimeEdit(QTime(10, 0)), date=False)
        self.end = use_ui_formats(QTimeEdit(QTime(11, 0)), date=False)
        # Zones by name ("Pacific Time — Vancouver"), the ID underneath: nobody types America/Vancouver.
        self.zone = ZonePicker([booking_zone(context.db), *core.COMMON_ZONES], accessible_name=_("Time zone"))
        self.zone.select_zone(booking_zone(context.db))
        times = FlowRow(self.start)      # the zone sits beside the times it applies to (below them when narrow)
        for text, widget in ((_("Ends"), self.end), (_("Time &zone"), self.zone)):    # Tab reaches Ends
            label = QLabel(text)
            label.setBuddy(widget)
            times.addWidget(label)
            times.addWidget(widget)
        self.place, self.call_details = QLineEdit(), QLineEdit()
        # Place and call details go into requests and calendar files without a consent check: say so where
        # the worker types, so nobody writes the client's own address or phone number there.
        self.place.setPlaceholderText(_("A meeting place, not the client's address"))
        self.call_details.setPlaceholderText(_("The interpreter's line or a conference number, not the client's"))
        for field in (self.place, self.call_details):
            field.setToolTip(_("This is sent to the interpreter with every request. Never put the client's "
                               "address or phone number here."))
        self.notes = GuardedPlainTextEdit()  # booking notes may name the client: Share… only
        self.notes.setMaximumHeight(60)
        self.notes.setTabChangesFocus(True)
        self.status = message_label(QLabel(), _("Booking status"))
        self.save_button = QPushButton(_("&Save"))
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton(_("Delete dr&aft…"))
        self.delete_button.clicked.connect(self.delete_draft)
        self.action_buttons = {}
        actions = FlowRow(self.save_button)  # wraps in French on a narrow screen instead of scrolling sideways
        for status, label in _ACTIONS:
            button = QPushButton(_(label))
            button.clicked.connect(lambda _checked=False, target=status: self.move_to(target))
            self.action_buttons[status] = button
            actions.addWidget(button)
        actions.addWidget(self.delete_button)
        self.checks = {}
        checklist = QVBoxLayout()
        for key, label in core.checklist_items():
            box = QCheckBox(label)
            box.toggled.connect(lambda done, item=key: self._check(item, done))
            self.checks[key] = box
            checklist.addWidget(box)
        self.warning = message_label(QLabel(), _("Warnings"))
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a4b00; font-weight: bold")
        self.override_reason = QLineEdit()
        self.override_reason.setPlaceholderText(_("To keep a double booking, write why it is all right"))
        self.override_reason.setAccessibleName(_("Reason to keep the double booking"))
        self.include_client = WrappingCheckBox(_("Include the client's first name and language needs (only with their "
                                          "consent for this interpreter or agency)"))
        self.message_button = QPushButton(_("Re&quest message…"))
        self.message_button.clicked.connect(self.request_message)
        self.ics_button = QPushButton(_("Calendar file (.i&cs)…"))
        self.ics_button.clicked.connect(self.export_ics)
        self.incident_button = QPushButton(_("E&xclude the interpreter for this client…"))
        self.incident_button.clicked.connect(self.record_incident)
        starts_label = QLabel(_("S&tarts"))
        starts_label.setBuddy(self.start)
        # A screen reader names a field by a buddy label beside it; this one sits in the wrapping row, its label not
        self.start.setAccessibleName(starts_label.text().replace("&", ""))
        form = QFormLayout()
        for label, widget in ((_("C&lient"), self.client), (_("&Interpreter or agency"), self.interpreter),
                              (_("Lang&uage"), self.language), (_("Interpreter gender"), self.gender),
                              (_("Wa&y"), self.modality), (_("&Date"), self.day), (starts_label, times),
                              (_("&Place"), self.place),
                              (_("Call details"), self.call_details), (_("Notes"), self.notes),
                              (_("Status"), self.status)):
            form.addRow(label, widget)
        sharing = FlowRow(self.message_button, self.ics_button, self.incident_button)
        inner = QWidget()        # scrolls up and down at large zoom; its rows wrap, never scrolling sideways
        scroll = scrolling(inner, sideways=False)
        scroll.viewport().setAutoFillBackground(False)    # keep the tab page's own background
        inner.setAutoFillBackground(False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(inner)
        layout.addLayout(form)
        layout.addWidget(actions)
        layout.addWidget(QLabel(_("Before the session")))
        layout.addLayout(checklist)
        layout.addWidget(self.warning)
        layout.addWidget(self.override_reason)
        layout.addWidget(self.include_client)
        layout.addWidget(sharing)
        layout.addStretch()
        self.show_booking(None)

    # -- showing ----------------------------------------------------------------------------------------------
    def _fill_choices(self) -> None:
        self.interpreter.clear()
        self.interpreter.addItem(_("Not chosen yet"), None)
        for entry in list_interpreters(self.context.db):
            if entry.active or (self.booking and self.booking.interpreter_id == entry.id):
                self.interpreter.addItem(who(entry), entry.id)

    def show_booking(self, booking: core.Booking | None) -> None:
        self.booking = booking
        self._fill_choices()
        self.client.set_client_id(booking.client_id if booking is not None else None)
        if booking is not None:
            self.interpreter.setCurrentIndex(max(self.interpreter.findData(booking.interpreter_id), 0))
            self.language.set_tag(booking.language)
            self.gender.setCurrentIndex(max(_GENDERS.index(booking.gender_preference), 0))
            self.modality.setCurrentIndex(MODALITIES.index(booking.modality))
            start, end = booking.local_start, booking.local_end
            self.day.setDate(QDate(start.year, start.month, start.day))
            self.start.setTime(QTime(start.hour, start.minute))
            self.end.setTime(QTime(end.hour, end.minute))
            self.zone.select_zone(booking.timezone)
            self.place.setText(booking.place)
            self.call_details.setText(booking.call_details)
            self.notes.setPlainText(booking.notes)
        self._refresh_state()

    def prefill(self, request: dict) -> None:
        """A new booking from the matching panel's choice."""
        self.show_booking(None)
        self.client.set_client_id(request.get("client_id"))
        self.interpreter.setCurrentIndex(max(self.interpreter.findData(request.get("interpreter_id")), 0))
        self.language.set_tag(request.get("language", ""))
        self.gender.setCurrentIndex(_GENDERS.index(request.get("gender", "any")))
        if request.get("modality") in MODALITIES:
            self.modality.setCurrentIndex(MODALITIES.index(request["modality"]))
        starts: datetime | None = request.get("starts_at")
        if starts is not None:
            ends = starts + timedelta(hours=1)
            self.day.setDate(QDate(starts.year, starts.month, starts.day))
            self.start.setTime(QTime(starts.hour, starts.minute))
            self.end.setTime(QTime(ends.hour, ends.minute))
        if request.get("timezone"):
            self.zone.select_zone(request["timezone"])

    def _refresh_state(self) -> None:
        booking = self.booking
        editable = booking is None or booking.status in core.ACTIVE_STATUSES
        self.save_button.setEnabled(editable)
        self.delete_button.setEnabled(booking is not None and booking.status == "draft")
        self.status.setText(core.status_label(booking.status) if booking else _("New (not saved yet)"))
        allowed = booking.allowed_transitions() if booking else ()
        for status, button in self.action_buttons.items():
            button.setEnabled(status in allowed)
        for key, box in self.checks.items():
            box.blockSignals(True)
            box.setChecked(bool(booking and booking.checklist.get(key)))
            box.setEnabled(booking is not None)
            box.blockSignals(False)
        for widget in (self.message_button, self.ics_button, self.include_client):
            widget.setEnabled(booking is not None and booking.status in ("draft", "requested", "confirmed"))
        self.include_client.setEnabled(self.include_client.isEnabled() and booking.client_id is not None)
        self.incident_button.setEnabled(bool(booking and booking.client_id and booking.interpreter_id))
        found = core.conflicts(self.context.db, booking.id) if booking and editable else []
        warnings = "\n".join(_("Warning: {message}").format(message=c.message) for c in found)
        if warnings != self.warning.text():  # said once when it changes, not at every refresh
            say(self.warning, warnings)
        self.override_reason.setVisible(bool(found))

    # -- changing ---------------------------------------------------------------------------------------------
    def _values(self) -> dict:
        zone = self.zone.current_zone()
        if not zone:  # typed text that names no zone: said, and nothing saved
            raise core.BookingError(self.zone.problem())
        day = self.day.date().toPython()
        start = core.local_moment(datetime.combine(day, self.start.time().toPython()), zone)
        end = core.local_moment(datetime.combine(day, self.end.time().toPython()), zone)
        return {"client_id": self.client.client_id(), "interpreter_id": self.interpreter.currentData(),
                "starts_at": start, "ends_at": end, "timezone": zone, "modality": self.modality.currentData(),
                "place": self.place.text().strip(), "call_details": self.call_details.text().strip(),
                "language": self.language.current_tag(), "gender_preference": self.gender.currentData(),
                "notes": self.notes.toPlainText()}

    def save(self) -> bool:
        try:
            values = self._values()
            if self.booking is None:
                saved = core.create_booking(self.context.db, worker=self.context.worker_name, **values)
            else:
                saved = core.update_booking(self.context.db, self.booking.id, **values)
        except core.BookingError as error:
            say(self.warning, str(error), urgent=True)
            return False
        self.booking = saved
        self._refresh_state()
        self.context.events.changed(DataKind.BOOKINGS)
        self.changed.emit(saved.id)
        return True

    def move_to(self, status: str) -> bool:
        if self.booking is None or (self.booking.status in core.ACTIVE_STATUSES and not self.save()):
            return False
        try:
            self.booking = core.transition(self.context.db, self.booking.id, status,
                                           worker=self.context.worker_name, override_reason=self.override_reason.text())
        except core.DoubleBooked as error:
            self._refresh_state()
            say(self.warning, _("{conflicts}\nWrite a reason below to keep it anyway.").format(
                conflicts=str(error)), urgent=True)
            self.override_reason.setFocus()
            return False
        except core.BookingError as error:
            say(self.warning, str(error), urgent=True)
            return False
        self.override_reason.clear()
        self._refresh_state()
        self.context.events.changed(DataKind.BOOKINGS)
        self.context.events.status_message.emit(_("Booking is now: {status}.").format(
            status=core.status_label(status)))
        self.changed.emit(self.booking.id)
        return True

    def delete_draft(self) -> bool:
        """Only a draft can go; the question names when and which language, never the client."""
        booking = self.booking
        if booking is None or booking.status != "draft":
            return False
        when = format_local_datetime(booking.local_start, booking.timezone)
        if booking.language:
            question = _("Delete the draft booking for {language} on {when}? It cannot be brought back.").format(
                language=language_name(booking.language), when=when)
        else:
            question = _("Delete the draft booking on {when}? It cannot be brought back.").format(when=when)
        if not booking_dialogs.confirm(self, question):
            return False
        try:
            core.delete_draft(self.context.db, booking.id)
        except core.BookingError as error:
            say(self.warning, str(error), urgent=True)
            return False
        self.show_booking(None)
        self.context.events.changed(DataKind.BOOKINGS)
        self.context.events.status_message.emit(_("Draft booking on {when} deleted.").format(when=when))
        return True

    def _check(self, item: str, done: bool) -> None:
        if self.booking is not None:
            self.booking = core.set_checklist(self.context.db, self.booking.id, item, done)

    def record_incident(self) -> bool:
        """Ties a problem to this client: matching then excludes the interpreter for them, with this reason."""
        booking = self.booking
        if booking is None or booking.client_id is None or booking.interpreter_id is None:
            return False
        note = booking_dialogs.ask_incident_note(self)
        if note is None:
            return False
        try:
            add_incident(self.context.db, booking.interpreter_id, note.strip(), client_id=booking.client_id)
        except InterpreterInvalid:  # nothing, or only invisible control characters: nothing to record
            return False
        self.context.events.changed(DataKind.INTERPRETERS)
        self.context.events.status_message.emit(_("Recorded. This interpreter will not be offered for this client "
                                                  "again."))
        return True

    # -- leaving the machine ----------------------------------------------------------------------------------
    def _share(self, channel: str):
        wanted = self.include_client.isChecked() and self.include_client.isEnabled()
        include = ("first_name", "language_needs") if wanted else ()
        try:
            return share_booking(self.context.db, self.booking.id, channel=channel, worker=self.context.worker_name,
                                 organisation=self.context.organisation, include=include)
        except core.BookingError as error:
            say(self.warning, str(error), urgent=True)
            return None
        except ConsentRequired as refusal:
            self.last_dialog = egress_dialogs.RefusalDialog(
                self.context, self.booking.client_id, refusal, parent=self,
                request={"purpose_kind": "interpreter_booking", "categories": include})
            booking_dialogs.show_dialog(self.last_dialog)
            return None

    def request_message(self) -> QDialog | None:
        if self.booking is None or (self.booking.status in core.ACTIVE_STATUSES and not self.save()):
            return None
        shared = self._share("booking_request")
        if shared is None:
            return self.last_dialog
        release, facts = shared
        try:
            mailto, no_draft = request_mailto(release, facts), ""
        except ReleaseMismatch as mismatch:  # the client's name may only go to an address they agreed to
            mailto, no_draft = "", str(mismatch)
        self.last_dialog = RequestMessageDialog(self.context, request_text(release, facts), mailto, self,
                                                no_draft=no_draft)
        booking_dialogs.show_dialog(self.last_dialog)
        return self.last_dialog

    def export_ics(self) -> Path | None:
        if self.booking is None or not self.save():
            return None
        # asked before the gate: a logged release means the file was written
        path = booking_dialogs.ask_ics_path(self)
        if path is None:
            return None
        shared = self._share("calendar")
        if shared is None:
            return None
        try:
            write_atomically(path, booking_calendar(*shared))
        except OSError as error:
            say(self.warning, report_failed_write(self.context, shared[0], error), urgent=True)
            return None
        self.context.events.status_message.emit(_("Calendar file saved to {path}.").format(path=str(path)))
        return path
