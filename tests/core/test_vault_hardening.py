"""Issue 15, the vault's side: findings 3 (current passphrase, re-key), 4 (KDF cost), 5 (weak passphrases),
6 (key in memory), 7 (malformed key.json), 8 (a -wal left by a crash) and 10 (key.json's copy)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3

from desktop.core.vault import backups, keys, quarantine, rekey
from desktop.core.vault.keys import TEST_COST, KdfCost
from desktop.core.vault.vault import (
    PassphraseTooWeak,
    Vault,
    VaultCorrupted,
    WrongCurrentPassphrase,
    WrongPassphrase,
    apply_cipher_pragmas,
)

PASSPHRASE = "a long enough test passphrase"
NEW_PASSPHRASE = "another passphrase entirely"
FLOOR = KdfCost(iterations=keys.MIN_ITERATIONS, memory_kib=keys.MIN_MEMORY_KIB, lanes=1)


@pytest.fixture
def made(tmp_path: Path):
    folder = tmp_path / "vault"
    vault, recovery_key = Vault.create(folder, PASSPHRASE, cost=TEST_COST)
    vault.db.execute("CREATE TABLE notes (body TEXT)")
    vault.db.execute("INSERT INTO notes VALUES ('before')")
    vault.lock()
    return folder, recovery_key


def _bodies(vault: Vault) -> list[str]:
    return [row[0] for row in vault.db.execute("SELECT body FROM notes ORDER BY rowid")]


# -- finding 3 --------------------------------------------------------------------------------------------------
def test_changing_the_passphrase_needs_the_current_one(made) -> None:
    folder, recovery_key = made
    vault = Vault.unlock(folder, PASSPHRASE)
    key_before = (folder / "key.json").read_bytes()
    with pytest.raises(WrongCurrentPassphrase):
        vault.change_passphrase("not my passphrase at all", NEW_PASSPHRASE)
    with pytest.raises(WrongCurrentPassphrase):
        vault.rekey("not my passphrase at all")
    assert (folder / "key.json").read_bytes() == key_before
    vault.change_passphrase(recovery_key, NEW_PASSPHRASE)  # the recovery key proves it as well
    vault.lock()
    Vault.unlock(folder, NEW_PASSPHRASE).lock()


def test_a_rekey_leaves_an_old_key_file_and_passphrase_nothing_written_after(made) -> None:
    folder, old_recovery = made
    old_key_file = (folder / "key.json").read_bytes()
    vault = Vault.unlock(folder, PASSPHRASE)
    old_data_key = vault.raw_key_for_backup()
    new_recovery = vault.rekey(PASSPHRASE, NEW_PASSPHRASE)
    assert new_recovery != old_recovery
    vault.db.execute("INSERT INTO notes VALUES ('after the re-key')")
    new_data_key = vault.raw_key_for_backup()
    vault.lock()
    assert old_data_key != new_data_key

    (folder / "key.json").write_bytes(old_key_file)  # what someone who copied it before would put back
    with pytest.raises(VaultCorrupted):
        Vault.unlock(folder, PASSPHRASE)
    (folder / "key.json").write_bytes((folder / "backups" / "key.json").read_bytes())
    with pytest.raises(WrongPassphrase):
        Vault.unlock_with_recovery_key(folder, old_recovery)
    vault = Vault.unlock_with_recovery_key(folder, new_recovery)
    assert _bodies(vault) == ["before", "after the re-key"]
    vault.lock()
    for backup in backups.list_backups(folder):  # re-encrypted, not left under the old key
        for data_key, opens in ((old_data_key, False), (new_data_key, True)):
            connection = sqlcipher3.connect(str(backup))
            try:
                apply_cipher_pragmas(connection, data_key)
                connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
                assert opens
            except sqlcipher3.DatabaseError:
                assert not opens
            finally:
                connection.close()


def test_a_rekey_cut_short_after_the_database_still_opens_with_the_new_key_file(made, monkeypatch) -> None:
    folder, _recovery = made
    vault = Vault.unlock(folder, PASSPHRASE)

    def power_cut(*_args):
        raise OSError("power cut")

    monkeypatch.setattr(rekey, "_promote_next_key", power_cut)
    with pytest.raises(OSError):
        vault.rekey(PASSPHRASE, NEW_PASSPHRASE)
    monkeypatch.undo()
    vault.lock()
    assert (folder / "key.json.next").exists()
    reopened = Vault.unlock(folder, NEW_PASSPHRASE)
    assert _bodies(reopened) == ["before"]
    reopened.lock()
    assert not (folder / "key.json.next").exists()
    Vault.unlock(folder, NEW_PASSPHRASE).lock()


# -- finding 4 --------------------------------------------------------------------------------------------------
def test_a_change_keeps_the_authenticated_cost_not_what_key_json_says_now(tmp_path: Path) -> None:
    vault, _recovery = Vault.create(tmp_path / "v", PASSPHRASE, cost=FLOOR)
    edited = json.loads((tmp_path / "v" / "key.json").read_text())
    edited["kdf"].update(keys.cost_to_dict(TEST_COST))  # weakened on disk while the vault is open
    (tmp_path / "v" / "key.json").write_text(json.dumps(edited))
    vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    vault.lock()
    written = json.loads((tmp_path / "v" / "key.json").read_text())["kdf"]
    assert keys.cost_from_dict(written) == FLOOR


@pytest.mark.parametrize("cost", [{"iterations": 1, "memory_kib": 8, "lanes": 1},
                                  {"iterations": 2, "memory_kib": 65536, "lanes": 1},
                                  {"iterations": 64, "memory_kib": 1024 * 1024, "lanes": 4}])
def test_a_hand_edited_cost_under_the_floor_or_over_the_ceiling_is_refused(made, cost) -> None:
    folder, _recovery = made
    header = json.loads((folder / "key.json").read_text())
    header["kdf"].update(cost)
    (folder / "key.json").write_text(json.dumps(header))
    with pytest.raises(VaultCorrupted):
        Vault.unlock(folder, PASSPHRASE)
    assert quarantine.list_quarantined(folder)


def test_the_cheap_test_cost_needs_the_process_switch(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(keys, "_test_cost_allowed", False)
    with pytest.raises(ValueError):
        keys.check_cost(TEST_COST)
    with pytest.raises(ValueError):
        Vault.create(tmp_path / "v", PASSPHRASE, cost=TEST_COST)
    assert keys.check_cost(keys.DEFAULT_COST) == keys.DEFAULT_COST


# -- finding 5 --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("weak", ["password12", "1234567890", "aaaaaaaaaa", " " * 10, "qwertyuiop", "Harbour123"])
def test_the_weakest_passphrases_are_refused_by_every_route(made, tmp_path: Path, weak) -> None:
    with pytest.raises(PassphraseTooWeak) as raised:
        Vault.create(tmp_path / "weak", weak, cost=TEST_COST)
    assert raised.value.reasons and not (tmp_path / "weak").exists()
    folder, _recovery = made
    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        with pytest.raises(PassphraseTooWeak):
            vault.change_passphrase(PASSPHRASE, weak)
        with pytest.raises(PassphraseTooWeak):
            vault.rekey(PASSPHRASE, weak)
    finally:
        vault.lock()


# -- finding 7 and 10 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("content", ["[" * 100_000, '{"format": ' * 50_000, "\x00\xff", "{}", "[]", "1e999"])
def test_every_malformed_key_json_gives_the_clear_error_and_a_quarantine_copy(made, content) -> None:
    folder, _recovery = made
    (folder / "key.json").write_text(content, encoding="utf-8", errors="surrogateescape")
    with pytest.raises(VaultCorrupted) as raised:
        Vault.unlock(folder, PASSPHRASE)
    assert "key.json" in str(raised.value)
    assert str(folder / "backups" / "key.json") in str(raised.value)  # what can still help
    assert (quarantine.list_quarantined(folder)[0] / "key.json").is_file()


def test_a_missing_key_json_says_the_copy_with_the_backups_can_help(made) -> None:
    folder, _recovery = made
    (folder / "key.json").unlink()
    with pytest.raises(VaultCorrupted) as raised:
        Vault.unlock(folder, PASSPHRASE)
    assert str(folder / "backups" / "key.json") in str(raised.value)
    (folder / "backups" / "key.json").rename(folder / "key.json")
    Vault.unlock(folder, PASSPHRASE).lock()


# -- finding 8 --------------------------------------------------------------------------------------------------
def _crashed_copy(made, tmp_path: Path, flip_last_frame: bool) -> Path:
    """Three notes written; the files copied while the vault is open (as a kill -9 leaves them)."""
    folder, _recovery = made
    vault = Vault.unlock(folder, PASSPHRASE)
    vault.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for text in ("one", "two", "three"):
        vault.db.execute("INSERT INTO notes VALUES (?)", [text])
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for name in ("notes.db", "notes.db-wal", "key.json"):
        (crashed / name).write_bytes((folder / name).read_bytes())
    vault.lock()
    if flip_last_frame:
        wal = bytearray((crashed / "notes.db-wal").read_bytes())
        wal[-100] ^= 0x01
        (crashed / "notes.db-wal").write_bytes(bytes(wal))
    return crashed


def test_a_damaged_wal_is_kept_and_the_lost_writes_are_said(made, tmp_path: Path) -> None:
    crashed = _crashed_copy(made, tmp_path, flip_last_frame=True)
    wal_as_found = (crashed / "notes.db-wal").read_bytes()
    vault = Vault.unlock(crashed, PASSPHRASE)
    try:
        assert "three" not in _bodies(vault)
        assert vault.recovery_note and "not all of the last changes" in vault.recovery_note
    finally:
        vault.lock()
    kept = quarantine.list_quarantined(crashed)[0]
    assert (kept / "notes.db-wal").read_bytes() == wal_as_found and (kept / "notes.db").is_file()
    assert str(kept) in vault.recovery_note


def test_a_whole_wal_is_kept_too_and_nothing_is_said(made, tmp_path: Path) -> None:
    crashed = _crashed_copy(made, tmp_path, flip_last_frame=False)
    vault = Vault.unlock(crashed, PASSPHRASE)
    try:
        assert _bodies(vault)[-3:] == ["one", "two", "three"]
        assert vault.recovery_note is None
    finally:
        vault.lock()
    assert (quarantine.list_quarantined(crashed)[0] / "notes.db-wal").is_file()


# -- finding 6 --------------------------------------------------------------------------------------------------
_MEMORY_CHILD = r"""
import gc, sys
from pathlib import Path
from desktop.core.vault.vault import Vault

def shifted(data):  # the needles arrive shifted by one, so this process never holds them as they are
    return bytes((b + 1) % 256 for b in data)

folder, passphrase = Path(sys.argv[1]), sys.argv[2]
needles = {name: bytes.fromhex(value) for name, value in (arg.split("=") for arg in sys.argv[3:])}
vault = Vault.unlock(folder, passphrase)
vault.db.execute("INSERT INTO notes VALUES ('x')")
vault.lock()
del vault
gc.collect()
found = dict.fromkeys(needles, 0)
with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", 0) as memory:
    for line in maps:
        span, perms = line.split()[:2]
        if "r" not in perms or "[vvar]" in line or "[vsyscall]" in line:
            continue
        start, end = (int(part, 16) for part in span.split("-"))
        try:
            memory.seek(start)
            chunk = shifted(memory.read(end - start))
        except (OSError, ValueError, OverflowError):
            continue
        for name, needle in needles.items():
            found[name] += chunk.count(needle)
        del chunk
print(" ".join(f"{name}={count}" for name, count in found.items()))
"""


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="reads its own memory through /proc")
def test_after_a_lock_the_key_is_not_in_memory_as_text(made) -> None:
    folder, _recovery = made
    vault = Vault.unlock(folder, PASSPHRASE)
    data_key = vault.raw_key_for_backup()
    vault.lock()
    forms = {"pragma": b"x'" + data_key.hex().encode() + b"'", "hex": data_key.hex().encode()}
    shifted = {name: bytes((b + 1) % 256 for b in form).hex() for name, form in forms.items()}
    done = subprocess.run([sys.executable, "-c", _MEMORY_CHILD, str(folder), PASSPHRASE,
                           *(f"{name}={value}" for name, value in shifted.items())],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["pragma=0", "hex=0"]
