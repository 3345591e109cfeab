"""A booking request: a message to read on the phone or paste into an e-mail, and a mailto: draft.

Built only from a Release (from the consent gate) and the booking's non-identifying facts. Client fields appear
only when the release carries them, that is when a consent covers this interpreter or agency.
"""

from __future__ import annotations

from urllib.parse import quote

from desktop.core.consent.gate import Release
from desktop.core.consent.labels import category_label
from desktop.core.interpreters.booking_sharing import CLIENT_CATEGORIES, BookingFacts
from desktop.exports.common import require_channel
from desktop.i18n import _


class ReleaseMismatch(ValueError):
    """The release does not hold these facts: the audit log would not match what is sent."""


def consented_lines(release: Release, facts: BookingFacts) -> list[str]:
    """The client lines a booking export may hold, once the release is checked against what is written: made for
    this booking, its client and its interpreter (or their agency), or else the exact facts without a client."""
    changed = _("The booking changed after it was prepared; prepare the request again.")
    if release.basis == "not_client_data":
        if release.fields.get("content") != facts.text() or release.recipient != facts.recipient:
            raise ReleaseMismatch(changed)
        return []
    if (release.basis != "consent" or release.booking_id != facts.booking_id or release.client_id != facts.client_id
            or release.recipient.casefold() not in {facts.recipient.casefold(), facts.agency.casefold()}):
        raise ReleaseMismatch(changed)
    return [_("{label}: {value}").format(label=category_label(c), value=release.fields[c])
            for c in CLIENT_CATEGORIES if c in release.fields]


def request_text(release: Release, facts: BookingFacts) -> str:
    require_channel(release, "booking_request")
    client_lines = consented_lines(release, facts)
    parts = [
        _("Hello {recipient},").format(recipient=facts.recipient),
        "",
        _("{organisation} would like to book an interpreter.").format(organisation=facts.organisation or _("We")),
        "",
        *facts.lines(),
    ]
    if client_lines:
        parts += ["", _("Shared with the client's consent:"), *client_lines]
    parts += [
        "",
        _("Please keep this request confidential and do not contact the client directly. We will brief you "
          "before the session."),
        _("Please tell us if you may know the client, their family or their community."),
        "",
        _("Thank you,"),
        ", ".join(part for part in (facts.worker, facts.organisation) if part),
    ]
    return "\n".join(parts)


def email_subject(facts: BookingFacts) -> str:
    return _("Interpreter booking request H-{number}").format(number=facts.booking_id)


def request_mailto(release: Release, facts: BookingFacts) -> str:
    """A mailto: URL for the worker's mail program; Harbour sends nothing itself."""
    body = request_text(release, facts)
    if release.basis == "consent" and facts.recipient_email.strip().casefold() not in release.contacts:
        # The client's name may only go to an address the person agreed to.
        raise ReleaseMismatch(_("The person did not agree to this address for {recipient}. An e-mail can only go "
                                "to an address recorded with their consent.").format(recipient=release.recipient))
    address = quote(facts.recipient_email.strip(), safe="@")
    return f"mailto:{address}?subject={quote(email_subject(facts))}&body={quote(body)}"
