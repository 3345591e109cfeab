"""The coordinator's signing keys: Ed25519, one per TUF role, each kept in a PEM file encrypted with the
coordinator's passphrase (cryptography's BestAvailableEncryption), in the repository's ``keys/`` folder.

The root key signs only the list of keys; it is needed for ``init`` and ``rotate-key`` and can live offline (a USB
stick in a drawer) the rest of the time. The other three sign every publication.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from securesystemslib.signer import CryptoSigner

from desktop.core.common.files import write_atomically
from desktop.core.organisation.problems import OrganisationProblem
from desktop.i18n import _

ROLES = ("root", "targets", "snapshot", "timestamp")
ONLINE_ROLES = ("targets", "snapshot", "timestamp")
MIN_PASSPHRASE_LENGTH = 12


def key_path(keys_folder: Path, role: str) -> Path:
    return Path(keys_folder) / f"{role}.pem"


def root_key_paths(keys_folder: Path) -> list[Path]:
    """Every root key file present: ``root.pem``, and ``root-2.pem``… when the root needs several signatures
    (each may be with another person, or offline)."""
    return sorted(Path(keys_folder).glob("root*.pem"))


def extra_root_key_path(keys_folder: Path, number: int) -> Path:
    return Path(keys_folder) / f"root-{number}.pem"


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise OrganisationProblem(_("The passphrase must be at least {count} characters long.").format(
            count=MIN_PASSPHRASE_LENGTH))


def new_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def signer_for(private_key: Ed25519PrivateKey) -> CryptoSigner:
    return CryptoSigner(private_key)


def save_key(path: Path, private_key: Ed25519PrivateKey, passphrase: str) -> None:
    """Writes the key encrypted with the passphrase, readable by its owner only."""
    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")))
    Path(path).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_atomically(Path(path), pem)
    os.chmod(path, 0o600)


def load_key(path: Path, passphrase: str) -> Ed25519PrivateKey:
    """The private key, or an OrganisationProblem saying the key is missing or the passphrase is wrong."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise OrganisationProblem(_("The {role} key is not in {folder}. If it is kept offline, put it back there "
                                    "for this step.").format(role=Path(path).stem, folder=Path(path).parent)) from None
    try:
        key = serialization.load_pem_private_key(data, passphrase.encode("utf-8"))
    except (ValueError, TypeError):
        raise OrganisationProblem(_("The passphrase does not open the {role} key.").format(
            role=Path(path).stem)) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise OrganisationProblem(_("The {role} key is not an Ed25519 key.").format(role=Path(path).stem))
    return key


def load_signer(keys_folder: Path, role: str, passphrase: str) -> CryptoSigner:
    return signer_for(load_key(key_path(keys_folder, role), passphrase))
