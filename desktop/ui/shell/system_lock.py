"""Lock when the desktop session locks or the machine goes to sleep, where the platform tells us.

Linux: the login manager's PrepareForSleep and the session's Lock signal (logind, system bus), and the
freedesktop / GNOME screensaver's ActiveChanged (session bus). Windows and macOS: Qt gives no portable signal;
Harbour relies on its idle lock there (see docs/SECURITY.md).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import SLOT, QObject, Signal, Slot

_SCREENSAVERS = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)


class SystemLockWatcher(QObject):
    lock_now = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.listening: list[str] = []
        if sys.platform.startswith("linux"):
            self._connect_dbus()

    @Slot(bool)
    def on_sleep_or_screensaver(self, starting: bool) -> None:
        if starting:
            self.lock_now.emit()

    @Slot()
    def on_session_lock(self) -> None:
        self.lock_now.emit()

    def _connect_dbus(self) -> None:
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            return
        system = QDBusConnection.systemBus()
        if system.isConnected():
            if system.connect("org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.login1.Manager",
                              "PrepareForSleep", self, SLOT("on_sleep_or_screensaver(bool)")):
                self.listening.append("login1.PrepareForSleep")
            if system.connect("org.freedesktop.login1", "", "org.freedesktop.login1.Session", "Lock",
                              self, SLOT("on_session_lock()")):
                self.listening.append("login1.Session.Lock")
        session = QDBusConnection.sessionBus()
        if session.isConnected():
            for service, path, interface in _SCREENSAVERS:
                # QDBusConnection.connect wants Qt's SLOT() form: a plain name connects nothing (issue 15 finding 2).
                if session.connect(service, path, interface, "ActiveChanged", self,
                                   SLOT("on_sleep_or_screensaver(bool)")):
                    self.listening.append(f"{interface}.ActiveChanged")
