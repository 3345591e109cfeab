"""What a screen reader hears beyond a control's name: announcements of what just happened (saved, refused, wrong
passphrase), message labels heard as their own words, dialogs that are alerts, and secret fields that never put
their characters on the accessibility bus.

Qt builds one accessible interface per widget class; ``_interface_for`` is the factory Qt asks first for Harbour's
own classes (Qt walks from the most derived class up, so ``SecretField`` (widgets/secret_field.py) is asked before
``QLineEdit``).
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QAccessibleWidget, QLabel, QWidget

_ROLES: dict[str, QAccessible.Role] = {}
_factory_installed = False


def announce(widget: QWidget, text: str, *, urgent: bool = False) -> None:
    """Says ``text`` through the screen reader now, without moving the keyboard (Qt 6.8+: object:announcement).

    ``urgent`` interrupts what is being read (a refusal, a wrong passphrase); otherwise it waits its turn (saved)."""
    if not text:
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if urgent
                        else QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)


def message_label(label: QLabel, purpose: str = "") -> QLabel:
    """Marks ``label`` as a message: heard as its words, never as a fixed name (on Linux a label's accessible
    name replaces its text). What it is for, if said at all, is its description, heard after the words."""
    label.setAccessibleName("")
    label.setAccessibleDescription(purpose)
    return label


def say(label: QLabel, text: str, *, urgent: bool = False) -> None:
    """Shows ``text`` in a message label and announces it: errors (urgent), saves and other news (polite)."""
    label.setText(text)
    announce(label, text, urgent=urgent)


def alert(cls):
    """Class decorator for a dialog that says something was refused or failed: a screen reader meets it as an
    alert, and hears its ``alert_message()`` as soon as it appears, before the buttons."""
    _ROLES[cls.__name__] = QAccessible.Role.AlertMessage
    install_accessible_interfaces()
    shown = cls.showEvent

    def show_event(self, event) -> None:
        shown(self, event)
        announce(self, self.alert_message(), urgent=True)

    cls.showEvent = show_event
    return cls


class _RoleInterface(QAccessibleWidget):
    def __init__(self, widget: QWidget, role: QAccessible.Role) -> None:
        super().__init__(widget, role)


class _SecretInterface(QAccessibleWidget):
    """A password field with a name and state but no text interface: Qt's AT-SPI bridge drops text-changed events
    for an object without one, so the characters typed never travel on the bus (Qt's own line edit sends them in
    clear, even in password mode)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget, QAccessible.Role.EditableText)

    def state(self):
        state = super().state()
        state.passwordEdit = True
        state.editable = True
        state.focusable = True
        return state


def _interface_for(class_name: str, obj):
    if class_name == "SecretField" and isinstance(obj, QWidget):
        return _SecretInterface(obj)
    role = _ROLES.get(class_name)
    if role is not None and isinstance(obj, QWidget):
        return _RoleInterface(obj, role)
    return None


def install_accessible_interfaces() -> None:
    global _factory_installed
    if not _factory_installed:
        QAccessible.installFactory(_interface_for)
        _factory_installed = True
