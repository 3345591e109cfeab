"""Key material: Argon2id cost, AES-GCM wrapping bound to the header, the printable recovery key."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.vault import keys
from desktop.core.vault.keys import DEFAULT_COST, TEST_COST, KdfCost, UnwrapFailed
from desktop.core.vault.vault import Vault, WrongPassphrase


def test_default_cost_is_argon2id_with_at_least_64_mib() -> None:
    assert DEFAULT_COST.memory_kib >= 64 * 1024
    assert DEFAULT_COST.iterations >= 2
    assert DEFAULT_COST.lanes >= 1


@pytest.mark.slow
def test_the_real_default_cost_creates_and_unlocks(tmp_path: Path) -> None:
    folder = tmp_path / "real"
    vault, recovery_key = Vault.create(folder, "the real cost passphrase")  # no cost given: the default
    vault.lock()
    header = json.loads((folder / "key.json").read_text())
    assert header["kdf"]["name"] == "argon2id"
    assert header["kdf"]["memory_kib"] >= 64 * 1024
    assert keys.cost_from_dict(header["kdf"]) == DEFAULT_COST

    Vault.unlock(folder, "the real cost passphrase").lock()  # how long it takes: bench/bench_vault.py

    with pytest.raises(WrongPassphrase):
        Vault.unlock(folder, "the wrong cost passphrase")
    Vault.unlock_with_recovery_key(folder, recovery_key).lock()


@pytest.mark.parametrize("cost", [
    dict(iterations=0, memory_kib=1024, lanes=1),
    dict(iterations=1, memory_kib=4, lanes=1),
    dict(iterations=1, memory_kib=1024, lanes=0),
    dict(iterations=10_000, memory_kib=1024, lanes=1),
    dict(iterations=1, memory_kib=2**31, lanes=1),
    dict(iterations=1, memory_kib=1024, lanes=1000),
])
def test_cost_out_of_range_is_refused(cost: dict) -> None:
    with pytest.raises(ValueError):
        KdfCost(**cost)


def test_passphrase_kek_depends_on_passphrase_salt_and_cost() -> None:
    salt = keys.new_salt()
    base = keys.passphrase_kek("one passphrase here", salt, TEST_COST)
    assert len(base) == 32
    assert keys.passphrase_kek("one passphrase here", salt, TEST_COST) == base
    assert keys.passphrase_kek("one passphrase herE", salt, TEST_COST) != base
    assert keys.passphrase_kek("one passphrase here", keys.new_salt(), TEST_COST) != base
    assert keys.passphrase_kek("one passphrase here", salt, KdfCost(2, 1024, 1)) != base


def test_wrap_and_unwrap_round_trip() -> None:
    kek, data_key = bytearray(b"k" * 32), keys.new_data_key()
    slot = keys.wrap(kek, data_key, {"slot": "passphrase", "n": 1})
    assert keys.unwrap(kek, slot, {"n": 1, "slot": "passphrase"}) == data_key  # key order does not matter
    assert data_key.hex() not in json.dumps(slot)


def test_unwrap_fails_for_a_changed_header_key_or_ciphertext() -> None:
    kek, data_key = bytearray(b"k" * 32), keys.new_data_key()
    slot = keys.wrap(kek, data_key, {"kdf": {"iterations": 1}})
    with pytest.raises(UnwrapFailed):
        keys.unwrap(kek, slot, {"kdf": {"iterations": 2}})
    with pytest.raises(UnwrapFailed):
        keys.unwrap(bytearray(b"K" * 32), slot, {"kdf": {"iterations": 1}})
    tampered = dict(slot, ciphertext=("B" if slot["ciphertext"][0] == "A" else "A") + slot["ciphertext"][1:])
    with pytest.raises(UnwrapFailed):
        keys.unwrap(kek, tampered, {"kdf": {"iterations": 1}})
    for broken in ({}, {"nonce": "!!", "ciphertext": "!!"}, {"nonce": slot["nonce"]}):
        with pytest.raises(UnwrapFailed):
            keys.unwrap(kek, broken, {"kdf": {"iterations": 1}})


def test_each_data_key_and_wrapping_is_fresh() -> None:
    assert keys.new_data_key() != keys.new_data_key()
    kek, data_key = bytearray(b"k" * 32), keys.new_data_key()
    assert keys.wrap(kek, data_key, {}) != keys.wrap(kek, data_key, {})  # a new nonce every time


def test_recovery_key_is_printable_groups_holding_at_least_128_bits() -> None:
    recovery_key = keys.new_recovery_key()
    assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4})+", recovery_key)
    assert len(keys.decode_recovery_key(recovery_key)) * 8 >= 128
    assert math.log2(32) * len(recovery_key.replace("-", "")) >= 128
    assert keys.new_recovery_key() != recovery_key


def test_recovery_key_is_read_back_the_way_people_type_it() -> None:
    raw = bytes(range(keys.RECOVERY_KEY_BYTES))
    printed = keys.encode_recovery_key(raw)
    assert keys.decode_recovery_key(printed) == raw
    assert keys.decode_recovery_key(printed.lower()) == raw
    assert keys.decode_recovery_key(" ".join(printed.split("-"))) == raw
    assert keys.decode_recovery_key(printed.replace("-", "")) == raw
    misread = printed.replace("O", "0").replace("I", "1")
    assert keys.decode_recovery_key(misread) == raw


@pytest.mark.parametrize("typed", ["", "ABCD", "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAA8", "Ж" * 32])
def test_a_malformed_recovery_key_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        keys.decode_recovery_key(typed)


def test_wipe_zeroes_a_bytearray_in_place() -> None:
    secret = bytearray(b"secret bytes")
    keys.wipe(secret)
    assert secret == bytearray(len(b"secret bytes"))
    keys.wipe(None)  # harmless


def test_key_json_holds_no_key_material_in_the_clear(tmp_path: Path) -> None:
    vault, recovery_key = Vault.create(tmp_path / "v", "a long enough test passphrase", cost=TEST_COST)
    data_key_hex = vault.raw_key_for_backup().hex()
    vault.lock()
    text = (tmp_path / "v" / "key.json").read_text()
    header = json.loads(text)
    assert set(header) == {"format", "version", "kdf", "slots"}
    assert set(header["slots"]) == {"passphrase", "recovery"}
    assert data_key_hex not in text.lower()
    assert recovery_key not in text and "a long enough test passphrase" not in text


@given(st.binary(min_size=keys.RECOVERY_KEY_BYTES, max_size=keys.RECOVERY_KEY_BYTES),
       st.sampled_from(["-", " ", "", "  ", " - "]), st.booleans())
def test_any_recovery_key_reads_back_however_it_is_spaced(raw: bytes, separator: str, lower: bool) -> None:
    typed = separator.join(keys.encode_recovery_key(raw).split("-"))
    assert keys.decode_recovery_key(typed.lower() if lower else typed) == raw


def test_lock_overwrites_the_data_key_in_place(tmp_path: Path) -> None:
    vault, _recovery = Vault.create(tmp_path / "v", "a long enough test passphrase", cost=TEST_COST)
    held = vault._data_key  # the very bytearray SQLCipher's key was made from
    assert any(held)
    vault.lock()
    assert held == bytearray(keys.DATA_KEY_BYTES)
