"""Copy to the clipboard: the released fields as text, through the app's ClipboardGuard, which clears it again
(after desktop.ui.widgets.clipboard_guard.CLEAR_AFTER_SECONDS, on lock and on quit)."""

from __future__ import annotations

from desktop.core.consent.gate import Release
from desktop.exports.common import require_channel
from desktop.exports.text import fields_text


def clipboard_text(release: Release) -> str:
    require_channel(release, "clipboard")
    return fields_text(release)


def copy_release(release: Release, guard) -> str:
    """``guard`` is desktop.ui.widgets.clipboard_guard.ClipboardGuard (passed in, so this module needs no UI import)."""
    text = clipboard_text(release)
    guard.copy(text)
    return text
