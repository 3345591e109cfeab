"""First run: choose a passphrase, see the recovery key once and confirm it is stored, then say who you are, your
province (the duty-to-report rules) and the client languages you meet most. The UI language was asked before this
wizard was built (desktop/ui/vault/first_language.py), because Harbour cannot change its language while it runs."""

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

from desktop.core.common.languages import client_languages
from desktop.core.profile import settings, work_profile
from desktop.core.vault.keys import DEFAULT_COST, KdfCost
from desktop.core.vault.vault import Vault, VaultError
from desktop.i18n import _, current_locale
from desktop.ui.shell.preferences_dialog import MAX_NAME_LENGTH, province_combo
from desktop.ui.vault.passphrase import PassphrasePair
from desktop.ui.widgets import screen_fit
from desktop.ui.widgets.language_picker import FrequentLanguagesPicker
from desktop.ui.widgets.operations import BackgroundOperation
from desktop.ui.widgets.speech import message_label


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
        message_label(self.key_label, _("Recovery key"))
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
    """The few things Harbour needs to know, each with one line on why it asks."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("About you and your work"))
        self.setSubTitle(_("Harbour needs only these few things. You can change each of them later in Preferences."))
        self.worker_name = QLineEdit()
        self.worker_name.setAccessibleName(_("Your first name"))
        self.worker_name.setMaxLength(MAX_NAME_LENGTH)
        self.worker_name.textChanged.connect(self.completeChanged)
        self.organisation = QLineEdit()
        self.organisation.setAccessibleName(_("Your organisation"))
        self.organisation.setMaxLength(MAX_NAME_LENGTH)
        self.province = province_combo()
        self.languages = FrequentLanguagesPicker(client_languages(current_locale()), visible_rows=4)
        self.languages.changed.connect(self.completeChanged)
        self.take_tour = QCheckBox(_("S&how me a short tour of the main tasks when Harbour opens"))
        form = QFormLayout(self)
        for text, field, why in (
            (_("Your first &name:"), self.worker_name,  # "&Finish" takes F
             _("The scripts use it when you introduce yourself. First name only.")),
            (_("Your &organisation:"), self.organisation, _("The scripts say who you work for.")),
            (_("Your pro&vince:"), self.province,
             _("It sets the age and the contacts for the duty to report.")),
            (_("L&anguages you meet most:"), self.languages,
             _("They come first wherever you choose a client's language.")),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            field.setAccessibleDescription(why)
            beside = QVBoxLayout()  # the field with its reason just under it
            beside.setSpacing(2)
            beside.addWidget(field)
            beside.addWidget(_hint(why))
            form.addRow(label, beside)
        form.addRow("", self.take_tour)

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        # More languages than the vault stores would make Finish fail after the vault exists: refused here.
        return bool(self.worker_name.text().strip()) and self.languages.within_limit()


def _hint(text: str) -> QLabel:
    hint = QLabel(text)
    hint.setWordWrap(True)
    return hint


class CreateVaultWizard(QWizard):
    """Emits ``created(vault)`` when finished. The vault is made when leaving the first page."""

    created = Signal(object)

    def __init__(self, folder: Path, *, cost: KdfCost | None = None, parent=None):
        super().__init__(parent)
        self._folder = Path(folder)
        self._cost = cost or DEFAULT_COST
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
        self._creating: BackgroundOperation | None = None
        self._passphrase_subtitle = self.passphrase_page.subTitle()
        # About 80 characters a line: narrower, the wrapped title and advice need more lines than the wizard gives.
        self.setMinimumWidth(min(self.fontMetrics().averageCharWidth() * 80, screen_fit.screen_room(self).width()))

    def validateCurrentPage(self) -> bool:  # noqa: N802 - Qt API
        """Leaving the first page makes the vault, on a worker thread (the key derivation takes seconds on a busy
        laptop): the wizard stays on the page, says so, and moves on by itself once the vault exists."""
        if self.currentPage() is self.passphrase_page and self.vault is None:
            if not self.creating:
                self._create()
            return False
        return super().validateCurrentPage()

    @property
    def creating(self) -> bool:
        return self._creating is not None and not self._creating.done

    def _create(self) -> None:
        folder, passphrase, cost = self._folder, self.passphrase_page.pair.passphrase(), self._cost
        self._show_creating(True)
        self._creating = BackgroundOperation(self, lambda _progress: Vault.create(folder, passphrase, cost=cost),
                                             success=self._created, failure=self._not_created,
                                             label=_("Creating your vault…")).run()

    def _show_creating(self, creating: bool) -> None:
        self.button(QWizard.WizardButton.NextButton).setEnabled(not creating)
        self.passphrase_page.setEnabled(not creating)
        self.passphrase_page.setSubTitle(_("Creating your vault…") if creating else self._passphrase_subtitle)

    def _created(self, made: tuple[Vault, str]) -> None:
        self._show_creating(False)
        self.vault, recovery_key = made
        self.passphrase_page.pair.clear()
        self.recovery_page.show_key(recovery_key)
        self.next()

    def _not_created(self, error: BaseException) -> None:
        self._show_creating(False)
        if not isinstance(error, VaultError | OSError):
            raise error  # a bug: the crash hook reports it, as it would on the GUI thread
        QMessageBox.warning(self, _("Create your vault"), str(error))

    def _entered(self, _page_id: int) -> None:
        # Once the vault exists there is no going back to choose another passphrase, and no cancelling
        # before the recovery key is confirmed.
        created = self.vault is not None
        self.button(QWizard.WizardButton.BackButton).setVisible(not created)
        self.button(QWizard.WizardButton.CancelButton).setEnabled(not created)
        if self.currentPage() is not None:
            # Wrapped lines make Qt under-count a page's minimum height, which squeezed the language list and the
            # passphrase advice into the lines below them: ask for the height each page really needs.
            page = self.currentPage()
            around = max(0, self.height() - page.height())   # title, subtitle and buttons
            page.setMinimumHeight(page.sizeHint().height())
            self.resize(self.width(), max(self.height(), page.minimumHeight() + around))
            screen = self.screen().availableGeometry()
            if self.frameGeometry().bottom() > screen.bottom():  # grown past the screen's foot: move up
                self.move(self.x(), max(screen.top(), self.y() - (self.frameGeometry().bottom() - screen.bottom())))

    def wants_tour(self) -> bool:
        return self.about_page.take_tour.isChecked()

    def accept(self) -> None:
        if self.vault is None:
            return
        about = self.about_page
        settings.put(self.vault.db, "worker_name", about.worker_name.text().strip())
        settings.put(self.vault.db, "organisation", about.organisation.text().strip())
        work_profile.set_province(self.vault.db, about.province.currentData())
        work_profile.set_frequent_languages(self.vault.db, about.languages.chosen_tags())
        self.recovery_page.key_label.clear()
        super().accept()
        self.created.emit(self.vault)
