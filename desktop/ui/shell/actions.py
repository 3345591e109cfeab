"""Every app-wide action, declared once: its menu text, its key and what the F1 help says about it.

The main window builds its menu actions from this list and the shortcuts help (shortcuts_help.py) reads it, so a
key cannot be listed in one and bound differently in the other. Section keys (Ctrl+1 …) live in sections.py.
Keys that belong to one screen (Ctrl+D on a promise) stay on that screen's widgets; the help reads those live.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop.i18n import N_, _


@dataclass(frozen=True)
class AppAction:
    name: str                        # what the main window connects it to, e.g. "lock"
    text: Callable[[], str]          # menu text with its Alt letter, translated when the window is built
    keys: str | None                 # portable form, e.g. "Ctrl+L"; None: menu only
    help: str = ""                   # N_-marked sentence for the F1 help; "" for actions without a key
    tip: str = ""                    # N_-marked status-bar tip
    everywhere: bool = False         # also while another window of Harbour has the focus (lock, quick hide)


APP_ACTIONS: tuple[AppAction, ...] = (
    AppAction("lock", lambda: _("&Lock"), "Ctrl+L", N_("Lock Harbour"),
              N_("Lock Harbour now; your passphrase is needed to open it again."), everywhere=True),
    AppAction("quick_hide", lambda: _("&Quick hide"), "F12", N_("Quick hide: lock Harbour and hide it at once"),
              N_("Lock and hide Harbour at once."), everywhere=True),
    AppAction("change_passphrase", lambda: _("Change &passphrase…"), None),
    AppAction("new_key", lambda: _("I think someone saw my passphrase…"), None,
              tip=N_("Make a new key for your notes and backups, and a new recovery key.")),
    AppAction("preferences", lambda: _("P&references…"), "Ctrl+,", N_("Preferences")),
    AppAction("quit", lambda: _("&Quit"), "Ctrl+Q", N_("Quit Harbour")),
    AppAction("new_item", lambda: _("&New…"), "Ctrl+N",
              N_("New: a client on Today, the client list or the search; a session on a client's page; an "
                 "interpreter; a booking. Always what the screen you see lists")),
    AppAction("search_notes", lambda: _("&Search notes…"), "Ctrl+Shift+F",
              N_("Search every session note, from any screen (a client's own notes from their page or a session)")),
    AppAction("shortcuts", lambda: _("&Keyboard shortcuts"), "F1", N_("Keyboard shortcuts (this list)")),
    AppAction("about", lambda: _("&About Harbour"), None),
    AppAction("tour", lambda: _("Take the &tour"), None, tip=N_("A short tour of the five main tasks.")),
)


def app_action(name: str) -> AppAction:
    for action in APP_ACTIONS:
        if action.name == name:
            return action
    raise KeyError(name)
