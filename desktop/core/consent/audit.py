"""The audit log: every release and every refusal (and any release whose file then failed to write), hash-chained and
append-only.

Each entry holds the SHA-256 of the previous entry's hash and of its own fields, so a modified, deleted or
reordered entry breaks the chain. Triggers refuse UPDATE and DELETE; ``verify`` catches what got past them
(someone editing the database by hand). An entry never holds the released data, only its SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from desktop.core.common.formatting import format_number
from desktop.core.common.safe_csv import csv_text
from desktop.core.vault.db import from_db_time, to_db_time, transaction, utc_now
from desktop.i18n import _, ngettext

GENESIS_HASH = "0" * 64
# "release_failed": a follow-up to a "released" entry (release_seq) whose file could not be written, so nothing left.
OUTCOMES = ("released", "refused", "release_failed")
BASES = ("consent", "duty_to_report", "not_client_data")


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


def payload_hash(fields: Mapping[str, str]) -> str:
    """SHA-256 of the canonical JSON of the released fields: proves what left without keeping it."""
    return hashlib.sha256(canonical_json(dict(fields))).hexdigest()


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
) -> AuditEntry:
    if outcome not in OUTCOMES or basis not in BASES:
        raise ValueError(f"bad audit outcome/basis: {outcome!r}/{basis!r}")
    if (outcome == "release_failed") != (release_seq is not None and failure_reason is not None):
        raise ValueError("a release_failed entry, and only one, names its release and a failure reason")
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
        }
        record["entry_hash"] = _entry_hash(record)
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
    """Walks the chain from the first entry: numbering, links, own hashes, and the recorded head."""
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
        if _entry_hash(record) != stored_hash:
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


SUPERVISOR_COLUMNS = (
    "seq", "at", "worker", "client_ref", "channel", "recipient", "purpose", "categories", "basis",
    "consent_id", "duty_reason", "outcome", "refusal_reason", "payload_sha256", "prev_hash", "entry_hash",
    "release_seq", "failure_reason",
)


def supervisor_csv(items: list[AuditEntry], names_to_hide: Iterable[str] = ()) -> str:
    """The log as CSV for a supervisor. It carries no client names: clients appear only as a number, so entries
    about the same person can be followed without saying who they are. The log's own fields hold no names, but
    the worker typed "with whom" and "why" freely, so any of ``names_to_hide`` (the clients' first names) found
    there as a whole word is replaced by "[client]"."""
    hide = _name_pattern(names_to_hide)
    rows = [[
        entry.seq, to_db_time(entry.at), entry.worker, entry.client_id, entry.channel, hide(entry.recipient),
        hide(entry.purpose), " ".join(entry.categories), entry.basis, entry.consent_id, entry.duty_reason,
        entry.outcome, entry.refusal_reason, entry.payload_sha256, entry.prev_hash, entry.entry_hash,
        entry.release_seq, entry.failure_reason,
    ] for entry in items]
    return csv_text([SUPERVISOR_COLUMNS, *rows])  # cells neutralised: the worker typed recipient and purpose


def _name_pattern(names: Iterable[str]):
    words = sorted({name.strip() for name in names if name.strip()}, key=len, reverse=True)
    if not words:
        return lambda text: text
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(word) for word in words) + r")(?!\w)", re.IGNORECASE)
    return lambda text: pattern.sub("[client]", text)


_FIELDS = (
    "seq", "at", "worker", "client_id", "channel", "recipient", "purpose", "categories", "basis", "consent_id",
    "duty_reason", "outcome", "refusal_reason", "payload_sha256", "prev_hash", "entry_hash", "release_seq",
    "failure_reason",
)
# Added after the first entries were written: left out of the hash when empty, so older entries still verify.
_LATER_FIELDS = ("release_seq", "failure_reason")
_COLUMNS = ", ".join(_FIELDS)


def _entry_hash(record: dict) -> str:
    body = {key: value for key, value in record.items()
            if key != "entry_hash" and not (key in _LATER_FIELDS and value is None)}
    return hashlib.sha256(canonical_json(body)).hexdigest()


def _row_record(row) -> dict:
    record = dict(zip(_FIELDS, row, strict=True))
    record["categories"] = json.loads(record["categories"])
    return record


def _from_record(record: dict) -> AuditEntry:
    values = dict(record, at=from_db_time(record["at"]), categories=tuple(record["categories"]))
    return AuditEntry(**values)
