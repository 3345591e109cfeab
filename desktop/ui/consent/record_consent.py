"""Recording a consent as the conversation it is: one short question at a time, then a sentence to read back
to the person before saving."""

from __future__ import annotations

from datetime import UTC, datetime, time

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.common.formatting import format_date, format_list
from desktop.core.common.languages import known_languages
from desktop.core.common.plain_text import has_visible_text
from desktop.core.consent import consents, labels
from desktop.core.vault.db import utc_now
from desktop.i18n import N_, _
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.widgets.date_edits import use_ui_formats
from desktop.ui.widgets.language_list import DialectPicker
from desktop.ui.widgets.speech import say

# How each category sounds when read back to the person (second person, lower case, plain words).
READBACK_PHRASES = {
    "first_name": N_("your first name"),
    "language_needs": N_("the languages you speak"),
    "contact_details": N_("how to contact you safely"),
    "appointment_details": N_("the time and place of your appointment"),
    "session_summary": N_("a short summary of our meetings"),
    "full_notes": N_("all my notes about our meetings"),
}




def purpose_combo(selected: str = "other") -> QComboBox:
    """The short list of purposes a consent and a sharing name (consents.PURPOSES)."""
    combo = QComboBox()
    for kind in consents.PURPOSES:
        combo.addItem(labels.purpose_label(kind), kind)
    combo.setCurrentIndex(consents.PURPOSES.index(selected if selected in consents.PURPOSES else "other"))
    return combo


class RecordConsentDialog(QDialog):
    """One question per page: who, why, what, help-not-conditional, how, how long, then read it back."""

    def __init__(self, context: AppContext, client_id: int, parent: QWidget | None = None, *, recipient: str = "",
                 purpose: str = "", categories=(), purpose_kind: str = "other", contacts=()) -> None:
        super().__init__(parent)
        self.context, self.client_id = context, client_id
        self.saved_consent: consents.Consent | None = None
        self.setWindowTitle(_("Record consent"))
        self.stack = QStackedWidget()
        self.recipient_edit = QLineEdit(recipient)
        self.contacts_edit = QLineEdit(", ".join(contacts))
        self.purpose_combo = purpose_combo(purpose_kind)
        self.purpose_edit = QLineEdit(purpose)
        self.category_boxes = {c: QCheckBox(labels.category_label(c)) for c in consents.CATEGORIES}
        for category in categories:
            self.category_boxes[category].setChecked(True)
        self.help_box = QCheckBox(_("Yes, I said that our help does not depend on their answer."))
        self.risks_box = QCheckBox(_("Yes, we talked about what could go well and what could go wrong."))
        self.method_buttons = {m: QRadioButton(labels.method_label(m)) for m in consents.METHODS}
        self.method_buttons["verbal_interpreter"].setChecked(True)
        self.interpreter_edit = QLineEdit()
        self.language_edit = DialectPicker(known_languages(), accessible_name=_("Language used"))
        self.script_edit = QLineEdit()
        self.duration_default = QRadioButton()
        self.duration_until = QRadioButton(_("Until a date we chose together:"))
        self.duration_once = QRadioButton(_("Only once"))
        self.duration_default.setChecked(True)
        self.until_edit = use_ui_formats(QDateEdit(QDate.currentDate().addDays(30)), time=False)
        self.until_edit.setCalendarPopup(True)
        explained = consents.last_explained_script(context.db, client_id)
        if explained:
            self.script_edit.setText(explained[0])
            self.language_edit.set_tag(explained[1])
        self.readback = QLabel()
        self.readback.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setObjectName("errorText")
        self._pages = [self._page_recipient(), self._page_purpose(), self._page_categories(), self._page_help(),
                       self._page_method(), self._page_duration(), self._page_readback()]
        for page in self._pages:
            self.stack.addWidget(page)
        self.back_button = QPushButton(_("&Back"))
        self.next_button = QPushButton(_("&Next"))
        self.next_button.setDefault(True)
        cancel = QPushButton(_("Cancel"))
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next_step)
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(cancel)
        row.addStretch(1)
        row.addWidget(self.back_button)
        row.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self.resize(560, 360)
        self._update_buttons()

    # -- pages ---------------------------------------------------------------------------------------------
    def _page(self, question: str, hint: str, *widgets) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        label = QLabel(question)
        label.setWordWrap(True)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        label.setFont(font)
        layout.addWidget(label)
        if hint:
            hint_label = QLabel(hint)
            hint_label.setWordWrap(True)
            layout.addWidget(hint_label)
        for widget in widgets:
            layout.addWidget(widget)
        layout.addStretch(1)
        if widgets:
            label.setBuddy(widgets[0])
        return page

    def _page_recipient(self) -> QWidget:
        self.recipient_edit.setAccessibleName(_("Who would receive it"))
        self.contacts_edit.setAccessibleName(_("E-mail addresses the person agreed to"))
        self.contacts_edit.setPlaceholderText(_("E-mail addresses to write to, if any (intake@example.org)"))
        return self._page(_("Who would receive the information?"),
                          _("One organisation or one person. For someone else, record another consent. An e-mail "
                            "can only go to an address written here."),
                          self.recipient_edit, self.contacts_edit)

    def _page_purpose(self) -> QWidget:
        self.purpose_combo.setAccessibleName(_("Why it would be shared"))
        self.purpose_edit.setAccessibleName(_("Why it would be shared, in a few words"))
        self.purpose_edit.setPlaceholderText(_("In a few words (needed for “Something else”)"))
        return self._page(_("Why would it be shared?"), _("Information is shared only for this purpose. Add a few "
                                                          "words, as you explained it to the person."),
                          self.purpose_combo, self.purpose_edit)

    def _page_categories(self) -> QWidget:
        return self._page(_("What did the person agree to share?"), _("Only what is needed for this purpose."),
                          *self.category_boxes.values())

    def _page_help(self) -> QWidget:
        return self._page(_("Did you tell the person that help does not depend on their answer?"),
                          _("They can say no now, or change their mind later."), self.help_box, self.risks_box)

    def _page_method(self) -> QWidget:
        group = QButtonGroup(self)
        for button in self.method_buttons.values():
            group.addButton(button)
        self.interpreter_edit.setPlaceholderText(_("Interpreter's name"))
        self.interpreter_edit.setAccessibleName(_("Interpreter's name"))
        self.script_edit.setPlaceholderText(_("Script used to explain it (optional)"))
        self.script_edit.setAccessibleName(_("Script used"))
        self.method_buttons["verbal_interpreter"].toggled.connect(self.interpreter_edit.setEnabled)
        details = QWidget()
        form = QFormLayout(details)
        form.setContentsMargins(0, 8, 0, 0)
        form.addRow(_("&Interpreter:"), self.interpreter_edit)
        form.addRow(_("&Language:"), self.language_edit)
        form.addRow(_("Scri&pt:"), self.script_edit)
        return self._page(_("How did the person give their consent?"), "", *self.method_buttons.values(), details)

    def _page_duration(self) -> QWidget:
        end = utc_now() + consents.DEFAULT_VALIDITY
        self.duration_default.setText(_("For 90 days, until {date}").format(date=format_date(end)))
        group = QButtonGroup(self)
        for button in (self.duration_default, self.duration_until, self.duration_once):
            group.addButton(button)
        self.until_edit.setAccessibleName(_("End date"))
        self.until_edit.setMinimumDate(QDate.currentDate().addDays(1))
        self.until_edit.setEnabled(False)
        self.duration_until.toggled.connect(self.until_edit.setEnabled)
        return self._page(_("For how long?"), _("Shorter is safer. The person can withdraw at any time."),
                          self.duration_default, self.duration_until, self.until_edit, self.duration_once)

    def _page_readback(self) -> QWidget:
        return self._page(_("Read this back to the person, then save."), "", self.readback)

    # -- navigation ----------------------------------------------------------------------------------------
    def current_step(self) -> int:
        return self.stack.currentIndex()

    def next_step(self) -> None:
        problem = self._problem_on(self.current_step())
        say(self.error, problem, urgent=True)
        if problem:
            return
        if self.current_step() == len(self._pages) - 1:
            self.save()
            return
        self.stack.setCurrentIndex(self.current_step() + 1)
        if self.current_step() == len(self._pages) - 1:
            self.readback.setText(self.readback_text())
        self._update_buttons()

    def back(self) -> None:
        self.error.clear()
        self.stack.setCurrentIndex(max(0, self.current_step() - 1))
        self._update_buttons()

    def _update_buttons(self) -> None:
        last = self.current_step() == len(self._pages) - 1
        self.back_button.setEnabled(self.current_step() > 0)
        self.next_button.setText(_("&Save consent") if last else _("&Next"))

    def _problem_on(self, step: int) -> str:
        if step == 0 and not has_visible_text(self.recipient_edit.text()):
            return _("Write who would receive it.")
        if step == 0:
            try:
                consents.checked_addresses(self.contacts_edit.text())
            except consents.ConsentInvalid as problem:
                return str(problem)
        if step == 1 and self.purpose_combo.currentData() == "other" and not has_visible_text(
                self.purpose_edit.text()):
            return _("Write why it would be shared.")
        if step == 2 and not self.chosen_categories():
            return _("Tick at least one thing the person agreed to share.")
        if step == 3 and not self.help_box.isChecked():
            return _("Tell the person that help does not depend on their answer before asking for consent.")
        if step == 4 and self.chosen_method() == "verbal_interpreter" and not self.interpreter_edit.text().strip():
            return _("Write the interpreter's name.")
        return ""

    # -- answers -------------------------------------------------------------------------------------------
    def chosen_categories(self) -> list[str]:
        return [c for c, box in self.category_boxes.items() if box.isChecked()]

    def chosen_method(self) -> str:
        return next(m for m, button in self.method_buttons.items() if button.isChecked())

    def chosen_end(self) -> datetime | None:
        if self.duration_until.isChecked():
            day = self.until_edit.date().toPython()
            return datetime.combine(day, time(23, 59), tzinfo=UTC)
        if self.duration_once.isChecked():
            return None
        return utc_now() + consents.DEFAULT_VALIDITY

    def readback_text(self) -> str:
        what = format_list([_(READBACK_PHRASES[c]) for c in self.chosen_categories()])
        end = self.chosen_end()
        until = _("this one time only") if end is None else _("until {date}").format(date=format_date(end))
        return _("“You agree that {worker} shares {what} with {recipient}, for this purpose: {purpose}, {until}. "
                 "Our help does not depend on this. You can change your mind at any time.”").format(
            worker=self.context.worker_name or _("your worker"), what=what,
            recipient=self.recipient_edit.text().strip(), until=until,
            purpose=consents.purpose_text(self.purpose_combo.currentData(), self.purpose_edit.text()))

    def save(self) -> consents.Consent | None:
        try:
            self.saved_consent = consents.record_consent(
                self.context.db, client_id=self.client_id, purpose=self.purpose_edit.text(),
                purpose_kind=self.purpose_combo.currentData(), recipient_contacts=self.contacts_edit.text(),
                recipient=self.recipient_edit.text(), categories=self.chosen_categories(),
                method=self.chosen_method(), interpreter_name=self.interpreter_edit.text()
                if self.chosen_method() == "verbal_interpreter" else "",
                explained_script=self.script_edit.text(), explained_language=self.language_edit.current_tag(),
                valid_until=self.chosen_end(), single_use=self.duration_once.isChecked(),
                recorded_by=self.context.worker_name, help_not_conditional_explained=self.help_box.isChecked(),
                risks_discussed=self.risks_box.isChecked())
        except consents.ConsentInvalid as problem:
            say(self.error, str(problem), urgent=True)
            return None
        self.context.events.changed(DataKind.CONSENTS)
        self.context.events.status_message.emit(_("Consent saved."))
        self.accept()
        return self.saved_consent
