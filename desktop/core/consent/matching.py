"""How the consent gate matches a request against the client's consents, and the refusals it gives.

Only gate.py calls this module (gate re-exports EgressError and ConsentRequired, which screens catch). A consent
matches when it is active (given, not yet ended, not withdrawn or used), names the same recipient, the same kind
of purpose (and for "something else" the same words), every category asked for, and, for an e-mail draft, the
address the draft is for.
"""

from __future__ import annotations

from desktop.core.consent import consents, labels
from desktop.i18n import _

CHANNELS = ("file_pdf", "file_csv", "file_text", "print", "email", "clipboard", "calendar", "booking_request")


class EgressError(ValueError):
    """A request the gate cannot even consider (bad channel, missing booking, short justification)."""


class ConsentRequired(Exception):
    """Refused: no consent covers this release. ``str()`` is a sentence for the worker."""

    REASONS = ("no_consent", "expired", "withdrawn", "used", "not_yet", "recipient_out_of_scope",
               "purpose_out_of_scope", "address_out_of_scope", "category_out_of_scope")

    def __init__(self, reason: str, *, recipient: str, missing_categories=(), consent_id: int | None = None,
                 audit_seq: int | None = None) -> None:
        self.reason = reason
        self.recipient = recipient
        self.missing_categories = tuple(missing_categories)
        self.consent_id = consent_id
        self.audit_seq = audit_seq
        super().__init__(self._sentence())

    def _sentence(self) -> str:
        if self.reason == "category_out_of_scope":
            names = ", ".join(labels.category_label(c) for c in self.missing_categories)
            return _("The person did not agree to share these with {recipient}: {names}.").format(
                recipient=self.recipient, names=names)
        sentences = {
            "no_consent": _("There is no consent on record for sharing this person's information."),
            "expired": _("The consent to share with {recipient} has expired."),
            "withdrawn": _("The person withdrew their consent to share with {recipient}."),
            "used": _("The single-use consent to share with {recipient} was already used."),
            "recipient_out_of_scope": _("The person has not agreed to share anything with {recipient}."),
            "not_yet": _("The consent to share with {recipient} is dated in the future, so it does not count yet."),
            "purpose_out_of_scope": _("The person agreed to share with {recipient}, but not for this purpose."),
            "address_out_of_scope": _("The person did not agree to this address for {recipient}. An e-mail can "
                                      "only go to an address recorded with their consent."),
        }
        return sentences[self.reason].format(recipient=self.recipient)


def checked_request(categories, channel: str) -> tuple[str, ...]:
    if channel not in CHANNELS:
        raise EgressError(f"unknown channel {channel!r}")
    wanted = tuple(dict.fromkeys(categories))
    unknown = [c for c in wanted if c not in consents.CATEGORIES]
    if unknown:
        raise EgressError(f"unknown categories {unknown!r}")
    if not wanted:
        raise EgressError(_("Choose at least one kind of information to share."))
    return tuple(c for c in consents.CATEGORIES if c in wanted)


def _same_recipient(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _same_purpose(record: consents.Consent, kind: str, purpose: str) -> bool:
    """The same kind from the short list; for "something else", the same words."""
    if record.purpose_kind != kind:
        return False
    return kind != "other" or " ".join(record.purpose.casefold().split()) == " ".join(purpose.casefold().split())


def matching_consent(records, recipient: str, purpose_kind: str, purpose: str, wanted, address: str, now,
                      channel: str):
    """(consent, None) when one active consent for this recipient and purpose covers every wanted category (and,
    for an e-mail draft, names the address), otherwise (None, ConsentRequired) with the most useful reason."""
    if not records:
        return None, ConsentRequired("no_consent", recipient=recipient)
    for_recipient = [c for c in records if _same_recipient(c.recipient, recipient)]
    if not for_recipient:
        return None, ConsentRequired("recipient_out_of_scope", recipient=recipient)
    active = [c for c in for_recipient if consents.status(c, now) == "active"]
    if not active:
        latest = for_recipient[0]  # consents_for_client gives newest first
        return None, ConsentRequired(consents.status(latest, now), recipient=recipient, consent_id=latest.id)
    for_purpose = [c for c in active if _same_purpose(c, purpose_kind, purpose)]
    if not for_purpose:
        return None, ConsentRequired("purpose_out_of_scope", recipient=recipient, consent_id=active[0].id)
    covering = [c for c in for_purpose if c.allows(wanted)]
    if not covering:
        closest = max(for_purpose, key=lambda c: len(set(wanted) & set(c.categories)))
        missing = [c for c in wanted if c not in closest.categories]
        return None, ConsentRequired("category_out_of_scope", recipient=recipient, missing_categories=missing,
                                     consent_id=closest.id)
    if channel == "email":
        addressed = [c for c in covering if address in c.recipient_contacts]
        if not addressed:
            return None, ConsentRequired("address_out_of_scope", recipient=recipient, consent_id=covering[0].id)
        return addressed[0], None
    return covering[0], None


