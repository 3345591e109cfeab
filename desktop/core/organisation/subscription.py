"""A worker's subscription to their organisation: where its public files are and the root fingerprint the
coordinator gave, kept in the vault settings; TUF's trust state (the metadata already verified) in the vault
folder, under ``organisation/``. Without a subscription nothing here runs, so Harbour opens no connection at all.
"""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from desktop.core.organisation import reader
from desktop.core.organisation.location import parse_location
from desktop.core.organisation.reader import Published
from desktop.core.profile import settings

SUBSCRIPTION_KEY = "organisation_subscription"
STATE_FOLDER = "organisation"
# tuf's updater does not share its trust state between two runs at once (a check at unlock and one the worker asked
# for); they take turns.
_ONE_AT_A_TIME = threading.Lock()


@dataclass(frozen=True)
class Subscription:
    location: str
    fingerprint: str


def state_folder(vault_folder: Path) -> Path:
    return Path(vault_folder) / STATE_FOLDER


def current(db) -> Subscription | None:
    stored = settings.get(db, SUBSCRIPTION_KEY)
    if not isinstance(stored, dict):
        return None
    location, fingerprint = stored.get("location"), stored.get("fingerprint")
    if not isinstance(location, str) or not isinstance(fingerprint, str) or not location or not fingerprint:
        return None
    return Subscription(location, fingerprint)


def fetch(vault_folder: Path, subscription: Subscription) -> Published:
    """Reads and verifies the organisation's current version. Touches only the trust state, never the vault's
    data: safe to run off the GUI thread. Raises OrganisationProblem with a sentence."""
    with _ONE_AT_A_TIME:
        return reader.read_verified(subscription.location, subscription.fingerprint, state_folder(vault_folder))


def try_subscription(vault_folder: Path, location: str, fingerprint: str) -> tuple[Subscription, Published]:
    """Verifies a new location and fingerprint from a fresh trust state before anything is stored; on failure the
    previous trust state is left as it was."""
    parse_location(location)
    digits = reader.check_fingerprint(fingerprint)
    trial = Path(vault_folder) / (STATE_FOLDER + ".new")
    shutil.rmtree(trial, ignore_errors=True)
    try:
        with _ONE_AT_A_TIME:
            published = reader.read_verified(location, digits, trial)
    except BaseException:
        shutil.rmtree(trial, ignore_errors=True)
        raise
    return Subscription(location.strip(), digits), published


def keep(db, vault_folder: Path, subscription: Subscription) -> None:
    """Stores the subscription and makes the trust state ``try_subscription`` built the one in use."""
    trial, final = Path(vault_folder) / (STATE_FOLDER + ".new"), state_folder(vault_folder)
    if trial.is_dir():
        shutil.rmtree(final, ignore_errors=True)
        trial.rename(final)
    settings.put(db, SUBSCRIPTION_KEY, {"location": subscription.location, "fingerprint": subscription.fingerprint})


def unsubscribe(db, vault_folder: Path) -> None:
    """Forgets the subscription and its trust state. Entries it brought stay, still marked with the organisation."""
    settings.put(db, SUBSCRIPTION_KEY, None)
    shutil.rmtree(state_folder(vault_folder), ignore_errors=True)
    shutil.rmtree(Path(vault_folder) / (STATE_FOLDER + ".new"), ignore_errors=True)
