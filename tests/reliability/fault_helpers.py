"""What the fault tests share: a vault holding one known row of each kind, file hashes, and the checks that every
reopened vault must pass."""

from __future__ import annotations

import errno
import hashlib
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from desktop.core.consent import audit
from desktop.core.vault.attempts import FILE_NAME as ATTEMPTS_FILE
from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.quarantine import QUARANTINE_NAME
from desktop.core.vault.vault import Vault
from tests.data.make_fixture_vault import write_known_rows

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "a long enough fault test passphrase"


def make_vault(folder: Path) -> tuple[dict[str, int], str]:
    """A locked vault with known rows and one daily backup (the first unlock makes it). Returns (ids, recovery)."""
    vault, recovery_key = Vault.create(folder, PASSPHRASE, cost=TEST_COST)
    try:
        ids = write_known_rows(vault.db)
    finally:
        vault.lock()
    Vault.unlock(folder, PASSPHRASE).lock()
    return ids, recovery_key


def file_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file, apart from the unlock-attempt counter and quarantine copies."""
    return {
        str(path.relative_to(folder)): sha256(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != ATTEMPTS_FILE and path.relative_to(folder).parts[0] != QUARANTINE_NAME
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_sound(db) -> None:
    """SQLite's own check, SQLCipher's page HMAC check and the audit hash chain all pass."""
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA cipher_integrity_check").fetchall() == []
    checked = audit.verify(db)
    assert checked.ok, checked.warning()


def assert_human(error: Exception) -> None:
    """A sentence for a worker: no traceback, no exception class name, no unfilled placeholder."""
    text = str(error)
    assert len(text) > 30, text
    for machine_word in ("Traceback", "Error", "Errno", "{", "}"):
        assert machine_word not in text, text


class DiskFullAfter:
    """A writable binary file that takes ``limit`` bytes in total, then raises ENOSPC, as a full disk does."""

    def __init__(self, real, limit: int) -> None:
        self._real, self._left = real, limit

    def write(self, data) -> int:
        data = bytes(data)
        if len(data) > self._left:
            self._real.write(data[:self._left])
            self._left = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self._left -= len(data)
        return self._real.write(data)

    def __getattr__(self, name: str):
        return getattr(self._real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._real.close()


@contextmanager
def tiny_filesystem(mount_point: Path, size: str = "2m"):
    """A real tmpfs of ``size`` mounted at mount_point, or the test is skipped where mounting is not allowed."""
    mount_point.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        pytest.skip("no mount command on this machine")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root or CAP_SYS_ADMIN): {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def fill_disk(folder: Path) -> Path:
    """Writes a filler file until the disk says ENOSPC; returns it (delete it to free the space again)."""
    filler = folder / "filler"
    block = b"\0" * 4096
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(block)
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler
