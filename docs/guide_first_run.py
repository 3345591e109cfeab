"""The user guide's pictures of the first run and the unlock screen (a new vault, the recovery key, a damaged
vault offering its newest backup, the list of backups to restore). Each capture makes its own throwaway vault in the
studio's work folder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from guide_studio import PASSPHRASE, Studio


def first_run(studio: Studio) -> None:
    """The first-run questions: the UI language (when this Harbour asks it first), then every wizard page."""
    from desktop.core.vault.keys import TEST_COST
    from desktop.ui.vault.create_vault import CreateVaultWizard
    from desktop.ui.widgets.operations import wait_for_running

    try:
        from desktop.ui.vault.first_language import FirstLanguageDialog
    except ImportError:  # a Harbour that asks no language first
        FirstLanguageDialog = None  # noqa: N806
    if FirstLanguageDialog is not None:
        dialog = FirstLanguageDialog(default=studio.locale)
        dialog.resize(480, 200)
        dialog.show()
        studio.save(dialog, "first-run-language")
        studio.close(dialog)
    wizard = CreateVaultWizard(studio.work / "new-vault", cost=TEST_COST)
    wizard.resize(760, 640)
    wizard.show()
    for number in range(1, 12):  # every page, in order, whatever pages the wizard has today
        _fill_page(wizard.currentPage(), studio)
        studio.save(wizard, f"first-run-{number}")
        if wizard.nextId() == -1:
            break
        wizard.next()
        wait_for_running()  # leaving the first page makes the vault on a worker thread; the wizard moves on after
        studio.settle()
    studio.close(wizard)


def _fill_page(page, studio: Studio) -> None:
    """What a worker types on a first-run page: a long passphrase twice, who they are, the box ticked."""
    pair = getattr(page, "pair", None)
    if pair is not None:
        pair.first.setText(PASSPHRASE)
        pair.second.setText(PASSPHRASE)
    for name, value in (("worker_name", "Alex"), ("organisation", "Harbour Demo Outreach")):
        if hasattr(page, name):
            getattr(page, name).setText(value)
    languages = getattr(page, "languages", None)
    if hasattr(languages, "set_chosen"):
        languages.set_chosen(["pa-Guru", "es", "yue"])
    stored = getattr(page, "stored", None)  # "I have written down the recovery key"
    if stored is not None:
        stored.setChecked(True)


def unlock_screens(studio: Studio) -> None:
    from desktop.ui.vault.unlock import UnlockWindow

    folder = _locked_vault(studio.work / "unlock", backup=True)  # as after a day of use: a restore is offered
    window = UnlockWindow(folder)
    window.resize(560, 300)
    window.show()
    studio.save(window, "unlock")
    window.toggle_recovery()
    studio.save(window, "unlock-recovery-key")
    studio.close(window)


def damaged_vault(studio: Studio) -> None:
    """A vault whose notes file is damaged: the unlock screen offers the newest backup."""
    from desktop.ui.vault.unlock import UnlockWindow
    from desktop.ui.widgets.operations import wait_for_running

    folder = _locked_vault(studio.work / "damaged", backup=True)
    database = folder / "notes.db"
    data = bytearray(database.read_bytes())
    data[4096:8192] = bytes(4096)  # one page of the encrypted file overwritten, as a failing disk might
    database.write_bytes(bytes(data))
    window = UnlockWindow(folder)
    window.resize(640, 320)
    window.show()
    window.secret.setText(PASSPHRASE)
    window.attempt()
    wait_for_running()  # unlocking runs on a worker thread: the picture shows what it found
    studio.save(window, "unlock-restore-backup")
    studio.close(window)


def restore_dialog(studio: Studio) -> None:
    """'Restore a backup…' on a vault used for a week, one restore already made: its set-aside notes are listed too."""
    from desktop.core.vault import backups
    from desktop.ui.vault.restore_dialog import RestoreDialog
    from desktop.ui.vault.unlock import UnlockWindow

    folder = _locked_vault(studio.work / "restore", backup=True)
    backups.restore_backup(folder, backups.list_backups(folder)[-1])
    window = UnlockWindow(folder)
    window.resize(560, 300)
    window.show()
    dialog = RestoreDialog(folder, window)  # what the window's 'Restore a backup…' opens
    dialog.resize(640, 360)
    dialog.show()
    studio.save(dialog, "restore-backup-dialog")
    studio.close(dialog, window)


def _locked_vault(folder: Path, *, backup: bool = False) -> Path:
    from desktop.core.demo import demo_vault as demo
    from desktop.core.vault import backups
    from desktop.core.vault.keys import TEST_COST
    from desktop.core.vault.vault import Vault

    vault, _recovery = Vault.create(folder, PASSPHRASE, cost=TEST_COST)
    demo.seed(vault.db)
    if backup:
        now = datetime.now(UTC)
        backups.make_backup(vault, "before-migration", now - timedelta(days=4, hours=3))
        backups.make_backup(vault, "daily", now - timedelta(days=2, hours=5))
        backups.make_backup(vault, "daily", now - timedelta(hours=20))
    vault.lock()
    return folder
