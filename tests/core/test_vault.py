"""The vault's public contract: create, unlock, wrong passphrase, recovery key, passphrase change, lock."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import unicodedata
from pathlib import Path

import pytest
import sqlcipher3

from desktop.core.vault import schema
from desktop.core.vault.attempts import FILE_NAME as ATTEMPTS_FILE
from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import (
    PassphraseTooShort,
    Vault,
    VaultError,
    VaultExists,
    VaultTooNew,
    WrongPassphrase,
)

PASSPHRASE = "a long enough test passphrase"
NEW_PASSPHRASE = "another passphrase entirely"


def snapshot(folder: Path, ignore: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file under ``folder`` with the SHA-256 of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name not in ignore
    }


@pytest.fixture
def made(tmp_path: Path):
    folder = tmp_path / "vault"
    vault, recovery_key = Vault.create(folder, PASSPHRASE, cost=TEST_COST)
    vault.db.execute("CREATE TABLE notes (body TEXT)")
    vault.db.execute("INSERT INTO notes VALUES ('kept across unlocks')")
    vault.lock()
    return folder, recovery_key


def test_create_makes_database_key_file_and_backups_folder(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    vault, recovery_key = Vault.create(folder, PASSPHRASE, cost=TEST_COST)
    try:
        assert (folder / "notes.db").is_file()
        assert (folder / "key.json").is_file()
        assert (folder / "backups").is_dir()
        assert isinstance(recovery_key, str) and recovery_key
    finally:
        vault.lock()


def test_new_database_is_encrypted_by_sqlcipher(tmp_path: Path) -> None:
    vault, _recovery = Vault.create(tmp_path / "v", PASSPHRASE, cost=TEST_COST)
    try:
        assert vault.db.execute("PRAGMA cipher_version").fetchone()[0]
        header = (tmp_path / "v" / "notes.db").read_bytes()[:16]
        assert len(header) == 16
        assert not header.startswith(b"SQLite format 3")
    finally:
        vault.lock()
    # and plain SQLite (no key) cannot read it
    plain = sqlcipher3.connect(str(tmp_path / "v" / "notes.db"))
    with pytest.raises(sqlcipher3.DatabaseError):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchall()
    plain.close()


def test_create_into_an_existing_folder_fails_without_touching_it(tmp_path: Path) -> None:
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "someone-elses.txt").write_text("precious")
    before = snapshot(folder)
    with pytest.raises(VaultExists) as raised:
        Vault.create(folder, PASSPHRASE, cost=TEST_COST)
    assert isinstance(raised.value, VaultError) and isinstance(raised.value, FileExistsError)
    assert "already" in str(raised.value)
    assert snapshot(folder) == before
    assert sorted(p.name for p in folder.iterdir()) == ["someone-elses.txt"]


def test_create_into_an_existing_vault_leaves_it_working(made) -> None:
    folder, _recovery = made
    before = snapshot(folder)
    with pytest.raises(VaultExists):
        Vault.create(folder, "a different passphrase", cost=TEST_COST)
    assert snapshot(folder) == before
    Vault.unlock(folder, PASSPHRASE).lock()


def test_too_short_passphrase_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    with pytest.raises(PassphraseTooShort) as raised:
        Vault.create(tmp_path / "short", "too short", cost=TEST_COST)
    assert "at least" in str(raised.value)
    assert not (tmp_path / "short").exists()


def test_a_failed_create_leaves_no_half_made_folder(tmp_path: Path, monkeypatch) -> None:
    def broken(connection):
        raise RuntimeError("simulated failure while building the schema")

    monkeypatch.setattr(schema, "migrate", broken)
    with pytest.raises(RuntimeError):
        Vault.create(tmp_path / "half", PASSPHRASE, cost=TEST_COST)
    assert not (tmp_path / "half").exists()


def test_data_survives_lock_and_unlock(made) -> None:
    folder, _recovery = made
    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        assert vault.db.execute("SELECT body FROM notes").fetchall() == [("kept across unlocks",)]
    finally:
        vault.lock()


def test_wrong_passphrase_says_so_quietly_and_changes_nothing(made, capfd) -> None:
    folder, _recovery = made
    before = snapshot(folder, ignore=(ATTEMPTS_FILE,))
    capfd.readouterr()
    with pytest.raises(WrongPassphrase) as raised:
        Vault.unlock(folder, "not the passphrase at all")
    message = str(raised.value)
    assert "passphrase" in message and "Caps Lock" in message
    assert "Traceback" not in message and "sqlite" not in message.lower()
    captured = capfd.readouterr()
    assert captured.err == ""
    assert captured.out == ""
    assert snapshot(folder, ignore=(ATTEMPTS_FILE,)) == before
    assert json.loads((folder / ATTEMPTS_FILE).read_text())["failures"] == 1


def test_a_successful_unlock_clears_the_failure_count(made) -> None:
    folder, _recovery = made
    with pytest.raises(WrongPassphrase):
        Vault.unlock(folder, "not the passphrase at all")
    Vault.unlock(folder, PASSPHRASE).lock()
    assert not (folder / ATTEMPTS_FILE).exists()


def test_unlock_of_a_folder_that_is_not_there_says_so(tmp_path: Path) -> None:
    with pytest.raises(VaultError) as raised:
        Vault.unlock(tmp_path / "nowhere", PASSPHRASE)
    assert "no vault" in str(raised.value)
    assert not (tmp_path / "nowhere").exists()


def test_passphrase_is_compared_after_unicode_normalisation(tmp_path: Path) -> None:
    composed = unicodedata.normalize("NFC", "café señora ñandú")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    vault, _recovery = Vault.create(tmp_path / "v", composed, cost=TEST_COST)
    vault.lock()
    Vault.unlock(tmp_path / "v", decomposed).lock()


def test_recovery_key_opens_the_vault_even_typed_lower_case_with_spaces(made) -> None:
    folder, recovery_key = made
    Vault.unlock_with_recovery_key(folder, recovery_key).lock()
    typed = recovery_key.lower().replace("-", " ")
    vault = Vault.unlock_with_recovery_key(folder, f"  {typed} ")
    try:
        assert vault.db.execute("SELECT body FROM notes").fetchone() == ("kept across unlocks",)
    finally:
        vault.lock()


@pytest.mark.parametrize("typed", ["", "ABCD-EFGH", "not a key at all", "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"])
def test_wrong_recovery_key_is_refused_with_a_human_message(made, typed, capfd) -> None:
    folder, _recovery = made
    before = snapshot(folder, ignore=(ATTEMPTS_FILE,))
    with pytest.raises(WrongPassphrase) as raised:
        Vault.unlock_with_recovery_key(folder, typed)
    assert "recovery key" in str(raised.value)
    assert capfd.readouterr().err == ""
    assert snapshot(folder, ignore=(ATTEMPTS_FILE,)) == before


def test_change_passphrase_rewrites_only_key_json(made) -> None:
    folder, recovery_key = made
    vault = Vault.unlock(folder, PASSPHRASE)
    vault.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = snapshot(folder)
    vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, cost=TEST_COST)
    after = snapshot(folder)
    vault.lock()
    assert set(after) == set(before)  # no temp file left behind
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"key.json", "backups/key.json"}  # the key file and its copy beside the backups

    with pytest.raises(WrongPassphrase):
        Vault.unlock(folder, PASSPHRASE)
    Vault.unlock(folder, NEW_PASSPHRASE).lock()
    recovered = Vault.unlock_with_recovery_key(folder, recovery_key)
    try:
        assert recovered.db.execute("SELECT body FROM notes").fetchone() == ("kept across unlocks",)
    finally:
        recovered.lock()


def test_change_passphrase_refuses_a_short_one_and_keeps_the_old(made) -> None:
    folder, _recovery = made
    vault = Vault.unlock(folder, PASSPHRASE)
    key_before = (folder / "key.json").read_bytes()
    with pytest.raises(PassphraseTooShort):
        vault.change_passphrase(PASSPHRASE, "short")
    vault.lock()
    assert (folder / "key.json").read_bytes() == key_before
    Vault.unlock(folder, PASSPHRASE).lock()


def test_lock_closes_the_database_and_drops_the_key(made) -> None:
    folder, _recovery = made
    vault = Vault.unlock(folder, PASSPHRASE)
    connection = vault.db.conn
    vault.lock()
    assert not vault.is_open
    with pytest.raises(VaultError):
        vault.db  # noqa: B018
    with pytest.raises(VaultError):
        vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    with pytest.raises(sqlcipher3.ProgrammingError):
        connection.execute("SELECT 1")
    vault.lock()  # locking twice is harmless
    assert sorted(p.name for p in folder.iterdir()) == ["backups", "key.json", "notes.db"]


def test_key_never_reaches_sqlcipher_as_text_nor_as_the_passphrase(tmp_path: Path, monkeypatch) -> None:
    statements: list[str] = []
    real_connect = sqlcipher3.connect

    def traced_connect(*args, **kwargs):
        connection = real_connect(*args, **kwargs)
        connection.set_trace_callback(statements.append)
        return connection

    monkeypatch.setattr(sqlcipher3, "connect", traced_connect)
    vault, recovery_key = Vault.create(tmp_path / "v", PASSPHRASE, cost=TEST_COST)
    vault.lock()
    Vault.unlock(tmp_path / "v", PASSPHRASE).lock()
    # Issue 15 finding 6: the key goes through sqlite3_key from a buffer zeroed after, never as a PRAGMA string.
    assert statements
    assert not [s for s in statements if "key" in s.lower() and "pragma" in s.lower() and "x'" in s.lower()]
    assert not any(PASSPHRASE in s or recovery_key in s for s in statements)


def test_every_connection_gets_the_safety_pragmas(made) -> None:
    folder, _recovery = made
    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        db = vault.db
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA secure_delete").fetchone()[0] == 1
        assert db.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
    finally:
        vault.lock()


def test_a_vault_from_a_newer_harbour_is_refused_unchanged(made, capfd) -> None:
    folder, _recovery = made
    vault = Vault.unlock(folder, PASSPHRASE)
    vault.db.execute(f"PRAGMA user_version = {schema.latest_version() + 50}")
    vault.lock()
    before = snapshot(folder)
    with pytest.raises(VaultTooNew) as raised:
        Vault.unlock(folder, PASSPHRASE)
    assert "newer version" in str(raised.value)
    assert snapshot(folder) == before
    assert capfd.readouterr().err == ""


def test_without_sqlcipher_nothing_is_created_or_opened(tmp_path: Path, made, monkeypatch) -> None:
    """Plain SQLite ignores PRAGMA key and would happily write notes in the clear: refuse instead."""
    folder, _recovery = made
    before = snapshot(folder)
    monkeypatch.setattr(sqlcipher3, "connect", sqlite3.connect)
    with pytest.raises(VaultError) as raised:
        Vault.create(tmp_path / "plain", PASSPHRASE, cost=TEST_COST)
    assert "SQLCipher" in str(raised.value)
    assert not (tmp_path / "plain").exists()
    with pytest.raises(VaultError):
        Vault.unlock(folder, PASSPHRASE)
    assert snapshot(folder) == before
