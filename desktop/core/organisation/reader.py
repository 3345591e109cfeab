"""Reading an organisation's repository the way TUF says: the worker's trust starts from the root whose
fingerprint the coordinator gave them; every later root, the timestamp, snapshot and targets must verify against
it, be unexpired, and never go back to an older version than one already seen (rollback and freeze protection).

``read_verified`` only reads: it changes nothing in the vault. Its trust state (the metadata already verified) lives
in the folder it is given, inside the vault folder for a subscription, a temp folder for ``harbour org verify``.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tuf.api.exceptions import DownloadError
from tuf.api.metadata import Metadata, Targets, Timestamp
from tuf.ngclient import Updater

from desktop.core.organisation.content import Content
from desktop.core.organisation.location import Location, parse_location
from desktop.core.organisation.problems import OrganisationProblem, OrganisationUnreachable, explain
from desktop.i18n import _

FIRST_ROOT = "1.root.json"
MAX_ROOT_BYTES = 512_000


@dataclass(frozen=True)
class Published:
    """A verified version of the organisation's content."""

    version: int
    content: Content
    expires: datetime


def normalise_fingerprint(text: str) -> str:
    """The hex digits only, lower case: groups, spaces and colons as the worker typed them do not matter."""
    return "".join(ch for ch in text.lower() if ch in "0123456789abcdef")


def check_fingerprint(text: str) -> str:
    digits = re.sub(r"[\s:-]", "", text).lower()
    if not re.fullmatch(r"[0-9a-f]{64}", digits):
        raise OrganisationProblem(_("A fingerprint is 64 characters, the digits 0–9 and letters a–f (spaces "
                                    "between groups are fine)."))
    return digits


def grouped(fingerprint: str, size: int = 4) -> str:
    """In short groups, to compare by eye: '3f2a 91c0 …'."""
    digits = normalise_fingerprint(fingerprint)
    return " ".join(digits[i:i + size] for i in range(0, len(digits), size))


def read_verified(location: str | Location, fingerprint: str, state_folder: Path) -> Published:
    """Verifies the repository end to end and returns its current content, or raises OrganisationProblem with a
    sentence (wrong root, tampered, expired, rolled back, unreachable)."""
    where = location if isinstance(location, Location) else parse_location(location)
    expected = check_fingerprint(fingerprint)
    metadata_folder, targets_folder = Path(state_folder) / "metadata", Path(state_folder) / "targets"
    try:
        metadata_folder.mkdir(parents=True, exist_ok=True)
        targets_folder.mkdir(parents=True, exist_ok=True)
        trusted_root = _trusted_first_root(where, metadata_folder, expected)
        updater = Updater(str(metadata_folder), where.metadata_url, str(targets_folder), where.targets_url,
                          fetcher=where.fetcher(), bootstrap=trusted_root)
        updater.refresh()
        # After refresh the updater has verified and stored these two; read them for the version and the list.
        targets = Metadata[Targets].from_file(str(metadata_folder / "targets.json")).signed
        timestamp = Metadata[Timestamp].from_file(str(metadata_folder / "timestamp.json")).signed
        content = Content()
        for path in sorted(targets.targets):
            info = updater.get_targetinfo(path)
            if info is None:
                continue
            stored = updater.find_cached_target(info) or updater.download_target(info)
            content.files[path] = Path(stored).read_bytes()
    except OrganisationProblem:
        raise
    except Exception as error:  # noqa: BLE001 - every failure becomes one sentence; nothing was applied
        kind = OrganisationUnreachable if isinstance(error, DownloadError) else OrganisationProblem
        raise kind(explain(error)) from error
    return Published(targets.version, content, timestamp.expires)


def _trusted_first_root(where: Location, metadata_folder: Path, expected: str) -> bytes:
    """The first root, from the trust state if this subscription has one, else downloaded; either way it must
    match the fingerprint the coordinator gave."""
    kept = metadata_folder / "root_history" / "1.root.json"
    if kept.is_file():
        data = kept.read_bytes()
    else:
        fetcher = where.fetcher()
        if fetcher is None:
            from tuf.ngclient import Urllib3Fetcher

            fetcher = Urllib3Fetcher()
        data = fetcher.download_bytes(where.metadata_url + FIRST_ROOT, MAX_ROOT_BYTES)
    if hashlib.sha256(data).hexdigest() != expected:
        raise OrganisationProblem(_("These files are not signed by the organisation whose fingerprint you gave "
                                    "(wrong root): compare the fingerprint with your coordinator's. Nothing was "
                                    "changed."))
    return data


def verify(location: str, fingerprint: str) -> Published:
    """End-to-end verification from nothing (what ``harbour org verify`` does), in a throwaway trust state."""
    with tempfile.TemporaryDirectory(prefix="harbour-org-verify-") as state:
        return read_verified(location, fingerprint, Path(state))
