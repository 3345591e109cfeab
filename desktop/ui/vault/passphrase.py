"""Choosing a passphrase (typed twice, with strength feedback) for a new vault or a passphrase change, and the
change / re-key dialog. The core asks for the current passphrase and refuses the weakest ones; this only says why,
in the UI's language, and asks for an explicit "use it anyway" for a weak-but-allowed one. Argon2id and the re-key
run through the one background helper (desktop/ui/widgets/operations.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from desktop.core.vault.passphrase_strength import estimate
from desktop.core.vault.vault import MIN_PASSPHRASE_LENGTH, Vault
from desktop.i18n import _
from desktop.ui.widgets.operations import BackgroundOperation
from desktop.ui.widgets.secret_field import SecretField
from desktop.ui.widgets.speech import message_label, say


class PassphrasePair(QWidget):
    """Two password fields, a strength bar, a plain sentence, and "use it anyway" for a weak one. ``changed`` fires
    on every keystroke."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.first = SecretField()
        self.first.setAccessibleName(_("New passphrase"))
        self.second = SecretField()
        self.second.setAccessibleName(_("Repeat the new passphrase"))
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(True)
        self.meter.setAccessibleName(_("Passphrase strength"))
        self.advice = QLabel("")
        self.advice.setWordWrap(True)
        # Room for two lines from the start: the first-run wizard sizes itself once, and at 200 % text the
        # advice's second line was cut (a wizard never asks a word-wrapped label its height for its width)
        self.advice.setMinimumHeight(2 * self.advice.fontMetrics().lineSpacing())
        self.use_anyway = QCheckBox(_("This passphrase is weak. &Use it anyway"))
        self.use_anyway.setVisible(False)
        self.use_anyway.toggled.connect(self.changed)
        form = QFormLayout(self)
        first_label = QLabel(_("New &passphrase:"))
        first_label.setBuddy(self.first)
        second_label = QLabel(_("&Repeat it:"))
        second_label.setBuddy(self.second)
        form.addRow(first_label, self.first)
        form.addRow(second_label, self.second)
        form.addRow(_("Strength:"), self.meter)
        form.addRow("", self.advice)
        form.addRow("", self.use_anyway)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self._update()

    def passphrase(self) -> str:
        return self.first.text()

    def is_acceptable(self) -> bool:
        strength = estimate(self.first.text(), MIN_PASSPHRASE_LENGTH)
        if strength.refused or self.first.text() != self.second.text():
            return False
        return not strength.weak or self.use_anyway.isChecked()

    def clear(self) -> None:
        self.first.wipe()
        self.second.wipe()
        self.use_anyway.setChecked(False)

    def _update(self) -> None:
        strength = estimate(self.first.text(), MIN_PASSPHRASE_LENGTH)
        self.meter.setValue(strength.score)
        self.meter.setFormat(strength.label)
        advice = strength.advice
        if self.second.text() and self.first.text() != self.second.text():
            advice = _("The two passphrases are not the same yet.")
        self.advice.setText(advice)
        if not strength.weak:
            self.use_anyway.setChecked(False)
        self.use_anyway.setVisible(strength.weak)
        self.changed.emit()


class ChangePassphraseDialog(QDialog):
    """Changes the passphrase, and with "make a new key" re-keys the vault; ``rekey_only`` is the "I think someone
    saw my passphrase" route: a new key (and recovery key) with the passphrase kept or changed."""

    def __init__(self, vault: Vault, parent: QWidget | None = None, *, rekey_only: bool = False):
        super().__init__(parent)
        self._vault = vault
        self._rekey_only = rekey_only
        self.new_recovery_key: str | None = None
        self.setWindowTitle(_("Make a new key") if rekey_only else _("Change passphrase"))
        self.current = SecretField()
        self.current.setAccessibleName(_("Current passphrase or recovery key"))
        current_label = QLabel(_("&Current passphrase (or recovery key):"))
        current_label.setBuddy(self.current)
        self.pair = PassphrasePair()
        self.pair.setVisible(not rekey_only)
        self.new_key = QCheckBox(_("Also make a &new key (recommended if you think someone saw your passphrase)"))
        self.new_key.setChecked(rekey_only)
        self.new_key.setVisible(not rekey_only)
        if rekey_only:
            intro_text = _("Harbour will encrypt your notes and backups again with a new key, and give you a new "
                           "recovery key. Your old recovery key and any copy of the old key file will open nothing "
                           "written from now on. Change your passphrase too if someone may have seen it.")
        else:
            intro_text = _("Choose a new passphrase. Your recovery key stays the same unless you also make a new key.")
        intro = QLabel(intro_text)
        intro.setWordWrap(True)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setObjectName("error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.pair.changed.connect(self._update)
        self.current.textChanged.connect(self._update)
        form = QFormLayout()
        form.addRow(current_label, self.current)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.pair)
        layout.addWidget(self.new_key)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        ready = bool(self.current.text()) and (self._rekey_only or self.pair.is_acceptable())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def accept(self) -> None:
        if not self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled():
            return
        vault, current = self._vault, self.current.text()
        new_passphrase = None if self._rekey_only else self.pair.passphrase()
        make_new_key = self._rekey_only or self.new_key.isChecked()

        def work(_progress):
            if make_new_key:
                return vault.rekey(current, new_passphrase)
            vault.change_passphrase(current, new_passphrase)
            return None

        say(self.message, _("Working…"))
        BackgroundOperation(self, work, success=self._done, failure=self._failed,
                            label=_("Encrypting your notes again…") if make_new_key else _("Changing passphrase…"),
                            blocking=True).run()

    def _done(self, recovery_key: str | None) -> None:
        self.current.wipe()
        self.pair.clear()
        self.new_recovery_key = recovery_key
        if not recovery_key:
            super().accept()
            return
        self.hide()
        shown = NewRecoveryKeyDialog(recovery_key, self.parentWidget())
        shown.finished.connect(lambda _result: QDialog.accept(self))  # closes only once the key is written down
        shown.open()

    def _failed(self, error: BaseException) -> None:
        say(self.message, str(error), urgent=True)  # every VaultError is a sentence; nothing was changed
        self.current.selectAll()


class NewRecoveryKeyDialog(QDialog):
    """Shows a new recovery key once; closing needs the person to say it is written down."""

    def __init__(self, recovery_key: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Your new recovery key"))
        explanation = QLabel(_("Your notes now use a new key. This is your new recovery key; the old one no longer "
                               "works. It is shown only this once: write it on paper and keep it away from this "
                               "computer."))
        explanation.setWordWrap(True)
        self.key_label = QLabel(recovery_key)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        message_label(self.key_label, _("Recovery key"))
        font = self.key_label.font()
        font.setFamily("monospace")
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.key_label.setFont(font)
        self.stored = QCheckBox(_("I have &written down the new recovery key and stored it safely."))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.stored.toggled.connect(self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled)
        layout = QVBoxLayout(self)
        for widget in (explanation, self.key_label, self.stored, self.buttons):
            layout.addWidget(widget)

    def reject(self) -> None:  # Escape must not close it before the key is written down
        if self.stored.isChecked():
            super().reject()

    def done(self, result: int) -> None:
        self.key_label.clear()
        super().done(result)
