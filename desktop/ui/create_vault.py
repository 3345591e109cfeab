"""First run: choose a passphrase, see the recovery key once and confirm it is stored, then say who you are."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from desktop.core import settings
from desktop.core.keys import DEFAULT_COST, KdfCost
from desktop.core.vault import Vault, VaultError
from desktop.i18n import _
from desktop.ui.passphrase import PassphrasePair


class _PassphrasePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Create your vault"))
        self.setSubTitle(_("Your notes are kept on this computer, locked with a passphrase only you know. "
                           "Nobody can open them without it, not even us."))
        self.pair = PassphrasePair()
        self.pair.changed.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pair)

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return self.pair.is_acceptable()


class _RecoveryPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Your recovery key"))
        self.setSubTitle(_("If you forget your passphrase, this key is the only way back in. "
                           "It is shown only this once."))
        self.key_label = QLabel("")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(self.font().pointSizeF() * 1.4)
        self.key_label.setFont(font)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAccessibleName(_("Recovery key"))
        advice = QLabel(_("Write it on paper or print it, and keep it somewhere safe, away from this computer. "
                          "Do not save it in a file or send it by e-mail."))
        advice.setWordWrap(True)
        self.print_button = QPushButton(_("&Print recovery key…"))
        self.print_button.clicked.connect(self._print)
        self.stored = QCheckBox(_("I have &written down or printed the recovery key and stored it safely."))
        self.stored.toggled.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(self.key_label)
        layout.addWidget(advice)
        layout.addWidget(self.print_button)
        layout.addStretch(1)
        layout.addWidget(self.stored)

    def show_key(self, recovery_key: str) -> None:
        self.key_label.setText(recovery_key)

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return self.stored.isChecked()

    def _print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QPrintDialog.DialogCode.Accepted:
            return
        document = QTextDocument()
        document.setPlainText(_("Harbour recovery key\n\n{key}\n\nKeep this paper safe and private.").format(
            key=self.key_label.text()))
        document.print_(printer)


class _AboutYouPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("About you"))
        self.setSubTitle(_("Scripts use these words when you introduce yourself. First name only. "
                           "You can change them later in Preferences."))
        self.worker_name = QLineEdit()
        self.worker_name.setAccessibleName(_("Your first name"))
        self.organisation = QLineEdit()
        self.organisation.setAccessibleName(_("Your organisation"))
        form = QFormLayout(self)
        name_label = QLabel(_("Your &first name:"))
        name_label.setBuddy(self.worker_name)
        organisation_label = QLabel(_("Your &organisation:"))
        organisation_label.setBuddy(self.organisation)
        form.addRow(name_label, self.worker_name)
        form.addRow(organisation_label, self.organisation)


class CreateVaultWizard(QWizard):
    """Emits ``created(vault)`` when finished. The vault is made when leaving the first page."""

    created = Signal(object)

    def __init__(self, folder: Path, *, cost: KdfCost = DEFAULT_COST, parent=None):
        super().__init__(parent)
        self._folder = Path(folder)
        self._cost = cost
        self.vault: Vault | None = None
        self.setWindowTitle(_("Harbour"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.passphrase_page = _PassphrasePage()
        self.recovery_page = _RecoveryPage()
        self.about_page = _AboutYouPage()
        for page in (self.passphrase_page, self.recovery_page, self.about_page):
            self.addPage(page)
        self.currentIdChanged.connect(self._entered)

    def validateCurrentPage(self) -> bool:  # noqa: N802 - Qt API
        if self.currentPage() is self.passphrase_page and self.vault is None:
            try:
                self.vault, recovery_key = Vault.create(self._folder, self.passphrase_page.pair.passphrase(),
                                                        cost=self._cost)
            except (VaultError, OSError) as error:
                QMessageBox.warning(self, _("Create your vault"), str(error))
                return False
            self.passphrase_page.pair.clear()
            self.recovery_page.show_key(recovery_key)
        return super().validateCurrentPage()

    def _entered(self, _page_id: int) -> None:
        # Once the vault exists there is no going back to choose another passphrase, and no cancelling
        # before the recovery key is confirmed.
        created = self.vault is not None
        self.button(QWizard.WizardButton.BackButton).setVisible(not created)
        self.button(QWizard.WizardButton.CancelButton).setEnabled(not created)

    def accept(self) -> None:
        if self.vault is None:
            return
        settings.put(self.vault.db, "worker_name", self.about_page.worker_name.text().strip())
        settings.put(self.vault.db, "organisation", self.about_page.organisation.text().strip())
        self.recovery_page.key_label.clear()
        super().accept()
        self.created.emit(self.vault)
