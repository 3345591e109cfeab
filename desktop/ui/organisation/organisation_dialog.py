"""Preferences ▸ Organisation: subscribe to the organisation's signed updates with the location and the root
fingerprint the coordinator gave (shown in short groups, to compare by eye), check for an update now, or
unsubscribe. Subscribing verifies first: a wrong fingerprint or a tampered file stores nothing and says why.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.organisation import reader, subscription
from desktop.core.organisation.problems import OrganisationProblem, explain
from desktop.core.organisation.updates import APPLIED_KEY
from desktop.core.profile import settings
from desktop.i18n import _
from desktop.ui.organisation.update_check import UpdateCheck
from desktop.ui.shell.context import AppContext
from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.operations import BackgroundOperation
from desktop.ui.widgets.speech import message_label, say


class OrganisationDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.check: UpdateCheck | None = None
        self.setWindowTitle(_("Your organisation's updates"))
        intro = QLabel(_(
            "Your organisation can send every worker's Harbour its interpreter roster, checked scripts, "
            "duty-to-report protocol and services, signed so nobody else can change them. Harbour reads them only "
            "if you subscribe here: it is the only time Harbour uses the network. Your notes never leave this "
            "computer this way."))
        intro.setWordWrap(True)

        self.location = QLineEdit()
        self.location.setAccessibleName(_("Location of your organisation's files"))
        self.location.setPlaceholderText(_("A folder, or an https:// address"))
        self.choose_button = QPushButton(_("C&hoose a folder…"))
        self.choose_button.clicked.connect(self._choose_folder)
        where = QHBoxLayout()
        where.addWidget(self.location, 1)
        where.addWidget(self.choose_button)
        self.fingerprint = QLineEdit()
        self.fingerprint.setAccessibleName(_("Fingerprint"))
        self.fingerprint.setAccessibleDescription(_("The 64 characters your coordinator gave you with the location."))
        self.grouped = QLabel()
        self.grouped.setWordWrap(True)
        message_label(self.grouped, _("Fingerprint in groups"))
        self.fingerprint.textChanged.connect(self._show_groups)
        form = QFormLayout()
        form.addRow(_("&Location:"), where)
        form.addRow(_("&Fingerprint:"), self.fingerprint)
        form.addRow("", self.grouped)

        self.state = QLabel()
        self.state.setWordWrap(True)
        message_label(self.state, _("Subscription"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        message_label(self.message, _("Result"))
        self.message.hide()

        self.subscribe_button = QPushButton(_("&Subscribe"))
        self.subscribe_button.clicked.connect(self.subscribe)
        self.check_button = QPushButton(_("Check for &updates now"))
        self.check_button.clicked.connect(self.check_now)
        self.unsubscribe_button = QPushButton(_("Stop &receiving updates"))
        self.unsubscribe_button.clicked.connect(self.unsubscribe)
        actions = QHBoxLayout()
        for button in (self.subscribe_button, self.check_button, self.unsubscribe_button):
            actions.addWidget(button)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.state)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self._refresh()

    # -- what is shown ----------------------------------------------------------------------------------------------
    def _refresh(self) -> None:
        chosen = subscription.current(self.context.db)
        if chosen is None:
            self.state.setText(_("Not subscribed: Harbour reads nothing from any organisation."))
        else:
            applied = settings.get(self.context.db, APPLIED_KEY)
            name = applied.get("name") if isinstance(applied, dict) else None
            self.state.setText(_("Subscribed to {organisation} at {location}.").format(
                organisation=name or _("your organisation"), location=chosen.location))
            self.location.setText(chosen.location)
            self.fingerprint.setText(reader.grouped(chosen.fingerprint))
        self.check_button.setEnabled(chosen is not None)
        self.unsubscribe_button.setEnabled(chosen is not None)

    def _show_groups(self, text: str) -> None:
        digits = reader.normalise_fingerprint(text)
        self.grouped.setText(_("Compare with your coordinator's, group by group: {groups}").format(
            groups=reader.grouped(digits)) if digits else "")

    def _say(self, text: str) -> None:
        say(self.message, text)
        self.message.show()

    def _choose_folder(self) -> None:
        folder = file_dialogs.ask_folder(self, _("Your organisation's folder"))
        if folder is not None:
            self.location.setText(str(folder))

    # -- actions ----------------------------------------------------------------------------------------------------
    def subscribe(self) -> None:
        """Verifies the location against the fingerprint off the GUI thread; only a verified subscription is
        kept, and its update is offered at once."""
        location, fingerprint = self.location.text(), self.fingerprint.text()
        try:
            reader.check_fingerprint(fingerprint)
        except OrganisationProblem as problem:
            self._say(str(problem))
            self.fingerprint.setFocus()
            return
        folder = self.context.vault.folder
        BackgroundOperation(self, lambda _progress: subscription.try_subscription(folder, location, fingerprint),
                            success=self._verified, failure=lambda error: self._say(explain(error)),
                            label=_("Checking your organisation's files…")).run()

    def _verified(self, result) -> None:
        chosen, published = result
        subscription.keep(self.context.db, self.context.vault.folder, chosen)
        self._refresh()
        self._say(_("Subscribed: the files verify against this fingerprint."))
        self.check = UpdateCheck(self.context, self, quiet=False, finished=self._finished)
        self.check.start(published)

    def _finished(self, text: str) -> None:
        if self.context.vault.is_open:
            self._refresh()       # the organisation's name, once an update brought it
        self._say(text)

    def check_now(self) -> None:
        self.check = UpdateCheck(self.context, self, quiet=False, finished=self._finished)
        self.check.start()

    def unsubscribe(self) -> None:
        subscription.unsubscribe(self.context.db, self.context.vault.folder)
        self.location.clear()
        self.fingerprint.clear()
        self._refresh()
        self._say(_("You no longer receive your organisation's updates. Interpreters it sent stay in your "
                    "directory, marked with its name."))
