"""The unlock -> main window -> lock cycle, idle lock, quick hide and system lock.

Constructors only wire things; ``start()`` decides which first screen to show.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from desktop.i18n import SOURCE_LOCALE, _, available_ui_locales, current_locale, load_problem
from desktop.ui.shell.preferences import Preferences

WARM_UP_DELAY_MS = 1500
# The application-wide hooks come this long after the first window (issue 18's start-up), once it has had time to
# be painted: see install_app_hooks().
APP_HOOKS_DELAY_MS = 100

if TYPE_CHECKING:  # the vault (SQLCipher, sqlite_utils, Argon2) loads when a vault is opened, not for a first run
    from desktop.core.vault.keys import KdfCost
    from desktop.core.vault.vault import Vault
    from desktop.ui.shell.idle import IdleWatcher
    from desktop.ui.shell.system_lock import SystemLockWatcher
    from desktop.ui.vault.unlock import UnlockWindow
    from desktop.ui.widgets.clipboard_guard import ClipboardGuard


class HarbourController(QObject):
    warmed_up = Signal()  # the start-up warm-up thread is done (delivered on the GUI thread)

    def __init__(self, app: QApplication, preferences: Preferences, folder: Path, *,
                 demo_passphrase: str | None = None, cost: KdfCost | None = None, set_aside_start_up: bool = False):
        """``set_aside_start_up`` (app.py): once warmed up, start-up's objects are set aside from the collector for
        good (operations.set_aside_start_up_objects). Not for a test process, whose objects are not start-up's."""
        super().__init__(app)
        self.app = app
        self.preferences = preferences
        self.folder = Path(folder)
        self.demo = demo_passphrase is not None
        self.cost = cost
        self.vault: Vault | None = None
        self.context = None
        self.main_window = None
        self.create_wizard = None
        self.language_dialog = None
        self.organisation_check = None
        self.maintenance = None
        self._demo_passphrase = demo_passphrase
        self._set_aside_start_up = set_aside_start_up
        self._opened_a_vault = False
        self.warmed_up.connect(self._set_aside_what_start_up_made)
        self._tour_pending = self.demo  # the demo opens on a short tour, once; a real vault only if asked
        self._told_translation_problem: str | None = None
        self._unlock_window: UnlockWindow | None = None  # built when first shown: a first run never needs it
        self._idle: IdleWatcher | None = None
        self._system_lock: SystemLockWatcher | None = None
        self._clipboard: ClipboardGuard | None = None
        app.aboutToQuit.connect(self.shutdown)

    # -- hooks on the whole application ----------------------------------------------------------------------
    def install_app_hooks(self) -> None:
        """The idle watch, the clipboard guard, the system's lock signals, the keyboard rules and HarbourStyle; once.

        None is needed on the first window (no client data on the language question or the unlock window, no lock
        without a vault; the rules and the style change nothing there: tests/ui/test_startup_imports.py and
        test_first_window_style.py), and each costs it time (issue 18): PySide builds a Python type for each kind of
        event, object and style option handed to Python, and the lock signals connect to D-Bus. So start() installs
        them just after the first window; what needs them sooner (the wizard, an opened vault, a test) at once."""
        if self._idle is not None:
            return
        from desktop.ui.shell.idle import IdleWatcher
        from desktop.ui.shell.system_lock import SystemLockWatcher
        from desktop.ui.shell.theme import use_harbour_style
        from desktop.ui.widgets.clipboard_guard import ClipboardGuard
        from desktop.ui.widgets.keyboard import install_keyboard_rules

        use_harbour_style(self.app)  # in place of the first window's light style, which looks the same there
        install_keyboard_rules(self.app)
        self._clipboard = ClipboardGuard()
        self._idle = IdleWatcher(self.preferences.get("idle_lock_minutes"), self)
        self._idle.idle.connect(self.lock)
        self.app.installEventFilter(self._idle)
        self._system_lock = SystemLockWatcher(self)
        self._system_lock.lock_now.connect(self.lock)

    @property
    def app_hooks_installed(self) -> bool:
        return self._idle is not None

    @property
    def idle(self) -> IdleWatcher:
        self.install_app_hooks()
        return self._idle

    @property
    def system_lock(self) -> SystemLockWatcher:
        self.install_app_hooks()
        return self._system_lock

    @property
    def clipboard(self) -> ClipboardGuard:
        self.install_app_hooks()
        return self._clipboard

    # -- first screen ----------------------------------------------------------------------------------------
    def start(self, vault: Vault | None = None) -> None:
        if vault is not None:
            self.open_vault(vault)
        elif (self.folder / "key.json").exists() or (self.folder / "notes.db").exists():  # no key.json: say what helps
            self.show_unlock()
        else:
            self.show_create()
        self._tell_about_a_damaged_translation()
        QTimer.singleShot(APP_HOOKS_DELAY_MS, self.install_app_hooks)
        # A head start on CLDR's language names for the pickers, once the first window is up: started at once, the
        # thread's imports would compete with that window for the interpreter (issue 18: start-up).
        QTimer.singleShot(WARM_UP_DELAY_MS, lambda: threading.Thread(
            target=warm_up, args=(current_locale(), self.warmed_up), name="warm-language-names", daemon=True).start())

    def _set_aside_what_start_up_made(self) -> None:
        # Not once a vault was opened, nor under the set-up wizard (a passphrase is chosen there).
        if self._set_aside_start_up and not self._opened_a_vault and self.create_wizard is None:
            from desktop.ui.widgets import operations

            operations.set_aside_start_up_objects()

    def show_unlock(self) -> None:
        self.unlock_window.reset()
        self.unlock_window.show()
        self.unlock_window.raise_()
        self.unlock_window.activateWindow()

    def show_create(self) -> None:
        """First run. Without a chosen UI language, that question comes first: the wizard is built after it, in
        the chosen language, since Harbour cannot change language under open windows."""
        if not self.preferences.is_set("ui_locale"):
            self.ask_ui_language()
            return
        from desktop.ui.scripts.fonts import load_bundled_fonts
        from desktop.ui.vault.create_vault import CreateVaultWizard

        self.install_app_hooks()
        load_bundled_fonts()  # the wizard's language picker shows languages in their own scripts
        self.create_wizard = CreateVaultWizard(self.folder, cost=self.cost)
        self.create_wizard.created.connect(self._open_created)
        self.create_wizard.rejected.connect(self.app.quit)
        self.create_wizard.show()

    def ask_ui_language(self) -> None:
        from desktop.ui.vault.first_language import FirstLanguageDialog, apply_ui_locale, system_ui_locale

        if current_locale() == SOURCE_LOCALE:  # no --lang for this run: start from the system's language
            apply_ui_locale(self.app, system_ui_locale(available_ui_locales()))
        self.language_dialog = FirstLanguageDialog()
        self.language_dialog.chosen.connect(self._ui_language_chosen)
        self.language_dialog.rejected.connect(self.app.quit)
        self.language_dialog.show()

    def _ui_language_chosen(self, locale: str) -> None:
        from desktop.ui.vault.first_language import apply_ui_locale

        self.preferences.set("ui_locale", locale)
        apply_ui_locale(self.app, locale)
        # The unlock screen was built in the old language; build it again so every later lock speaks the new one.
        if self._unlock_window is not None:
            self._unlock_window.deleteLater()
            self._unlock_window = None
        self.show_create()
        self._tell_about_a_damaged_translation()

    def _tell_about_a_damaged_translation(self) -> None:
        """A damaged UI catalog leaves Harbour in English (desktop.i18n); say so once, over the first screen but
        without blocking it. The words come out in English since the translation is what could not be read."""
        problem = load_problem()
        if problem is None or problem == self._told_translation_problem:
            return
        from babel import Locale, UnknownLocaleError  # CLDR only when there is something to say (start-up)
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        self._told_translation_problem = problem
        try:
            language = Locale.parse(current_locale()).get_display_name("en") or current_locale()
        except (UnknownLocaleError, ValueError, TypeError, LookupError):
            language = current_locale()
        shown = next((window for window in (self.main_window, self.create_wizard, self.language_dialog,
                                            self._unlock_window) if window is not None and window.isVisible()), None)
        box = QMessageBox(QMessageBox.Icon.Warning, _("Harbour"), _(
            "Harbour's {language} translation could not be read, so Harbour is in English. Reinstall Harbour to "
            "fix it.").format(language=language), QMessageBox.StandardButton.Ok, shown)
        box.setDetailedText(problem)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.show()

    @property
    def unlock_window(self) -> UnlockWindow:
        if self._unlock_window is None:
            self._unlock_window = self._build_unlock_window()
        return self._unlock_window

    def _build_unlock_window(self) -> UnlockWindow:
        from desktop.ui.vault.unlock import UnlockWindow

        window = UnlockWindow(self.folder, demo_passphrase=self._demo_passphrase)
        window.unlocked.connect(self.open_vault)
        window.recovered.connect(self._open_after_recovery)
        return window

    def _open_created(self, vault: Vault) -> None:
        self._tour_pending = self.create_wizard is not None and self.create_wizard.wants_tour()
        self.open_vault(vault)

    # -- open / lock -----------------------------------------------------------------------------------------
    def open_vault(self, vault: Vault) -> None:
        from desktop.ui.scripts.fonts import load_bundled_fonts
        from desktop.ui.shell.context import AppContext
        from desktop.ui.shell.main_window import MainWindow
        from desktop.ui.shell.maintenance import VaultMaintenance

        load_bundled_fonts()  # client-language text never shows boxes (bundled Noto: Gurmukhi, Arabic, Thai...)
        self.install_app_hooks()
        self._opened_a_vault = True
        self.vault = vault
        self.context = AppContext(vault, self.preferences, self.clipboard, demo=self.demo)
        self.main_window = MainWindow(self.context)
        self.main_window.lock_requested.connect(self.lock)
        self.main_window.quick_hide_requested.connect(self.quick_hide)
        self.main_window.change_passphrase_requested.connect(self.change_passphrase)
        self.main_window.new_key_requested.connect(self.make_new_key)
        self.main_window.preferences_requested.connect(self.show_preferences)
        self.main_window.quit_requested.connect(self.app.quit)
        self.unlock_window.hide()
        self.main_window.show()
        if vault.recovery_note:
            self._warn(vault.recovery_note)
        # The audit log's unlock check, the daily backup and the whole-file check run after the window is up, on
        # worker threads, each saying what it found (maintenance.py).
        self.maintenance = VaultMaintenance(self.context, self.main_window, self._warn)
        self.maintenance.after_unlock()
        self.idle.set_minutes(self.preferences.get("idle_lock_minutes"))
        self.idle.start()
        self._check_organisation_update()
        if self._tour_pending:
            self._tour_pending = False
            self.main_window.start_tour()

    def _check_organisation_update(self) -> None:
        """A subscribed vault reads its organisation's update in the background; without one, nothing runs."""
        from desktop.ui.organisation.update_check import check_at_unlock

        self.organisation_check = check_at_unlock(self.context, self.main_window)

    def lock(self) -> None:
        """Flush unsaved text, close every window, drop the key, clear our clipboard text, show the unlock screen."""
        if self.vault is None:
            return
        self.idle.stop()
        self._close_vault(copy_later=True)
        self.show_unlock()

    def quick_hide(self) -> None:
        self.lock()
        self.unlock_window.showMinimized()

    def shutdown(self) -> None:
        if self._idle is not None:
            self._idle.stop()
        self._close_vault()

    def _close_vault(self, *, copy_later: bool = False) -> None:
        """With ``copy_later`` (a lock, not a quit), the backup of the closed file runs after the unlock screen is up:
        it needs no key, and a years-old vault takes seconds to copy (an unlock waits for it, on its worker)."""
        if self.maintenance is not None:
            self.maintenance.stop()
            self.maintenance = None
        # Work that can stop half way (tidying the search index, the whole-file check) stops; the rest (a deletion,
        # the backup) finishes first, so the vault never closes under a write.
        from desktop.core.vault import integrity
        from desktop.ui.widgets import operations
        from desktop.ui.widgets.secret_field import SecretField

        self._hide_every_window()  # at once: a quick hide must wait neither for running work nor for editors' saves
        operations.cancel_running()
        integrity.interrupt_running_checks()
        if self.context is not None:
            self.context.events.about_to_lock.emit()  # editors save what was typed (may wait for a tidying step)
        operations.wait_for_running()
        self._hide_every_window()  # and any dialog that finishing work opened meanwhile
        if self.main_window is not None:  # a vault was open
            # Deleted a page a turn (timers: Qt would handle posted events in this lock's turn), then collected so
            # the window's Python objects go too (~50 ms at once on a years-old vault). A quit exits without.
            self.main_window.destroyed.connect(lambda: QTimer.singleShot(0, operations.collect_the_session))
            _delete_a_page_a_turn(self.main_window, self.main_window.stack)
            self.main_window = None
        self.context = None
        if self.vault is not None:
            owed = self.vault.lock(copy_later=copy_later)
            self.vault = None
            if owed is not None:
                operations.BackgroundOperation(self.unlock_window, lambda _progress: owed.run(),
                                               success=self._lock_backup_done, blocking=False).run()
        if self._clipboard is not None:  # without it, Harbour has copied nothing
            self._clipboard.clear_if_ours()
        SecretField.wipe_all()  # no passphrase or recovery key may be replayed by undo on the locked screen

    def _hide_every_window(self) -> None:
        for window in QApplication.topLevelWidgets():
            if window is not self._unlock_window and window.isVisible():
                window.hide()

    # -- menu actions ----------------------------------------------------------------------------------------
    def change_passphrase(self) -> None:
        self._passphrase_dialog(rekey_only=False)

    def make_new_key(self) -> None:
        self._passphrase_dialog(rekey_only=True)

    def _passphrase_dialog(self, *, rekey_only: bool) -> None:
        from desktop.ui.vault.passphrase import ChangePassphraseDialog

        if self.vault is not None:
            dialog = ChangePassphraseDialog(self.vault, self.main_window, rekey_only=rekey_only)
            # The main window is blocked while this modal dialog is up: its lock keys must work from here too.
            dialog.addActions([self.main_window.lock_action, self.main_window.quick_hide_action])
            dialog.accepted.connect(lambda: self._status(
                _("Your notes now use a new key.") if dialog.new_recovery_key else _("Your passphrase was changed.")))
            dialog.open()

    def show_preferences(self) -> None:
        from desktop.ui.shell.preferences_dialog import PreferencesDialog

        if self.context is not None:
            dialog = PreferencesDialog(self.context, self.main_window)
            dialog.accepted.connect(lambda: self.idle.set_minutes(self.preferences.get("idle_lock_minutes")))
            dialog.open()

    def _open_after_recovery(self, vault: Vault) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.open_vault(vault)
        QMessageBox.information(self.main_window, _("Choose a new passphrase"),
                                _("You opened Harbour with the recovery key. Please choose a new passphrase now."))
        self.change_passphrase()

    def _lock_backup_done(self, error: str | None) -> None:
        if error:
            self.unlock_window.show_message(error)

    def _warn(self, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, _("Harbour"), text, QMessageBox.StandardButton.Ok,
                          self.main_window)
        box.open()

    def _status(self, text: str) -> None:
        if self.context is not None:
            self.context.events.status_message.emit(text)


def _delete_a_page_a_turn(window, stack) -> None:
    from shiboken6 import isValid  # a page or the window may be gone already (its parent deleted, a quit)

    pages = [stack.widget(index) for index in range(stack.count())]

    def next_turn() -> None:
        widget = pages.pop() if pages else window
        if isValid(widget):
            widget.deleteLater()
        if widget is not window:
            QTimer.singleShot(1, next_turn)

    QTimer.singleShot(1, next_turn)


def warm_up(locale: str, done=None) -> None:
    # Only a head start: if it fails, what needs it does it itself and reports any problem there. Off the GUI
    # thread, after the first window: CLDR's names, the time zones', and the session's code that needs no Qt (the
    # vault, records, consent, updates), all set aside from the collector with the rest of start-up (done).
    with contextlib.suppress(Exception):
        from desktop.core.common import languages, time_zones

        languages.warm_up(locale)
        time_zones.zone_choices()
    with contextlib.suppress(Exception):
        import importlib
        import pkgutil  # here, not before the first window (issue 18's start-up)

        import desktop.core

        for module in pkgutil.walk_packages(desktop.core.__path__, "desktop.core."):
            importlib.import_module(module.name)
    with contextlib.suppress(RuntimeError, AttributeError):  # no controller (the bench), or it is gone (a quit)
        done.emit()
