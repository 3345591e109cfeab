"""What every exporter shares: the channel check and the labelled sections of a release."""

from __future__ import annotations

from desktop.core.consent.consents import CATEGORIES
from desktop.core.consent.gate import Release, is_issued
from desktop.core.consent.labels import category_label
from desktop.i18n import _


class WrongChannel(ValueError):
    """A release is made for one channel; writing it elsewhere would leave the audit log wrong."""


class NotReleased(ValueError):
    """Something that did not come from the consent gate: nothing is written."""


def require_channel(release: Release, *channels: str) -> None:
    if not is_issued(release):
        raise NotReleased(_("This information did not pass the consent check, so it was not shared."))
    if release.channel not in channels:
        raise WrongChannel(_("This release was made for another channel ({channel}); share it again.").format(
            channel=release.channel))


def sections(release: Release) -> list[tuple[str, str]]:
    """(label, text) for each released field, in the categories' order. Non-client content has no label."""
    ordered = [c for c in CATEGORIES if c in release.fields]
    ordered += [key for key in release.fields if key not in CATEGORIES]
    return [(category_label(key) if key in CATEGORIES else "", release.fields[key]) for key in ordered]


def heading(release: Release) -> list[str]:
    """The lines above the fields: who it is for and why. Neither is client data."""
    if release.basis == "duty_to_report":
        first = _("Report to: {recipient}").format(recipient=release.recipient)
    else:
        first = _("For: {recipient}").format(recipient=release.recipient)
    return [first, _("Purpose: {purpose}").format(purpose=release.purpose)]
