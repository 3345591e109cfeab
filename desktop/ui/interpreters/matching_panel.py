"""Finding an interpreter for a client: the needs (prefilled from the client), the candidates with their
reasons, everyone excluded with why, and advice when nobody fits."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.common.languages import known_languages
from desktop.core.interpreters.bookings import COMMON_ZONES, BookingError, local_moment
from desktop.core.interpreters.directory import Interpreter, gender_label, modality_label
from desktop.core.interpreters.matching import MatchResult, Needs, match
from desktop.core.profile.work_profile import frequent_languages
from desktop.core.records.clients import get_client
from desktop.i18n import _
from desktop.ui.bookings.booking_time import booking_zone
from desktop.ui.shell.context import AppContext
from desktop.ui.widgets.client_picker import ClientPicker
from desktop.ui.widgets.date_edits import use_ui_formats
from desktop.ui.widgets.fit_width import wrapping_rows
from desktop.ui.widgets.flow_row import FlowRow, together
from desktop.ui.widgets.guarded_text import GuardedLineEdit, guard_item_view
from desktop.ui.widgets.language_list import DialectPicker
from desktop.ui.widgets.speech import message_label, say
from desktop.ui.widgets.zone_picker import ZonePicker

_GENDERS = ("any", "female", "male", "nonbinary")
_MODALITIES = ("any", "in_person", "phone", "video")
NEEDS_PAUSE_MS = 300      # typing pause before the match runs again by itself


def who(entry: Interpreter) -> str:
    """'Wing (demo), Pretend Language Services (demo)': a name that already holds brackets is not nested in more."""
    if entry.agency and not entry.is_agency:
        return _("{name}, {agency}").format(name=entry.name, agency=entry.agency)
    return entry.name


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class MatchingPanel(QWidget):
    """Emits ``book_requested`` with a dict: interpreter_id, client_id, language, gender, modality, starts_at
    (aware), timezone."""

    book_requested = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.result: MatchResult | None = None
        self.needs: Needs | None = None
        self.client = ClientPicker(lambda: context.db, none_label=_("No client chosen"),
                                   accessible_name=_("Client"))      # found by typing (issue 21)
        self.client.picked.connect(self.prefill_from_client)
        # The language by name, and where it is spoken when the dialect matters ('Cantonese', 'Hong Kong').
        frequent = frequent_languages(context.db)
        self.language = DialectPicker(known_languages(), frequent=frequent, accessible_name=_("Client's language"))
        self.language.set_tag(next(iter(frequent), ""))  # the language the worker meets most
        self.gender = QComboBox()
        for gender in _GENDERS:
            self.gender.addItem(gender_label(gender), gender)
        self.modality = QComboBox()
        for modality in _MODALITIES:
            self.modality.addItem(_("any way") if modality == "any" else modality_label(modality), modality)
        self.avoid = GuardedLineEdit()  # the client's people and communities to avoid
        self.avoid.setPlaceholderText(_("People or communities to avoid, separated by commas"))
        self.when = use_ui_formats(QDateTimeEdit(QDateTime.currentDateTime().addDays(1)))
        self.when.setTime(QTime(10, 0))
        self.when.setCalendarPopup(True)
        self.zone = ZonePicker([booking_zone(context.db), *COMMON_ZONES], accessible_name=_("Time zone"))  # by name
        self.zone.select_zone(booking_zone(context.db))
        zone_label = QLabel(_("Time zone:"))  # a visible label: on Linux a combo's name is its current value
        zone_label.setBuddy(self.zone)
        when_row = FlowRow(self.when, together(zone_label, self.zone))  # the zone below the time when narrow
        self.find_button = QPushButton(_("&Show who fits"))
        self.find_button.setShortcut("Ctrl+Return")
        self.find_button.clicked.connect(self.find)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a40000; font-weight: bold")
        when_label = QLabel(_("&Date, time and zone"))
        when_label.setBuddy(self.when)
        # A screen reader names a field by a buddy label beside it; this one sits in the wrapping row, its label not
        self.when.setAccessibleName(when_label.text().replace("&", ""))
        language_label = QLabel(_("&Language"))
        language_label.setBuddy(self.language)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # fields under their labels when narrow
        for label, widget in ((_("&Client"), self.client), (language_label, self.language),
                              (_("Interpreter ge&nder"), self.gender), (_("Wa&y"), self.modality),
                              (_("A&void"), self.avoid)):
            form.addRow(label, widget)
        form.addRow(when_label, when_row)
        form.addRow("", self.find_button)
        form.addRow("", self.problem)

        self.candidates = guard_item_view(QListWidget())  # reasons cite the client's needs
        self.candidates.setAccessibleName(_("Interpreters who fit, best first"))
        wrapping_rows(self.candidates)
        self.candidates.itemActivated.connect(lambda _item: self.book_selected())
        self.excluded = guard_item_view(QListWidget())
        self.excluded.setAccessibleName(_("Interpreters excluded, with the reason"))
        wrapping_rows(self.excluded)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        message_label(self.advice, _("Advice"))
        self.book_button = QPushButton(_("Book the selected &interpreter"))
        self.book_button.clicked.connect(self.book_selected)
        self.book_button.setEnabled(False)
        self.candidates.currentRowChanged.connect(lambda row: self.book_button.setEnabled(row >= 0))
        self.agency_button = QPushButton(_("Book the agency &phone line"))
        self.agency_button.clicked.connect(self.book_agency)
        self.agency_button.setVisible(False)
        results = QVBoxLayout()
        results.addWidget(QLabel(_("Who fits (best first)")))
        results.addWidget(self.candidates, 2)
        results.addWidget(self.book_button)
        results.addWidget(self.advice)
        results.addWidget(self.agency_button)
        results.addWidget(QLabel(_("Excluded, and why")))
        results.addWidget(self.excluded, 1)
        left, right = QWidget(), QWidget()
        left.setLayout(form)
        right.setLayout(results)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([380, 620])
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)
        # Changing a need runs the match again after a short pause, so the lists never show stale answers.
        self.rerun = QTimer(self)
        self.rerun.setSingleShot(True)
        self.rerun.setInterval(NEEDS_PAUSE_MS)
        self.rerun.timeout.connect(self.find)
        for signal in (self.language.tag_changed, self.avoid.textChanged, self.when.dateTimeChanged,
                       self.zone.zone_chosen, self.gender.currentIndexChanged,
                       self.modality.currentIndexChanged):
            signal.connect(self._needs_changed)

    def _needs_changed(self, *_args) -> None:
        if self.language.current_tag():
            self.rerun.start()

    def reload_clients(self) -> None:
        self.client.refresh()     # the chosen client's name again: renamed, or deleted meanwhile

    def prefill_from_client(self, client_id: int | None, language: str | None = None) -> None:
        """Fills the needs from the client's record: first language, gender and modality preference, avoid."""
        self.client.set_client_id(client_id)
        if client_id is None:
            if language:
                self.language.set_tag(language)
                self.find()
            return
        client = get_client(self.context.db, client_id)
        self.language.set_tag(language or (client.languages[0] if client.languages else ""))
        self.gender.setCurrentIndex(_GENDERS.index(client.interpreter_gender))
        self.modality.setCurrentIndex(_MODALITIES.index(client.interpreter_modality))
        self.avoid.setText(", ".join(client.avoid))
        self.find()     # opened for a client: show who fits (and who does not, and why) straight away

    def _needs(self) -> Needs:
        language = self.language.current_tag()
        if not language:
            raise BookingError(_("Choose the client's language."))
        naive = self.when.dateTime().toPython().replace(second=0, microsecond=0)
        if not self.zone.current_zone():  # typed text that names no zone
            raise BookingError(self.zone.problem())
        when = local_moment(naive, self.zone.current_zone())
        return Needs(language=language, when=when, gender=self.gender.currentData(),
                     modality=self.modality.currentData(), avoid=_split(self.avoid.text()),
                     client_id=self.client.client_id())

    def find(self) -> MatchResult | None:
        self.rerun.stop()
        try:
            self.needs = self._needs()
        except BookingError as error:
            say(self.problem, str(error), urgent=True)
            self.needs = self.result = None
            self._show(None)
            return None
        self.problem.clear()
        self.result = match(self.context.db, self.needs)
        self._show(self.result)
        return self.result

    def _show(self, result: MatchResult | None) -> None:
        self.candidates.clear()
        self.excluded.clear()
        self.advice.clear()
        self.agency_button.setVisible(False)
        self.book_button.setEnabled(False)
        if result is None:
            return
        for candidate in result.candidates:
            item = QListWidgetItem(_("{name} — {reasons}").format(name=who(candidate.interpreter),
                                                                  reasons=candidate.summary))
            item.setData(256, candidate.interpreter.id)
            self.candidates.addItem(item)
        for excluded in result.excluded:
            item = QListWidgetItem(_("{name} — excluded: {reasons}").format(
                name=who(excluded.interpreter), reasons=excluded.summary))
            self.excluded.addItem(item)
        lines = list(result.advice)
        for agency in result.agency_suggestions:
            lines.append(_("Agency phone line: {name}, {phone}").format(name=agency.name, phone=agency.phone or "—"))
        self.agency_button.setVisible(bool(result.agency_suggestions))
        if not result.candidates and not lines:
            lines.append(_("Nobody fits."))
        self.advice.setText("\n".join("• " + line for line in lines))
        if result.candidates:
            self.candidates.setCurrentRow(0)

    def book_selected(self) -> None:
        item = self.candidates.currentItem()
        if item is not None:
            self._book(item.data(256))

    def book_agency(self) -> None:
        """Nobody in the roster fits: book the first suggested agency phone line, by phone."""
        if self.result and self.result.agency_suggestions:
            self.modality.setCurrentIndex(_MODALITIES.index("phone"))
            if self.needs is not None:
                self.needs.modality = "phone"
            self._book(self.result.agency_suggestions[0].id)

    def _book(self, interpreter_id: int) -> None:
        if self.needs is None:
            return
        self.book_requested.emit({
            "interpreter_id": interpreter_id, "client_id": self.needs.client_id, "language": self.needs.language,
            "gender": self.needs.gender, "modality": self.needs.modality, "starts_at": self.needs.when,
            "timezone": self.zone.current_zone(),
        })
