"""Damaged vaults: a clear VaultError, nothing on disk recreated or overwritten, and a quarantine copy of the
damaged file(s) kept where no restore can lose it; the newest backup then brings the notes back."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.records import sessions
from desktop.core.vault import backups, quarantine
from desktop.core.vault.attempts import FILE_NAME as ATTEMPTS_FILE
from desktop.core.vault.keys import MAX_MEMORY_KIB
from desktop.core.vault.vault import Vault, VaultCorrupted, VaultError, WrongPassphrase
from desktop.ui.widgets.operations import wait_for_running
from tests.data.make_fixture_vault import KNOWN
from tests.reliability.fault_helpers import PASSPHRASE, assert_human, assert_sound, file_hashes, make_vault, sha256

PAGE = 4096


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> tuple[Path, dict[str, int], str]:
    folder = tmp_path_factory.mktemp("pristine") / "vault"
    ids, recovery_key = make_vault(folder)
    return folder, ids, recovery_key


@pytest.fixture
def copy_of(pristine, tmp_path):
    """A fresh copy of the pristine vault for each test (copying is cheaper than making one)."""
    source, ids, recovery_key = pristine

    def copy(name: str = "vault") -> Path:
        return Path(shutil.copytree(source, tmp_path / name, dirs_exist_ok=True))  # Hypothesis may replay a name

    copy.ids, copy.recovery_key = ids, recovery_key
    return copy


def _zero_page(number: int):
    def damage(database: Path) -> None:
        with open(database, "r+b") as out:
            out.seek(PAGE * number)
            out.write(b"\0" * PAGE)
    return damage


def _random_bytes(database: Path) -> None:
    database.write_bytes(random.Random(8).randbytes(database.stat().st_size))


def _plain_sqlite(database: Path) -> None:
    database.unlink()
    plain = sqlite3.connect(database)
    plain.execute("CREATE TABLE clients (first_name TEXT)")
    plain.execute("INSERT INTO clients VALUES ('planted in the clear')")
    plain.commit()
    plain.close()


NOTES_DAMAGE = {
    "empty": lambda database: os.truncate(database, 0),
    "truncated to half": lambda database: os.truncate(database, database.stat().st_size // 2),
    "truncated mid-page": lambda database: os.truncate(database, PAGE * 3 + 1000),
    "first page zeroed": _zero_page(0),
    "a middle page zeroed": _zero_page(5),
    "the last page zeroed": lambda database: _zero_page(database.stat().st_size // PAGE - 1)(database),
    "random bytes": _random_bytes,
    "a plain unencrypted SQLite file": _plain_sqlite,
}


@pytest.mark.parametrize("how", sorted(NOTES_DAMAGE))
def test_a_damaged_notes_db_is_refused_kept_in_quarantine_and_a_backup_brings_the_notes_back(copy_of, how, capfd):
    folder = copy_of()
    NOTES_DAMAGE[how](folder / "notes.db")
    damaged = sha256(folder / "notes.db")
    before = file_hashes(folder)
    capfd.readouterr()

    with pytest.raises(VaultCorrupted) as raised:
        Vault.unlock(folder, PASSPHRASE)

    assert_human(raised.value)
    assert capfd.readouterr().err == ""
    assert file_hashes(folder) == before  # not recreated, not rewritten, no -wal or -shm left behind
    kept = raised.value.kept_copy
    assert kept is not None and kept.parent == folder / "quarantine"
    assert str(kept) in str(raised.value)  # the unlock screen shows this very sentence
    assert sorted(p.name for p in kept.iterdir()) == ["key.json", "notes.db"]
    assert sha256(kept / "notes.db") == damaged
    assert sha256(kept / "key.json") == before["key.json"]

    with pytest.raises(VaultCorrupted) as again:  # trying again reuses the copy instead of filling the disk
        Vault.unlock_with_recovery_key(folder, copy_of.recovery_key)
    assert again.value.kept_copy == kept
    assert quarantine.list_quarantined(folder) == [kept]

    backups.restore_backup(folder, backups.list_backups(folder)[0])
    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        assert sessions.get_session(vault.db, copy_of.ids["session"]).notes == KNOWN["session"]["notes"]
        assert_sound(vault.db)
    finally:
        vault.lock()
    assert sha256(kept / "notes.db") == damaged  # the restore left the evidence alone


def test_a_new_kind_of_damage_gets_its_own_quarantine_folder_and_never_overwrites_the_first(copy_of):
    folder = copy_of()
    NOTES_DAMAGE["a middle page zeroed"](folder / "notes.db")
    with pytest.raises(VaultCorrupted) as first:
        Vault.unlock(folder, PASSPHRASE)
    first_copy = sha256(first.value.kept_copy / "notes.db")
    NOTES_DAMAGE["truncated to half"](folder / "notes.db")
    with pytest.raises(VaultCorrupted) as second:
        Vault.unlock(folder, PASSPHRASE)
    assert second.value.kept_copy != first.value.kept_copy
    assert sha256(first.value.kept_copy / "notes.db") == first_copy
    assert quarantine.list_quarantined(folder) == sorted([first.value.kept_copy, second.value.kept_copy],
                                                         reverse=True)


def test_a_missing_notes_db_has_nothing_to_quarantine_and_nothing_is_recreated(copy_of):
    folder = copy_of()
    (folder / "notes.db").unlink()
    with pytest.raises(VaultCorrupted) as raised:
        Vault.unlock(folder, PASSPHRASE)
    assert_human(raised.value)
    assert raised.value.kept_copy is None and not (folder / "quarantine").exists()
    assert not (folder / "notes.db").exists()


def test_when_the_copy_cannot_be_written_the_error_is_still_the_damage(copy_of, monkeypatch):
    folder = copy_of()
    NOTES_DAMAGE["random bytes"](folder / "notes.db")
    before = file_hashes(folder)

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(quarantine.shutil, "copyfile", disk_full)
    with pytest.raises(VaultCorrupted) as raised:
        Vault.unlock(folder, PASSPHRASE)
    assert_human(raised.value)
    assert raised.value.kept_copy is None
    assert file_hashes(folder) == before
    assert quarantine.list_quarantined(folder) == []  # no half-made folder posing as evidence


def test_the_unlock_screen_says_where_the_copy_is_and_restores_the_newest_backup(qtbot, copy_of, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.vault.restore_dialog import RestoreDialog
    from desktop.ui.vault.unlock import UnlockWindow

    folder = copy_of()
    NOTES_DAMAGE["a middle page zeroed"](folder / "notes.db")
    window = UnlockWindow(folder)
    qtbot.addWidget(window)
    window.secret.setText(PASSPHRASE)
    window.attempt()
    wait_for_running()  # unlocking runs on a worker thread
    kept = quarantine.list_quarantined(folder)
    assert len(kept) == 1 and str(kept[0]) in window.message.text()
    assert not window.restore_button.isHidden()

    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    # The dialog opens on the newest backup; pressing Restore puts it in place.
    monkeypatch.setattr(RestoreDialog, "exec", lambda dialog: dialog.restore_button.click() or dialog.result())
    with qtbot.waitSignal(window.unlocked) as opened:
        window.restore_button.click()
    vault = opened.args[0]
    try:
        assert_sound(vault.db)
    finally:
        vault.lock()
    assert (kept[0] / "notes.db").is_file()


# -- key.json -----------------------------------------------------------------------------------------------------


def _paths(value, prefix=()):
    """Every place in the JSON tree: ("kdf",), ("kdf", "salt"), ("slots", "recovery", "nonce"), ..."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield (*prefix, key)
            yield from _paths(inner, (*prefix, key))


def _mutated(header: dict, path: tuple, replacement, delete: bool) -> dict:
    copy = json.loads(json.dumps(header))
    parent = copy
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    return copy


def _check_refused(folder: Path, recovery_key: str, text: bytes) -> None:
    """Both ways in end in a VaultError with a human sentence (or open, for a field that way does not read);
    no other exception escapes, only the quarantine folder is added, and it holds exactly the bad key.json."""
    (folder / "key.json").write_bytes(text)
    before = file_hashes(folder)
    outcomes = []
    (folder / ATTEMPTS_FILE).unlink(missing_ok=True)  # hundreds of wrong tries here; the delay is tested elsewhere
    for attempt in (lambda: Vault.unlock(folder, PASSPHRASE),
                    lambda: Vault.unlock_with_recovery_key(folder, recovery_key)):
        try:
            attempt().lock()
            outcomes.append("opened")
        except VaultError as error:
            assert isinstance(error, VaultCorrupted | WrongPassphrase), repr(error)
            assert_human(error)
            outcomes.append(type(error).__name__)
            if isinstance(error, VaultCorrupted):
                assert error.damaged_file == "key.json"
                assert error.kept_copy is not None and (error.kept_copy / "key.json").read_bytes() == text
                assert not (error.kept_copy / "notes.db").exists()
    assert outcomes != ["opened", "opened"], "a damaged key.json opened both ways"
    if "opened" not in outcomes:
        assert file_hashes(folder) == before


def _header(folder: Path) -> dict:
    return json.loads((folder / "key.json").read_text())


def test_every_field_of_key_json_removed_or_given_the_wrong_type_is_refused_in_words(copy_of):
    folder = copy_of()
    header = _header(folder)
    for path in _paths(header):
        for delete, replacement in ((True, None), (False, None), (False, "text"), (False, []), (False, {}),
                                    (False, 12.5), (False, True), (False, -1)):
            text = json.dumps(_mutated(header, path, replacement, delete)).encode()
            _check_refused(folder, copy_of.recovery_key, text)


JUNK = st.one_of(
    st.none(), st.booleans(), st.text(max_size=40), st.floats(allow_nan=True, allow_infinity=True),
    # Whole numbers, leaving out the memory costs that are valid and merely slow (up to 1 GiB of Argon2id).
    st.integers(min_value=-(2**70), max_value=2**70).filter(lambda n: not 4096 < n <= MAX_MEMORY_KIB),
    st.lists(st.integers(min_value=0, max_value=9), max_size=3),
    st.dictionaries(st.sampled_from(["nonce", "ciphertext", "salt", "x"]), st.text(max_size=8), max_size=2),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutations_of_key_json_never_escape_as_anything_but_a_vault_error(copy_of, data):
    folder = copy_of(f"vault-{data.draw(st.uuids()).hex}")
    header = _header(folder)
    path = data.draw(st.sampled_from(list(_paths(header))), label="path")
    delete = data.draw(st.booleans(), label="delete")
    replacement = None if delete else data.draw(JUNK, label="replacement")
    mutated = _mutated(header, path, replacement, delete)
    if mutated == header:
        return
    _check_refused(folder, copy_of.recovery_key, json.dumps(mutated).encode())


@pytest.mark.parametrize("text", [b"", b"\0" * 500, b"{", b"null", b"[]", b'"harbour-vault"', b"\xff\xfe{}",
                                  random.Random(3).randbytes(500)])
def test_key_json_that_is_not_a_json_object_is_refused_and_quarantined(copy_of, text):
    _check_refused(copy_of(), copy_of.recovery_key, text)
