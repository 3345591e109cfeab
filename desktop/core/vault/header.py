"""key.json, the vault's header: the Argon2id cost and salt, and the data key wrapped once under the passphrase and
once under the recovery key. Reading it turns every malformed file (missing fields, wrong types, a cost outside
the floor and ceiling, nesting deep enough to exhaust Python's recursion) into VaultCorrupted.

A re-key first writes the new header as key.json.next, re-encrypts notes.db, then renames it over key.json; an
unlock that finds key.json.next tries it too, so a power cut between the two steps never strands the notes.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

from desktop.core.vault import keys
from desktop.core.vault.errors import VaultCorrupted, VaultError
from desktop.i18n import _

KEY_NAME = "key.json"
NEXT_KEY_NAME = "key.json.next"
FORMAT = "harbour-vault"
FORMAT_VERSION = 1
_MAX_HEADER_BYTES = 64 * 1024  # a real key.json is under 1 KiB


def new_header(passphrase: str, recovery_key: str, data_key: bytearray, cost: keys.KdfCost) -> dict:
    header = {"format": FORMAT, "version": FORMAT_VERSION, "kdf": new_kdf(cost), "slots": {}}
    wrap_passphrase(header, passphrase, data_key)
    recovery = keys.recovery_kek(recovery_key)
    try:
        header["slots"]["recovery"] = keys.wrap(recovery, data_key, recovery_aad(header))
    finally:
        keys.wipe(recovery)
    return header


def new_kdf(cost: keys.KdfCost) -> dict:
    return {**keys.cost_to_dict(keys.check_cost(cost)), "name": "argon2id", "salt": b64encode(keys.new_salt())}


def wrap_passphrase(header: dict, passphrase: str, data_key: bytearray) -> None:
    kek = keys.passphrase_kek(passphrase, b64decode(header["kdf"]["salt"]), keys.cost_from_dict(header["kdf"]))
    try:
        header["slots"]["passphrase"] = keys.wrap(kek, data_key, passphrase_aad(header))
    finally:
        keys.wipe(kek)


def unwrap_passphrase(header: dict, passphrase: str) -> bytearray:
    """Raises keys.UnwrapFailed for a wrong passphrase (or a header changed since it was written)."""
    kdf = header["kdf"]
    kek = keys.passphrase_kek(passphrase, b64decode(kdf["salt"]), keys.cost_from_dict(kdf))
    try:
        return keys.unwrap(kek, header["slots"]["passphrase"], passphrase_aad(header))
    finally:
        keys.wipe(kek)


def unwrap_recovery(header: dict, recovery_key: str) -> bytearray:
    """Raises keys.UnwrapFailed for a wrong recovery key, ValueError for text that is not one."""
    kek = keys.recovery_kek(recovery_key)
    try:
        return keys.unwrap(kek, header["slots"]["recovery"], recovery_aad(header))
    finally:
        keys.wipe(kek)


def passphrase_aad(header: dict) -> dict:
    return {"format": header["format"], "version": header["version"], "kdf": header["kdf"], "slot": "passphrase"}


def recovery_aad(header: dict) -> dict:
    return {"format": header["format"], "version": header["version"], "slot": "recovery"}


def read_header(folder: Path, name: str = KEY_NAME) -> dict:
    path = folder / name
    if not folder.is_dir():
        raise VaultError(_("There is no vault in this folder."))
    try:
        with open(path, "rb") as source:
            text = source.read(_MAX_HEADER_BYTES + 1)
        if len(text) > _MAX_HEADER_BYTES:
            raise ValueError("key.json is far too large")
        header = json.loads(text.decode("utf-8"))
        if header.get("format") != FORMAT or header.get("version") != FORMAT_VERSION:
            raise ValueError("unknown format")
        keys.cost_from_dict(header["kdf"])
        if len(b64decode(header["kdf"]["salt"])) < keys.SALT_BYTES:
            raise ValueError("salt too short")
        for slot in ("passphrase", "recovery"):
            if not isinstance(header["slots"][slot], dict):
                raise ValueError(f"{slot} slot is not an object")
    except FileNotFoundError:
        raise VaultCorrupted("key.json is missing", damaged_file=KEY_NAME) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ArithmeticError, RecursionError,
            MemoryError) as error:
        raise VaultCorrupted(f"key.json unreadable: {type(error).__name__}", damaged_file=KEY_NAME) from None
    return header


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64decode(text: str) -> bytes:
    return base64.b64decode(text, validate=True)
