"""Key material: Argon2id passphrase stretching, AES-256-GCM key wrapping, and the printable recovery key.

The data key (DEK) never touches the disk in the clear. It is wrapped twice in key.json: once under a key derived
from the passphrase, once under a key derived from the recovery key. The key.json parameters are bound to each
wrapping as associated data, so a tampered header cannot unwrap.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import unicodedata
from dataclasses import asdict, dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

DATA_KEY_BYTES = 32
SALT_BYTES = 16
RECOVERY_KEY_BYTES = 20  # 160 bits, shown as 32 base32 characters in groups of four
_RECOVERY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


# A ceiling, so a hand-edited key.json cannot make unlocking take minutes (1 GiB and 64 passes took 136 s), and a
# floor (OWASP's Argon2id minimum, with room), so no route can silently weaken the key derivation.
MAX_ITERATIONS = 24
MAX_MEMORY_KIB = 512 * 1024
MAX_LANES = 8
MIN_ITERATIONS = 3
MIN_MEMORY_KIB = 64 * 1024
_TEST_COST_SWITCH = "HARBOUR_ALLOW_TEST_KDF_COST"


@dataclass(frozen=True)
class KdfCost:
    """Argon2id cost. The default takes about 0.5-1 s on a 2-core laptop and 128 MiB of memory."""

    iterations: int = 12
    memory_kib: int = 131072
    lanes: int = 4

    def __post_init__(self) -> None:
        if not (1 <= self.lanes <= MAX_LANES and 1 <= self.iterations <= MAX_ITERATIONS):
            raise ValueError("Argon2id cost out of range")
        if not (8 * self.lanes <= self.memory_kib <= MAX_MEMORY_KIB):
            raise ValueError("Argon2id memory cost out of range")


DEFAULT_COST = KdfCost()
# For tests and the fictional demo only: fast, still a real Argon2id. Accepted below the floor only when this
# process was started for tests (the environment switch) or made the demo (allow_test_cost()): a value written
# into key.json cannot turn it on.
TEST_COST = KdfCost(iterations=1, memory_kib=1024, lanes=1)
_test_cost_allowed = os.environ.get(_TEST_COST_SWITCH) == "1"


def allow_test_cost() -> None:
    global _test_cost_allowed  # noqa: PLW0603 - one process-wide switch, set by the demo before it makes its vault
    _test_cost_allowed = True


def check_cost(cost: KdfCost) -> KdfCost:
    """Raises ValueError for a cost under the floor (TEST_COST passes only where allowed); returns it otherwise."""
    if cost == TEST_COST and _test_cost_allowed:
        return cost
    if cost.iterations < MIN_ITERATIONS or cost.memory_kib < MIN_MEMORY_KIB:
        raise ValueError("Argon2id cost below the floor")
    return cost


class UnwrapFailed(Exception):
    """The wrapping key is wrong, or the wrapped data or its associated data were changed."""


def new_data_key() -> bytearray:
    key = bytearray(DATA_KEY_BYTES)
    try:
        with open("/dev/urandom", "rb", buffering=0) as source:  # straight into the buffer: no bytes copy to outlive it
            if source.readinto(key) != DATA_KEY_BYTES:
                raise OSError("short read")
    except OSError:  # Windows, or a sandbox without /dev/urandom
        key[:] = secrets.token_bytes(DATA_KEY_BYTES)
    return key


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def normalise_passphrase(passphrase: str) -> bytes:
    """NFC, so the same words typed through different keyboards or input methods (a precomposed 'é' or
    'e' + combining accent) give the same key."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def passphrase_kek(passphrase: str, salt: bytes, cost: KdfCost) -> bytearray:
    kdf = Argon2id(salt=salt, length=32, iterations=cost.iterations, lanes=cost.lanes, memory_cost=cost.memory_kib)
    kek = bytearray(32)
    secret = bytearray(normalise_passphrase(passphrase))
    try:
        kdf.derive_into(secret, kek)
    finally:
        wipe(secret)
    return kek


def recovery_kek(recovery_key: str) -> bytearray:
    # The recovery key already holds 160 random bits, so a fast KDF is enough.
    raw = bytearray(decode_recovery_key(recovery_key))
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"harbour recovery key v1")
    kek = bytearray(32)
    try:
        hkdf.derive_into(raw, kek)
    finally:
        wipe(raw)
    return kek


def derive_key(data_key: bytes | bytearray, purpose: str) -> bytes:
    """A key for one purpose ("audit chain", "payload"), derived from the data key with HKDF: knowing it reveals
    nothing of the data key or of another purpose's key."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"harbour {purpose} v1".encode())
    return hkdf.derive(data_key)  # reads the buffer itself: no extra copy of the data key


def wrap(kek: bytearray, data_key: bytearray, associated: dict) -> dict:
    # AES-256-GCM through the streaming API, which reads the key from our buffers (AESGCM(bytes(kek)) would copy).
    nonce = os.urandom(12)
    encryptor = Cipher(algorithms.AES(kek), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(_aad(associated))
    sealed = encryptor.update(data_key) + encryptor.finalize() + encryptor.tag
    return {"nonce": _b64(nonce), "ciphertext": _b64(sealed)}


def unwrap(kek: bytearray, slot: dict, associated: dict) -> bytearray:
    """The data key, decrypted straight into a new bytearray (no immutable copy of it is ever made)."""
    key = bytearray(DATA_KEY_BYTES + 15)  # update_into wants room for a block more than it writes
    try:
        nonce = base64.b64decode(slot["nonce"], validate=True)
        sealed = base64.b64decode(slot["ciphertext"], validate=True)
        if len(nonce) != 12 or len(sealed) != DATA_KEY_BYTES + 16:
            raise ValueError("wrapped key has the wrong length")
        decryptor = Cipher(algorithms.AES(kek), modes.GCM(nonce, sealed[DATA_KEY_BYTES:])).decryptor()
        decryptor.authenticate_additional_data(_aad(associated))
        written = decryptor.update_into(sealed[:DATA_KEY_BYTES], key)
        decryptor.finalize()
    except (InvalidTag, KeyError, TypeError, ValueError) as error:
        wipe(key)
        raise UnwrapFailed from error
    data_key = bytearray(DATA_KEY_BYTES)
    data_key[:] = memoryview(key)[:written]
    wipe(key)
    return data_key


def new_recovery_key() -> str:
    return encode_recovery_key(secrets.token_bytes(RECOVERY_KEY_BYTES))


def encode_recovery_key(raw: bytes) -> str:
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def decode_recovery_key(text: str) -> bytes:
    """Accepts what a person types back: any case, spaces or dashes between groups, 0/1 misread as O/I."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).replace("0", "O").replace("1", "I")
    if len(cleaned) != RECOVERY_KEY_BYTES * 8 // 5 or any(ch not in _RECOVERY_ALPHABET for ch in cleaned):
        raise ValueError("not a recovery key")
    return base64.b32decode(cleaned)


def cost_to_dict(cost: KdfCost) -> dict:
    return asdict(cost)


def cost_from_dict(data: dict) -> KdfCost:
    """Raises ValueError for anything but three whole numbers in range, above the floor (key.json may have been
    edited by hand)."""
    if not isinstance(data, dict):
        raise ValueError("Argon2id cost is not an object")
    return check_cost(KdfCost(iterations=_whole(data.get("iterations")), memory_kib=_whole(data.get("memory_kib")),
                              lanes=_whole(data.get("lanes"))))


def _whole(value) -> int:
    # Not int(): that would take 12.9, "12", True or raise OverflowError on a JSON Infinity.
    if type(value) is not int:
        raise ValueError("Argon2id cost must be a whole number")
    return value


def wipe(secret: bytearray | None) -> None:
    """Best effort only: Python may hold other copies (see docs/SECURITY.md)."""
    if secret is not None:
        secret[:] = bytes(len(secret))


def _aad(associated: dict) -> bytes:
    return json.dumps(associated, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
