"""Consent records: who may receive what about a client, why, how it was given, and until when.

A consent is specific (one recipient, named categories, a purpose), time-limited (90 days unless the worker
chooses otherwise, or single use) and can be withdrawn at any time. What was agreed is never edited afterwards
(a trigger refuses it): a changed agreement is a new record. Only gate.py decides whether a consent releases.
The purpose is a kind from a short list (PURPOSES) plus the worker's words; the recipient may have contact
addresses, and an e-mail draft can only be addressed to one of them. A consent cannot be dated in the future.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop.core.common.plain_text import (
    clean_notes,
    control_characters_message,
    has_control_characters,
    has_visible_text,
)
from desktop.core.consent import labels
from desktop.core.vault.db import from_db_time, not_leaving, to_db_time, transaction, utc_now
from desktop.i18n import _

CATEGORIES = (
    "first_name",
    "language_needs",
    "contact_details",
    "appointment_details",
    "session_summary",
    "full_notes",
)

PURPOSES = ("referral", "health", "housing", "legal", "immigration", "work", "safety", "interpreter_booking",
            "other")

METHODS = ("verbal_interpreter", "verbal_client_language", "written_signed")

STATUSES = ("active", "not_yet", "expired", "withdrawn", "used")

DEFAULT_VALIDITY = timedelta(days=90)


def purpose_text(kind: str, purpose: str) -> str:
    """How a purpose is said: the kind's label, and the worker's words after it when they add something."""
    if kind == "other" or not purpose.strip():
        return purpose.strip() or labels.purpose_label(kind)
    return _("{kind}: {words}").format(kind=labels.purpose_label(kind), words=purpose.strip())


_ADDRESS = re.compile(r"^[^@\s<>,;\\\"']+@[^@\s<>,;\\\"']+\.[^@\s<>,;\\\"'.]+$")
MAX_CONTACTS = 5
# How far ahead of this computer's clock a "given at" may be (another device's clock, a slow save): beyond that
# a consent is dated in the future and refused, since it would release before the person agreed.
CLOCK_TOLERANCE = timedelta(minutes=5)


def checked_addresses(addresses) -> tuple[str, ...]:
    """E-mail addresses as the consent keeps them (trimmed, lower case, no duplicates); ConsentInvalid if one is
    not an address."""
    if isinstance(addresses, str):
        addresses = re.split(r"[,;\s]+", addresses)
    kept = tuple(dict.fromkeys(a.strip().casefold() for a in addresses if a and a.strip()))
    for address in kept:
        if not _ADDRESS.match(address):
            raise ConsentInvalid(_("“{address}” is not an e-mail address.").format(address=address))
    if len(kept) > MAX_CONTACTS:
        raise ConsentInvalid(_("Name at most {count} addresses.").format(count=MAX_CONTACTS))
    return kept


class ConsentInvalid(ValueError):
    """A consent that cannot be recorded as given; the message is a sentence for the worker."""


class ConsentNotFound(LookupError):
    def __init__(self, consent_id: int) -> None:
        super().__init__(_("No consent record number {number} was found.").format(number=consent_id))
        self.consent_id = consent_id


@dataclass(frozen=True)
class Consent:
    id: int
    client_id: int
    purpose: str
    recipient: str
    categories: tuple[str, ...]
    method: str
    interpreter_name: str
    explained_script: str
    explained_language: str
    given_at: datetime
    valid_until: datetime | None
    single_use: bool
    used_at: datetime | None
    recorded_by: str
    withdrawn_at: datetime | None
    withdrawal_note: str
    help_not_conditional_explained: bool
    risks_discussed: bool
    recipient_contacts: tuple[str, ...] = ()
    purpose_kind: str = "other"

    def allows(self, categories) -> bool:
        return set(categories) <= set(self.categories)


def record_consent(
    db,
    *,
    client_id: int,
    purpose: str,
    recipient: str,
    categories,
    method: str,
    recorded_by: str,
    interpreter_name: str = "",
    explained_script: str = "",
    explained_language: str = "",
    given_at: datetime | None = None,
    valid_until: datetime | None = None,
    single_use: bool = False,
    help_not_conditional_explained: bool = False,
    risks_discussed: bool = False,
    purpose_kind: str = "other",
    recipient_contacts=(),
) -> Consent:
    """Stores what the person agreed to. Validity defaults to 90 days from when it was given, unless single use."""
    purpose, recipient, recorded_by = purpose.strip(), recipient.strip(), recorded_by.strip()
    interpreter_name = interpreter_name.strip()
    if any(has_control_characters(text) for text in (purpose, recipient, recorded_by, interpreter_name,
                                                      explained_script, explained_language)):
        raise ConsentInvalid(control_characters_message())
    chosen = _checked_categories(categories)
    contacts = checked_addresses(recipient_contacts)
    if not has_visible_text(recipient):
        raise ConsentInvalid(_("Say who would receive the information: one organisation or one person."))
    if purpose_kind not in PURPOSES:
        raise ConsentInvalid(_("Choose why the information would be shared."))
    if purpose_kind == "other" and not has_visible_text(purpose):
        raise ConsentInvalid(_("Say why the information would be shared."))
    if method not in METHODS:
        raise ConsentInvalid(_("Say how the consent was given."))
    if method == "verbal_interpreter" and not interpreter_name:
        raise ConsentInvalid(_("Write the name of the interpreter who explained it."))
    if not recorded_by:
        raise ConsentInvalid(_("The worker's name is missing. Add it in the settings first."))
    given_at = given_at or utc_now()
    if given_at > utc_now() + CLOCK_TOLERANCE:
        raise ConsentInvalid(_("A consent cannot be dated in the future. Record it when the person gives it."))
    if valid_until is None and not single_use:
        valid_until = given_at + DEFAULT_VALIDITY
    if valid_until is not None and valid_until <= given_at:
        raise ConsentInvalid(_("The end date must come after the day the consent was given."))
    if not _client_exists(db, client_id):
        raise ConsentInvalid(_("This client record no longer exists."))
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO consents (client_id, purpose, recipient, categories, method, interpreter_name,"
            " explained_script, explained_language, given_at, valid_until, single_use, recorded_by,"
            " help_not_conditional_explained, risks_discussed, purpose_kind, recipient_contacts)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                client_id, purpose or labels.purpose_label(purpose_kind), recipient, json.dumps(list(chosen)), method,
                interpreter_name,
                explained_script.strip(), explained_language.strip(), to_db_time(given_at),
                to_db_time(valid_until) if valid_until else None, int(single_use), recorded_by,
                int(help_not_conditional_explained), int(risks_discussed), purpose_kind, json.dumps(list(contacts)),
            ],
        )
        new_id = cursor.lastrowid
    return get_consent(db, new_id)


def withdraw(db, consent_id: int, note: str = "", *, at: datetime | None = None) -> Consent:
    """Marks a consent withdrawn from now on; it never releases anything again."""
    current = get_consent(db, consent_id)
    if current.withdrawn_at is not None:
        raise ConsentInvalid(_("This consent was already withdrawn."))
    db.execute(
        "UPDATE consents SET withdrawn_at = ?, withdrawal_note = ? WHERE id = ?",
        [to_db_time(at or utc_now()), clean_notes(note).strip(), consent_id],
    )
    return get_consent(db, consent_id)


def mark_used(db, consent_id: int, at: datetime | None = None) -> None:
    """Called by the gate, inside its transaction, when a single-use consent releases."""
    db.execute("UPDATE consents SET used_at = ? WHERE id = ? AND used_at IS NULL",
               [to_db_time(at or utc_now()), consent_id])


def get_consent(db, consent_id: int) -> Consent:
    row = db.execute(f"SELECT {_COLUMNS} FROM consents WHERE id = ? AND {not_leaving('client_id')}",
                     [consent_id]).fetchone()
    if row is None:
        raise ConsentNotFound(consent_id)
    return _from_row(row)


def consents_for_client(db, client_id: int) -> list[Consent]:
    """Newest first."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM consents WHERE client_id = ? AND {not_leaving('client_id')} "
        "ORDER BY given_at DESC, id DESC", [client_id]
    ).fetchall()
    return [_from_row(row) for row in rows]


def status(consent: Consent, now: datetime | None = None) -> str:
    """'withdrawn' wins over everything; then 'used' (single use), then 'not_yet' (dated after ``now``: it never
    releases before the person agreed), then 'expired', else 'active'."""
    now = now or utc_now()
    if consent.withdrawn_at is not None and consent.withdrawn_at <= now:
        return "withdrawn"
    if consent.given_at > now:
        return "not_yet"
    if consent.single_use and consent.used_at is not None:
        return "used"
    if consent.valid_until is not None and now >= consent.valid_until:
        return "expired"
    return "active"


def last_explained_script(db, client_id: int) -> tuple[str, str] | None:
    """('script / locale / rev revision', locale) of the consent script last shown to this client in their latest
    session, so the record can say exactly which words were used. None if it was not shown in Harbour."""
    from desktop.core.records import sessions  # lazy: both are optional neighbours of this module
    from desktop.core.scripts import script_log

    history = sessions.sessions_for_client(db, client_id)
    if not history:
        return None
    shown = [s for s in script_log.shown_in_session(db, history[0].id) if s.script_id == "consent"]
    if not shown:
        return None
    last = shown[-1]
    return f"{last.script_id} / {last.locale} / rev {last.revision}", last.locale


def _checked_categories(categories) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(categories))
    unknown = [c for c in chosen if c not in CATEGORIES]
    if unknown:
        raise ConsentInvalid(_("Unknown kind of information: {names}.").format(names=", ".join(unknown)))
    if not chosen:
        raise ConsentInvalid(_("Choose at least one kind of information the person agreed to share."))
    return tuple(c for c in CATEGORIES if c in chosen)


def _client_exists(db, client_id: int) -> bool:
    return db.execute(f"SELECT 1 FROM clients WHERE id = ? AND {not_leaving('id')}", [client_id]).fetchone() is not None


_COLUMNS = (
    "id, client_id, purpose, recipient, categories, method, interpreter_name, explained_script,"
    " explained_language, given_at, valid_until, single_use, used_at, recorded_by, withdrawn_at,"
    " withdrawal_note, help_not_conditional_explained, risks_discussed, recipient_contacts, purpose_kind"
)


def _from_row(row) -> Consent:
    return Consent(
        id=row[0],
        client_id=row[1],
        purpose=row[2],
        recipient=row[3],
        categories=tuple(json.loads(row[4])),
        method=row[5],
        interpreter_name=row[6],
        explained_script=row[7],
        explained_language=row[8],
        given_at=from_db_time(row[9]),
        valid_until=from_db_time(row[10]),
        single_use=bool(row[11]),
        used_at=from_db_time(row[12]),
        recorded_by=row[13],
        withdrawn_at=from_db_time(row[14]),
        withdrawal_note=row[15],
        help_not_conditional_explained=bool(row[16]),
        risks_discussed=bool(row[17]),
        recipient_contacts=tuple(json.loads(row[18] or "[]")),
        purpose_kind=row[19],
    )
