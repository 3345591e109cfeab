"""E-mail drafts: a mailto: URL the desktop opens in the worker's mail program. Nothing is sent by Harbour.

The body is built from the released fields only; the subject is neutral so mail lists and notifications
reveal nothing.
"""

from __future__ import annotations

from urllib.parse import quote

from desktop.core.consent.gate import Release
from desktop.exports.common import require_channel
from desktop.exports.text import fields_text
from desktop.i18n import _


def build_mailto(release: Release) -> str:
    """Addressed only to ``release.address``: the address the consent names (the gate checked it) or, for a
    report, the one the worker wrote down and the log records."""
    require_channel(release, "email")
    subject = _("Report") if release.basis == "duty_to_report" else _("Information shared with consent")
    query = f"subject={quote(subject)}&body={quote(fields_text(release))}"
    return f"mailto:{quote(release.address, safe='@')}?{query}"
