"""The coordinator's side: a TUF repository of static files that any web server, synced folder or USB stick can
carry. ``init`` makes the keys and the first, empty version; ``publish`` signs a folder's content as the next
version; ``rotate_key`` replaces one role's key (root included) with a new root version signed by old and new.

    REPO/keys/{root,targets,snapshot,timestamp}.pem   private, encrypted; never shared (root may go offline)
    REPO/public/metadata/<n>.root.json, <n>.targets.json, <n>.snapshot.json, timestamp.json
    REPO/public/targets/<sha256>.interpreters.csv ...   the content, named by its hash (consistent snapshots)

Only ``REPO/public`` is shared. The fingerprint workers type in is the SHA-256 of ``1.root.json``: the first root
anchors every later one, so rotating keys never changes it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from securesystemslib.signer import Signer
from tuf.api.metadata import Metadata, MetaFile, Root, Snapshot, TargetFile, Targets, Timestamp
from tuf.api.serialization.json import JSONSerializer

from desktop.core.common.files import write_atomically
from desktop.core.organisation import signing_keys
from desktop.core.organisation.content import Content, collect
from desktop.core.organisation.problems import OrganisationProblem
from desktop.i18n import _, ngettext

PUBLIC, KEYS, METADATA, TARGETS = "public", "keys", "metadata", "targets"
FIRST_ROOT = "1.root.json"
MAX_ROOT_KEYS = 9
# How long each signature holds. The timestamp is short so a frozen copy (someone serving old files) shows within a
# month: publish again at least monthly (the same folder is fine). The root is long: its key stays offline.
LIFETIMES = {"root": timedelta(days=365), "targets": timedelta(days=120), "snapshot": timedelta(days=120),
             "timestamp": timedelta(days=30)}
_SERIALIZER = JSONSerializer(compact=False)


@dataclass(frozen=True)
class Publication:
    version: int
    files: tuple[str, ...]
    timestamp_expires: datetime


def public_folder(repo: Path) -> Path:
    return Path(repo) / PUBLIC


def fingerprint_of(root_bytes: bytes) -> str:
    return hashlib.sha256(root_bytes).hexdigest()


def fingerprint(repo: Path) -> str:
    try:
        return fingerprint_of((public_folder(repo) / METADATA / FIRST_ROOT).read_bytes())
    except FileNotFoundError:
        raise OrganisationProblem(_("There is no organisation repository in “{folder}”. Make one with: harbour org "
                                    "init {folder}").format(folder=repo)) from None


def init(repo: Path, passphrase: str, *, now: datetime | None = None, root_keys: int = 1,
         root_threshold: int = 1) -> str:
    """Creates the keys and version 1 (no content yet); returns the root fingerprint. ``root_keys`` root keys of
    which ``root_threshold`` must sign any change of keys (2 of 3: no single lost or stolen root key decides)."""
    repo = Path(repo)
    signing_keys.check_passphrase(passphrase)
    if not 1 <= root_threshold <= root_keys <= MAX_ROOT_KEYS:
        raise OrganisationProblem(_("The root needs from 1 to {most} keys, and at least 1 and at most all of them to "
                                    "sign.").format(most=MAX_ROOT_KEYS))
    if (repo / KEYS).exists() or (repo / PUBLIC).exists():
        raise OrganisationProblem(_("“{folder}” already holds an organisation repository; nothing was changed.")
                                  .format(folder=repo))
    now = now or _now()
    private = {role: signing_keys.new_key() for role in signing_keys.ROLES}
    extra_roots = [signing_keys.new_key() for _number in range(root_keys - 1)]
    signers = {role: signing_keys.signer_for(key) for role, key in private.items()}
    root_signers = [signers["root"], *map(signing_keys.signer_for, extra_roots)]
    root = Root(expires=now + LIFETIMES["root"], consistent_snapshot=True)
    for role, signer in signers.items():
        root.add_key(signer.public_key, role)
    for signer in root_signers[1:]:
        root.add_key(signer.public_key, "root")
    root.roles["root"].threshold = root_threshold
    metadata = public_folder(repo) / METADATA
    (public_folder(repo) / TARGETS).mkdir(parents=True)
    metadata.mkdir(parents=True, exist_ok=True)
    for role, key in private.items():
        signing_keys.save_key(signing_keys.key_path(repo / KEYS, role), key, passphrase)
    for number, key in enumerate(extra_roots, start=2):
        signing_keys.save_key(signing_keys.extra_root_key_path(repo / KEYS, number), key, passphrase)
    _write(metadata / FIRST_ROOT, root, root_signers)
    _sign_chain(repo, signers, Targets(expires=now + LIFETIMES["targets"]), now=now, first=True)
    return fingerprint(repo)


def publish(repo: Path, folder: Path, passphrase: str, *, now: datetime | None = None,
            lifetimes: dict[str, timedelta] | None = None) -> Publication:
    """Signs FOLDER's content as the next version. Refuses (publishing nothing) anything that could be client
    data, and checks the passphrase before writing a byte."""
    content = collect(folder)
    fingerprint(repo)
    signers = {role: signing_keys.load_signer(Path(repo) / KEYS, role, passphrase)
               for role in signing_keys.ONLINE_ROLES}
    return _publish_content(repo, content, signers, now=now or _now(), lifetimes=lifetimes)


def _publish_content(repo: Path, content: Content, signers: dict[str, Signer], *, now: datetime,
                     lifetimes: dict[str, timedelta] | None = None) -> Publication:
    lifetimes = {**LIFETIMES, **(lifetimes or {})}
    targets_folder = public_folder(repo) / TARGETS
    targets = Targets(expires=now + lifetimes["targets"])
    for path, data in sorted(content.files.items()):
        info = TargetFile.from_data(path, data, ["sha256"])
        directory, _sep, name = path.rpartition("/")
        stored = targets_folder / directory / f"{info.hashes['sha256']}.{name}"
        stored.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(stored, data)
        targets.targets[path] = info
    return _sign_chain(repo, signers, targets, now=now, lifetimes=lifetimes)


def _sign_chain(repo: Path, signers: dict[str, Signer], targets: Targets, *, now: datetime, first: bool = False,
                lifetimes: dict[str, timedelta] | None = None) -> Publication:
    """Writes targets, then snapshot, then timestamp (last, atomically): a reader never finds a timestamp that
    points at files not written yet."""
    lifetimes = {**LIFETIMES, **(lifetimes or {})}
    metadata = public_folder(repo) / METADATA
    previous = None if first else current(repo)
    targets.version = 1 if previous is None else previous["targets"].signed.version + 1
    _write(metadata / f"{targets.version}.targets.json", targets, [signers["targets"]])
    snapshot = Snapshot(expires=now + lifetimes["snapshot"])
    snapshot.version = 1 if previous is None else previous["snapshot"].signed.version + 1
    snapshot.meta["targets.json"] = MetaFile(targets.version)
    _write(metadata / f"{snapshot.version}.snapshot.json", snapshot, [signers["snapshot"]])
    timestamp = Timestamp(expires=now + lifetimes["timestamp"], snapshot_meta=MetaFile(snapshot.version))
    timestamp.version = 1 if previous is None else previous["timestamp"].signed.version + 1
    _write(metadata / "timestamp.json", timestamp, [signers["timestamp"]])
    return Publication(targets.version, tuple(sorted(targets.targets)), timestamp.expires)


def current(repo: Path) -> dict[str, Metadata]:
    """The newest metadata of each role as the repository holds it (read, not verified: ``verify`` does that)."""
    metadata = public_folder(repo) / METADATA
    fingerprint(repo)
    try:
        timestamp = Metadata[Timestamp].from_file(str(metadata / "timestamp.json"))
        snapshot = Metadata[Snapshot].from_file(
            str(metadata / f"{timestamp.signed.snapshot_meta.version}.snapshot.json"))
        targets = Metadata[Targets].from_file(
            str(metadata / f"{snapshot.signed.meta['targets.json'].version}.targets.json"))
    except (OSError, ValueError, KeyError) as error:
        raise OrganisationProblem(_("The repository in “{folder}” is incomplete or damaged ({reason}).").format(
            folder=repo, reason=error)) from None
    return {"root": _newest_root(metadata), "targets": targets, "snapshot": snapshot, "timestamp": timestamp}


def _newest_root(metadata: Path) -> Metadata:
    version = 1
    while (metadata / f"{version + 1}.root.json").exists():
        version += 1
    return Metadata[Root].from_file(str(metadata / f"{version}.root.json"))


def read_content(repo: Path) -> Content:
    """The current version's files, from REPO/public/targets."""
    targets = current(repo)["targets"].signed
    content = Content()
    for path, info in targets.targets.items():
        directory, _sep, name = path.rpartition("/")
        content.files[path] = (public_folder(repo) / TARGETS / directory / f"{info.hashes['sha256']}.{name}") \
            .read_bytes()
    return content


def rotate_key(repo: Path, role: str, passphrase: str, *, new_passphrase: str | None = None,
               now: datetime | None = None) -> int:
    """Replaces ``role``'s key: a new root version lists the new key and is signed by the old root key and, for
    the root role, by the new one too, so every subscriber can follow. Returns the new root version."""
    if role not in signing_keys.ROLES:
        raise OrganisationProblem(_("Choose one of: {roles}.").format(roles=", ".join(signing_keys.ROLES)))
    repo, now = Path(repo), now or _now()
    keys_folder = repo / KEYS
    root = current(repo)["root"].signed
    old_signers = _present_root_signers(keys_folder, root, passphrase)
    online = {r: signing_keys.load_signer(keys_folder, r, passphrase) for r in signing_keys.ONLINE_ROLES}
    new_private = signing_keys.new_key()
    new_signer = signing_keys.signer_for(new_private)
    if role == "root":   # the key in root.pem is replaced; any other root keys stay
        replaced = signing_keys.load_signer(keys_folder, "root", passphrase).public_key.keyid
        root.revoke_key(replaced, "root")
    else:
        for keyid in list(root.roles[role].keyids):
            root.revoke_key(keyid, role)
    root.add_key(new_signer.public_key, role)
    root.version += 1
    root.expires = now + LIFETIMES["root"]
    root_signers = old_signers + ([new_signer] if role == "root" else [])
    _write(public_folder(repo) / METADATA / f"{root.version}.root.json", root, root_signers)
    signing_keys.save_key(signing_keys.key_path(keys_folder, role), new_private, new_passphrase or passphrase)
    if role != "root":
        online[role] = new_signer
    # Re-sign the current content under the (possibly new) online keys, so the repository verifies at once.
    _publish_content(repo, read_content(repo), online, now=now)
    return root.version


def _present_root_signers(keys_folder: Path, root: Root, passphrase: str) -> list[Signer]:
    """The current root keys at hand, enough of them for the root's threshold, or a sentence saying how many more
    must be brought back (from their drawer, or from the people who keep them)."""
    current_ids = set(root.roles["root"].keyids)
    present = [signer for signer in (signing_keys.signer_for(signing_keys.load_key(path, passphrase))
                                     for path in signing_keys.root_key_paths(keys_folder))
               if signer.public_key.keyid in current_ids]
    needed = root.roles["root"].threshold
    if len(present) < needed:
        raise OrganisationProblem(ngettext(
            "Changing keys needs {needed} root key; {found} could be opened in {folder}. Bring the root key back for "
            "this step.",
            "Changing keys needs {needed} root keys; only {found} could be opened in {folder}. Bring the others back "
            "for this step.",
            needed).format(needed=needed, found=len(present), folder=keys_folder))
    return present


def _write(path: Path, signed, signers: list[Signer]) -> None:
    metadata = Metadata(signed)
    for signer in signers:
        metadata.sign(signer, append=True)
    write_atomically(path, metadata.to_bytes(_SERIALIZER))


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
