"""A vault made once and committed (tests/data/fixture_vault_v1, by tests/data/make_fixture_vault.py) must open on
every build, with its passphrase and with its recovery key, and read back what was written into it.

This catches what a vault made by the same build cannot: a change in SQLCipher's defaults, in the key.json format,
in the audit hash, or a migration that no longer reads an older vault. Only a copy is ever opened.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.core.consent import audit
from desktop.core.consent import consents as consent
from desktop.core.interpreters import bookings
from desktop.core.records import clients, sessions
from desktop.core.vault import backups, schema
from desktop.core.vault.vault import Vault
from tests.data.make_fixture_vault import FIXTURE, KNOWN, PASSPHRASE, RECOVERY_KEY
from tests.reliability.fault_helpers import assert_sound, sha256

COMMITTED = ("key.json", "notes.db")


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Path:
    hashes = {name: sha256(FIXTURE / name) for name in COMMITTED}
    folder = tmp_path / "fixture_vault_v1"
    folder.mkdir()
    for name in COMMITTED:
        shutil.copyfile(FIXTURE / name, folder / name)
    yield folder
    assert {name: sha256(FIXTURE / name) for name in COMMITTED} == hashes  # the committed files were not touched


def _assert_known_rows(db, *, committed: bool = True) -> None:
    client = clients.get_client(db, 1)
    for field, value in KNOWN["client"].items():
        assert getattr(client, field) == value, field
    session = sessions.get_session(db, 1)
    assert session.client_id == client.id
    for field, value in KNOWN["session"].items():
        assert getattr(session, field) == value, field
    given = consent.get_consent(db, 1)
    assert given.client_id == client.id
    for field, value in KNOWN["consent"].items():
        assert getattr(given, field) == value, field
    (entry,) = audit.entries(db)
    for field, value in KNOWN["audit"].items():
        if field != "entry_hash" or committed:  # a rebuilt vault's entry is keyed with its own data key
            assert getattr(entry, field) == value, field  # entry_hash: the same fields still hash to the same chain
    assert entry.consent_id == given.id and entry.client_id == client.id
    booking = bookings.get_booking(db, 1)
    assert booking.client_id == client.id and booking.status == "draft"
    for field, value in KNOWN["booking"].items():
        assert getattr(booking, field) == value, field


@pytest.mark.parametrize("way", ["passphrase", "recovery key"])
def test_the_committed_fixture_vault_opens_and_reads_back_the_known_rows(fixture_copy, way):
    if way == "passphrase":
        vault = Vault.unlock(fixture_copy, PASSPHRASE)
    else:
        vault = Vault.unlock_with_recovery_key(fixture_copy, RECOVERY_KEY)
    try:
        assert_sound(vault.db)
        _assert_known_rows(vault.db)
    finally:
        vault.lock()


def test_the_fixture_vault_migrates_to_the_current_schema_and_keeps_its_rows(fixture_copy):
    vault = Vault.unlock(fixture_copy, PASSPHRASE)
    try:
        assert schema.current_version(vault.db.conn) == schema.latest_version()
        _assert_known_rows(vault.db)
        assert_sound(vault.db)
    finally:
        vault.lock()
    names = [path.name for path in backups.list_backups(fixture_copy)]
    if KNOWN["schema_version"] < schema.latest_version():  # the old vault was backed up before it changed
        assert any(name.endswith("-before-migration.db") for name in names), names
    # Opening again after the migration (or after none) changes nothing more and still reads the same rows.
    vault = Vault.unlock(fixture_copy, PASSPHRASE)
    try:
        _assert_known_rows(vault.db)
    finally:
        vault.lock()


def test_the_committed_fixture_is_just_an_encrypted_notes_db_and_its_key_file():
    assert not (FIXTURE / "notes.db").read_bytes().startswith(b"SQLite format 3")
    assert sorted(p.name for p in FIXTURE.iterdir()) == sorted(COMMITTED)
    assert KNOWN["schema_version"] <= schema.latest_version()


def test_the_fixture_script_builds_the_same_kind_of_vault(tmp_path):
    from tests.data.make_fixture_vault import make

    ids = make(tmp_path / "rebuilt")
    vault = Vault.unlock_with_recovery_key(tmp_path / "rebuilt", RECOVERY_KEY)
    try:
        # Since issue 16 a new entry's hash is an HMAC with a key derived from the vault's (random) data key, so
        # it differs from the committed fixture's plain SHA-256, which must still verify as it is (above).
        [entry] = audit.entries(vault.db)
        assert entry.entry_hash == ids["entry_hash"] != KNOWN["audit"]["entry_hash"] and entry.keyed == 1
        assert audit.verify(vault.db).ok
        _assert_known_rows(vault.db, committed=False)
        assert schema.current_version(vault.db.conn) == schema.latest_version()
    finally:
        vault.lock()


def test_a_new_migration_applied_to_the_fixture_vault_keeps_its_rows_and_backs_it_up_first(fixture_copy, tmp_path,
                                                                                            monkeypatch):
    newer = tmp_path / "migrations"
    shutil.copytree(schema._MIGRATIONS_DIR, newer)
    upcoming = schema.latest_version() + 1
    (newer / f"{upcoming:04d}_fixture_probe.sql").write_text(
        "CREATE TABLE fixture_probe (id INTEGER PRIMARY KEY, note TEXT NOT NULL DEFAULT '');")
    monkeypatch.setattr(schema, "_MIGRATIONS_DIR", newer)
    vault = Vault.unlock(fixture_copy, PASSPHRASE)
    try:
        assert schema.current_version(vault.db.conn) == upcoming
        assert vault.db["fixture_probe"].exists()
        _assert_known_rows(vault.db)
        assert_sound(vault.db)
    finally:
        vault.lock()
    names = [path.name for path in backups.list_backups(fixture_copy)]
    assert any(name.endswith("-before-migration.db") for name in names), names
