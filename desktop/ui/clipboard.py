"""Copying to the clipboard through Harbour, so that locking can clear what Harbour put there.

Client data must not be copied directly: it goes through the consent gate (desktop/core/egress), which hands
back the released text, and only then through ClipboardGuard.copy().
"""

from __future__ import annotations

import hashlib

from PySide6.QtGui import QGuiApplication


class ClipboardGuard:
    def __init__(self) -> None:
        self._fingerprint: str | None = None  # a hash, so the copied text is not kept in memory here

    def copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self._fingerprint = _fingerprint(text)

    def holds_harbour_text(self) -> bool:
        return self._fingerprint is not None and _fingerprint(QGuiApplication.clipboard().text()) == self._fingerprint

    def clear_if_ours(self) -> bool:
        cleared = self.holds_harbour_text()
        if cleared:
            QGuiApplication.clipboard().clear()
        self._fingerprint = None
        return cleared


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
