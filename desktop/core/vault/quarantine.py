"""Evidence kept aside: when unlocking finds a damaged vault file, a copy goes to <vault>/quarantine/<UTC time>/.

Whatever the worker does next (restore a backup, hand the laptop to someone who tries a repair tool), the damaged
bytes stay as they were found, so data that a specialist could still recover is never lost. A quarantine folder is
never overwritten; trying to unlock the same damaged files again reuses the newest copy instead of filling the
disk with duplicates.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from desktop.core.common.files import fsync_folder

QUARANTINE_NAME = "quarantine"
_STAMP = "%Y%m%dT%H%M%S%fZ"  # UTC, like the backups: sorts by time


def quarantine_folder(vault_folder: Path) -> Path:
    return Path(vault_folder) / QUARANTINE_NAME


def list_quarantined(vault_folder: Path) -> list[Path]:
    """Newest first."""
    root = quarantine_folder(vault_folder)
    return sorted((p for p in root.iterdir() if p.is_dir()), reverse=True) if root.is_dir() else []


def keep_copy(vault_folder: Path, names: Iterable[str], now: datetime | None = None) -> Path | None:
    """Copies the named files of the vault folder (those that exist) into a new quarantine folder and returns it,
    or the newest existing one if it already holds the very same bytes. None when there is nothing to copy.
    Raises OSError when the copy cannot be written (a full disk); the damaged files are untouched either way."""
    vault_folder = Path(vault_folder)
    sources = [vault_folder / name for name in names if (vault_folder / name).is_file()]
    if not sources:
        return None
    fingerprint = {source.name: _sha256(source) for source in sources}
    newest = list_quarantined(vault_folder)[:1]
    if newest and _holds(newest[0], fingerprint):
        return newest[0]
    root = quarantine_folder(vault_folder)
    root.mkdir(mode=0o700, exist_ok=True)
    target = _new_folder(root, f"{(now or datetime.now(UTC)):{_STAMP}}")
    try:
        for source in sources:
            shutil.copyfile(source, target / source.name)
            with open(target / source.name, "rb+") as copied:
                os.fsync(copied.fileno())
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)  # only the folder made just now: a half copy is no evidence
        raise
    fsync_folder(target)
    fsync_folder(root)
    return target


def _new_folder(root: Path, name: str) -> Path:
    # mkdir without exist_ok is the atomic "claim this name": an earlier quarantine is never written into.
    number = 1
    while True:
        candidate = root / (name if number == 1 else f"{name}-{number}")
        try:
            candidate.mkdir(mode=0o700)
            return candidate
        except FileExistsError:
            number += 1


def _holds(folder: Path, fingerprint: dict[str, str]) -> bool:
    present = {p.name for p in folder.iterdir() if p.is_file()}
    return present == set(fingerprint) and all(_sha256(folder / n) == digest for n, digest in fingerprint.items())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
