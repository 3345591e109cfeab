"""Preferences: who the worker is and their work (province, services, languages met most; kept in the vault), and how
Harbour looks and behaves (kept in QSettings).

The theme and the zoom apply at once; the UI language applies when Harbour restarts, and the dialog says so.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.common.formatting import format_percent
from desktop.core.common.languages import client_languages, locale_to_tag, tag_to_locale, worker_languages
from desktop.core.consent import duty_to_report as reporting
from desktop.core.interpreters.bookings import COMMON_ZONES
from desktop.core.profile import settings as vault_settings
from desktop.core.profile import work_profile
from desktop.i18n import _, available_ui_locales, current_locale
from desktop.ui.bookings.booking_time import booking_zone
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.shell.preferences import MAX_IDLE_MINUTES, MIN_IDLE_MINUTES
from desktop.ui.shell.qt_i18n import ui_language_label
from desktop.ui.shell.theme import THEMES, ZOOM_STEPS, apply_theme, clamp_zoom
from desktop.ui.widgets.flow_row import FlowRow
from desktop.ui.widgets.language_picker import FrequentLanguagesPicker, LanguagePicker
from desktop.ui.widgets.screen_fit import fit_to_screen, scrolling
from desktop.ui.widgets.speech import message_label, say
from desktop.ui.widgets.zone_picker import ZonePicker

MAX_NAME_LENGTH = 80


def province_combo() -> QComboBox:
    """The provinces whose duty-to-report rules Harbour ships, by name in the worker's language."""
    combo = QComboBox()
    combo.setAccessibleName(_("Province"))
    for code in reporting.PROVINCE_NAMES:
        combo.addItem(reporting.province_name(code), code)
    combo.setCurrentIndex(max(0, combo.findData(reporting.DEFAULT_PROVINCE)))
    return combo


class PreferencesDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Preferences"))

        self.worker_name = QLineEdit(context.worker_name)
        self.worker_name.setMaxLength(MAX_NAME_LENGTH)
        self.worker_name.setAccessibleName(_("Your first name"))
        self.organisation = QLineEdit(context.organisation)
        self.organisation.setMaxLength(MAX_NAME_LENGTH)
        self.organisation.setAccessibleName(_("Your organisation"))
        about_you = QGroupBox(_("About you"))
        you_form = QFormLayout(about_you)
        you_form.addRow(_("Your &first name:"), self.worker_name)
        you_form.addRow(_("Your &organisation:"), self.organisation)
        self.organisation_updates = QPushButton(_("&Updates from your organisation…"))
        self.organisation_updates.setToolTip(_("Subscribe to your organisation's signed roster, scripts and protocol"))
        self.organisation_updates.clicked.connect(self._open_organisation)
        you_form.addRow("", self.organisation_updates)
        # By name ("Eastern Time — Toronto"), found by typing a city or the zone's name; the ID is stored.
        self.booking_zone = ZonePicker([booking_zone(context.db), *COMMON_ZONES],
                                       accessible_name=_("Time zone for bookings"))
        self.booking_zone.select_zone(booking_zone(context.db))
        you_form.addRow(_("Time zone for &bookings:"), self.booking_zone)
        you_hint = QLabel(_("Scripts use these words when you introduce yourself. First name only."))
        you_hint.setWordWrap(True)
        you_form.addRow(you_hint)

        self.ui_language = QComboBox()
        self.ui_language.setAccessibleName(_("Language of Harbour"))
        for locale in available_ui_locales():
            self.ui_language.addItem(ui_language_label(locale), locale)
        self._select(self.ui_language, context.preferences.get("ui_locale"))
        self.restart_note = QLabel(_("A new language for Harbour takes effect the next time you start it."))
        self.restart_note.setWordWrap(True)

        self.script_language = LanguagePicker(worker_languages(current_locale()))
        self.script_language.setAccessibleName(_("Default script language"))
        self.script_language.setAccessibleDescription(
            _("The client's language that the scripts open in, until you choose another."))
        self.script_language.select_tag(locale_to_tag(str(context.preferences.get("script_locale"))))

        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        self.idle_minutes.setValue(clamp_idle(context.preferences.get("idle_lock_minutes")))
        self.idle_minutes.setAccessibleName(_("Lock after this many minutes without use"))

        self.theme = QComboBox()
        self.theme.setAccessibleName(_("Theme"))
        for key, title in THEMES.items():
            self.theme.addItem(_(title), key)
        self._select(self.theme, context.preferences.get("theme"))

        self.zoom = QComboBox()
        self.zoom.setAccessibleName(_("Text size"))
        for step in ZOOM_STEPS:
            self.zoom.addItem(format_percent(step / 100), step)
        self._select(self.zoom, clamp_zoom(context.preferences.get("zoom_percent")))

        # The province and the languages met most: asked on the first run, kept in the vault.
        self.province = province_combo()
        self.province.setCurrentIndex(max(0, self.province.findData(work_profile.province(context.db))))
        self.province_note = QLabel(_("A new province replaces the duty-to-report age and contacts with its "
                                      "defaults."))
        self.province_note.setWordWrap(True)
        self.frequent_languages = FrequentLanguagesPicker(client_languages(current_locale()), visible_rows=4)
        self.frequent_languages.set_chosen(work_profile.frequent_languages(context.db))
        self.services = QLineEdit(work_profile.services(context.db))
        self.services.setMaxLength(work_profile.MAX_SERVICES_LENGTH)
        self.services.setAccessibleName(_("Services your organisation offers"))
        self.services.setPlaceholderText(_("For example: a safe place to stay, food and legal advice"))
        self.services_note = QLabel(_("The “Who I am” script reads this list to the client. Left empty, it says "
                                      "what you may be able to help with."))
        self.services_note.setWordWrap(True)
        work = QGroupBox(_("Your work"))
        work_form = QFormLayout(work)
        work_form.addRow(_("Your pro&vince:"), self.province)
        work_form.addRow("", self.province_note)
        work_form.addRow(_("Se&rvices you offer:"), self.services)
        work_form.addRow("", self.services_note)
        work_form.addRow(_("L&anguages you meet most:"), self.frequent_languages)

        working = QGroupBox(_("Harbour"))
        form = QFormLayout(working)
        form.addRow(_("&Language of Harbour:"), self.ui_language)
        form.addRow("", self.restart_note)
        form.addRow(_("Default &script language:"), self.script_language)
        form.addRow(_("Lock after this many &minutes without use:"), self.idle_minutes)
        form.addRow(_("&Theme:"), self.theme)
        form.addRow(_("Text si&ze:"), self.zoom)

        self.error = QLabel()
        self.error.setWordWrap(True)
        message_label(self.error, _("Problem"))
        self.error.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        # About you and Harbour side by side (one above the other on a narrow screen), your work below across the
        # width (its list and note need room), so the dialog fits a full-HD screen at 200 % zoom and a laptop at
        # 200 % display scaling; Tab follows the same order.
        for box in (about_you, working):
            box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        columns = FlowRow(about_you, working)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(columns)
        content_layout.addWidget(work, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(content, sideways=False), 1)  # rows wrap; never sideways
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.worker_name.setFocus()
        fit_to_screen(self)  # the height its wrapped lines need, within the screen

    def accept(self) -> None:
        name = self.worker_name.text().strip()
        if not name:
            self._show_error(_("Write your first name: the scripts use it when you introduce yourself."))
            self.worker_name.setFocus()
            return
        zone = self.booking_zone.current_zone()
        if not zone:  # typed text that names no zone: said, and nothing stored
            self._show_error(self.booking_zone.problem())
            self.booking_zone.setFocus()
            return
        try:
            services = work_profile.checked_services(self.services.text())  # checked before anything is stored
        except work_profile.ProfileInvalid as problem:
            self._show_error(str(problem))
            self.services.setFocus()
            return
        try:
            work_profile.set_frequent_languages(self.context.db, self.frequent_languages.chosen_tags())
        except work_profile.ProfileInvalid as problem:
            self._show_error(str(problem))
            self.frequent_languages.setFocus()
            return
        work_profile.set_services(self.context.db, services)
        work_profile.set_province(self.context.db, self.province.currentData())  # the same one keeps the protocol
        preferences = self.context.preferences
        vault_settings.put(self.context.db, "booking_timezone", zone)
        vault_settings.put(self.context.db, "worker_name", name)
        vault_settings.put(self.context.db, "organisation", self.organisation.text().strip())
        preferences.set("ui_locale", self.ui_language.currentData())
        script_tag = self.script_language.current_tag()
        if script_tag:
            preferences.set("script_locale", tag_to_locale(script_tag))
        preferences.set("idle_lock_minutes", self.idle_minutes.value())
        preferences.set("theme", self.theme.currentData())
        preferences.set("zoom_percent", self.zoom.currentData())
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.theme.currentData(), self.zoom.currentData())
        self.context.events.changed(DataKind.SETTINGS)
        self.context.events.status_message.emit(_("Preferences saved."))
        super().accept()

    def _open_organisation(self) -> None:
        from desktop.ui.organisation.organisation_dialog import OrganisationDialog

        OrganisationDialog(self.context, self).open()

    def _show_error(self, text: str) -> None:
        say(self.error, text, urgent=True)
        self.error.show()

    @staticmethod
    def _select(combo: QComboBox, value) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)


def clamp_idle(value) -> int:
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        return 5
    return max(MIN_IDLE_MINUTES, min(MAX_IDLE_MINUTES, minutes))
