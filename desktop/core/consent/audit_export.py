"""The audit log as CSV for a supervisor, and the names it must never show.

Clients appear only as a number, so entries about the same person can be followed without saying who they are.
The worker typed "with whom" and "why" freely, so a first name may sit there: names of clients in the vault are
replaced by "[client]", and so are names of clients deleted since (``forget_name`` keeps only a keyed hash of
each, never the name, because the log itself is append-only and cannot be rewritten). The export ends with the
log's head (number and hash of the last entry): a supervisor who keeps it can later check that no entry up to it
changed, since a later export must show the same hash at that number.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

from desktop.core.common.safe_csv import csv_text
from desktop.core.consent import audit
from desktop.core.vault.db import to_db_time

SUPERVISOR_COLUMNS = (
    "seq", "at", "worker", "client_ref", "channel", "recipient", "recipient_address", "purpose", "categories",
    "basis", "consent_id", "duty_reason", "outcome", "refusal_reason", "payload_hmac", "prev_hash", "entry_hash",
    "keyed", "release_seq", "failure_reason", "dropped_from", "dropped_to", "dropped_hash",
)
HIDDEN = "[client]"
_WORD = re.compile(r"\w+")


def supervisor_csv(db, items: list[audit.AuditEntry]) -> str:
    """``items`` (a filtered view of the log) with names hidden, then the head of the whole log."""
    hide = name_hider(db)
    rows = [[
        entry.seq, to_db_time(entry.at), entry.worker, entry.client_id, entry.channel, hide(entry.recipient),
        hide(entry.recipient_address or ""), hide(entry.purpose), " ".join(entry.categories), entry.basis,
        entry.consent_id, entry.duty_reason, entry.outcome, entry.refusal_reason, entry.payload_sha256,
        entry.prev_hash, entry.entry_hash, entry.keyed, entry.release_seq, entry.failure_reason, entry.dropped_from,
        entry.dropped_to, entry.dropped_hash,
    ] for entry in items]
    seq, entry_hash = audit.head(db)
    trailer = [[], ["head_seq", seq], ["head_hash", entry_hash]]
    return csv_text([SUPERVISOR_COLUMNS, *rows, *trailer])  # cells neutralised: the worker typed some of them


def name_hider(db):
    """text -> text with every client's first name, present or deleted, replaced by "[client]"."""
    living = [row[0] for row in db.execute("SELECT first_name FROM clients")]
    by_pattern = _name_pattern(living)
    key = audit.vault_key(db, "forgotten names")
    forgotten = {row[0]: row[1] for row in db.execute("SELECT name_hmac, words FROM forgotten_names")}
    sizes = sorted(set(forgotten.values()), reverse=True)

    def hide(text: str) -> str:
        text = by_pattern(text)
        if not forgotten:
            return text
        words = list(_WORD.finditer(text))
        spans = []
        index = 0
        while index < len(words):
            for size in sizes:
                window = words[index:index + size]
                if len(window) == size and _name_mac(key, " ".join(w.group() for w in window)) in forgotten:
                    spans.append((window[0].start(), window[-1].end()))
                    index += size - 1
                    break
            index += 1
        for start, end in reversed(spans):
            text = text[:start] + HIDDEN + text[end:]
        return text

    return hide


def forget_name(db, first_name: str) -> None:
    """Called when a client is deleted for good: their name stays hidden in exports of the log (as a keyed hash
    only), and is replaced in the free text that outlives them (reports' reasons and answers, interpreters'
    incident notes)."""
    words = _WORD.findall(first_name)
    if not words:
        return
    db.execute("INSERT OR IGNORE INTO forgotten_names (name_hmac, words) VALUES (?, ?)",
               [_name_mac(audit.vault_key(db, "forgotten names"), " ".join(words)), len(words)])
    replace = _name_pattern([first_name])
    for table, columns in (("disclosures", ("justification", "client_told", "recipient")),
                           ("interpreter_incidents", ("note",)), ("interpreters", ("incident_notes", "feedback"))):
        for row in db.execute(f"SELECT id, {', '.join(columns)} FROM {table}").fetchall():
            cleaned = [replace(value or "") for value in row[1:]]
            if table == "disclosures" and len(cleaned[0].strip()) < 20:  # the table's CHECK on a report's reason
                cleaned[0] = cleaned[0].strip() + " " + HIDDEN * 3
            if cleaned != [value or "" for value in row[1:]]:
                assignments = ", ".join(f"{column} = ?" for column in columns)
                db.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*cleaned, row[0]])


def _name_mac(key: bytes, words: str) -> str:
    return hmac.new(key, words.casefold().encode("utf-8"), hashlib.sha256).hexdigest()


def _name_pattern(names: Iterable[str]):
    words = sorted({name.strip() for name in names if name.strip()}, key=len, reverse=True)
    if not words:
        return lambda text: text
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(word) for word in words) + r")(?!\w)", re.IGNORECASE)
    return lambda text: pattern.sub(HIDDEN, text)
