"""The user guide's pictures (docs/USER_GUIDE.md and USER_GUIDE.fr.md), taken from the real app on the demo vault.

Each capture opens one screen or dialog the way the worker would reach it (through the same widgets and calls),
grabs it, and closes it again. Run through docs/take_screenshots.py; the test in tests/ui/test_take_screenshots.py
runs one capture so this file cannot quietly stop working.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

# What the guide's worker types into the app, in the guide's language (the demo's own people stay as shipped).
TYPED = {
    "en": {
        "first_name": "Ana", "languages": "es-MX, en", "place": "Drop-in centre",
        "notes": "First meeting. Ana came with a friend. I explained my role and what stays private.\n"
                 "She wants to think before deciding anything. We talked about work hours.",
        "stop": "She was tired. Next time: start with the housing form.",
        "promise": "Find the clinic's walk-in hours and text her",
        "recipient": "Cedar Lane Housing Society", "purpose": "Housing waiting list",
        "other": "Family support centre",
    },
    "fr": {
        "first_name": "Ana", "languages": "es-MX, fr", "place": "Centre de jour",
        "notes": "Première rencontre. Ana est venue avec une amie. J'ai expliqué mon rôle et ce qui reste "
                 "confidentiel.\nElle veut réfléchir avant de décider. Nous avons parlé des heures de travail.",
        "stop": "Elle était fatiguée. La prochaine fois\u00a0: commencer par le formulaire de logement.",
        "promise": "Trouver les heures sans rendez-vous de la clinique et les lui texter",
        "recipient": "Société d'habitation Cedar Lane", "purpose": "Liste d'attente pour un logement",
        "other": "Centre d'aide aux familles",
    },
}
PASSPHRASE = "screenshots only, not a real vault"  # noqa: S105 - a throwaway vault in a temp folder


@dataclass
class Studio:
    """The app, the demo vault and its main window in one language, and where the pictures go."""

    app: object
    locale: str
    out: Path
    work: Path
    saved: list[Path] = field(default_factory=list)
    context: object = None
    window: object = None

    @property
    def language(self) -> str:
        return self.locale.split("_")[0]

    @property
    def text(self) -> dict[str, str]:
        return TYPED.get(self.language, TYPED["en"])

    def settle(self) -> None:
        for _round in range(6):
            self.app.processEvents()

    def save(self, widget, name: str) -> Path:
        self.settle()
        path = self.out / f"{name}.png"
        widget.grab().save(str(path))
        self.saved.append(path)
        return path

    def client_id(self, first_name: str) -> int:
        from desktop.core import clients

        return next(c.id for c in clients.list_clients(self.context.db) if c.first_name == first_name)

    def close(self, *widgets) -> None:
        from PySide6.QtCore import QEvent

        for widget in widgets:
            if widget is not None:
                widget.close()
                widget.deleteLater()
        self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.settle()


def open_demo(app, locale: str, out: Path, work: Path) -> Studio:
    """The demo vault (the same fictional people ``harbour --demo`` shows) in a main window in ``locale``."""
    from PySide6.QtCore import QSettings

    from desktop.core import demo
    from desktop.core.keys import TEST_COST
    from desktop.core.vault import Vault
    from desktop.i18n import setup_i18n
    from desktop.ui.clipboard import ClipboardGuard
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow
    from desktop.ui.preferences import Preferences
    from desktop.ui.qt_i18n import setup_qt_translations

    setup_i18n(locale)
    setup_qt_translations(app, locale)
    folder = Path(tempfile.mkdtemp(prefix="guide-", dir=work))
    vault, _recovery = Vault.create(folder / "vault", PASSPHRASE, cost=TEST_COST)
    demo.seed(vault.db)
    preferences = Preferences(QSettings(str(folder / "prefs.ini"), QSettings.Format.IniFormat))
    preferences.set("ui_locale", locale)
    studio = Studio(app, locale, out, folder)
    studio.context = AppContext(vault, preferences, ClipboardGuard(), demo=True)
    studio.window = MainWindow(studio.context)
    studio.window.resize(1280, 800)
    studio.window.show()
    studio.settle()
    return studio


def close_demo(studio: Studio) -> None:
    vault = studio.context.vault
    studio.close(studio.window)
    vault.lock()


# -- first run and the unlock screen -------------------------------------------------------------------------------
def first_run(studio: Studio) -> None:
    from PySide6.QtWidgets import QCheckBox, QLineEdit

    from desktop.core.keys import TEST_COST
    from desktop.ui.create_vault import CreateVaultWizard

    wizard = CreateVaultWizard(studio.work / "new-vault", cost=TEST_COST)
    wizard.resize(720, 520)
    wizard.show()
    for number in range(1, 12):  # every page, in order, whatever pages the wizard has today
        page = wizard.currentPage()
        _fill_page(page, studio, QLineEdit, QCheckBox)
        studio.save(wizard, f"first-run-{number}")
        if wizard.nextId() == -1:
            break
        wizard.next()
        studio.settle()
    studio.close(wizard)


def _fill_page(page, studio: Studio, line_edit, check_box) -> None:
    """What a worker would type on a first-run page: a long passphrase twice, their first name, the box ticked."""
    pair = getattr(page, "pair", None)
    if pair is not None:
        pair.first.setText(PASSPHRASE)
        pair.second.setText(PASSPHRASE)
        return
    for edit in page.findChildren(line_edit):
        if not edit.text() and edit.isVisible() and not edit.isReadOnly():
            edit.setText("Alex" if "name" in edit.accessibleName().lower() or "nom" in edit.accessibleName().lower()
                         else "Harbour Demo Outreach")
    for box in page.findChildren(check_box):
        box.setChecked(True)


def unlock_screens(studio: Studio) -> None:
    from desktop.ui.unlock import UnlockWindow

    folder = _locked_vault(studio.work / "unlock")
    window = UnlockWindow(folder)
    window.resize(560, 300)
    window.show()
    studio.save(window, "unlock")
    window.toggle_recovery()
    studio.save(window, "unlock-recovery-key")
    studio.close(window)


def damaged_vault(studio: Studio) -> None:
    """A vault whose notes file is damaged: the unlock screen offers the newest backup."""
    from desktop.ui.unlock import UnlockWindow

    folder = _locked_vault(studio.work / "damaged", backup=True)
    database = folder / "notes.db"
    data = bytearray(database.read_bytes())
    data[4096:8192] = bytes(4096)  # one page of the encrypted file overwritten, as a failing disk might
    database.write_bytes(bytes(data))
    window = UnlockWindow(folder)
    window.resize(640, 320)
    window.show()
    window.secret.setText(PASSPHRASE)
    window.attempt()
    studio.save(window, "unlock-restore-backup")
    studio.close(window)


def _locked_vault(folder: Path, *, backup: bool = False) -> Path:
    from desktop.core import backups, demo
    from desktop.core.keys import TEST_COST
    from desktop.core.vault import Vault

    vault, _recovery = Vault.create(folder, PASSPHRASE, cost=TEST_COST)
    demo.seed(vault.db)
    if backup:
        backups.make_backup(vault, "daily", datetime.now(UTC) - timedelta(hours=20))
    vault.lock()
    return folder


# -- task 1: a client and a session note -----------------------------------------------------------------------------
def sections(studio: Studio) -> None:
    for key in ("today", "clients"):
        studio.window.navigate(key)
        studio.save(studio.window, f"section-{key}")


def add_client(studio: Studio) -> None:
    from desktop.ui.client_editor import ClientEditor

    editor = ClientEditor(studio.context, None, studio.window)
    editor.first_name.setText(studio.text["first_name"])
    editor.languages_edit.setText(studio.text["languages"])
    editor.show()
    studio.save(editor, "add-client")
    editor.save()
    studio.close(editor)


def session_note(studio: Studio) -> None:
    from datetime import date

    from desktop.core import promises, sessions

    client_id = studio.client_id(studio.text["first_name"])
    studio.window.navigate("clients", client_id)
    studio.save(studio.window, "client-page")
    session = sessions.create_session(studio.context.db, client_id, worker=studio.context.worker_name,
                                      language="es-MX", place=studio.text["place"])
    promises.add_promise(studio.context.db, client_id, studio.text["promise"], date.today() + timedelta(days=3),
                         session_id=session.id)
    studio.window.navigate("clients", {"session_id": session.id})
    editor = studio.window.section_widget("clients").session_editor
    editor.notes_edit.setPlainText(studio.text["notes"])
    editor.flush()
    editor.stop_reason.setCurrentIndex(editor.stop_reason.findData("time"))
    editor.stop_note.setText(studio.text["stop"])
    editor.save_stop()
    studio.save(studio.window, "session-note")
    studio.window.navigate("clients", client_id)


# -- task 2: scripts ----------------------------------------------------------------------------------------------
def scripts(studio: Studio) -> None:
    from desktop.core import sessions

    mei = studio.client_id("Mei")
    newest = sessions.sessions_for_client(studio.context.db, mei)[0]
    studio.window.navigate("scripts", {"session_id": newest.id, "language": "zh-Hant", "script": "role"})
    view = studio.window.section_widget("scripts")
    for _paragraph in range(2):
        view.mark_read()
    studio.save(studio.window, "scripts-side-by-side")
    view.present()
    view.presentation.resize(1024, 640)
    studio.save(view.presentation, "scripts-presentation")
    view.close_presentation()
    view.client_picker.select_tag("quc")  # K'iche': no written script, a live interpreter instead
    studio.save(studio.window, "scripts-live-interpreter")
    view.client_picker.select_tag("zh-Hant")


# -- task 3: interpreters and bookings ---------------------------------------------------------------------------------
def interpreters(studio: Studio) -> None:
    from desktop.core import bookings

    studio.window.navigate("bookings", {"client_id": studio.client_id("Mei")})
    studio.save(studio.window, "find-interpreter")
    mei = studio.client_id("Mei")
    booking = max(bookings.bookings_for_client(studio.context.db, mei), key=lambda b: b.starts_at)  # clinic visit
    studio.window.navigate("bookings", {"booking_id": booking.id})
    studio.save(studio.window, "booking")
    editor = studio.window.section_widget("bookings").editor
    dialog = editor.request_message()
    studio.save(dialog, "booking-request")
    studio.close(dialog)
    studio.window.navigate("bookings")
    studio.window.section_widget("bookings").tabs.setCurrentIndex(0)
    studio.save(studio.window, "bookings-week")


# -- task 4: consent, sharing, duty to report, audit ------------------------------------------------------------------
def consent(studio: Studio) -> None:
    from desktop.ui.egress_dialogs import ShareDialog

    client_id = studio.client_id(studio.text["first_name"])
    studio.window.navigate("clients", client_id)
    page = studio.window.section_widget("clients").client_page
    page.tabs.setCurrentWidget(page.consents)
    dialog = page.consents.record_consent()
    dialog.recipient_edit.setText(studio.text["recipient"])
    dialog.next_step()
    dialog.purpose_edit.setText(studio.text["purpose"])
    dialog.next_step()
    for category in ("first_name", "language_needs"):
        dialog.category_boxes[category].setChecked(True)
    dialog.next_step()
    studio.save(dialog, "consent-help-not-conditional")
    dialog.help_box.setChecked(True)
    dialog.risks_box.setChecked(True)
    dialog.next_step()
    dialog.interpreter_edit.setText("Marisol")
    dialog.language_edit.setText("es")
    dialog.next_step()
    dialog.next_step()
    studio.save(dialog, "consent-read-back")
    dialog.next_step()  # saves
    studio.close(dialog)
    studio.save(studio.window, "consent-panel")

    share = ShareDialog(studio.context, client_id, studio.window, channel="clipboard")
    share.recipient_combo.setEditText(studio.text["other"])
    share.purpose_edit.setText(studio.text["purpose"])
    share.category_boxes["first_name"].setChecked(True)
    share.show()
    studio.save(share, "share")
    share.share()  # no consent names this recipient: refused, and logged
    studio.save(share.refusal_dialog, "share-refused")
    studio.close(share.refusal_dialog)
    duty = share.open_duty_to_report()
    duty.resize(760, 640)
    studio.save(duty, "duty-to-report")
    studio.close(duty, share)
    studio.window.navigate("audit")
    studio.save(studio.window, "audit-log")


# -- task 5 and the rest: lock, preferences, shortcuts ----------------------------------------------------------------
def settings_and_keys(studio: Studio) -> None:
    from desktop.ui.preferences_dialog import PreferencesDialog
    from desktop.ui.shortcuts_help import ShortcutsDialog

    studio.window.navigate("today")
    dialog = PreferencesDialog(studio.context, studio.window)
    dialog.show()
    studio.save(dialog, "preferences")
    studio.close(dialog)
    shortcuts = ShortcutsDialog(studio.window)
    shortcuts.resize(720, 760)
    shortcuts.show()
    studio.save(shortcuts, "shortcuts")
    studio.close(shortcuts)


def tour(studio: Studio) -> None:
    """The skippable demo tour (Help > Take the tour), each step, when this version of Harbour has one."""
    try:
        from desktop.ui import tour as tour_module
    except ImportError:
        return
    start = getattr(tour_module, "start_tour", None)
    if start is None:
        return
    shown = start(studio.context, studio.window)
    for number in range(1, 20):
        studio.save(shown, f"tour-{number}")
        if not shown.next_step():
            break
    studio.close(shown)


# Order matters: the consent capture uses the client that add_client made.
CAPTURES: list[tuple[str, Callable[[Studio], None]]] = [
    ("first_run", first_run), ("unlock", unlock_screens), ("damaged_vault", damaged_vault),
    ("sections", sections), ("add_client", add_client), ("session_note", session_note), ("scripts", scripts),
    ("interpreters", interpreters), ("consent", consent), ("settings_and_keys", settings_and_keys), ("tour", tour),
]


def shoot_guide(app, locale: str, out: Path, work: Path, only: list[str] | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    studio = open_demo(app, locale, out, work)
    try:
        for name, capture in CAPTURES:
            if not only or name in only:
                capture(studio)
    finally:
        close_demo(studio)
    return studio.saved
