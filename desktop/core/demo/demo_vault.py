"""The built-in demo vault: fictional people only, made in a temp folder and deleted when the app closes."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from desktop.core.profile import settings, work_profile
from desktop.core.vault import keys
from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import Vault

DEMO_PASSPHRASE = "harbour demo vault"  # noqa: S105 - printed on the demo's unlock screen: the demo holds no real data


def create_demo_vault() -> tuple[Vault, Path]:
    """Returns the open demo vault and the temp folder to delete on exit."""
    parent = Path(tempfile.mkdtemp(prefix="harbour-demo-"))
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
    shutil.rmtree(parent, ignore_errors=True)
