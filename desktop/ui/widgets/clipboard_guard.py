"""Copying to the clipboard through Harbour, so that Harbour can take back what it put there.

Client data must not be copied directly: it goes through the consent gate (desktop/core/egress), which hands
back the released text, and only then through ClipboardGuard.copy().

The copy is marked as sensitive, the way password managers mark a password, so clipboard managers (KDE Klipper,
GNOME and Wayland history tools), Windows clipboard history and its cloud sync skip it: the person agreed to
share with one recipient, not with a history file or another device. macOS is not marked: clipboard managers
there look for the pasteboard type org.nspasteboard.ConcealedType, but Qt publishes any MIME type it has no
converter for as com.trolltech.anymime.*, and a converter (QUtiMimeConverter) can only be written in C++.
Tools that ignore the marks still get the text, which is why Harbour also clears it CLEAR_AFTER_SECONDS after
the copy, when it locks and when it quits, each time only if the clipboard still holds Harbour's text (what the
worker copied from another program since is theirs). Locking and quitting also clear the X11 PRIMARY selection
(select, then middle-click) when Harbour owns it.

Creating the guard also installs guarded_text.guard_application(): no widget of a copying kind anywhere in
Harbour copies by itself, so this guard stays the only way text reaches the clipboard.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QTimer
from PySide6.QtGui import QGuiApplication

from desktop.i18n import ngettext
from desktop.ui.widgets.guarded_text import guard_application, release_primary_selection

CLEAR_AFTER_SECONDS = 30  # long enough to paste into a form, short enough not to linger all afternoon

_WINDOWS_NO = (0).to_bytes(4, "little")  # a DWORD 0: "no" to history and cloud clipboard
SENSITIVE_MARKS = {
    "x-kde-passwordManagerHint": b"secret",
    'application/x-qt-windows-mime;value="ExcludeClipboardContentFromMonitorProcessing"': b"1",
    'application/x-qt-windows-mime;value="CanIncludeInClipboardHistory"': _WINDOWS_NO,
    'application/x-qt-windows-mime;value="CanUploadToCloudClipboard"': _WINDOWS_NO,
}


def copied_message() -> str:
    """What the worker is told after a copy, wherever it was made."""
    return ngettext("Copied. Harbour clears the clipboard in {seconds} second, or sooner if it locks.",
                    "Copied. Harbour clears the clipboard in {seconds} seconds, or sooner if it locks.",
                    CLEAR_AFTER_SECONDS).format(seconds=CLEAR_AFTER_SECONDS)


class ClipboardGuard:
    def __init__(self, clear_after_ms: int = CLEAR_AFTER_SECONDS * 1000) -> None:
        self._fingerprint: str | None = None  # a hash, so the copied text is not kept in memory here
        self._clear_timer = QTimer()
        self._clear_timer.setSingleShot(True)
        self._clear_timer.setInterval(clear_after_ms)
        self._clear_timer.timeout.connect(self.clear_if_ours)
        guard_application()

    @property
    def clear_after_ms(self) -> int:
        return self._clear_timer.interval()

    def copy(self, text: str) -> None:
        data = QMimeData()
        data.setText(text)
        for mark, value in SENSITIVE_MARKS.items():
            data.setData(mark, value)
        QGuiApplication.clipboard().setMimeData(data)
        self._fingerprint = _fingerprint(text)
        self._clear_timer.start()  # a new copy gets its own full delay

    def holds_harbour_text(self) -> bool:
        return self._fingerprint is not None and _fingerprint(QGuiApplication.clipboard().text()) == self._fingerprint

    def clear_if_ours(self) -> bool:
        """Clears the clipboard if it still holds what Harbour copied, and PRIMARY if Harbour owns it."""
        self._clear_timer.stop()
        cleared = self.holds_harbour_text()
        if cleared:
            QGuiApplication.clipboard().clear()
        self._fingerprint = None
        return release_primary_selection() or cleared


def _fingerprint(text: str) -> str:
    import hashlib  # OpenSSL loads at the first copy, not before the first window (issue 18: start-up)

    return hashlib.sha256(text.encode("utf-8")).hexdigest()
