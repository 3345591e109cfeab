"""Damaged, tampered and crashed vaults: a clear error, nothing on disk changed, and no saved row ever lost."""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
import types
from pathlib import Path

import pytest

from desktop.core.common import files
from desktop.core.vault import attempts
from desktop.core.vault.attempts import FILE_NAME as ATTEMPTS_FILE
from desktop.core.vault.attempts import AttemptLog, delay_after
from desktop.core.vault.db import transaction
from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import TooManyAttempts, Vault, VaultCorrupted, VaultError, WrongPassphrase
from tests.reliability.fault_helpers import file_hashes  # apart from the attempt counter and quarantine copies

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "a long enough test passphrase"
PAGE = 4096


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A locked vault with a few pages of data and no -wal left over."""
    path = tmp_path / "vault"
    vault, _recovery = Vault.create(path, PASSPHRASE, cost=TEST_COST)
    vault.db.execute("CREATE TABLE notes (body TEXT)")
    with transaction(vault.db):
        for number in range(200):
            vault.db.execute("INSERT INTO notes VALUES (?)", [f"note {number} " * 20])
    vault.lock()
    assert sorted(p.name for p in path.iterdir()) == ["backups", "key.json", "notes.db"]
    return path


@pytest.fixture
def made_with_recovery(tmp_path: Path) -> tuple[Path, str]:
    vault, recovery_key = Vault.create(tmp_path / "v", PASSPHRASE, cost=TEST_COST)
    vault.lock()
    return tmp_path / "v", recovery_key


def _edit_key_json(folder: Path, change) -> None:
    header = json.loads((folder / "key.json").read_text())
    change(header)
    (folder / "key.json").write_text(json.dumps(header))


def _flip_ciphertext_byte(header: dict) -> None:
    sealed = bytearray(base64.b64decode(header["slots"]["passphrase"]["ciphertext"]))
    sealed[5] ^= 0x01
    header["slots"]["passphrase"]["ciphertext"] = base64.b64encode(bytes(sealed)).decode()


TAMPERINGS = {
    "more iterations": lambda f: _edit_key_json(f, lambda h: h["kdf"].update(iterations=2)),
    "less memory": lambda f: _edit_key_json(f, lambda h: h["kdf"].update(memory_kib=512)),
    "another salt": lambda f: _edit_key_json(f, lambda h: h["kdf"].update(salt=base64.b64encode(b"x" * 16).decode())),
    "flipped ciphertext byte": lambda f: _edit_key_json(f, _flip_ciphertext_byte),
    "terabyte memory cost": lambda f: _edit_key_json(f, lambda h: h["kdf"].update(memory_kib=2**31)),
    "short salt": lambda f: _edit_key_json(f, lambda h: h["kdf"].update(salt="AAAA")),
    "no passphrase slot": lambda f: _edit_key_json(f, lambda h: h["slots"].pop("passphrase")),
    "unknown version": lambda f: _edit_key_json(f, lambda h: h.update(version=99)),
    "invalid json": lambda f: (f / "key.json").write_text('{"format": "harbour-vault", '),
    "not utf-8": lambda f: (f / "key.json").write_bytes(b"\xff\xfe\x00garbage"),
    "a json list": lambda f: (f / "key.json").write_text("[1, 2, 3]"),
    "empty": lambda f: (f / "key.json").write_bytes(b""),
    "missing": lambda f: (f / "key.json").unlink(),
}


@pytest.mark.parametrize("how", sorted(TAMPERINGS))
def test_tampered_key_json_is_refused_with_a_clear_message_and_nothing_changes(folder, how, capfd) -> None:
    TAMPERINGS[how](folder)
    before = file_hashes(folder)
    capfd.readouterr()
    with pytest.raises((WrongPassphrase, VaultCorrupted)) as raised:
        Vault.unlock(folder, PASSPHRASE)
    assert len(str(raised.value)) > 30 and "Traceback" not in str(raised.value)
    assert capfd.readouterr().err == ""
    assert file_hashes(folder) == before
    assert (folder / "notes.db").is_file()


def _truncate_half(folder: Path) -> None:
    database = folder / "notes.db"
    os.truncate(database, database.stat().st_size // 2)


def _truncate_mid_page(folder: Path) -> None:
    os.truncate(folder / "notes.db", PAGE * 3 + 1000)


def _flip(offset: int):
    def change(folder: Path) -> None:
        data = bytearray((folder / "notes.db").read_bytes())
        data[offset] ^= 0x40
        (folder / "notes.db").write_bytes(bytes(data))

    return change


DAMAGES = {
    "truncated to half": _truncate_half,
    "truncated mid-page": _truncate_mid_page,
    "truncated to one page": lambda f: os.truncate(f / "notes.db", PAGE),
    "empty": lambda f: os.truncate(f / "notes.db", 0),
    "bit flipped in page 1": _flip(PAGE // 2),
    "bit flipped in page 5": _flip(PAGE * 4 + 777),
    "bit flipped in the last page": _flip(-100),
    "bit flipped in the salt": _flip(3),
    "missing": lambda f: (f / "notes.db").unlink(),
    "replaced by a plaintext database": lambda f: _replace_with_plain_sqlite(f),
    "notes.db of another vault": lambda f: _replace_with_another_vaults_database(f),
}


def _replace_with_another_vaults_database(folder: Path) -> None:
    other = folder.parent / "other-vault"
    vault, _recovery = Vault.create(other, PASSPHRASE, cost=TEST_COST)  # same passphrase, different data key
    vault.lock()
    (other / "notes.db").replace(folder / "notes.db")


def _replace_with_plain_sqlite(folder: Path) -> None:
    (folder / "notes.db").unlink()
    plain = sqlite3.connect(folder / "notes.db")
    plain.execute("CREATE TABLE notes (body TEXT)")
    plain.execute("INSERT INTO notes VALUES ('planted in the clear')")
    plain.commit()
    plain.close()
    assert (folder / "notes.db").read_bytes().startswith(b"SQLite format 3")


@pytest.mark.parametrize("how", sorted(DAMAGES))
def test_damaged_database_raises_vault_corrupted_and_is_never_rewritten(folder, how, capfd) -> None:
    DAMAGES[how](folder)
    before = file_hashes(folder)
    capfd.readouterr()
    with pytest.raises(VaultCorrupted) as raised:
        Vault.unlock(folder, PASSPHRASE)
    assert "damaged" in str(raised.value) and "backup" in str(raised.value)
    assert capfd.readouterr().err == ""  # SQLCipher's HMAC complaints are silenced
    assert file_hashes(folder) == before  # nothing rewritten, no -wal/-shm left behind, not recreated
    assert (folder / "notes.db").exists() == (how != "missing")


# -- repeated wrong passphrases ---------------------------------------------------------------------------------


class FakeClock:
    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def test_delay_grows_after_the_free_attempts_and_is_capped() -> None:
    delays = [delay_after(n) for n in range(12)]
    assert delays[:3] == [0, 0, 0]
    assert delays[3:7] == [2, 4, 8, 16]
    assert all(later >= earlier for earlier, later in zip(delays, delays[1:], strict=False))
    assert delay_after(100) == 300


def test_repeated_wrong_passphrases_meet_a_growing_delay(folder, monkeypatch) -> None:
    clock = FakeClock(1_000_000.0)
    monkeypatch.setattr(attempts, "time", types.SimpleNamespace(time=clock))
    waits = []
    for _attempt in range(6):
        with pytest.raises(WrongPassphrase):
            Vault.unlock(folder, "not the passphrase at all")
        waits.append(AttemptLog(folder).seconds_to_wait())
        if waits[-1]:
            with pytest.raises(TooManyAttempts):  # even the right one must wait
                Vault.unlock(folder, PASSPHRASE)
        clock.now += 1000  # let the delay run out without sleeping
    assert waits[:2] == [0, 0]
    assert waits[2:] == [2, 4, 8, 16]


def test_the_right_passphrase_also_waits_while_the_delay_runs(folder, monkeypatch) -> None:
    clock = FakeClock(1_000_000.0)
    monkeypatch.setattr(attempts, "time", types.SimpleNamespace(time=clock))
    for _attempt in range(4):
        clock.now += 1000
        with pytest.raises(WrongPassphrase):
            Vault.unlock(folder, "not the passphrase at all")
    with pytest.raises(TooManyAttempts) as raised:
        Vault.unlock(folder, PASSPHRASE)
    assert raised.value.seconds == 4
    assert "4 seconds" in str(raised.value)
    clock.now += 4
    Vault.unlock(folder, PASSPHRASE).lock()


def test_the_recovery_key_works_during_the_delay_and_clears_it(made_with_recovery, monkeypatch) -> None:
    folder, recovery_key = made_with_recovery
    clock = FakeClock(1_000_000.0)
    monkeypatch.setattr(attempts, "time", types.SimpleNamespace(time=clock))
    for _attempt in range(10):
        clock.now += 1000
        with pytest.raises(WrongPassphrase):
            Vault.unlock(folder, "not the passphrase at all")
    with pytest.raises(TooManyAttempts):
        Vault.unlock(folder, PASSPHRASE)
    with pytest.raises(WrongPassphrase):  # a typo in the recovery key is just a typo: no delay added
        Vault.unlock_with_recovery_key(folder, "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
    Vault.unlock_with_recovery_key(folder, recovery_key).lock()
    Vault.unlock(folder, PASSPHRASE).lock()  # the delay is gone


def test_the_delay_survives_a_restart_in_a_fresh_process(folder, monkeypatch) -> None:
    clock = FakeClock(0.0)
    monkeypatch.setattr(attempts, "time", types.SimpleNamespace(time=clock))
    for attempt in range(6):  # ten minutes apart, the sixth one just now: it asks for 16 s from now
        clock.now = time.time() - 600 * (5 - attempt)
        with pytest.raises(WrongPassphrase):
            Vault.unlock(folder, "not the passphrase at all")
    script = textwrap.dedent(f"""
        from desktop.core.vault.vault import Vault, TooManyAttempts
        try:
            Vault.unlock({str(folder)!r}, {PASSPHRASE!r}).lock()
            print("opened")
        except TooManyAttempts as error:
            print("waiting", round(error.seconds))
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.stderr == ""
    outcome, seconds = result.stdout.split()
    assert outcome == "waiting" and 10 <= int(seconds) <= 16


def test_a_clock_set_back_never_locks_out_for_longer_than_the_delay(tmp_path: Path) -> None:
    clock = FakeClock(5_000.0)
    log = AttemptLog(tmp_path, clock=clock)
    for _attempt in range(4):
        log.record_failure()
    clock.now -= 86_400  # the machine's clock jumped back a day
    assert log.seconds_to_wait() == delay_after(4)


def test_an_unreadable_attempts_file_counts_as_no_failures(tmp_path: Path) -> None:
    (tmp_path / ATTEMPTS_FILE).write_text("{not json")
    assert AttemptLog(tmp_path).seconds_to_wait() == 0


# -- crash safety (kill -9 at random moments: tests/reliability/test_kill9.py) -----------------------------------


def test_atomic_write_leaves_the_old_file_whole_when_the_rename_fails(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "key.json"
    target.write_text("old and whole")

    def failing_replace(source, destination):
        raise OSError("disk unplugged")

    monkeypatch.setattr(files.os, "replace", failing_replace)
    with pytest.raises(OSError):
        files.write_json_atomically(target, {"new": True})
    assert target.read_text() == "old and whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key.json"]


def test_change_passphrase_that_fails_midway_keeps_the_old_passphrase(folder, monkeypatch) -> None:
    vault = Vault.unlock(folder, PASSPHRASE)
    monkeypatch.setattr(files.os, "replace", lambda *_: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        vault.change_passphrase(PASSPHRASE, "a brand new passphrase", cost=TEST_COST)
    monkeypatch.undo()
    vault.lock()
    Vault.unlock(folder, PASSPHRASE).lock()
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_unlock_never_creates_a_vault_where_there_is_none(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(VaultError):
        Vault.unlock(empty, PASSPHRASE)
    assert list(empty.iterdir()) == []



def test_a_transaction_lands_whole_or_not_at_all(folder) -> None:
    vault = Vault.unlock(folder, PASSPHRASE)
    db = vault.db
    try:
        with pytest.raises(ValueError), transaction(db):
            db.execute("INSERT INTO notes VALUES ('first half')")
            raise ValueError("the second half failed")
        with transaction(db), transaction(db):  # nested blocks share the outer one
            db.execute("INSERT INTO notes VALUES ('both')")
            db.execute("INSERT INTO notes VALUES ('halves')")
        bodies = [row[0] for row in db.execute("SELECT body FROM notes WHERE body NOT LIKE 'note %'")]
        assert bodies == ["both", "halves"]
        assert not db.conn.in_transaction
    finally:
        vault.lock()


def test_a_transaction_sqlite_already_rolled_back_reports_the_real_error(folder) -> None:
    vault = Vault.unlock(folder, PASSPHRASE)
    db = vault.db
    try:
        with pytest.raises(ValueError, match="the real error"), transaction(db):
            db.execute("INSERT INTO notes VALUES ('lost with the transaction')")
            db.execute("ROLLBACK")  # what SQLite does by itself on a full disk or an I/O error
            raise ValueError("the real error")
        assert not db.conn.in_transaction
        assert db.execute("SELECT count(*) FROM notes WHERE body LIKE 'lost%'").fetchone()[0] == 0
    finally:
        vault.lock()
