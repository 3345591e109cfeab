"""Pieces of the duty-to-report dialog: the justification box with its counter, the protocol beside it, and
the editor where an organisation sets its own province, ages, numbers and steps."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.common.plain_text import visible_length
from desktop.core.consent import duty_to_report as reporting
from desktop.i18n import _, ngettext
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.widgets.fit_width import within_width
from desktop.ui.widgets.guarded_text import GuardedPlainTextEdit, allow_copy
from desktop.ui.widgets.speech import say


class JustificationEdit(QWidget):
    """A text box that says how many more characters are needed."""

    def __init__(self, minimum: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.minimum = minimum
        self.edit = GuardedPlainTextEdit()  # it describes the person: copying it out is sharing
        self.edit.setAccessibleName(_("Why you must report"))
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(90)
        self.counter = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.counter)
        self.setFocusProxy(self.edit)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.edit.textChanged.connect(self._count)
        self._count()

    def toPlainText(self) -> str:  # noqa: N802 - mirrors QPlainTextEdit
        return self.edit.toPlainText()

    def setPlainText(self, value: str) -> None:  # noqa: N802
        self.edit.setPlainText(value)

    def _count(self) -> None:
        missing = self.minimum - visible_length(self.edit.toPlainText())  # as the gate counts
        if missing > 0:
            self.counter.setText(ngettext("Write at least {count} more character.",
                                          "Write at least {count} more characters.", missing).format(count=missing))
        else:
            self.counter.setText(_("Enough to explain it."))


class ProtocolView(QWidget):
    """The organisation's protocol, read-only, with a button to edit it."""

    def __init__(self, context: AppContext, protocol: reporting.Protocol, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.text = QPlainTextEdit()
        allow_copy(self.text)  # the organisation's protocol: a worker may copy a number from it
        self.text.setReadOnly(True)
        self.text.setAccessibleName(_("Reporting protocol"))
        self.text.setTabChangesFocus(True)
        self.edit_button = QPushButton(_("&Edit protocol…"))
        self.edit_button.clicked.connect(self.edit_protocol)
        self.editor: ProtocolDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(_("Your organisation's protocol")))
        layout.addWidget(self.text)
        layout.addWidget(self.edit_button)
        self.show_protocol(protocol)

    def show_protocol(self, protocol: reporting.Protocol) -> None:
        self.text.setPlainText(reporting.protocol_text(protocol))

    def edit_protocol(self) -> ProtocolDialog:
        self.editor = ProtocolDialog(self.context, self)
        self.editor.accepted.connect(lambda: self.show_protocol(reporting.get_protocol(self.context.db)))
        self.editor.open()
        return self.editor


class ProtocolDialog(QDialog):
    CONTACT_ROWS = 6

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Duty-to-report protocol"))
        protocol = reporting.get_protocol(context.db)
        self.province_combo = QComboBox()
        for code in reporting.PROVINCE_NAMES:
            self.province_combo.addItem(reporting.province_name(code), code)
        self.province_combo.setCurrentIndex(max(0, self.province_combo.findData(protocol.province)))
        self.load_defaults_button = QPushButton(_("&Load this province's defaults"))
        self.load_defaults_button.clicked.connect(self.load_province_defaults)
        self.must_spin = QSpinBox()
        self.must_spin.setRange(1, 25)
        self.may_spin = QSpinBox()
        self.may_spin.setRange(0, 25)
        self.may_spin.setSpecialValueText(_("none"))
        self.contacts = QTableWidget(self.CONTACT_ROWS, 2)
        allow_copy(self.contacts)  # agencies' phone numbers, no client data
        self.contacts.setHorizontalHeaderLabels([_("Who"), _("Phone")])
        self.contacts.horizontalHeader().setStretchLastSection(True)
        self.contacts.setAccessibleName(_("Contacts to call"))
        self.contacts.setTabKeyNavigation(False)
        within_width(self.contacts)
        # A few rows, each as high as its wrapped words (an agency's long name on a narrow screen)
        self.contacts.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.steps_edit = QPlainTextEdit()
        self.steps_edit.setTabChangesFocus(True)
        self.steps_edit.setAccessibleName(_("Steps"))
        self.error = QLabel()
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("&Province:"), self.province_combo)
        form.addRow("", self.load_defaults_button)
        form.addRow(_("&Must report a child under:"), self.must_spin)
        form.addRow(_("M&ay report under:"), self.may_spin)
        form.addRow(_("&Contacts:"), self.contacts)
        form.addRow(_("&Steps:"), self.steps_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.show_protocol(protocol)
        self.resize(640, 560)

    def show_protocol(self, protocol: reporting.Protocol) -> None:
        self.must_spin.setValue(protocol.must_report_under)
        self.may_spin.setValue(protocol.may_report_under or 0)
        self.contacts.clearContents()
        for row, contact in enumerate(protocol.contacts[: self.CONTACT_ROWS]):
            self.contacts.setItem(row, 0, QTableWidgetItem(contact.label))
            self.contacts.setItem(row, 1, QTableWidgetItem(contact.phone))
        self.steps_edit.setPlainText(protocol.steps)

    def load_province_defaults(self) -> None:
        self.show_protocol(reporting.default_protocol(self.province_combo.currentData()))

    def protocol(self) -> reporting.Protocol:
        contacts = []
        for row in range(self.CONTACT_ROWS):
            cells = [self.contacts.item(row, column) for column in (0, 1)]
            label, phone = (cell.text().strip() if cell else "" for cell in cells)
            if label or phone:
                contacts.append(reporting.Contact(label, phone))
        base = reporting.default_protocol(self.province_combo.currentData())
        return replace(base, must_report_under=self.must_spin.value(), may_report_under=self.may_spin.value() or None,
                       contacts=tuple(contacts), steps=self.steps_edit.toPlainText(), edited=True)

    def save(self) -> None:
        try:
            reporting.save_protocol(self.context.db, self.protocol())
        except reporting.ProtocolInvalid as problem:
            say(self.error, str(problem), urgent=True)
            return
        self.context.events.changed(DataKind.SETTINGS)  # the confidentiality script names its age
        self.context.events.status_message.emit(_("Protocol saved."))
        self.context.events.changed(DataKind.SETTINGS)  # the scripts say the protocol's age ({child_age})
        self.accept()
