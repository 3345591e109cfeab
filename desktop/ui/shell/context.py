"""What every screen receives: the open vault, the worker's preferences, and the app-wide signals.

Screens never reach for a global main window; they get an AppContext in their constructor.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QObject, Signal

from desktop.core.common.plain_text import one_line
from desktop.core.profile import settings as vault_settings
from desktop.core.vault.vault import Vault
from desktop.ui.shell.preferences import Preferences
from desktop.ui.widgets.clipboard_guard import ClipboardGuard


class DataKind(StrEnum):
    """What changed in the vault, sent by data_changed: each screen refreshes on the kinds it shows. Members, never
    bare strings, so a misspelt kind fails where it is written instead of leaving a screen silently stale."""

    AUDIT = "audit"                     # an entry was added (a release, a refusal, a failed write)
    BOOKINGS = "bookings"
    CLIENTS = "clients"
    CONSENTS = "consents"
    INTERPRETERS = "interpreters"
    PROMISES = "promises"
    SCRIPTS = "scripts"                 # the organisation's update brought scripts
    SCRIPTS_SHOWN = "scripts_shown"     # a script was logged as shown in a session
    SCRIPT_REVIEWS = "script_reviews"   # a paragraph's translation was checked
    SESSIONS = "sessions"
    SETTINGS = "settings"


class AppEvents(QObject):
    """App-wide signals. Editors flush unsaved text on about_to_lock; screens refresh on data_changed."""

    about_to_lock = Signal()
    data_changed = Signal(object)       # a DataKind member, sent only through changed() below
    navigate = Signal(str, object)      # section key, optional payload (e.g. a client id)
    status_message = Signal(str)        # a short, translated sentence for the status bar

    def changed(self, kind: DataKind) -> None:
        """Tells every screen that ``kind`` changed; anything but a DataKind member (a bare or misspelt string) is
        refused, so it cannot go out unheard."""
        if not isinstance(kind, DataKind):
            raise TypeError(f"data_changed takes a DataKind, not {kind!r}")
        self.data_changed.emit(kind)


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
