"""The audit log's head kept outside notes.db: audit-head.json beside key.json holds the number and hash of the
last entry, with an HMAC (a key derived from the vault's data key) so it cannot be edited unseen.

notes.db can be replaced by an older copy, or its log cut, and the log inside would still look whole; this file
would not follow. A restore from a backup marks the file ("restored") while the vault is locked, so the next
unlock writes an entry saying what the restore dropped instead of reporting tampering. This module only reads
and writes the file; audit.py decides what it means. It imports only common.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path

from desktop.core.common.files import write_json_atomically

FILE_NAME = "audit-head.json"
MISSING = "missing"
FORGED = "forged"


@dataclass(frozen=True)
class Head:
    seq: int
    entry_hash: str
    restored: bool = False


def _mac(key: bytes, seq: int, entry_hash: str) -> str:
    return hmac.new(key, f"{seq}:{entry_hash}".encode(), hashlib.sha256).hexdigest()


def read(folder: Path, key: bytes) -> Head | str:
    """The head kept beside the vault, MISSING, or FORGED (unreadable, or its HMAC does not match)."""
    path = Path(folder) / FILE_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        seq, entry_hash, mac = int(data["seq"]), str(data["entry_hash"]), str(data["mac"])
    except FileNotFoundError:
        return MISSING
    except (OSError, ValueError, KeyError, TypeError):
        return FORGED
    if not hmac.compare_digest(mac, _mac(key, seq, entry_hash)):
        return FORGED
    return Head(seq, entry_hash, bool(data.get("restored")))


def write(folder: Path, key: bytes, seq: int, entry_hash: str) -> None:
    write_json_atomically(Path(folder) / FILE_NAME,
                          {"seq": seq, "entry_hash": entry_hash, "mac": _mac(key, seq, entry_hash)})


def note_restore(folder: Path) -> None:
    """Called by the restore path (the vault is locked, so no key): the next unlock logs what the restore dropped.
    The mark is not authenticated; forging it only makes the log say a restore happened."""
    path = Path(folder) / FILE_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # no head yet, or a damaged one: the unlock reports it as it is
    if isinstance(data, dict):
        write_json_atomically(path, {**data, "restored": True})
