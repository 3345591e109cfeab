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
from desktop.core.common.plain_text import (
    clean_notes,
    control_characters_message,
    has_control_characters,
    has_visible_text,
    visible_length,
)
from desktop.core.consent import audit, consents, gathering, labels
from desktop.core.consent.matching import (  # noqa: F401 - CHANNELS and the errors are the gate's public names
    CHANNELS,
    ConsentRequired,
    EgressError,
    checked_request,
    matching_consent,
)
from desktop.core.vault.db import from_db_time, to_db_time, transaction, utc_now
from desktop.i18n import _

DUTY_REASONS = ("minor", "danger_to_self", "danger_to_others")

MIN_JUSTIFICATION = 20


class FailureNotRecorded(Exception):
    """A failed write could not be added to the audit log either (the vault's disk refused it too)."""


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
    address: str = ""  # the e-mail address the person agreed to (consent) or the worker reports to (duty)
    contacts: tuple[str, ...] = ()  # every address the consent names, for booking requests' e-mail drafts
    booking_id: int | None = None  # the booking a booking request or calendar file was released for
    # Set only by this module: exporters refuse a Release someone built by hand, or changed afterwards
    # (dataclasses.replace), instead of asking the gate. An HMAC over every field with a per-run key.
    _seal: str = field(default="", repr=False, compare=False)


_SEAL_KEY = secrets.token_bytes(32)


def _seal_of(item: Release) -> str:
    body = [dict(item.fields), item.client_id, item.recipient, item.purpose, item.channel, item.basis,
            item.consent_id, item.audit_seq, item.address, list(item.contacts), item.booking_id]
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


def check_request(db, *, client_id: int, recipient: str, purpose: str, categories, channel: str,
                  purpose_kind: str = "other", address: str = "", booking_id: int | None = None,
                  now: datetime | None = None) -> ConsentRequired | None:
    """What ``release`` would say, without releasing or logging anything: the screens ask it before the file
    dialog, so a refusal comes first. EgressError for a request the gate cannot even consider."""
    wanted, recipient, purpose, address = _checked_consent_request(recipient, purpose, purpose_kind, categories,
                                                                  channel, address, booking_id)
    records = consents.consents_for_client(db, client_id)
    chosen, refusal = matching_consent(records, recipient, purpose_kind, purpose, wanted, address,
                                        now or utc_now(), channel)
    return refusal


def release(db, *, client_id: int, recipient: str, purpose: str, categories, channel: str, worker: str,
            booking_id: int | None = None, purpose_kind: str = "other", address: str = "") -> Release:
    """Releases exactly ``categories`` of the client's data to ``recipient`` if one active consent covers them, for
    this kind of purpose (and, for an e-mail draft, to an address the consent names)."""
    wanted, recipient, purpose, address = _checked_consent_request(recipient, purpose, purpose_kind, categories,
                                                                  channel, address, booking_id)
    shown_purpose = consents.purpose_text(purpose_kind, purpose)
    with transaction(db):
        now = utc_now()
        chosen, refusal = matching_consent(consents.consents_for_client(db, client_id), recipient, purpose_kind,
                                            purpose, wanted, address, now, channel)
        if chosen is not None:
            recipient = chosen.recipient  # as the person agreed to it, whatever spelling the worker typed
            fields = _gather(db, client_id, wanted, booking_id)
            if chosen.single_use:
                consents.mark_used(db, chosen.id, now)
            entry = audit.append(
                db, worker=worker, client_id=client_id, channel=channel, recipient=recipient, purpose=shown_purpose,
                categories=wanted, basis="consent", outcome="released", consent_id=chosen.id,
                payload_sha256=audit.payload_hash(db, fields), at=now, recipient_address=address,
            )
    if chosen is not None:
        audit.publish_head(db)
        return _release(fields, client_id, recipient, shown_purpose, channel, "consent", chosen.id, entry.seq,
                        address=address, contacts=chosen.recipient_contacts, booking_id=booking_id)
    # Refusals are logged outside the (empty) release transaction, then raised.
    entry = audit.append(
        db, worker=worker, client_id=client_id, channel=channel, recipient=recipient, purpose=shown_purpose,
        categories=wanted, basis="consent", outcome="refused", consent_id=refusal.consent_id,
        refusal_reason=refusal.reason, recipient_address=address,
    )
    refusal.audit_seq = entry.seq
    raise refusal


def _checked_consent_request(recipient, purpose, purpose_kind, categories, channel, address, booking_id):
    wanted = checked_request(categories, channel)
    recipient, purpose, address = recipient.strip(), purpose.strip(), address.strip().casefold()
    if any(has_control_characters(text) for text in (recipient, purpose, address)):
        raise EgressError(control_characters_message())
    if not has_visible_text(recipient) or (purpose_kind == "other" and not has_visible_text(purpose)):
        raise EgressError(_("Say with whom and why."))
    if purpose_kind not in consents.PURPOSES:
        raise EgressError(f"unknown purpose {purpose_kind!r}")
    if channel == "email" and not address:
        raise EgressError(_("Choose the e-mail address to write to."))
    if "appointment_details" in wanted and booking_id is None:
        raise EgressError(_("Appointment details can only be shared from a booking. Open the booking first."))
    return wanted, recipient, purpose, address


def release_not_client_data(db, *, description: str, recipient: str, channel: str, worker: str,
                            content: str) -> Release:
    """Blank scripts, the interpreter roster, the audit export: no consent needed, still logged."""
    if channel not in CHANNELS:
        raise EgressError(f"unknown channel {channel!r}")
    if not has_visible_text(description):
        raise EgressError(_("Say what is being shared."))
    fields = {"content": content}
    entry = audit.append(
        db, worker=worker, client_id=None, channel=channel, recipient=recipient.strip(),
        purpose=description.strip(), categories=(), basis="not_client_data", outcome="released",
        payload_sha256=audit.payload_hash(db, fields),
    )
    return _release(fields, None, recipient.strip(), description.strip(), channel, "not_client_data", None,
                    entry.seq)


def check_duty_request(*, reason: str, justification: str, recipient: str, categories, channel: str,
                       client_told: str, address: str = "") -> tuple[tuple[str, ...], str, str, str, str]:
    """Refuses, with a sentence, a report that lacks what the gate asks for; the screens call it before the file
    dialog too. Only visible characters count as words: 25 zero-width spaces are no reason. Returns the cleaned
    (categories, justification, recipient, client_told, address)."""
    wanted = checked_request(categories, channel)
    # The justification has several lines: invisible controls are dropped (a NUL would also cut it short for
    # the table's length check); the one-line answers refuse them.
    justification, recipient, client_told = clean_notes(justification).strip(), recipient.strip(), client_told.strip()
    address = address.strip().casefold()
    if any(has_control_characters(text) for text in (recipient, client_told, address)):
        raise EgressError(control_characters_message())
    if reason not in DUTY_REASONS:
        raise EgressError(_("Choose why you must report."))
    if visible_length(justification) < MIN_JUSTIFICATION:
        raise EgressError(_("Write why you must report, in at least {count} characters.").format(
            count=MIN_JUSTIFICATION))
    if not has_visible_text(recipient):
        raise EgressError(_("Say who you are reporting to."))
    if not has_visible_text(client_told):
        raise EgressError(_("Say whether the person was told, and when, or why not."))
    if "appointment_details" in wanted:
        raise EgressError(_("Appointment details are not part of a report. Leave them out."))
    if channel == "email" and not address:
        raise EgressError(_("Choose the e-mail address to write to."))
    return wanted, justification, recipient, client_told, address


def release_duty_to_report(db, *, client_id: int, reason: str, justification: str, recipient: str, categories,
                           channel: str, worker: str, client_told: str, address: str = "") -> Release:
    """Shares without consent because the law or immediate danger requires it. Logged as such, never as consent,
    and recorded as a disclosure with the justification and whether the person was told."""
    wanted, justification, recipient, client_told, address = check_duty_request(
        reason=reason, justification=justification, recipient=recipient, categories=categories, channel=channel,
        client_told=client_told, address=address)
    with transaction(db):
        now = utc_now()
        fields = _gather(db, client_id, wanted, None)
        purpose = _("Duty to report: {reason}").format(reason=labels.duty_reason_label(reason))
        entry = audit.append(
            db, worker=worker, client_id=client_id, channel=channel, recipient=recipient, purpose=purpose,
            categories=wanted, basis="duty_to_report", outcome="released", duty_reason=reason,
            payload_sha256=audit.payload_hash(db, fields), at=now, recipient_address=address,
        )
        db.execute(
            "INSERT INTO disclosures (client_id, reason, justification, client_told, recipient, categories,"
            " channel, worker, disclosed_at, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [client_id, reason, justification, client_told, recipient, audit.canonical_json(list(wanted)).decode(),
             channel, worker, to_db_time(now), entry.seq],
        )
    audit.publish_head(db)
    return _release(fields, client_id, recipient, purpose, channel, "duty_to_report", None, entry.seq,
                    address=address)


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
        entry = _append_failure(db, item.audit_seq, reason)
        audit.publish_head(db)
        return entry
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


def _gather(db, client_id: int, wanted, booking_id: int | None) -> dict[str, str]:
    try:
        return gathering.gather(db, client_id, wanted, booking_id)
    except gathering.NotThisClientsBooking as problem:
        raise EgressError(str(problem)) from problem


def _release(fields, client_id, recipient, purpose, channel, basis, consent_id, seq, *, address: str = "",
             contacts=(), booking_id: int | None = None) -> Release:
    unsealed = Release(MappingProxyType(dict(fields)), client_id, recipient, purpose, channel, basis, consent_id, seq,
                       address, tuple(contacts), booking_id)
    return replace(unsealed, _seal=_seal_of(unsealed))
