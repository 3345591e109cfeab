"""Reading the organisation's update off the GUI thread, showing what it changes, and applying it when the worker
says so. Three steps, each through the one background helper (desktop/ui/widgets/operations.py): fetch and verify
(network or folder; touches only the trust state), compare (reads the vault), apply (one transaction).

Without a subscription ``check`` returns at once and nothing reaches the network.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core.organisation import subscription, updates
from desktop.core.organisation.problems import OrganisationUnreachable, explain
from desktop.core.organisation.reader import Published
from desktop.i18n import _
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.widgets.operations import BackgroundOperation
from desktop.ui.widgets.speech import message_label


class UpdateDialog(QDialog):
    """What an update changes, in sentences, with Apply and Not now."""

    def __init__(self, changes: updates.Changes, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Update from {organisation}").format(organisation=changes.organisation))
        intro = QLabel(_("Your organisation published version {version}, signed and verified. It changes:").format(
            version=changes.version))
        intro.setWordWrap(True)
        # A label, not an editor: the organisation's public roster and protocol, nothing to type or copy.
        self.details = QLabel("\n\n".join(changes.lines()))
        self.details.setWordWrap(True)
        message_label(self.details, _("What the update changes"))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.details)
        buttons = QDialogButtonBox()
        self.apply_button = QPushButton(_("&Apply the update"))
        self.later_button = QPushButton(_("&Not now"))
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.apply_button.setDefault(True)


class UpdateCheck:
    """One check of the subscribed organisation: fetch -> compare -> (ask) -> apply.

    ``quiet`` is the check at unlock: no progress dialog, nothing shown when nothing changed, and an unreachable
    location only noted in the status bar (the worker may be offline); a file that fails verification is always
    said in a message, since it may mean someone tampered with it."""

    def __init__(self, context: AppContext, parent: QWidget | None, *, quiet: bool,
                 finished: Callable[[str], None] | None = None):
        self.context, self.parent, self.quiet = context, parent, quiet
        self.finished = finished or (lambda _text: None)
        self.dialog: UpdateDialog | None = None
        self.changes: updates.Changes | None = None

    def start(self, published: Published | None = None) -> bool:
        """False (and nothing done) when there is no subscription. ``published`` skips the fetch: a subscription
        just verified brings its content along."""
        chosen = subscription.current(self.context.db)
        if chosen is None:
            return False
        if published is not None:
            self._compare(published)
            return True
        folder = self.context.vault.folder
        BackgroundOperation(self.parent, lambda _progress: subscription.fetch(folder, chosen),
                            success=self._compare, failure=self._failed, blocking=not self.quiet,
                            key="" if not self.quiet else "organisation-update",
                            label=_("Reading your organisation's update…")).run()
        return True

    def _open(self) -> bool:
        return self.context.vault.is_open   # the worker may have locked Harbour while the files were read

    def _compare(self, published: Published) -> None:
        if not self._open():
            return
        db = self.context.db
        BackgroundOperation(self.parent, lambda _progress: updates.compare(db, published),
                            success=lambda changes: self._show(published, changes), failure=self._failed,
                            label=_("Comparing the update with your vault…")).run()

    def _show(self, published: Published, changes: updates.Changes) -> None:
        if not self._open():
            return
        self.changes = changes
        if changes.empty:
            self._done(_("Your organisation's update is already applied."))
            return
        self.dialog = UpdateDialog(changes, self.parent)
        self.dialog.accepted.connect(lambda: self._apply(published))
        self.dialog.rejected.connect(lambda: self._done(_("The update was not applied; Harbour will offer it again.")))
        self.dialog.open()

    def _apply(self, published: Published) -> None:
        if not self._open():
            return
        db = self.context.db
        BackgroundOperation(self.parent, lambda _progress: updates.apply(db, published),
                            success=self._applied, failure=self._failed,
                            label=_("Applying your organisation's update…")).run()

    def _applied(self, changes: updates.Changes) -> None:
        if not self._open():
            return
        for kind in (DataKind.INTERPRETERS, DataKind.SETTINGS, DataKind.SCRIPTS):
            self.context.events.changed(kind)
        self._done(_("Your organisation's update was applied."))

    def _failed(self, error: BaseException) -> None:
        text = explain(error)
        if not self._open():
            return
        if self.quiet and isinstance(error, OrganisationUnreachable):
            self._done(text)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, _("Your organisation's update"), text,
                          QMessageBox.StandardButton.Ok, self.parent)
        box.open()
        self._done(text)

    def _done(self, text: str) -> None:
        self.context.events.status_message.emit(text)
        self.finished(text)


def check_at_unlock(context: AppContext, parent: QWidget | None) -> UpdateCheck | None:
    """The check an unlock starts, in the background; None (and no network) without a subscription."""
    check = UpdateCheck(context, parent, quiet=True)
    return check if check.start() else None
