"""How long the window stalls during each slow operation a worker starts (issue 18), on the years-of-notes vault.

    .venv/bin/python bench/bench_stalls.py                   # 2,000 clients / 40,000 sessions (cached vault)
    .venv/bin/python bench/bench_stalls.py --folder VAULT    # a vault built elsewhere (bench/realistic_vault.py)
    .venv/bin/python bench/bench_stalls.py --lock-only       # only the lock's figure

Each figure is the largest gap between 10 ms timer ticks on the GUI thread (bench_years.largest_stall), from the
moment the worker asks until the result is on screen, through the real screen, against issue 18's 100 ms:
- creating a vault through the first-run wizard at the real Argon2id cost;
- sharing the notes of the client with 200 sessions as a PDF through the Share dialog (the consent gate on the GUI
  thread, the layout and the file on a worker thread), and, beside it, what laying out that PDF takes;
- importing a 1,000-row interpreter roster through the Interpreters screen;
- locking with Ctrl+L after a change, and the backup the lock then copies.
Unlocking and deleting for good are in bench_years.py. The cached vault is never written: it is copied to a temp
folder first (the share adds audit entries, the roster adds interpreters).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common
import realistic_vault
from bench_years import STALL_MS, largest_stall
from common import PASSPHRASE, Section, settle, time_once

from desktop.core.vault.keys import DEFAULT_COST, KdfCost
from desktop.core.vault.vault import Vault

ROSTER_ROWS = 1000
LOCK_LABEL = "largest window stall while Ctrl+L locks and the lock's backup is copied"
LOCK_FIGURE = "LOCK-FIGURE "  # how a --lock-only child hands its figure to the parent
BIG_CLIENT_ID = 1  # realistic_vault gives the first client BIG_CLIENT_SESSIONS sessions


def roster_csv(rows: int = ROSTER_ROWS) -> bytes:
    """An organisation's roster as its coordinator exports it: every column, one interpreter a row."""
    from desktop.core.interpreters.roster_io import COLUMNS

    languages = ("es;en", "pa-Guru;hi", "ar;fr", "tl;en", "yue;zh-Hant", "quc;es")
    lines = [",".join(COLUMNS)]
    for number in range(rows):
        cells = {"key": f"roster-{number}", "kind": "person", "name": f"Interpreter {number}",
                 "agency": f"Agency {number % 9}", "languages": languages[number % len(languages)],
                 "modalities": "phone;video;in_person", "region": "Montréal", "phone": f"514-555-{number:04d}",
                 "email": f"interpreter{number}@example.org", "active": "yes", "ethics_on_file": "yes"}
        lines.append(",".join(cells.get(column, "") for column in COLUMNS))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _create_figures(section: Section, folder: Path, cost: KdfCost) -> None:
    from desktop.ui.vault.create_vault import CreateVaultWizard

    wizard = CreateVaultWizard(folder, cost=cost)
    wizard.show()
    settle()
    pair = wizard.passphrase_page.pair
    pair.first.setText(PASSPHRASE)
    pair.second.setText(PASSPHRASE)
    settle()
    stall = largest_stall(wizard.next, lambda: wizard.vault is not None or not wizard.creating)
    if wizard.vault is None:
        raise RuntimeError("the wizard made no vault")
    wizard.vault.lock()
    _dropped(wizard)
    section.add("largest window stall while the wizard creates a vault (Argon2id at the vault's cost)", [stall],
                target=STALL_MS, judged_on="worst")


def _pdf_figures(section: Section, context, folder: Path) -> None:
    from PySide6.QtWidgets import QDialog

    from desktop.core.consent import consents
    from desktop.core.consent import gate as egress
    from desktop.exports import pdf
    from desktop.ui.consent import share_delivery, share_dialogs

    db = context.db
    n_sessions = db.execute("SELECT COUNT(*) FROM sessions WHERE client_id = ?", [BIG_CLIENT_ID]).fetchone()[0]
    consents.record_consent(db, client_id=BIG_CLIENT_ID, purpose="Shelter place", recipient="Safe Haven",
                            categories=("first_name", "full_notes"), method="written_signed", recorded_by="Sam")
    release = egress.release(db, client_id=BIG_CLIENT_ID, recipient="Safe Haven", purpose="Shelter place",
                             categories=["first_name", "full_notes"], channel="file_pdf", worker="Sam")
    took, _path = time_once(lambda: pdf.write_pdf(release, folder / "laid-out.pdf"))
    section.add(f"laying out and writing the PDF of {n_sessions} sessions' notes (on a worker thread)", [took])

    target = folder / "referral.pdf"
    original = share_delivery.ask_save_path
    share_delivery.ask_save_path = lambda parent, channel: target
    try:
        dialog = share_dialogs.share_client_data(context, BIG_CLIENT_ID, channel="file_pdf")
        dialog.recipient_combo.setEditText("Safe Haven")
        settle()
        stall = largest_stall(dialog.share, lambda: dialog.result() == QDialog.DialogCode.Accepted
                              or bool(dialog.error.text()))
    finally:
        share_delivery.ask_save_path = original
    if not target.is_file():
        raise RuntimeError(f"the Share dialog wrote no PDF: {dialog.error.text()}")
    _dropped(dialog)
    section.facts["PDF shared"] = f"{n_sessions} sessions, {target.stat().st_size / 1e6:,.1f} MB"
    section.add(f"largest window stall while the Share dialog shares {n_sessions} sessions as a PDF", [stall],
                target=STALL_MS, judged_on="worst")


def _roster_figures(section: Section, context, folder: Path) -> None:
    from desktop.ui.interpreters import directory_view

    path = folder / "roster.csv"
    path.write_bytes(roster_csv())
    view = directory_view.InterpretersView(context)
    view.show()
    settle()
    original = directory_view.ask_import_path
    directory_view.ask_import_path = lambda parent: path
    try:
        # until the report is shown and the directory lists the new entries (read on a worker, then shown)
        stall = largest_stall(view.import_roster, lambda: view.last_dialog is not None
                              and view.model.rowCount() >= ROSTER_ROWS)
    finally:
        directory_view.ask_import_path = original
    report = view.last_dialog
    added = context.db.execute("SELECT COUNT(*) FROM interpreters").fetchone()[0]
    report.close()
    _dropped(view)
    section.facts["Roster imported"] = f"{ROSTER_ROWS:,} rows, {added:,} interpreters in the directory after"
    section.add(f"largest window stall while the Interpreters screen imports a {ROSTER_ROWS:,}-row roster", [stall],
                target=STALL_MS, judged_on="worst")


def _lock_figures(section: Section, folder: Path) -> None:
    """Ctrl+L on the main window, one client added since unlock: until the unlock screen is up, and until the
    backup it owes (a copy of the closed, encrypted file, on a worker thread) is written. In a process of its own,
    started as the app starts (this one has run other figures, or a whole bench, before: the lock's collection
    would scan their objects too, which no worker's session makes)."""
    child = subprocess.run([sys.executable, str(Path(__file__)), "--lock-only", "--folder", str(folder)],
                           capture_output=True, text=True, check=True, timeout=600,
                           env=dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen")))
    line = next(line for line in child.stdout.splitlines() if line.startswith(LOCK_FIGURE))
    figure = json.loads(line.removeprefix(LOCK_FIGURE))
    section.facts["Lock"] = figure["fact"]
    section.add(LOCK_LABEL, [figure["stall"]], target=STALL_MS, judged_on="worst")


def _lock_here(folder: Path, scratch: Path, cost: KdfCost) -> tuple[float, str]:
    """The lock's figure in this process (``--lock-only``): the stall, and a fact about the backup."""
    from PySide6.QtCore import QSettings

    from desktop.core.records import clients
    from desktop.core.vault import backups
    from desktop.ui.shell.controller import HarbourController
    from desktop.ui.shell.preferences import Preferences
    from desktop.ui.widgets import operations
    from desktop.ui.widgets.operations import wait_for_running

    preferences = Preferences(QSettings(str(scratch / "lock-prefs.ini"), QSettings.Format.IniFormat))
    controller = HarbourController(common.qt_app(), preferences, folder, cost=cost, set_aside_start_up=True)
    controller.start()
    settle()
    # As a worker types a passphrase: the start-up warm-up (1.5 s after the first window) is done, and what the
    # app made before any vault was opened is set aside from the collector.
    waited = time.perf_counter()
    while not operations.start_up_set_aside() and time.perf_counter() - waited < 60:
        common.qt_app().processEvents()
        time.sleep(0.01)
    controller.unlock_window.secret.setText(PASSPHRASE)
    controller.unlock_window.unlock_button.click()
    wait_for_running()  # the unlock, then what follows it after unlock (the day's backup, the whole-file check...)
    clients.create_client(controller.context.db, "Amina")
    settle()
    stall = largest_stall(controller.main_window.lock_action.trigger,
                          lambda: controller.vault is None and controller.unlock_window.isVisible()
                          and backups.wait_for_copies(timeout=0))
    newest = backups.list_backups(folder)[:1]
    controller.shutdown()
    _dropped(controller.unlock_window)
    return stall, (f"one client added since unlock; backup written at lock: {newest[0].stat().st_size / 2**20:,.0f} MB"
                   if newest else "no backup written")


def _dropped(screen) -> None:
    """Closes a screen the bench opened and lets Qt delete it before the next figure."""
    screen.close()
    screen.deleteLater()
    settle()


def run(n_clients: int = 2000, cost: KdfCost = DEFAULT_COST, folder: Path | None = None,
        lock_only: bool = False) -> Section:
    from desktop.i18n import current_locale
    from desktop.ui.shell.controller import warm_up
    from desktop.ui.widgets.operations import set_aside_start_up_objects, wait_for_running

    common.qt_app()
    source = folder or realistic_vault.cached_vault(n_clients, cost)
    section = Section(f"Window stalls of slow operations ({n_clients:,} clients, realistic notes)")
    section.facts["Argon2id cost"] = common.describe_cost(cost)
    with tempfile.TemporaryDirectory(prefix="harbour-bench-stalls-") as temp:
        scratch = Path(temp)
        shutil.copytree(source, scratch / "years")  # never write to the cached vault
        if lock_only:
            stall, fact = _lock_here(scratch / "years", scratch, cost)
            print(LOCK_FIGURE + json.dumps({"stall": stall, "fact": fact}), flush=True)
            section.facts["Lock"] = fact
            section.add(LOCK_LABEL, [stall], target=STALL_MS, judged_on="worst")
            return section
        # What the app does before any vault is opened: its start-up warm-up, then what exists is set aside from
        # the collector for good, and no full collection scans it again (desktop/ui/widgets/operations.py).
        warm_up(current_locale())
        set_aside_start_up_objects()
        _create_figures(section, scratch / "new" / "vault", cost)
        vault = Vault.unlock(scratch / "years", PASSPHRASE, daily_backup=False)
        try:
            counts = vault.db.execute("SELECT (SELECT COUNT(*) FROM clients), (SELECT COUNT(*) FROM sessions)"
                                      ).fetchone()
            section.facts["Vault"] = f"{counts[0]:,} clients, {counts[1]:,} sessions"
            context = common.ui_context(vault, scratch / "prefs")
            _pdf_figures(section, context, scratch)
            _roster_figures(section, context, scratch)
            wait_for_running()
        finally:
            vault.lock()
        _lock_figures(section, scratch / "years")
    return section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--folder", type=Path, help="a realistic vault built elsewhere (default: the cached one)")
    parser.add_argument("--lock-only", action="store_true", help="only the lock's figure")
    args = parser.parse_args()
    common.print_section(run(args.clients, folder=args.folder, lock_only=args.lock_only))


if __name__ == "__main__":
    main()
