"""Copying to the clipboard through Harbour, so that locking can clear what Harbour put there.

Client data must not be copied directly: it goes through the consent gate (desktop/core/egress), which hands
back the released text, and only then through ClipboardGuard.copy().

The copy is marked as sensitive, the way password managers mark a password, so clipboard managers (KDE Klipper,
GNOME and Wayland history tools), Windows clipboard history and its cloud sync skip it: the person agreed to
share with one recipient, not with a history file or another device. (macOS would need a pasteboard converter
for org.nspasteboard.ConcealedType; not done yet.) Tools that ignore the marks still get it; that is why
locking clears it too.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

_WINDOWS_NO = (0).to_bytes(4, "little")  # a DWORD 0: "no" to history and cloud clipboard
SENSITIVE_MARKS = {
    "x-kde-passwordManagerHint": b"secret",
    'application/x-qt-windows-mime;value="ExcludeClipboardContentFromMonitorProcessing"': b"1",
    'application/x-qt-windows-mime;value="CanIncludeInClipboardHistory"': _WINDOWS_NO,
    'application/x-qt-windows-mime;value="CanUploadToCloudClipboard"': _WINDOWS_NO,
}


class ClipboardGuard:
    def __init__(self) -> None:
        self._fingerprint: str | None = None  # a hash, so the copied text is not kept in memory here

    def copy(self, text: str) -> None:
        data = QMimeData()
        data.setText(text)
        for mark, value in SENSITIVE_MARKS.items():
            data.setData(mark, value)
        QGuiApplication.clipboard().setMimeData(data)
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
