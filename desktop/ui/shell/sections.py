"""The main window's sections, in navigation order. Each feature adds ONE entry here.

A section factory receives the AppContext and returns a QWidget. The title is a function so it is translated
when the window is built, in the worker's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.ui.shell.context import AppContext


@dataclass(frozen=True)
class Section:
    key: str
    title: Callable[[], str]
    shortcut: str                                # e.g. "Ctrl+1"
    factory: Callable[[AppContext], QWidget]


def _today(context: AppContext) -> QWidget:
    from desktop.ui.clients.today import TodayView

    return TodayView(context)


def _clients(context: AppContext) -> QWidget:
    from desktop.ui.clients.clients_section import ClientsSection

    return ClientsSection(context)


def _scripts(context: AppContext) -> QWidget:
    from desktop.ui.scripts.scripts_view import ScriptsView

    return ScriptsView(context)


def _interpreters(context: AppContext) -> QWidget:
    from desktop.ui.interpreters.directory_view import InterpretersView

    return InterpretersView(context)


def _bookings(context: AppContext) -> QWidget:
    from desktop.ui.bookings.bookings_section import BookingsView

    return BookingsView(context)


def _audit(context: AppContext) -> QWidget:
    from desktop.ui.consent.audit_view import AuditView

    return AuditView(context)


SECTIONS: list[Section] = [
    Section("today", lambda: _("Today"), "Ctrl+1", _today),
    Section("clients", lambda: _("Clients"), "Ctrl+2", _clients),
    Section("scripts", lambda: _("Scripts"), "Ctrl+3", _scripts),
    Section("interpreters", lambda: _("Interpreters"), "Ctrl+4", _interpreters),
    Section("bookings", lambda: _("Bookings"), "Ctrl+5", _bookings),
    Section("audit", lambda: _("Audit log"), "Ctrl+6", _audit),
]
