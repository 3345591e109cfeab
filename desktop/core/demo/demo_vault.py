"""The built-in demo vault: fictional people only, made in a temp folder and deleted when the app closes.

A demo killed outright (kill -9, a power cut) cannot delete its folder, and the folder holds a vault whose
passphrase is published. So each demo holds a lock on a file in its folder while it runs, and every new demo
first removes the harbour-demo-* folders whose lock nobody holds (or, from before the lock, a day old).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from desktop.core.profile import settings, work_profile
from desktop.core.vault import keys
from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import Vault

DEMO_PASSPHRASE = "harbour demo vault"  # noqa: S105 - printed on the demo's unlock screen: the demo holds no real data


PREFIX = "harbour-demo-"
IN_USE = ".in-use"
UNLOCKED_STALE_AFTER_SECONDS = 24 * 3600
_held: list = []  # the open lock files of this process's demos: closing them (at exit) releases the locks


def _try_lock(handle) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _is_stale(folder: Path) -> bool:
    marker = folder / IN_USE
    if not marker.exists():
        return time.time() - folder.stat().st_mtime > UNLOCKED_STALE_AFTER_SECONDS
    with open(marker, "a+b") as probe:
        return _try_lock(probe)  # closing the probe releases the lock it got


def remove_stale_demos(temp_folder: Path | None = None) -> list[Path]:
    """Deletes demo folders left by demos that are no longer running; returns them."""
    removed = []
    for folder in Path(temp_folder or tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            if folder.is_dir() and not folder.is_symlink() and _is_stale(folder):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
        except OSError:
            continue  # another user's folder, or one going away right now
    return removed


def create_demo_vault() -> tuple[Vault, Path]:
    """Returns the open demo vault and the temp folder to delete on exit."""
    remove_stale_demos()
    parent = Path(tempfile.mkdtemp(prefix=PREFIX))
    handle = open(parent / IN_USE, "a+b")  # noqa: SIM115 - held open for the demo's life
    _try_lock(handle)
    _held.append(handle)
    # The demo is fictional, so it uses the cheap key-stretching cost and opens instantly (allowed for this
    # process only: a real vault's key.json cannot ask for it).
    keys.allow_test_cost()
    vault, _recovery = Vault.create(parent / "vault", DEMO_PASSPHRASE, cost=TEST_COST)
    seed(vault.db)
    return vault, parent


def seed(db) -> None:
    settings.put(db, "worker_name", "Alex")
    settings.put(db, "organisation", "Harbour Demo Outreach")
    # The languages Alex meets most come first in every language picker, as set up on a real first run.
    work_profile.set_frequent_languages(db, ["pa-Guru", "yue", "es", "ar"])
    from desktop.core.interpreters.roster_io import load_demo_roster  # fictional interpreters and an agency phone line

    load_demo_roster(db)
    from desktop.core.demo.demo_data import seed_people  # fictional clients, sessions, consents, bookings
    seed_people(db)


def remove_demo(parent: Path) -> None:
    for handle in [h for h in _held if Path(h.name).parent == Path(parent)]:
        handle.close()
        _held.remove(handle)
    shutil.rmtree(parent, ignore_errors=True)
