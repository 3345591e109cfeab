"""The unlock screen: passphrase, or the recovery key; one clear message whatever went wrong."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.vault import backup_space, backups
from desktop.core.vault.errors import TooManyAttempts, VaultCorrupted, VaultError, wait_sentence
from desktop.i18n import _
from desktop.ui.widgets import screen_fit
from desktop.ui.widgets.operations import BackgroundOperation
from desktop.ui.widgets.secret_field import SecretField
from desktop.ui.widgets.speech import message_label, say

if TYPE_CHECKING:
    from desktop.core.vault.vault import Vault


class UnlockWindow(QWidget):
    """Emits ``unlocked(vault)``; ``recovered(vault)`` when the recovery key was used (a new passphrase is due)."""

    unlocked = Signal(object)
    recovered = Signal(object)

    def __init__(self, folder: Path, *, demo_passphrase: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._folder = Path(folder)
        self._using_recovery = False
        self.setWindowTitle(_("Harbour"))
        self.setMinimumWidth(460)

        heading = QLabel(_("Harbour is locked"))
        heading.setObjectName("heading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        heading.setFont(font)

        self.prompt = QLabel(_("Enter your passphrase to open your notes."))
        self.prompt.setWordWrap(True)
        self.secret = SecretField()
        self.secret.setAccessibleName(_("Passphrase"))
        self.secret.returnPressed.connect(self.attempt)
        form = QFormLayout()
        self.secret_label = QLabel(_("&Passphrase:"))
        self.secret_label.setBuddy(self.secret)
        form.addRow(self.secret_label, self.secret)

        self.message = message_label(QLabel(""))
        self.message.setWordWrap(True)
        self.message.setObjectName("error")
        # Room for a two-line message, so a long sentence is never cut off.
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 3)

        self.unlock_button = QPushButton(_("&Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.attempt)
        self.recovery_button = QPushButton(_("Use &recovery key instead"))
        self.recovery_button.setFlat(True)
        self.recovery_button.clicked.connect(self.toggle_recovery)
        # Always there when a backup exists (a client deleted by mistake yesterday), but flat, so it never
        # competes with Unlock; it stands out only when the notes file is damaged.
        self.restore_button = QPushButton(_("Restore a &backup…"))
        self.restore_button.setFlat(True)
        self.restore_button.setAccessibleName(_("Restore a backup"))
        self.restore_button.clicked.connect(self.choose_backup_to_restore)
        self._damaged = False
        self._operation: BackgroundOperation | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.recovery_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.prompt)
        if demo_passphrase:
            demo = QLabel(_("DEMO vault with fictional people. Its passphrase is: {passphrase}").format(
                passphrase=demo_passphrase))
            demo.setObjectName("demoBanner")
            demo.setWordWrap(True)
            demo.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(demo)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addStretch(1)

        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self._wait_left = 0
        self._show_restore()
        self._say_backup_space()

    def toggle_recovery(self) -> None:
        self._using_recovery = not self._using_recovery
        self.secret.clear()
        self.message.clear()
        if self._using_recovery:
            self.prompt.setText(_("Type the recovery key you wrote down when the vault was made. "
                                  "Dashes and spaces do not matter."))
            self.secret_label.setText(_("&Recovery key:"))
            self.secret.setAccessibleName(_("Recovery key"))
            self.secret.setEchoMode(QLineEdit.EchoMode.Normal)
            self.recovery_button.setText(_("Use &passphrase instead"))
        else:
            self.prompt.setText(_("Enter your passphrase to open your notes."))
            self.secret_label.setText(_("&Passphrase:"))
            self.secret.setAccessibleName(_("Passphrase"))
            self.secret.setEchoMode(QLineEdit.EchoMode.Password)
            self.recovery_button.setText(_("Use &recovery key instead"))
        self.secret.setFocus()

    def attempt(self) -> None:
        """Unlocks on a worker thread (the key derivation alone takes most of a second, opening a large vault
        more): the window keeps answering and says "Unlocking…" until ``unlocked`` or a message."""
        secret = self.secret.text()
        if not secret or not self.unlock_button.isEnabled() or self.unlocking:
            return
        say(self.message, _("Unlocking…"))
        self._set_unlocking(True)
        folder, recovering = self._folder, self._using_recovery

        def work(_progress) -> Vault:
            # The vault's code (SQLCipher, sqlite_utils, Argon2, CLDR dates) loads here, on the worker thread:
            # the unlock window is up before any of it is needed (issue 18: start-up).
            from desktop.core.vault.vault import Vault

            if recovering:
                return Vault.unlock_with_recovery_key(folder, secret, daily_backup=False)
            return Vault.unlock(folder, secret, daily_backup=False)

        self._operation = BackgroundOperation(self, work, success=self._opened, failure=self._refused,
                                              label=_("Unlocking…")).run()

    @property
    def unlocking(self) -> bool:
        return self._operation is not None and not self._operation.done

    def _set_unlocking(self, unlocking: bool) -> None:
        for widget in (self.secret, self.unlock_button, self.recovery_button, self.restore_button):
            widget.setEnabled(not unlocking)

    def _opened(self, vault: Vault) -> None:
        self._set_unlocking(False)
        self.secret.clear()
        self.message.clear()
        (self.recovered if self._using_recovery else self.unlocked).emit(vault)
        if self._using_recovery:
            self.toggle_recovery()

    def _refused(self, error: BaseException) -> None:
        self._set_unlocking(False)
        self.secret.setFocus()
        if isinstance(error, TooManyAttempts):
            self._start_wait(error.seconds)
            self.show_message(str(error), urgent=True)
        elif isinstance(error, VaultCorrupted):
            # The message names the quarantine folder holding a copy of the damaged files.
            self.show_message(str(error), urgent=True)
            # The key opened, so the database itself is damaged: an encrypted backup can take its place.
            self._show_restore(damaged=error.damaged_file == backups.DB_FILE)
            if self._damaged and self.restore_button.isVisibleTo(self):
                self.restore_button.setFocus()
        elif isinstance(error, VaultError):
            self.show_message(str(error), urgent=True)
            self.secret.selectAll()
        else:
            raise error  # a bug: the crash hook reports it, as it would on the GUI thread

    def show_message(self, text: str, *, urgent: bool = False) -> None:
        """Says ``text`` (announced too) and grows the window to show all of it, within the screen."""
        say(self.message, text, urgent=urgent)
        room = screen_fit.screen_room(self)
        needed = self.layout().totalHeightForWidth(self.width()) if self.layout().hasHeightForWidth() else 0
        if needed > self.height():
            self.resize(self.width(), min(needed, room.height()))

    def choose_backup_to_restore(self) -> None:
        """The restore dialog; once a copy is in place, unlocking opens it (at once if the passphrase is typed)."""
        from desktop.ui.vault.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self._folder, self, damaged=self._damaged)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.restored_from is None:
                return
        finally:
            dialog.deleteLater()
        self._show_restore()
        say(self.message, _("Restored. Unlock with your passphrase as usual."))
        if self.secret.text():
            self.attempt()
        else:
            self.secret.setFocus()

    def _show_restore(self, damaged: bool = False) -> None:
        self._damaged = damaged
        self.restore_button.setVisible(bool(backups.restore_points(self._folder)))
        self.restore_button.setFlat(not damaged)

    def reset(self) -> None:
        self._show_restore()
        self.secret.clear()
        self.message.clear()
        self._say_backup_space()
        self.secret.setFocus()

    def _say_backup_space(self) -> None:
        """While the disk is too full for a backup, says so (a lock's copy that was skipped says it more precisely
        once it ends)."""
        warning = backup_space.space_warning(self._folder)
        if warning:
            self.show_message(warning)

    def _start_wait(self, seconds: float) -> None:
        self._wait_left = int(seconds + 0.999)
        self.unlock_button.setEnabled(False)
        self._countdown.start()

    def _tick(self) -> None:
        self._wait_left -= 1
        if self._wait_left <= 0:
            self._countdown.stop()
            self.unlock_button.setEnabled(True)
            self.show_message(_("You can try again now."))
        else:
            self.message.setText(wait_sentence(self._wait_left))
