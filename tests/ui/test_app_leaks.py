"""Everything the app writes outside the vault (settings, data, cache, temp) holds no client text or secrets."""

from __future__ import annotations

from pathlib import Path

from desktop.core import sessions
from desktop.core.clients import create_client
from desktop.core.keys import TEST_COST
from desktop.ui.controller import HarbourController
from desktop.ui.preferences import Preferences

SENTINEL_NOTE = "SENTINEL-NOTE-8c1f works at the nail salon on Main"
SENTINEL_NAME = "Zenobia-SENTINEL"
PASSPHRASE = "SENTINEL passphrase 4471"


def _files_containing(folder: Path, needles: list[str]) -> list[str]:
    hits = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in needles:
                for encoding in ("utf-8", "utf-16-le"):
                    if needle.encode(encoding) in data:
                        hits.append(f"{path}: {needle!r}")
    return hits


def test_a_full_session_leaves_no_plaintext_anywhere(qtbot, qapp, app_home, tmp_path):
    folder = tmp_path / "vault"
    controller = HarbourController(qapp, Preferences(), folder, cost=TEST_COST)
    controller.start()
    wizard = controller.create_wizard
    wizard.passphrase_page.pair.first.setText(PASSPHRASE)
    wizard.passphrase_page.pair.second.setText(PASSPHRASE)
    wizard.next()
    recovery_key = wizard.recovery_page.key_label.text()
    wizard.recovery_page.stored.setChecked(True)
    wizard.next()
    wizard.accept()
    db = controller.vault.db
    client = create_client(db, SENTINEL_NAME)
    session = sessions.create_session(db, client.id)
    sessions.save_notes(db, session.id, SENTINEL_NOTE)
    controller.clipboard.copy(SENTINEL_NOTE)
    controller.lock()
    controller.shutdown()
    controller.unlock_window.close()

    needles = [SENTINEL_NOTE, SENTINEL_NAME, PASSPHRASE, recovery_key, recovery_key.replace("-", "")]
    assert _files_containing(folder, needles) == []
    assert _files_containing(app_home, needles) == []
