"""Every screen and dialog a worker can open, built on a demo vault, for the checks that must hold on all of them
(names a screen reader can say, Tab order, fitting a laptop screen). Not a test module: the tests import it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtWidgets import QWidget

from desktop.ui.shell.sections import SECTIONS

MAIN_SECTIONS = [section.key for section in SECTIONS]

DIALOGS = ["unlock, damaged vault",
           "client editor", "client page", "session editor", "record consent", "share", "refusal", "duty to report",
           "reporting protocol", "change passphrase", "create vault", "unlock", "unlock, demo", "restore a backup",
           "search", "preferences", "promise", "withdraw consent", "booking request", "roster import",
           "shortcuts", "first language", "presentation", "interpreter editor", "booking editor", "tour",
           "organisation", "organisation update", "new recovery key", "translation review"]


def demo_seeded(context):
    """The demo's fictional people, interpreters, consents and bookings in the test vault."""
    from desktop.core.demo.demo_vault import seed

    seed(context.db)
    return context


def dialog_factories(context, tmp_path, main_window=None) -> dict[str, Callable[[], QWidget]]:
    from desktop.core.consent import consents
    from desktop.core.consent.gate import ConsentRequired
    from desktop.core.organisation.updates import Changes
    from desktop.core.records import clients, promises, sessions
    from desktop.core.vault import backups
    from desktop.core.vault.errors import VaultCorrupted
    from desktop.core.vault.keys import TEST_COST
    from desktop.ui.bookings.booking_dialogs import RequestMessageDialog
    from desktop.ui.bookings.booking_editor import BookingEditor
    from desktop.ui.clients.client_editor import ClientEditor
    from desktop.ui.clients.client_page import ClientPage
    from desktop.ui.clients.promise_dialog import PromiseEditDialog
    from desktop.ui.clients.search_panel import SearchView
    from desktop.ui.clients.session_editor import SessionEditor
    from desktop.ui.consent.consent_panel import WithdrawConsentDialog
    from desktop.ui.consent.duty_widgets import ProtocolDialog
    from desktop.ui.consent.record_consent import RecordConsentDialog
    from desktop.ui.consent.share_dialogs import DutyToReportDialog, RefusalDialog, ShareDialog
    from desktop.ui.interpreters.directory_view import ImportReportDialog
    from desktop.ui.interpreters.interpreter_editor import InterpreterEditor
    from desktop.ui.organisation.organisation_dialog import OrganisationDialog
    from desktop.ui.organisation.update_check import UpdateDialog
    from desktop.ui.scripts.presentation import PresentationWindow
    from desktop.ui.scripts.review_dialog import ReviewDialog
    from desktop.ui.shell.preferences_dialog import PreferencesDialog
    from desktop.ui.shell.shortcuts_help import ShortcutsDialog
    from desktop.ui.shell.tour import TourPanel
    from desktop.ui.vault.create_vault import CreateVaultWizard
    from desktop.ui.vault.first_language import FirstLanguageDialog
    from desktop.ui.vault.passphrase import ChangePassphraseDialog, NewRecoveryKeyDialog
    from desktop.ui.vault.restore_dialog import RestoreDialog
    from desktop.ui.vault.unlock import UnlockWindow

    client = clients.create_client(context.db, "Maria", languages=["es"])
    session = sessions.create_session(context.db, client.id)
    promise = promises.add_promise(context.db, client.id, "Call the clinic about the appointment",
                                   date.today() + timedelta(days=3), session_id=session.id)
    consent = consents.record_consent(
        context.db, client_id=client.id, purpose="Interpreter booking", recipient="Harbour Language Line",
        categories=("first_name",), method="written_signed", recorded_by="Sam")
    backups.make_backup(context.vault, "daily")  # the unlock screen then offers a restore, and the dialog lists it
    refusal = ConsentRequired("no_consent", recipient="Clinic")
    def damaged_unlock():
        unlock = UnlockWindow(context.vault.folder, demo_passphrase="harbour demo vault")
        damaged = VaultCorrupted()
        damaged.note_kept_copy(context.vault.folder.parent / "quarantine" / "2026-11-23 14.05.33 damaged notes")
        unlock.show_message(str(damaged), urgent=True)
        return unlock

    return {
        "unlock, damaged vault": damaged_unlock,
        "client editor": lambda: ClientEditor(context, None),
        "client page": lambda: ClientPage(context, client.id),
        "session editor": lambda: SessionEditor(context, session.id),
        "record consent": lambda: RecordConsentDialog(context, client.id),
        "share": lambda: ShareDialog(context, client.id),
        "refusal": lambda: RefusalDialog(context, client.id, refusal, request={"purpose": "Referral"}),
        "duty to report": lambda: DutyToReportDialog(context, client.id),
        "reporting protocol": lambda: ProtocolDialog(context),
        "change passphrase": lambda: ChangePassphraseDialog(context.vault),
        "create vault": lambda: CreateVaultWizard(tmp_path / "new vault", cost=TEST_COST),
        "unlock": lambda: UnlockWindow(context.vault.folder),
        "unlock, demo": lambda: UnlockWindow(context.vault.folder, demo_passphrase="harbour demo vault"),
        "restore a backup": lambda: RestoreDialog(context.vault.folder, damaged=True),
        "search": lambda: SearchView(context),
        "preferences": lambda: PreferencesDialog(context),
        "promise": lambda: PromiseEditDialog(context, promise.id),
        "withdraw consent": lambda: WithdrawConsentDialog(context, consent),
        "booking request": lambda: RequestMessageDialog(
            context, "Hello, we need a Spanish interpreter on Tuesday at 10:00.", "mailto:line@example.org"),
        "roster import": lambda: ImportReportDialog(None, "The file is not a roster: the first line has no names."),
        "shortcuts": lambda: ShortcutsDialog(main_window),
        "first language": lambda: FirstLanguageDialog(),
        "presentation": lambda: PresentationWindow(["Hola. Me llamo Sam.", "Puede parar cuando quiera."]),
        "interpreter editor": lambda: InterpreterEditor(context),
        "booking editor": lambda: BookingEditor(context),
        "tour": lambda: TourPanel(main_window, idle_minutes=5),
        "organisation": lambda: OrganisationDialog(context),
        "organisation update": lambda: UpdateDialog(Changes("Harbour Outreach Network", 3, added=["Ana", "Lucía"],
                                                            removed=["Tomás"], protocol=True)),
        "new recovery key": lambda: NewRecoveryKeyDialog("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"),
        "translation review": lambda: ReviewDialog(context, "es", script_id="role"),
    }
