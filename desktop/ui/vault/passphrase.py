"""Choosing a passphrase (typed twice, with strength feedback) for a new vault or a passphrase change."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from desktop.core.vault.passphrase_strength import estimate
from desktop.core.vault.vault import MIN_PASSPHRASE_LENGTH, Vault, VaultError
from desktop.i18n import _
from desktop.ui.widgets.speech import SecretField


class PassphrasePair(QWidget):
    """Two password fields, a strength bar and a plain sentence. ``changed`` fires on every keystroke."""

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
        form = QFormLayout(self)
        first_label = QLabel(_("New &passphrase:"))
        first_label.setBuddy(self.first)
        second_label = QLabel(_("&Repeat it:"))
        second_label.setBuddy(self.second)
        form.addRow(first_label, self.first)
        form.addRow(second_label, self.second)
        form.addRow(_("Strength:"), self.meter)
        form.addRow("", self.advice)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self._update()

    def passphrase(self) -> str:
        return self.first.text()

    def is_acceptable(self) -> bool:
        return len(self.first.text()) >= MIN_PASSPHRASE_LENGTH and self.first.text() == self.second.text()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()

    def _update(self) -> None:
        strength = estimate(self.first.text(), MIN_PASSPHRASE_LENGTH)
        self.meter.setValue(strength.score)
        self.meter.setFormat(strength.label)
        advice = strength.advice
        if self.second.text() and self.first.text() != self.second.text():
            advice = _("The two passphrases are not the same yet.")
        self.advice.setText(advice)
        self.changed.emit()


class ChangePassphraseDialog(QDialog):
    def __init__(self, vault: Vault, parent: QWidget | None = None):
        super().__init__(parent)
        self._vault = vault
        self.setWindowTitle(_("Change passphrase"))
        self.pair = PassphrasePair()
        intro = QLabel(_("Choose a new passphrase. Your recovery key stays the same."))
        intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.pair.changed.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.pair)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.pair.is_acceptable())

    def accept(self) -> None:
        if not self.pair.is_acceptable():
            return
        try:
            self._vault.change_passphrase(self.pair.passphrase())
        except VaultError as error:
            QMessageBox.warning(self, _("Change passphrase"), str(error))
            return
        self.pair.clear()
        super().accept()
