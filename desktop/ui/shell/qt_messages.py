"""Qt's own warnings, without client text: Qt prints what it could not do, often with the text it was given
(``Unable to detect a launcher for 'mailto:…&body=<the released notes>'``), and desktop sessions keep stderr in
the journal or ~/.xsession-errors. The handler installed here writes the category and Qt's sentence only: quoted
text, URLs and paths are replaced by "[…]", and the line is cut short.
"""

from __future__ import annotations

import re
import sys

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

WITHHELD = "[…]"
MAX_LENGTH = 160
# Compiled by re (and kept in its cache) at Qt's first warning, not at start-up: most runs have none (issue 18).
_QUOTED = r"""'[^']*'?|"[^"]*"?|“[^”]*”?|‘[^’]*’?|«[^»]*»?"""
_URL_OR_PATH = r"\b[a-zA-Z][a-zA-Z0-9+.-]*:\S+|(?:~|\.{0,2})?[/\\]\S+"


def redacted(message: str) -> str:
    """Qt's sentence with everything it quoted, every URL and every path withheld."""
    text = re.sub(_URL_OR_PATH, WITHHELD, re.sub(_QUOTED, WITHHELD, message or ""))
    text = " ".join(text.split())
    return text if len(text) <= MAX_LENGTH else text[:MAX_LENGTH] + "…"


def _handle(kind, context, message: str) -> None:
    if kind == QtMsgType.QtDebugMsg:
        return  # Qt's debug chatter helps nobody at an outreach desk
    category = getattr(context, "category", None) or "default"
    prefix = "" if category == "default" else f"{category}: "  # as Qt's own default pattern writes it
    sys.stderr.write(f"{prefix}{redacted(message)}\n")


def install() -> None:
    """Before the QApplication exists, so even the platform plugin's first warnings go through it."""
    qInstallMessageHandler(_handle)
