"""Unlock does not read every page of a large vault (issue 21): the whole-file check runs afterwards on its own
connection, says what it found, and a damage it found makes the next unlock refuse the file like any other."""

from __future__ import annotations

import shutil
import threading

import pytest

from desktop.core.records import clients, sessions
from desktop.core.vault import integrity
from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import Vault, VaultCorrupted

PASSPHRASE = "correct horse battery staple"
PAGE = 4096


@pytest.fixture
def big_vault(tmp_path, monkeypatch):
    """A vault that counts as large: its size is above the limit for checking every page at unlock."""
    folder = tmp_path / "vault"
    vault, _recovery = Vault.create(folder, PASSPHRASE, cost=TEST_COST)
    client = clients.create_client(vault.db, "Mei")
    for _index in range(40):
        sessions.create_session(vault.db, client.id, notes="notes about the bakery and the garden " * 60)
    vault.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    vault.lock()
    monkeypatch.setattr(integrity, "FULL_CHECK_AT_UNLOCK_BYTES", 64 * 1024)
    return folder


def _damage_a_late_page(folder) -> None:
    database = folder / "notes.db"
    pages = database.stat().st_size // PAGE
    with open(database, "r+b") as out:
        out.seek(PAGE * (pages - 3))
        out.write(b"\0" * PAGE)


def test_a_sound_vault_passes_the_whole_file_check(big_vault):
    vault = Vault.unlock(big_vault, PASSPHRASE)
    try:
        assert vault.whole_file_check().run() == []
        assert not (big_vault / integrity.FOUND_NAME).exists()
    finally:
        vault.lock()


def test_damage_unlock_skips_is_found_afterwards_and_refused_at_the_next_unlock(big_vault):
    kept = big_vault.parent / "kept-before-damage"
    shutil.copytree(big_vault, kept)
    _damage_a_late_page(big_vault)
    vault = Vault.unlock(big_vault, PASSPHRASE)  # only the schema is read: the damaged page is not
    try:
        problems = vault.whole_file_check().run()
    finally:
        vault.lock()
    assert problems, "the background check must say what it found"
    assert (big_vault / integrity.FOUND_NAME).exists()
    with pytest.raises(VaultCorrupted) as raised:  # now the whole file is checked before opening
        Vault.unlock(big_vault, PASSPHRASE)
    assert raised.value.kept_copy is not None
    # an undamaged copy (a restored backup, say) opens, and its check clears the note
    shutil.copy(kept / "notes.db", big_vault / "notes.db")
    vault = Vault.unlock(big_vault, PASSPHRASE)
    try:
        assert vault.whole_file_check().run() == []
    finally:
        vault.lock()
    assert not (big_vault / integrity.FOUND_NAME).exists()


def test_the_check_runs_on_its_own_connection_and_locking_interrupts_it(big_vault):
    vault = Vault.unlock(big_vault, PASSPHRASE)
    check = vault.whole_file_check()
    check.interrupt()
    with pytest.raises(integrity.CheckInterrupted):
        check.run()
    started, results = threading.Event(), []

    def run() -> None:
        started.set()
        try:
            results.append(vault.whole_file_check().run())
        except integrity.CheckInterrupted as error:
            results.append(error)

    worker = threading.Thread(target=run)
    worker.start()
    started.wait()
    assert vault.db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 40  # the vault's own connection is free
    vault.lock()
    worker.join()
    assert results and (results[0] == [] or isinstance(results[0], integrity.CheckInterrupted))
    assert not (big_vault / integrity.FOUND_NAME).exists()


def test_a_large_vault_is_checked_whole_once_a_day(big_vault, monkeypatch):
    vault = Vault.unlock(big_vault, PASSPHRASE)
    try:
        assert integrity.check_due(vault)
        assert vault.whole_file_check().run() == []
        assert not integrity.check_due(vault)
        monkeypatch.setattr(integrity, "CHECK_EVERY", integrity.CHECK_EVERY * 0)
        assert integrity.check_due(vault)
    finally:
        vault.lock()
