"""The coordinator's commands (harbour org init / publish / verify / show / rotate-key) and what TUF protects
against: a wrong root, a tampered file, an expired timestamp, a rollback, and a root key rotation."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import timedelta

import pytest

from desktop.app import main
from desktop.core.organisation import reader, repository
from desktop.core.organisation.problems import OrganisationProblem
from tests.core.organisation_helpers import PASSPHRASE, ROSTER_HEADER, content_folder, make_repository


@pytest.fixture
def passphrase_file(tmp_path):
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return str(path)


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main(["org", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_init_publish_verify_show_from_the_command_line(tmp_path, capsys, passphrase_file):
    repo = tmp_path / "repo"
    code, out, _err = _run(capsys, "init", repo, "--passphrase-file", passphrase_file)
    assert code == 0
    fingerprint = next(line for line in out.splitlines() if line.startswith("fingerprint: ")).split(": ")[1]
    assert len(fingerprint) == 64 and fingerprint == repository.fingerprint(repo)
    for role in ("root", "targets", "snapshot", "timestamp"):
        assert b"ENCRYPTED PRIVATE KEY" in (repo / "keys" / f"{role}.pem").read_bytes()
    assert not any((repo / "public").rglob("*.pem"))          # nothing private in what is shared

    code, out, _err = _run(capsys, "publish", repo, content_folder(tmp_path), "--passphrase-file", passphrase_file)
    assert code == 0 and "interpreters.csv" in out
    code, out, err = _run(capsys, "verify", repo, "--fingerprint", fingerprint)
    assert (code, err) == (0, "") and "verifies" in out
    grouped = reader.grouped(fingerprint)                       # as a worker may type it, in groups
    assert _run(capsys, "verify", repo / "public", "--fingerprint", grouped)[0] == 0
    code, out, _err = _run(capsys, "show", repo)
    assert code == 0 and f"fingerprint: {fingerprint}" in out
    assert "Example Outreach Society" in out and "Interpreters: 2" in out and "fr" in out


def test_a_second_init_changes_nothing(tmp_path, capsys, passphrase_file):
    repo, _fingerprint = make_repository(tmp_path)
    before = (repo / "keys" / "root.pem").read_bytes()
    code, _out, err = _run(capsys, "init", repo, "--passphrase-file", passphrase_file)
    assert code == 1 and "already holds" in err
    assert (repo / "keys" / "root.pem").read_bytes() == before


def _published_files(repo):
    return sorted(str(p.relative_to(repo)) for p in (repo / "public").rglob("*") if p.is_file())


def _vault_folder(folder):
    (folder / "vault").mkdir()
    (folder / "vault" / "key.json").write_text("{}")
    (folder / "vault" / "notes.db").write_bytes(b"\x00" * 64)


def _sqlite_roster(folder):
    (folder / "interpreters.csv").unlink()
    sqlite3.connect(folder / "interpreters.csv").execute("CREATE TABLE clients (name TEXT)").connection.commit()


REFUSALS = {
    "a vault": (_vault_folder, "vault"),
    "notes.db": (lambda f: (f / "notes.db").write_bytes(b"x"), "vault"),
    "key.json": (lambda f: (f / "key.json").write_text("{}"), "vault"),
    "an SQLite file as the roster": (_sqlite_roster, "SQLite"),
    "an SQLite file by any name": (lambda f: (f / "old.sqlite").write_bytes(b"SQLite format 3\x00"), "database"),
    "SQLCipher bytes": (lambda f: (f / "scripts" / "es.po").write_bytes(bytes(range(256)) * 8), "UTF-8"),
    "a roster with client columns": (
        lambda f: (f / "interpreters.csv").write_text(ROSTER_HEADER.strip() + ",client_notes\nana,Ana,,es,,,,x\n"),
        "client_notes"),
    "another table": (lambda f: (f / "clients.csv").write_text("name\nX\n"), "clients.csv"),
    "an unknown field in organisation.toml": (
        lambda f: (f / "organisation.toml").write_text('name = "X"\nclients = ["Maria"]\n'), "clients"),
    "any other file": (lambda f: (f / "notes.txt").write_text("met Maria today"), "notes.txt"),
    "a link to elsewhere": (lambda f: (f / "scripts" / "es.po").symlink_to(f.parent / "elsewhere.po"), "link"),
}


def test_what_sync_tools_leave_behind_is_skipped_not_published(tmp_path):
    repo, fingerprint = make_repository(tmp_path)
    folder = content_folder(tmp_path)
    (folder / ".DS_Store").write_bytes(b"\x00\x01binary")
    (folder / ".stfolder").mkdir()
    publication = repository.publish(repo, folder, PASSPHRASE)
    assert publication.files == ("interpreters.csv", "organisation.toml", "scripts/fr.po")


@pytest.mark.parametrize("case", list(REFUSALS))
def test_publish_refuses_anything_that_could_be_client_data_and_publishes_nothing(tmp_path, capsys,
                                                                                   passphrase_file, case):
    repo, fingerprint = make_repository(tmp_path)
    before = _published_files(repo)
    folder = content_folder(tmp_path)
    spoil, named = REFUSALS[case]
    spoil(folder)
    code, out, err = _run(capsys, "publish", repo, folder, "--passphrase-file", passphrase_file)
    assert code == 1 and out == ""
    assert named in err and "Nothing was published." in err
    assert _published_files(repo) == before
    assert reader.verify(str(repo), fingerprint).version == 2


def test_a_wrong_passphrase_publishes_nothing(tmp_path, capsys):
    repo, _fingerprint = make_repository(tmp_path)
    before = _published_files(repo)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the coordinator passphrase")
    code, _out, err = _run(capsys, "publish", repo, content_folder(tmp_path), "--passphrase-file", wrong)
    assert code == 1 and "passphrase does not open" in err
    assert _published_files(repo) == before


def test_verify_refuses_a_wrong_root(tmp_path, capsys):
    repo, _fingerprint = make_repository(tmp_path)
    _other_repo, other_fingerprint = make_repository(tmp_path / "other")
    code, out, err = _run(capsys, "verify", repo, "--fingerprint", other_fingerprint)
    assert code == 1 and out == "" and "wrong root" in err


def test_the_commands_speak_the_language_asked_for(tmp_path, capsys):
    from desktop import i18n

    repo, _fingerprint = make_repository(tmp_path)
    try:
        code, _out, err = _run(capsys, "--lang", "fr_CA", "verify", repo, "--fingerprint", "ab" * 32)
    finally:
        i18n.setup_i18n("en")
    assert code == 1 and "mauvaise racine" in err


def test_verify_refuses_a_tampered_target(tmp_path, capsys):
    repo, fingerprint = make_repository(tmp_path)
    stored = next((repo / "public" / "targets").glob("*.interpreters.csv"))
    stored.write_text(ROSTER_HEADER + "ana,Ana Example,Pretend Agency,es-MX,female,phone,555-6666\n")
    code, _out, err = _run(capsys, "verify", repo, "--fingerprint", fingerprint)
    assert code == 1 and "tampered" in err


def test_verify_refuses_an_expired_timestamp(tmp_path, capsys):
    repo, fingerprint = make_repository(tmp_path)
    repository.publish(repo, content_folder(tmp_path), PASSPHRASE, lifetimes={"timestamp": timedelta(seconds=-1)})
    code, _out, err = _run(capsys, "verify", repo, "--fingerprint", fingerprint)
    assert code == 1 and "expired" in err


def test_a_subscriber_refuses_a_rollback_to_an_older_snapshot(tmp_path):
    repo, fingerprint = make_repository(tmp_path)
    old = tmp_path / "old-public"
    shutil.copytree(repo / "public", old)
    repository.publish(repo, content_folder(tmp_path, roster_rows="cy,Cy Example,,uk,male,video,\n"), PASSPHRASE)
    state = tmp_path / "worker-state"
    assert reader.read_verified(str(repo), fingerprint, state).version == 3
    shutil.rmtree(repo / "public")
    shutil.copytree(old, repo / "public")          # someone serves the older, validly signed version
    with pytest.raises(OrganisationProblem, match="rolled back"):
        reader.read_verified(str(repo), fingerprint, state)


def test_a_root_key_rotation_is_followed_and_the_fingerprint_stays(tmp_path, capsys, passphrase_file):
    repo, fingerprint = make_repository(tmp_path)
    state = tmp_path / "worker-state"
    reader.read_verified(str(repo), fingerprint, state)
    old_root_key = (repo / "keys" / "root.pem").read_bytes()
    code, out, _err = _run(capsys, "rotate-key", repo, "root", "--passphrase-file", passphrase_file)
    assert code == 0 and "root version 2" in out
    assert (repo / "keys" / "root.pem").read_bytes() != old_root_key
    assert repository.fingerprint(repo) == fingerprint
    assert reader.read_verified(str(repo), fingerprint, state).version >= 3    # the worker follows root 1 -> 2
    assert (state / "metadata" / "root_history" / "2.root.json").is_file()
    assert _run(capsys, "verify", repo, "--fingerprint", fingerprint)[0] == 0   # and so does a fresh verify


def _forge_next_root(repo, signers):
    """What someone with write access to the shared folder could do: a next root listing their own key."""
    from tuf.api.metadata import Metadata, Root

    from desktop.core.organisation import signing_keys

    metadata = repo / "public" / "metadata"
    root = Metadata[Root].from_file(str(metadata / "1.root.json")).signed
    intruder = signing_keys.signer_for(signing_keys.new_key())
    root.add_key(intruder.public_key, "targets")
    root.version = 2
    forged = Metadata(root)
    for signer in [intruder, *signers]:
        forged.sign(signer, append=True)
    (metadata / "2.root.json").write_bytes(forged.to_bytes())


def test_a_root_version_not_signed_by_the_root_key_is_refused(tmp_path):
    repo, fingerprint = make_repository(tmp_path)
    state = tmp_path / "worker-state"
    reader.read_verified(str(repo), fingerprint, state)
    _forge_next_root(repo, [])
    with pytest.raises(OrganisationProblem, match="not signed by the keys"):
        reader.read_verified(str(repo), fingerprint, state)


def test_a_root_of_two_of_three_keys_needs_two_signatures(tmp_path, capsys, passphrase_file):
    from desktop.core.organisation import signing_keys

    repo = tmp_path / "repo"
    code, out, _err = _run(capsys, "init", repo, "--root-keys", 3, "--root-threshold", 2,
                           "--passphrase-file", passphrase_file)
    assert code == 0 and sorted(p.name for p in (repo / "keys").glob("root*.pem")) == [
        "root-2.pem", "root-3.pem", "root.pem"]
    fingerprint = repository.fingerprint(repo)
    repository.publish(repo, content_folder(tmp_path), PASSPHRASE)
    state = tmp_path / "worker-state"
    reader.read_verified(str(repo), fingerprint, state)
    assert "2 of the 3 root keys" in _run(capsys, "show", repo)[1]
    # One root key alone cannot change keys: not through Harbour ...
    drawer = tmp_path / "drawer"
    drawer.mkdir()
    for name in ("root-2.pem", "root-3.pem"):
        (repo / "keys" / name).rename(drawer / name)
    code, _out, err = _run(capsys, "rotate-key", repo, "timestamp", "--passphrase-file", passphrase_file)
    assert code == 1 and "needs 2 root keys; only 1 could be opened" in err
    # ... nor by writing a root signed with it by hand: the worker's Harbour refuses it.
    _forge_next_root(repo, [signing_keys.load_signer(repo / "keys", "root", PASSPHRASE)])
    with pytest.raises(OrganisationProblem, match="not signed by the keys"):
        reader.read_verified(str(repo), fingerprint, state)
    (repo / "public" / "metadata" / "2.root.json").unlink()
    # Two of them can, even replacing a root key; the worker follows.
    (drawer / "root-2.pem").rename(repo / "keys" / "root-2.pem")
    assert _run(capsys, "rotate-key", repo, "root", "--passphrase-file", passphrase_file)[0] == 0
    assert reader.read_verified(str(repo), fingerprint, state).version >= 3
    assert _run(capsys, "verify", repo, "--fingerprint", fingerprint)[0] == 0


def test_init_refuses_a_threshold_above_the_number_of_root_keys(tmp_path, capsys, passphrase_file):
    code, _out, err = _run(capsys, "init", tmp_path / "repo", "--root-keys", 2, "--root-threshold", 3,
                           "--passphrase-file", passphrase_file)
    assert code == 1 and "root needs" in err and not (tmp_path / "repo").exists()


def test_an_online_key_rotation_verifies(tmp_path, capsys, passphrase_file):
    repo, fingerprint = make_repository(tmp_path)
    assert _run(capsys, "rotate-key", repo, "timestamp", "--passphrase-file", passphrase_file)[0] == 0
    assert _run(capsys, "verify", repo, "--fingerprint", fingerprint)[0] == 0


def test_plain_http_is_refused_except_on_this_computer(tmp_path):
    with pytest.raises(OrganisationProblem, match="https://"):
        reader.verify("http://example.org/harbour", "0" * 64)
