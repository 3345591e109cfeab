"""``harbour org …``: the coordinator's commands for an organisation's signed repository (desktop/core/organisation).

    harbour org init REPO [--passphrase-file F]          keys + first version; prints "fingerprint: <hex>"
    harbour org publish REPO FOLDER [--passphrase-file F] FOLDER's content as the next version
    harbour org verify REPO --fingerprint FP             exit 0 when it verifies end to end, else 1 and why
    harbour org show REPO                                what the current version holds
    harbour org rotate-key REPO ROLE [--passphrase-file F] [--new-passphrase-file F]
    harbour org --lang fr_CA …                           the same, in another language

No Qt here: these run on a server or in a terminal. Exit codes: 0 done, 1 refused or not verified, 2 usage.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from desktop.core.common.formatting import format_date, format_number
from desktop.core.interpreters import roster_io
from desktop.core.organisation import reader, repository, signing_keys
from desktop.core.organisation.content import ROSTER, Content
from desktop.core.organisation.problems import OrganisationProblem
from desktop.i18n import _, setup_i18n


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="harbour org", description=_(
        "An organisation's signed updates for its workers' Harbour: interpreter roster, reviewed scripts, protocol "
        "and services. Share only REPO/public; keep REPO/keys private."))
    top.add_argument("--lang", metavar=_("LOCALE"), help=_("user interface language for this run, e.g. fr_CA"))
    commands = top.add_subparsers(dest="command", required=True, metavar=_("COMMAND"))
    init = commands.add_parser("init", help=_("create the repository and its keys; prints the root fingerprint"))
    init.add_argument("repo", type=Path, metavar="REPO")
    init.add_argument("--passphrase-file", type=Path, metavar="F", help=_("read the passphrase from this file"))
    init.add_argument("--root-keys", type=int, default=1, metavar="N",
                      help=_("how many root keys to make (default 1); give each to a different person"))
    init.add_argument("--root-threshold", type=int, default=1, metavar="K",
                      help=_("how many root keys must sign a change of keys (default 1)"))
    publish = commands.add_parser("publish", help=_("sign FOLDER's content as the next version"))
    publish.add_argument("repo", type=Path, metavar="REPO")
    publish.add_argument("folder", type=Path, metavar="FOLDER")
    publish.add_argument("--passphrase-file", type=Path, metavar="F", help=_("read the passphrase from this file"))
    verify = commands.add_parser("verify", help=_("check the repository end to end against a root fingerprint"))
    verify.add_argument("repo", metavar="REPO", help=_("the repository folder or its https:// address"))
    verify.add_argument("--fingerprint", required=True, metavar="FP")
    show = commands.add_parser("show", help=_("what the current version holds"))
    show.add_argument("repo", type=Path, metavar="REPO")
    rotate = commands.add_parser("rotate-key", help=_("replace one role's key (root, targets, snapshot, timestamp)"))
    rotate.add_argument("repo", type=Path, metavar="REPO")
    rotate.add_argument("role", choices=signing_keys.ROLES)
    rotate.add_argument("--passphrase-file", type=Path, metavar="F", help=_("read the passphrase from this file"))
    rotate.add_argument("--new-passphrase-file", type=Path, metavar="F",
                        help=_("encrypt the new key with the passphrase in this file (default: the same one)"))
    return top


def main(argv: list[str]) -> int:
    if "--lang" in argv[:-1]:  # before the parser is built, so its help speaks the language too
        setup_i18n(argv[argv.index("--lang") + 1])
    args = parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except OrganisationProblem as problem:
        print(str(problem), file=sys.stderr)
        return 1
    except OSError as error:
        print(_("Harbour could not read or write a file: {reason}").format(reason=error), file=sys.stderr)
        return 1


def _passphrase(file: Path | None, *, confirm: bool = False) -> str:
    if file is not None:
        lines = file.read_text(encoding="utf-8").splitlines()
        return lines[0] if lines else ""
    first = getpass.getpass(_("Passphrase for the organisation's keys: "))
    if confirm and getpass.getpass(_("The same passphrase again: ")) != first:
        raise OrganisationProblem(_("The two passphrases differ; nothing was created."))
    return first


def _init(args) -> int:
    fingerprint = repository.init(args.repo, _passphrase(args.passphrase_file, confirm=True),
                                  root_keys=args.root_keys, root_threshold=args.root_threshold)
    print(_("Repository created. Share only {public}; keep {keys} private (the root key can go offline).").format(
        public=repository.public_folder(args.repo), keys=args.repo / repository.KEYS))
    print(_("Give your workers this fingerprint with the location:"))
    print(f"fingerprint: {fingerprint}")
    return 0


def _publish(args) -> int:
    publication = repository.publish(args.repo, args.folder, _passphrase(args.passphrase_file))
    print(_("Published version {version}: {files}. Sign again before {date} (publish again, even unchanged).")
          .format(version=publication.version, files=", ".join(publication.files),
                  date=format_date(publication.timestamp_expires)))
    return 0


def _verify(args) -> int:
    published = reader.verify(args.repo, args.fingerprint)
    print(_("The repository verifies end to end: version {version}, valid until {date}.").format(
        version=published.version, date=format_date(published.expires)))
    return 0


def _show(args) -> int:
    latest = repository.current(args.repo)
    print(f"fingerprint: {repository.fingerprint(args.repo)}")
    root = latest["root"].signed
    print(_("Version {version}, signed until {date}; root version {root}.").format(
        version=latest["targets"].signed.version, date=format_date(latest["timestamp"].signed.expires),
        root=root.version))
    print(_("Changing keys needs {threshold} of the {count} root keys.").format(
        threshold=root.roles["root"].threshold, count=len(root.roles["root"].keyids)))
    for line in describe(repository.read_content(args.repo)):
        print(line)
    return 0


def describe(content: Content) -> list[str]:
    """One line per part of a publication."""
    lines = []
    info = content.info()
    if info is not None:
        lines.append(_("Organisation: {name}").format(name=info.name))
        if info.services:
            lines.append(_("Services: {services}").format(services="; ".join(info.services)))
        if info.protocol is not None:
            lines.append(_("Duty-to-report protocol: report a child under {age}; {count} contacts.").format(
                age=info.protocol.must_report_under, count=format_number(len(info.protocol.contacts))))
    if ROSTER in content.files:
        entries, _report = roster_io.parse_csv(content.files[ROSTER])
        lines.append(_("Interpreters: {count}").format(count=format_number(len(entries))))
    if content.script_locales:
        lines.append(_("Reviewed scripts: {languages}").format(languages=", ".join(content.script_locales)))
    if not lines:
        lines.append(_("Nothing published yet."))
    return lines


def _rotate(args) -> int:
    passphrase = _passphrase(args.passphrase_file)
    new = _passphrase(args.new_passphrase_file) if args.new_passphrase_file else None
    version = repository.rotate_key(args.repo, args.role, passphrase, new_passphrase=new)
    print(_("The {role} key was replaced; root version {version} announces it. The fingerprint does not change.")
          .format(role=args.role, version=version))
    return 0


_COMMANDS = {"init": _init, "publish": _publish, "verify": _verify, "show": _show, "rotate-key": _rotate}
