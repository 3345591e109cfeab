"""The audit log: every release and every refusal (and any release whose file then failed to write, and any
restore from a backup), chained and append-only.

Each entry's hash covers the previous entry's hash and its own fields, so a modified, deleted or reordered entry
breaks the chain. Since issue 16 the chain is keyed: an entry's hash is an HMAC-SHA-256 with a key derived from
the vault's data key (older entries keep their plain SHA-256 and still verify; every entry after the migration
must be keyed). The last entry's number and hash (the head) is also kept outside notes.db, in audit-head.json
beside key.json, and printed in every supervisor export, so a cut tail, a wiped log or an older notes.db put back
is seen at the next unlock, and a supervisor's copy can later show that nothing before its head changed.
Triggers refuse UPDATE and DELETE; ``verify`` catches what got past them. An entry never holds the released data,
only a keyed hash of it (``payload_hash``), which a list of first names cannot reverse.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from desktop.core.common.formatting import format_number
from desktop.core.consent import audit_head
from desktop.core.vault.db import from_db_time, to_db_time, transaction, utc_now
from desktop.i18n import _, ngettext

GENESIS_HASH = "0" * 64
# "release_failed": a follow-up to a "released" entry (release_seq) whose file could not be written, so nothing left.
# "restored": written at the first unlock after a restore from a backup, naming the entries that restore dropped.
OUTCOMES = ("released", "refused", "release_failed", "restored")
BASES = ("consent", "duty_to_report", "not_client_data", "vault")


class AuditUnavailable(RuntimeError):
    """The database is not that of an open vault, so the log's keys cannot be derived: nothing is written."""


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    worker: str
    client_id: int | None
    channel: str
    recipient: str
    purpose: str
    categories: tuple[str, ...]
    basis: str
    consent_id: int | None
    duty_reason: str | None
    outcome: str
    refusal_reason: str | None
    payload_sha256: str | None
    prev_hash: str
    entry_hash: str
    release_seq: int | None = None  # only for "release_failed": the release entry that did not leave
    failure_reason: str | None = None  # only for "release_failed": a fixed word (files.WRITE_FAILURES)
    recipient_address: str | None = None  # the e-mail address a draft was addressed to
    keyed: int | None = None  # 1: entry_hash is an HMAC with the vault's audit key; None: an older, plain SHA-256
    dropped_from: int | None = None  # only for "restored": the entries the restore dropped ...
    dropped_to: int | None = None
    dropped_hash: str | None = None  # ... and the hash the last of them had


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    first_bad_seq: int | None = None
    problem: str = ""
    checked: int = field(default=0, compare=False)   # how many entries the walk read

    def finding(self) -> str:
        """What a check found, in words, whether the chain is whole or not ("Check again" shows it)."""
        if not self.ok:
            return self.warning()
        if not self.checked:
            return _("The audit log is empty: nothing has been shared or refused yet.")
        return ngettext("The audit log is whole: its {count} entry is unchanged and nothing was removed.",
                        "The audit log is whole: all {count} entries are unchanged and none was removed.",
                        self.checked).format(count=format_number(self.checked))

    def warning(self) -> str:
        """A sentence for the worker, or '' when the chain is whole."""
        if self.ok:
            return ""
        return _("The audit log has been changed outside Harbour, starting at entry {seq}: {problem}").format(
            seq=self.first_bad_seq, problem=self.problem
        )


def canonical_json(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def vault_key(db, purpose: str) -> bytes:
    """A key derived from the data key of the vault ``db`` belongs to (Vault.derived_key)."""
    from desktop.core.vault.vault import Vault  # the vault room never imports consent

    owner = Vault.owning(db)
    if owner is None:
        raise AuditUnavailable("the audit log needs the database of an open vault")
    return owner.derived_key(purpose)


def vault_folder(db):
    from desktop.core.vault.vault import Vault

    owner = Vault.owning(db)
    if owner is None:
        raise AuditUnavailable("the audit log needs the database of an open vault")
    return owner.folder


def payload_hash(db, fields: Mapping[str, str]) -> str:
    """HMAC-SHA-256 of the canonical JSON of the released fields, keyed from the vault's data key: proves what left
    without keeping it, and cannot be reversed by hashing a list of likely first names."""
    return hmac.new(vault_key(db, "audit payload"), canonical_json(dict(fields)), hashlib.sha256).hexdigest()


def append(
    db,
    *,
    worker: str,
    client_id: int | None,
    channel: str,
    recipient: str,
    purpose: str,
    categories,
    basis: str,
    outcome: str,
    consent_id: int | None = None,
    duty_reason: str | None = None,
    refusal_reason: str | None = None,
    payload_sha256: str | None = None,
    at: datetime | None = None,
    release_seq: int | None = None,
    failure_reason: str | None = None,
    recipient_address: str | None = None,
    dropped: tuple[int, int, str] | None = None,
) -> AuditEntry:
    if outcome not in OUTCOMES or basis not in BASES:
        raise ValueError(f"bad audit outcome/basis: {outcome!r}/{basis!r}")
    if (outcome == "release_failed") != (release_seq is not None and failure_reason is not None):
        raise ValueError("a release_failed entry, and only one, names its release and a failure reason")
    if (outcome == "restored") != (dropped is not None):
        raise ValueError("a restored entry, and only one, names what the restore dropped")
    key = vault_key(db, "audit chain")
    with transaction(db):
        last = db.execute("SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        record = {
            "seq": seq,
            "at": to_db_time(at or utc_now()),
            "worker": worker,
            "client_id": client_id,
            "channel": channel,
            "recipient": recipient,
            "purpose": purpose,
            "categories": list(categories),
            "basis": basis,
            "consent_id": consent_id,
            "duty_reason": duty_reason,
            "outcome": outcome,
            "refusal_reason": refusal_reason,
            "payload_sha256": payload_sha256,
            "prev_hash": prev_hash,
            "release_seq": release_seq,
            "failure_reason": failure_reason,
            "recipient_address": recipient_address or None,
            "keyed": 1,
            "dropped_from": dropped[0] if dropped else None,
            "dropped_to": dropped[1] if dropped else None,
            "dropped_hash": dropped[2] if dropped else None,
        }
        record["entry_hash"] = _entry_hash(record, key)
        stored = dict(record, categories=json.dumps(record["categories"]))
        columns = ", ".join(stored)
        db.execute(
            f"INSERT INTO audit_log ({columns}) VALUES ({', '.join('?' for _ in stored)})", list(stored.values())
        )
        db.execute(
            "INSERT INTO audit_head (id, seq, entry_hash) VALUES (1, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, entry_hash = excluded.entry_hash",
            [seq, record["entry_hash"]],
        )
    if not db.conn.in_transaction:  # else the caller's transaction publishes the head once it has committed
        publish_head(db)
    return _from_record(record)


def entries(
    db,
    *,
    outcome: str | None = None,
    channel: str | None = None,
    basis: str | None = None,
    client_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[AuditEntry]:
    """Entries in seq order, filtered on whatever is given."""
    clauses, params = [], []
    for column, value in (("outcome", outcome), ("channel", channel), ("basis", basis), ("client_id", client_id)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if since is not None:
        clauses.append("at >= ?")
        params.append(to_db_time(since))
    if until is not None:
        clauses.append("at < ?")
        params.append(to_db_time(until))
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = db.execute(f"SELECT {_COLUMNS} FROM audit_log {where} ORDER BY seq", params).fetchall()
    return [_from_record(_row_record(row)) for row in rows]


def verify(db) -> VerifyResult:
    """Walks the chain from the first entry (numbering, links, own hashes, keyed after the migration, the head
    recorded in notes.db), then compares it with the head kept beside key.json, then checks that every report
    and every used single-use consent has its entry in the log."""
    result = _verify_chain(db)
    if result.ok:
        result = _verify_outside_head(db)
    if result.ok:
        result = _cross_check(db)
    if result.ok:
        result = VerifyResult(True, checked=_count(db))  # how many entries the walk found whole
    return result


def _count(db) -> int:
    return db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]


def _verify_chain(db) -> VerifyResult:
    key = vault_key(db, "audit chain")
    keyed_after = _keyed_after(db)
    rows = db.execute(f"SELECT {_COLUMNS} FROM audit_log ORDER BY seq").fetchall()
    expected_prev, expected_seq = GENESIS_HASH, 1
    for row in rows:
        record = _row_record(row)
        seq = record["seq"]
        if seq != expected_seq:
            return VerifyResult(False, expected_seq, _("entry {seq} is missing.").format(seq=expected_seq))
        if record["prev_hash"] != expected_prev:
            return VerifyResult(False, seq, _("it does not follow the entry before it (removed or reordered)."))
        stored_hash = record.pop("entry_hash")
        if seq > keyed_after and record["keyed"] != 1:
            return VerifyResult(False, seq, _("it was not written by Harbour (it lacks the vault's key)."))
        if not hmac.compare_digest(_entry_hash(record, key), stored_hash):
            return VerifyResult(False, seq, _("its content was modified."))
        expected_prev, expected_seq = stored_hash, seq + 1
    head = db.execute("SELECT seq, entry_hash FROM audit_head WHERE id = 1").fetchone()
    last_seq = expected_seq - 1
    if head is None and rows:
        return VerifyResult(False, 1, _("the record of the last entry is missing."))
    if head is not None and (head[0] != last_seq or head[1] != expected_prev):
        first_bad = min(head[0], last_seq) + 1 if head[0] != last_seq else last_seq
        return VerifyResult(False, first_bad, _("entries at the end of the log were removed or replaced."))
    return VerifyResult(True, checked=len(rows))


def head(db) -> tuple[int, str]:
    """(number, hash) of the last entry; (0, GENESIS_HASH) for an empty log."""
    row = db.execute("SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS_HASH)


def _hash_at(db, seq: int) -> str | None:
    if seq == 0:
        return GENESIS_HASH
    row = db.execute("SELECT entry_hash FROM audit_log WHERE seq = ?", [seq]).fetchone()
    return row[0] if row else None


def publish_head(db) -> None:
    """Writes the head beside key.json, unless the head already there is not on this log's chain: then it stays,
    as evidence, until an unlock reports it (or a restore's entry explains it)."""
    folder, key = vault_folder(db), vault_key(db, "audit head")
    kept = audit_head.read(folder, key)
    if isinstance(kept, audit_head.Head) and _hash_at(db, kept.seq) != kept.entry_hash:
        return
    if kept is audit_head.MISSING and _meta(db, "audit_head_published") and head(db)[0] > 0:
        return
    try:
        audit_head.write(folder, key, *head(db))
    except OSError:
        return  # a full disk: the entry is in notes.db; the copy beside it catches up at the next write or unlock
    if not _meta(db, "audit_head_published"):
        db.execute("INSERT OR REPLACE INTO vault_meta (key, value) VALUES ('audit_head_published', '1')")


def check_at_unlock(db) -> VerifyResult:
    """Run once after each unlock: writes the entry a restore from a backup owes the log (what it dropped), then
    verifies everything and publishes the head."""
    folder, key = vault_folder(db), vault_key(db, "audit head")
    kept = audit_head.read(folder, key)
    if isinstance(kept, audit_head.Head) and kept.restored and _verify_chain(db).ok:
        if _hash_at(db, kept.seq) != kept.entry_hash:
            # The restored log is shorter (entries after its end were dropped) or as long but different (the
            # dropped branch ended at kept.seq): either way the entry names the head that is gone.
            first = min(head(db)[0] + 1, kept.seq)
            append(db, worker="", client_id=None, channel="", recipient="", purpose="", categories=(), basis="vault",
                   outcome="restored", dropped=(first, kept.seq, kept.entry_hash))
        audit_head.write(folder, key, *head(db))
    result = verify(db)
    if result.ok:
        publish_head(db)
    return result


def _verify_outside_head(db) -> VerifyResult:
    kept = audit_head.read(vault_folder(db), vault_key(db, "audit head"))
    last = head(db)[0]
    if kept is audit_head.MISSING:
        if _meta(db, "audit_head_published") and last > 0:
            return VerifyResult(False, last, _("the copy of the last entry kept beside the vault is missing."))
        return VerifyResult(True)
    if kept is audit_head.FORGED:
        return VerifyResult(False, last, _("the copy of the last entry kept beside the vault was changed."))
    if kept.seq > last:
        return VerifyResult(False, last + 1, _(
            "entries {first} to {last} were removed: the copy kept beside the vault names entry {last}.").format(
            first=last + 1, last=kept.seq))
    if _hash_at(db, kept.seq) != kept.entry_hash:
        return VerifyResult(False, kept.seq, _("the log was rewritten: entry {seq} is not the one recorded beside "
                                              "the vault.").format(seq=kept.seq))
    return VerifyResult(True)


def _cross_check(db) -> VerifyResult:
    """Every report (disclosures) and every use of a single-use consent was made by the gate, which logged it."""
    for disclosure_id, client_id, seq in db.execute("SELECT id, client_id, audit_seq FROM disclosures ORDER BY id"):
        row = db.execute("SELECT client_id, basis, outcome FROM audit_log WHERE seq = ?", [seq]).fetchone()
        if row is None or tuple(row) != (client_id, "duty_to_report", "released"):
            return VerifyResult(False, seq, _("report {number} has no matching entry in the log.").format(
                number=disclosure_id))
    for consent_id, client_id in db.execute("SELECT id, client_id FROM consents WHERE used_at IS NOT NULL"):
        row = db.execute("SELECT seq FROM audit_log WHERE consent_id = ? AND client_id = ? AND outcome = 'released'",
                         [consent_id, client_id]).fetchone()
        if row is None:
            return VerifyResult(False, head(db)[0], _(
                "consent {number} is marked as used, but the log has no release under it.").format(number=consent_id))
    return VerifyResult(True)


def _meta(db, name: str) -> str | None:
    row = db.execute("SELECT value FROM vault_meta WHERE key = ?", [name]).fetchone()
    return row[0] if row else None


def _keyed_after(db) -> int:
    value = _meta(db, "audit_keyed_after")
    return int(value) if value is not None else 0


_FIELDS = (
    "seq", "at", "worker", "client_id", "channel", "recipient", "purpose", "categories", "basis", "consent_id",
    "duty_reason", "outcome", "refusal_reason", "payload_sha256", "prev_hash", "entry_hash", "release_seq",
    "failure_reason", "recipient_address", "keyed", "dropped_from", "dropped_to", "dropped_hash",
)
# Added after the first entries were written: left out of the hash when empty, so older entries still verify.
_LATER_FIELDS = ("release_seq", "failure_reason", "recipient_address", "keyed", "dropped_from", "dropped_to",
                 "dropped_hash")
_COLUMNS = ", ".join(_FIELDS)


def _entry_hash(record: dict, key: bytes) -> str:
    """HMAC-SHA-256 for keyed entries; the plain SHA-256 older entries were written with."""
    body = {name: value for name, value in record.items()
            if name != "entry_hash" and not (name in _LATER_FIELDS and value is None)}
    if record.get("keyed") == 1:
        return hmac.new(key, canonical_json(body), hashlib.sha256).hexdigest()
    return hashlib.sha256(canonical_json(body)).hexdigest()


def _row_record(row) -> dict:
    record = dict(zip(_FIELDS, row, strict=True))
    record["categories"] = json.loads(record["categories"])
    return record


def _from_record(record: dict) -> AuditEntry:
    values = dict(record, at=from_db_time(record["at"]), categories=tuple(record["categories"]))
    return AuditEntry(**values)
