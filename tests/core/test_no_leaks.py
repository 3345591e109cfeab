"""No plaintext note, passphrase, recovery key or data key in any file the vault or the app writes."""

from __future__ import annotations

from pathlib import Path

from desktop.core import backups
from desktop.core.db import transaction
from desktop.core.keys import TEST_COST
from desktop.core.vault import Vault

SENTINEL = "SENTINEL-7fQ2-Łódź-Жданов-照片"
PASSPHRASE = "leak-test passphrase Zx81 ünïcode"
NEW_PASSPHRASE = "changed leak-test passphrase Qw93"


def _needles(secrets: list[str]) -> dict[bytes, str]:
    found: dict[bytes, str] = {}
    for secret in secrets:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            found[secret.encode(encoding)] = f"{secret!r} as {encoding}"
    return found


def _leaks(roots: list[Path], needles: dict[bytes, str]) -> list[str]:
    leaks = []
    for root in roots:
        for path in root.rglob("*"):
            if any(plain in path.name for plain in (SENTINEL, PASSPHRASE)):
                leaks.append(f"file name {path}")
            try:
                content = path.read_bytes() if path.is_file() else b""
            except FileNotFoundError:  # a cache file Qt or fontconfig replaced while we looked
                continue
            leaks.extend(f"{what} in {path}" for needle, what in needles.items() if needle in content)
    return leaks


def test_no_secret_reaches_any_file_under_the_vault_or_the_app_folders(tmp_path: Path, app_home: Path) -> None:
    folder = tmp_path / "vault"
    roots = [folder, app_home]
    vault, recovery_key = Vault.create(folder, PASSPHRASE, cost=TEST_COST)
    data_key = vault.raw_key_for_backup()
    plain_secrets = [SENTINEL, PASSPHRASE, NEW_PASSPHRASE, recovery_key, recovery_key.replace("-", ""),
                     recovery_key.lower(), data_key.hex(), data_key.hex().upper()]
    needles = _needles(plain_secrets)
    needles[data_key] = "the raw data key"

    db = vault.db
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, blob BLOB)")
    db.execute("CREATE INDEX notes_body ON notes(body)")  # index pages hold the text too
    with transaction(db):
        for number in range(300):
            db.execute("INSERT INTO notes (body, blob) VALUES (?, ?)",
                       [f"{number} {SENTINEL} " * 5, SENTINEL.encode("utf-16-le")])
    db["settings"].upsert({"key": "worker_name", "value": f'"{SENTINEL}"'}, pk="key")
    db.execute("SELECT body FROM notes ORDER BY body DESC").fetchall()  # a sort that could spill to temp
    assert (folder / "notes.db-wal").stat().st_size > 0
    assert _leaks(roots, needles) == []  # with the -wal full of fresh pages

    db.execute("DELETE FROM notes WHERE id % 2 = 0")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert _leaks(roots, needles) == []

    backups.make_backup(vault, reason="manual")
    vault.change_passphrase(NEW_PASSPHRASE, cost=TEST_COST)
    vault.lock()
    assert _leaks(roots, needles) == []

    reopened = Vault.unlock(folder, NEW_PASSPHRASE)
    assert SENTINEL in reopened.db.execute("SELECT body FROM notes LIMIT 1").fetchone()[0]
    reopened.lock()
    reopened = Vault.unlock_with_recovery_key(folder, recovery_key.lower())
    reopened.db.execute("VACUUM")
    reopened.lock()
    assert len(backups.list_backups(folder)) == 1
    assert _leaks(roots, needles) == []


def test_the_scan_would_notice_a_leak(tmp_path: Path, app_home: Path) -> None:
    """Guards the test above against passing vacuously."""
    stray = app_home / "tmp" / "stray-note.txt"
    stray.write_text(f"oops {SENTINEL}", encoding="utf-16")
    try:
        assert _leaks([tmp_path, app_home], _needles([SENTINEL]))
    finally:
        stray.unlink()
