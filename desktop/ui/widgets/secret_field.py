"""A line edit for secrets (passphrase, recovery key) that keeps no history a person at the laptop could replay.

QLineEdit records every edit for undo, including ``clear()``; in password mode undo is merely unavailable, so
switching the field to normal echo (the recovery key) or pressing Ctrl+Z after a lock could show what was typed
before. This field:

- never undoes or redoes (the keys, the platform's other undo keys and the context menu's entries are gone);
- forgets its history whenever it is emptied (``wipe()``, via ``setText``, which Qt documents as clearing the
  undo/redo history) and whenever its echo mode changes;
- never puts its characters on the accessibility bus (Qt's own line edit sends them in text-changed events,
  even in password mode);
- can be wiped everywhere at once: ``SecretField.wipe_all()`` runs on every lock, whatever caused it.

What Qt keeps in its own freed memory cannot be wiped from Python (docs/SECURITY.md says so).
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.ui.widgets.speech import install_accessible_interfaces

# Undo and redo as each platform spells them, beyond Qt's own QKeySequence.Undo/Redo for this platform.
_HISTORY_KEYS = tuple(QKeySequence(text) for text in ("Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y", "Alt+Backspace",
                                                       "Alt+Shift+Backspace"))
_HISTORY_MENU_ENTRIES = ("edit-undo", "edit-redo")


class SecretField(QLineEdit):
    """A password-echo line edit without undo, redo or a remembered past, silent on the accessibility bus (a screen
    reader hears "password" and its label, never a character: see speech._SecretInterface)."""

    builds_own_menu = True  # the application's copy guard leaves this field's context menu to it

    _live: weakref.WeakSet[SecretField] = weakref.WeakSet()

    def __init__(self, parent: QWidget | None = None) -> None:
        install_accessible_interfaces()  # before Qt builds this field's accessible interface
        super().__init__(parent)
        super().setEchoMode(QLineEdit.EchoMode.Password)
        SecretField._live.add(self)

    @classmethod
    def wipe_all(cls) -> None:
        """Empties every secret field that still exists, history included (called on every kind of lock)."""
        for field in list(cls._live):
            try:
                field.wipe()
            except RuntimeError:  # the Qt side is already deleted: nothing is left to show
                cls._live.discard(field)

    def wipe(self) -> None:
        self.setText("")  # unlike clear(), setText() is not an undoable edit: it drops the whole history

    def clear(self) -> None:  # callers that say clear() mean "forget it"
        self.wipe()

    def setEchoMode(self, mode: QLineEdit.EchoMode) -> None:  # noqa: N802 - Qt API
        # Undo is only "unavailable" in password mode; switching to normal echo would make the history reachable.
        self.wipe()
        super().setEchoMode(mode)

    def undo(self) -> None:
        """Never: a secret field has no past."""

    def redo(self) -> None:
        """Never: a secret field has no past."""

    def event(self, event: QEvent) -> bool:
        # ShortcutOverride is how QLineEdit claims Ctrl+Z before window shortcuts see it: refuse it, and swallow the
        # key press itself so neither the field nor anything else acts on it.
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and _is_history_key(event):
            event.accept()
            return True
        return super().event(event)

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt API
        menu = self.createStandardContextMenu()
        for action in list(menu.actions()):
            if action.objectName() in _HISTORY_MENU_ENTRIES:
                menu.removeAction(action)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())


def _is_history_key(event) -> bool:
    if event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo):
        return True
    pressed = QKeySequence(event.keyCombination())
    return any(pressed.matches(sequence) == QKeySequence.SequenceMatch.ExactMatch for sequence in _HISTORY_KEYS)
