"""What a consent allows, and the reports made without one, in sentences (the Consent panel and Share… say them)."""

from __future__ import annotations

from datetime import datetime

from desktop.core.common.formatting import format_date, format_list
from desktop.core.consent import consents, labels
from desktop.core.consent import gate as egress
from desktop.i18n import _


def allows_sentence(record: consents.Consent, now: datetime | None = None) -> str:
    """What this consent allows right now, in one sentence."""
    state = consents.status(record, now)
    what = format_list([labels.category_label(c) for c in record.categories])
    if state == "withdrawn":
        return _("Withdrawn on {date}. Nothing is shared under it any more.").format(
            date=format_date(record.withdrawn_at))
    if state == "used":
        return _("Used on {date}. It allowed one sharing only, so nothing more is shared.").format(
            date=format_date(record.used_at))
    if state == "not_yet":
        return _("Dated {date}, in the future. Nothing is shared under it before then.").format(
            date=format_date(record.given_at))
    if state == "expired":
        return _("Ended on {date}. Nothing is shared under it any more; ask again if needed.").format(
            date=format_date(record.valid_until))
    if record.single_use:
        return _("Allows sharing {what} with {recipient} once.").format(what=what, recipient=record.recipient)
    return _("Allows sharing {what} with {recipient} until {date}.").format(
        what=what, recipient=record.recipient, date=format_date(record.valid_until))


def disclosures_text(items: list[egress.Disclosure]) -> str:
    """Reports made under the duty to report, kept apart from consents, with what the person was told."""
    lines = [_("On {date}, reported to {recipient} without consent ({reason}). Person told: {told}").format(
        date=format_date(item.disclosed_at), recipient=item.recipient, reason=labels.duty_reason_label(item.reason),
        told=item.client_told) for item in items]
    return "\n".join(lines)
