"""THE consent gate: the only way client data leaves Harbour (DESIGN.md 3, invariant).

``release`` gathers the client's data itself (the caller never hands it in), checks it against the client's
consents, and either returns a ``Release`` holding exactly the requested, allowed categories or raises
``ConsentRequired`` naming what is missing. Both outcomes are written to the audit log. Exporters in
desktop/exports take a Release and write only ``release.fields``.

The duty to report is a separate call that needs a reason and a written justification, and is logged as a
duty-to-report release, never as consent. Data not about a client needs no consent but is logged too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType

import sqlcipher3

from desktop.core.common import files
from desktop.core.common.plain_text import clean_notes, control_characters_message, has_control_characters
from desktop.core.consent import audit, consents
from desktop.core.vault.db import from_db_time, to_db_time, transaction, utc_now
from desktop.i18n import N_, _

CHANNELS = ("file_pdf", "file_csv", "file_text", "print", "email", "clipboard", "calendar", "booking_request")

CHANNEL_LABELS = {
    "file_pdf": N_("PDF file"),
    "file_csv": N_("CSV file (spreadsheet)"),
    "file_text": N_("Text file"),
    "print": N_("Printer"),
    "email": N_("E-mail draft"),
    "clipboard": N_("Clipboard"),
    "calendar": N_("Calendar file"),
    "booking_request": N_("Booking request"),
}

DUTY_REASONS = ("minor", "danger_to_self", "danger_to_others")

DUTY_REASON_LABELS = {
    "minor": N_("A child or youth may need protection"),
    "danger_to_self": N_("Immediate danger to the person's own life"),
    "danger_to_others": N_("Immediate danger to someone else"),
}

MIN_JUSTIFICATION = 20


def channel_label(channel: str) -> str:
    return _(CHANNEL_LABELS[channel])


def duty_reason_label(reason: str) -> str:
    return _(DUTY_REASON_LABELS[reason])


class EgressError(ValueError):
    """A request the gate cannot even consider (bad channel, missing booking, short justification)."""


class FailureNotRecorded(Exception):
    """A failed write could not be added to the audit log either (the vault's disk refused it too)."""


class ConsentRequired(Exception):
    """Refused: no consent covers this release. ``str()`` is a sentence for the worker."""

    REASONS = ("no_consent", "expired", "withdrawn", "used", "recipient_out_of_scope", "category_out_of_scope")

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
            names = ", ".join(consents.category_label(c) for c in self.missing_categories)
            return _("The person did not agree to share these with {recipient}: {names}.").format(
                recipient=self.recipient, names=names)
        sentences = {
            "no_consent": _("There is no consent on record for sharing this person's information."),
            "expired": _("The consent to share with {recipient} has expired."),
            "withdrawn": _("The person withdrew their consent to share with {recipient}."),
            "used": _("The single-use consent to share with {recipient} was already used."),
            "recipient_out_of_scope": _("The person has not agreed to share anything with {recipient}."),
        }
        return sentences[self.reason].format(recipient=self.recipient)


@dataclass(frozen=True)
class Release:
    fields: Mapping[str, str]
    client_id: int | None
    recipient: str
    purpose: str
    channel: str
    basis: str
    consent_id: int | None
    audit_seq: int
    # Set only by this module: exporters refuse a Release someone built by hand, or changed afterwards
    # (dataclasses.replace), instead of asking the gate. An HMAC over every field with a per-run key.
    _seal: str = field(default="", repr=False, compare=False)


_SEAL_KEY = secrets.token_bytes(32)


def _seal_of(item: Release) -> str:
    body = [dict(item.fields), item.client_id, item.recipient, item.purpose, item.channel, item.basis,
            item.consent_id, item.audit_seq]
    return hmac.new(_SEAL_KEY, audit.canonical_json(body), hashlib.sha256).hexdigest()


def is_issued(item: Release) -> bool:
    """True for a Release made by this gate (and therefore in the audit log), unchanged since."""
    return isinstance(item, Release) and hmac.compare_digest(item._seal, _seal_of(item))


@dataclass(frozen=True)
class Disclosure:
    """A duty-to-report release, with why it was made and what the person was told."""
    id: int
    client_id: int
    reason: str
    justification: str
    client_told: str
    recipient: str
    categories: tuple[str, ...]
    channel: str
    worker: str
    disclosed_at: datetime
    audit_seq: int


def disclosures_for_client(db, client_id: int) -> list[Disclosure]:
    """Newest first."""
    rows = db.execute(
        "SELECT id, client_id, reason, justification, client_told, recipient, categories, channel, worker,"
        " disclosed_at, audit_seq FROM disclosures WHERE client_id = ? ORDER BY disclosed_at DESC, id DESC",
        [client_id]).fetchall()
    return [Disclosure(*row[:6], tuple(json.loads(row[6])), row[7], row[8], from_db_time(row[9]), row[10])
            for row in rows]


def disclosure_for_audit_entry(db, seq: int) -> Disclosure | None:
    row = db.execute("SELECT client_id FROM disclosures WHERE audit_seq = ?", [seq]).fetchone()
    if row is None:
        return None
    return next(d for d in disclosures_for_client(db, row[0]) if d.audit_seq == seq)


def release(db, *, client_id: int, recipient: str, purpose: str, categories, channel: str, worker: str,
            booking_id: int | None = None) -> Release:
    """Releases exactly ``categories`` of the client's data to ``recipient`` if one active consent covers them."""
    wanted = _checked_request(categories, channel)
    recipient, purpose = recipient.strip(), purpose.strip()
    if has_control_characters(recipient) or has_control_characters(purpose):
        raise EgressError(control_characters_message())
    if "appointment_details" in wanted and booking_id is None:
        raise EgressError(_("Appointment details can only be shared from a booking. Open the booking first."))
    with transaction(db):
        now = utc_now()
        chosen, refusal = _matching_consent(consents.consents_for_client(db, client_id), recipient, wanted, now)
        if chosen is not None:
            recipient = chosen.recipient  # as the person agreed to it, whatever spelling the worker typed
            fields = _gather(db, client_id, wanted, booking_id)
            if chosen.single_use:
                consents.mark_used(db, chosen.id, now)
            entry = audit.append(
                db, worker=worker, client_id=client_id, channel=channel, recipient=recipient, purpose=purpose,
                categories=wanted, basis="consent", outcome="released", consent_id=chosen.id,
                payload_sha256=audit.payload_hash(fields), at=now,
            )
            return _release(fields, client_id, recipient, purpose, channel, "consent", chosen.id, entry.seq)
    # Refusals are logged outside the (empty) release transaction, then raised.
    entry = audit.append(
        db, worker=worker, client_id=client_id, channel=channel, recipient=recipient, purpose=purpose,
        categories=wanted, basis="consent", outcome="refused", consent_id=refusal.consent_id,
        refusal_reason=refusal.reason,
    )
    refusal.audit_seq = entry.seq
    raise refusal


def release_not_client_data(db, *, description: str, recipient: str, channel: str, worker: str,
                            content: str) -> Release:
    """Blank scripts, the interpreter roster, the audit export: no consent needed, still logged."""
    if channel not in CHANNELS:
        raise EgressError(f"unknown channel {channel!r}")
    if not description.strip():
        raise EgressError(_("Say what is being shared."))
    fields = {"content": content}
    entry = audit.append(
        db, worker=worker, client_id=None, channel=channel, recipient=recipient.strip(),
        purpose=description.strip(), categories=(), basis="not_client_data", outcome="released",
        payload_sha256=audit.payload_hash(fields),
    )
    return _release(fields, None, recipient.strip(), description.strip(), channel, "not_client_data", None,
                    entry.seq)


def release_duty_to_report(db, *, client_id: int, reason: str, justification: str, recipient: str, categories,
                           channel: str, worker: str, client_told: str) -> Release:
    """Shares without consent because the law or immediate danger requires it. Logged as such, never as consent,
    and recorded as a disclosure with the justification and whether the person was told."""
    wanted = _checked_request(categories, channel)
    # The justification has several lines: invisible controls are dropped (a NUL would also cut it short for
    # the table's length check); the one-line answers refuse them.
    justification, recipient, client_told = clean_notes(justification).strip(), recipient.strip(), client_told.strip()
    if has_control_characters(recipient) or has_control_characters(client_told):
        raise EgressError(control_characters_message())
    if reason not in DUTY_REASONS:
        raise EgressError(_("Choose why you must report."))
    if len(justification) < MIN_JUSTIFICATION:
        raise EgressError(_("Write why you must report, in at least {count} characters.").format(
            count=MIN_JUSTIFICATION))
    if not recipient:
        raise EgressError(_("Say who you are reporting to."))
    if not client_told:
        raise EgressError(_("Say whether the person was told, and when, or why not."))
    if "appointment_details" in wanted:
        raise EgressError(_("Appointment details are not part of a report. Leave them out."))
    with transaction(db):
        now = utc_now()
        fields = _gather(db, client_id, wanted, None)
        purpose = _("Duty to report: {reason}").format(reason=duty_reason_label(reason))
        entry = audit.append(
            db, worker=worker, client_id=client_id, channel=channel, recipient=recipient, purpose=purpose,
            categories=wanted, basis="duty_to_report", outcome="released", duty_reason=reason,
            payload_sha256=audit.payload_hash(fields), at=now,
        )
        db.execute(
            "INSERT INTO disclosures (client_id, reason, justification, client_told, recipient, categories,"
            " channel, worker, disclosed_at, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [client_id, reason, justification, client_told, recipient, audit.canonical_json(list(wanted)).decode(),
             channel, worker, to_db_time(now), entry.seq],
        )
    return _release(fields, client_id, recipient, purpose, channel, "duty_to_report", None, entry.seq)


def record_failure(db, item: Release, error: BaseException | str) -> audit.AuditEntry:
    """The Release's file could not be written (a full disk...): nothing left. The log is append-only, so its
    "released" entry stays and a "release_failed" entry follows, naming it and why as a fixed word
    (files.WRITE_FAILURES, from the error), never a path or client text. Called by every screen whose write fails
    after the gate released."""
    if not is_issued(item):
        raise EgressError("record_failure needs a Release issued by the gate")
    reason = error if isinstance(error, str) else files.write_failure_kind(error)
    if reason not in files.WRITE_FAILURES:
        raise EgressError(f"unknown write failure {reason!r}")
    try:
        return _append_failure(db, item.audit_seq, reason)
    except sqlcipher3.Error as problem:  # the disk that refused the file may refuse the vault too
        raise FailureNotRecorded(str(problem)) from problem


def _append_failure(db, release_seq: int, reason: str) -> audit.AuditEntry:
    with transaction(db):
        released = db.execute("SELECT worker, client_id, channel, basis FROM audit_log WHERE seq = ?"
                              " AND outcome = 'released'", [release_seq]).fetchone()
        if released is None:
            raise EgressError(f"audit entry {release_seq} is not a release")
        if db.execute("SELECT 1 FROM audit_log WHERE release_seq = ?", [release_seq]).fetchone():
            raise EgressError(f"the failure of release {release_seq} is already recorded")
        worker, client_id, channel, basis = released
        # Recipient and purpose stay empty: the release entry holds them, and they may name the person.
        return audit.append(db, worker=worker, client_id=client_id, channel=channel, recipient="", purpose="",
                            categories=(), basis=basis, outcome="release_failed", release_seq=release_seq,
                            failure_reason=reason)


def _checked_request(categories, channel: str) -> tuple[str, ...]:
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


def _matching_consent(records, recipient: str, wanted, now):
    """(consent, None) when one active consent for this recipient covers every wanted category, otherwise
    (None, ConsentRequired) with the most useful reason: the closest active consent's missing categories, or
    why the latest consent for this recipient no longer counts."""
    if not records:
        return None, ConsentRequired("no_consent", recipient=recipient)
    for_recipient = [c for c in records if _same_recipient(c.recipient, recipient)]
    if not for_recipient:
        return None, ConsentRequired("recipient_out_of_scope", recipient=recipient)
    active = [c for c in for_recipient if consents.status(c, now) == "active"]
    for candidate in active:
        if candidate.allows(wanted):
            return candidate, None
    if active:
        closest = max(active, key=lambda c: len(set(wanted) & set(c.categories)))
        missing = [c for c in wanted if c not in closest.categories]
        return None, ConsentRequired("category_out_of_scope", recipient=recipient, missing_categories=missing,
                                     consent_id=closest.id)
    latest = for_recipient[0]  # consents_for_client gives newest first
    return None, ConsentRequired(consents.status(latest, now), recipient=recipient, consent_id=latest.id)


def _gather(db, client_id: int, wanted, booking_id: int | None) -> dict[str, str]:
    """Reads the client's data from its owners, keeping only the wanted categories."""
    from desktop.core.records import clients  # lazy: the gate must not drag the clients module into every import

    available = clients.release_fields(db, client_id)
    fields = {category: str(available.get(category, "")) for category in wanted if category != "appointment_details"}
    if "appointment_details" in wanted:
        fields["appointment_details"] = _appointment_text(db, client_id, booking_id)
    return {category: fields[category] for category in wanted}


def _appointment_text(db, client_id: int, booking_id: int) -> str:
    from desktop.core.interpreters import bookings  # lazy, like clients above

    details = dict(bookings.appointment_fields(db, booking_id))
    owner = details.pop("client_id", client_id)
    if owner != client_id:
        raise EgressError(_("This booking belongs to another client."))
    if "appointment_details" in details:
        return str(details["appointment_details"])
    return "\n".join(f"{key}: {value}" for key, value in details.items() if value not in (None, ""))


def _release(fields, client_id, recipient, purpose, channel, basis, consent_id, seq) -> Release:
    unsealed = Release(MappingProxyType(dict(fields)), client_id, recipient, purpose, channel, basis, consent_id, seq)
    return replace(unsealed, _seal=_seal_of(unsealed))
