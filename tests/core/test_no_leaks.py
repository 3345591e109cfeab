"""No plaintext note, passphrase, recovery key or data key in any file the vault or the app writes (the core
alone: -wal pages, index pages, a sort that could spill to a temp file, backups, passphrase change, VACUUM).
The whole app driven through its UI is tests/reliability/test_leaks_end_to_end.py."""

from __future__ import annotations

from pathlib import Path

from desktop.core.vault import backups
from desktop.core.vault.db import transaction
from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import Vault
from tests.leak_scan import file_leaks, needles

SENTINEL = "SENTINEL-7fQ2-Łódź-Жданов-照片"
PASSPHRASE = "leak-test passphrase Zx81 ünïcode"
NEW_PASSPHRASE = "changed leak-test passphrase Qw93"


def test_no_secret_reaches_any_file_under_the_vault_or_the_app_folders(tmp_path: Path, app_home: Path) -> None:
    folder = tmp_path / "vault"
    roots = [folder, app_home]
    vault, recovery_key = Vault.create(folder, PASSPHRASE, cost=TEST_COST)
    data_key = vault.raw_key_for_backup()
    patterns = needles([SENTINEL, PASSPHRASE, NEW_PASSPHRASE, recovery_key, recovery_key.replace("-", ""),
                        recovery_key.lower(), data_key.hex(), data_key.hex().upper()], with_base64=[SENTINEL])
    patterns[bytes(data_key)] = "the raw data key"

    def leaks() -> list[str]:
        return file_leaks(roots, patterns, plain_names=[SENTINEL, PASSPHRASE])

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
    assert leaks() == []  # with the -wal full of fresh pages

    db.execute("DELETE FROM notes WHERE id % 2 = 0")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert leaks() == []

    backups.make_backup(vault, reason="manual")
    vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, cost=TEST_COST)
    vault.lock()
    assert leaks() == []

    reopened = Vault.unlock(folder, NEW_PASSPHRASE)
    assert SENTINEL in reopened.db.execute("SELECT body FROM notes LIMIT 1").fetchone()[0]
    reopened.lock()
    reopened = Vault.unlock_with_recovery_key(folder, recovery_key.lower())
    reopened.db.execute("VACUUM")
    reopened.lock()
    assert len(backups.list_backups(folder)) == 1
    assert leaks() == []
