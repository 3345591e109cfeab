"""A refused unlock writes nothing to stderr or stdout: SQLCipher's own log is off from the first connection.

SQLCipher logs decryption failures ("hmac check failed for pgno=1") to stderr by default. Stderr ends up in
terminal scroll-back, in ~/.xsession-errors and in systemd's journal, none of which the vault protects, and those
lines say which vault failed and when. Each case runs in a fresh child process, because SQLCipher's log level is
process-wide: once an earlier test (or unlock) set it, this process could no longer show a regression.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import KEY_NAME, Vault

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "quiet failures passphrase 5521"

UNLOCK_IN_A_FRESH_PROCESS = """
import sys
from pathlib import Path

from desktop.core.vault import connection as connections
from desktop.core.vault import vault as vaults

if sys.argv[3] == "log-left-on":  # the control: as if apply_cipher_pragmas forgot cipher_log_level
    def talkative(connection, key):
        connection.execute("PRAGMA cipher_log_level = ERROR")  # SQLCipher's default
        connections._call_with_raw_key(connection, key, "sqlite3_key")
        connection.execute("PRAGMA journal_mode = WAL")

    connections.apply_cipher_pragmas = talkative
try:
    vaults.Vault.unlock(Path(sys.argv[1]), sys.argv[2]).lock()
except vaults.VaultError:
    sys.exit(3)
"""


def _unlock_in_child(folder: Path, passphrase: str, mode: str = "as-shipped") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", UNLOCK_IN_A_FRESH_PROCESS, str(folder), passphrase, mode],
                          env=env, capture_output=True, timeout=120)


@pytest.fixture
def made(tmp_path: Path) -> Path:
    vault, _recovery = Vault.create(tmp_path / "vault", PASSPHRASE, cost=TEST_COST)
    vault.db.execute("CREATE TABLE notes (body TEXT)")
    vault.db.execute("INSERT INTO notes VALUES ('quiet')")
    vault.lock()
    return vault.folder


def _damage_first_page(folder: Path, _tmp_path: Path) -> None:
    database = folder / "notes.db"
    data = bytearray(database.read_bytes())
    for offset in range(100, 4000):
        data[offset] ^= 0xFF
    database.write_bytes(bytes(data))


def _swap_in_another_vaults_key(folder: Path, tmp_path: Path) -> None:
    """Same passphrase, different data key: the key unwraps fine, and SQLCipher is the one that says no."""
    other, _recovery = Vault.create(tmp_path / "other", PASSPHRASE, cost=TEST_COST)
    other.lock()
    shutil.copyfile(other.folder / KEY_NAME, folder / KEY_NAME)


def test_a_good_unlock_in_a_fresh_process_is_silent_too(made):
    result = _unlock_in_child(made, PASSPHRASE)
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")


def test_a_wrong_passphrase_prints_nothing(made):
    result = _unlock_in_child(made, "not the passphrase at all")
    assert (result.returncode, result.stdout, result.stderr) == (3, b"", b"")


@pytest.mark.parametrize("damage", [_damage_first_page, _swap_in_another_vaults_key])
def test_a_database_sqlcipher_cannot_decrypt_prints_nothing(made, tmp_path, damage):
    damage(made, tmp_path)
    result = _unlock_in_child(made, PASSPHRASE)
    assert (result.returncode, result.stdout, result.stderr) == (3, b"", b"")


def test_with_the_log_left_on_the_same_check_would_see_sqlcipher_talk(made, tmp_path):
    """Proves the tests above can fail: without the PRAGMA, SQLCipher writes its errors to stderr."""
    _damage_first_page(made, tmp_path)
    result = _unlock_in_child(made, PASSPHRASE, mode="log-left-on")
    assert result.returncode == 3
    assert b"hmac check failed" in result.stderr
