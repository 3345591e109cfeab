"""What every screen receives: the open vault, the worker's preferences, and the app-wide signals.

Screens never reach for a global main window; they get an AppContext in their constructor.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.core.common.plain_text import one_line
from desktop.core.profile import settings as vault_settings
from desktop.core.vault.vault import Vault
from desktop.ui.shell.preferences import Preferences
from desktop.ui.widgets.clipboard_guard import ClipboardGuard


class AppEvents(QObject):
    """App-wide signals. Editors flush unsaved text on about_to_lock; screens refresh on data_changed."""

    about_to_lock = Signal()
    data_changed = Signal(str)          # a kind: "clients", "sessions", "consents", "interpreters", "bookings" ...
    navigate = Signal(str, object)      # section key, optional payload (e.g. a client id)
    status_message = Signal(str)        # a short, translated sentence for the status bar


class AppContext:
    def __init__(self, vault: Vault, preferences: Preferences, clipboard: ClipboardGuard, *, demo: bool = False):
        self.vault = vault
        self.preferences = preferences
        self.clipboard = clipboard
        self.demo = demo
        self.events = AppEvents()

    @property
    def db(self):
        return self.vault.db

    @property
    def worker_name(self) -> str:
        return one_line(vault_settings.get(self.db, "worker_name"))

    @property
    def organisation(self) -> str:
        return one_line(vault_settings.get(self.db, "organisation"))
