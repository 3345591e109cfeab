"""What an organisation may publish, read back the same way on both sides.

A publication holds at most: ``interpreters.csv`` (the roster format Harbour imports), ``organisation.toml`` (name,
province, services, duty-to-report protocol and contacts) and ``scripts/<locale>.po`` (reviewed catalogs). Anything
else is refused before a single file is signed, above all whatever could be client data: a vault, ``notes.db``,
``key.json``, an SQLite or SQLCipher file, a CSV with columns beyond the roster's.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.pofile import read_po

from desktop.core.common.plain_text import has_control_characters
from desktop.core.consent import duty_to_report as reporting
from desktop.core.interpreters import roster_io
from desktop.core.organisation.problems import OrganisationProblem
from desktop.i18n import _

ROSTER = "interpreters.csv"
ORGANISATION = "organisation.toml"
SCRIPTS = "scripts"
MAX_FILE_BYTES = roster_io.MAX_FILE_BYTES
MAX_NAME = 80
MAX_SERVICE = 200
MAX_SERVICES = 40
# Left out without a word: what file managers and sync tools drop into any folder.
_CLUTTER = {".DS_Store", "Thumbs.db", "desktop.ini", ".stfolder", ".stignore", ".directory"}
_VAULT_FILES = {"notes.db", "key.json", "notes.db-wal", "notes.db-shm"}
_DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".db3", "-wal", "-shm", "-journal")
_SQLITE_HEADER = b"SQLite format 3\x00"
_SCRIPT_NAME = re.compile(r"^scripts/([A-Za-z]{2,3}(?:_[A-Za-z0-9]{2,8})*)\.po$")
_TOML_KEYS = {"name", "province", "services", "protocol"}
_PROTOCOL_KEYS = {"must_report_under", "may_report_under", "contacts", "steps"}


@dataclass(frozen=True)
class OrganisationInfo:
    name: str
    province: str = ""
    services: tuple[str, ...] = ()
    protocol: reporting.Protocol | None = None


@dataclass
class Content:
    """The files of one publication, by their path in the repository (``scripts/fr.po``)."""

    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def script_locales(self) -> list[str]:
        return sorted(match.group(1) for path in self.files if (match := _SCRIPT_NAME.match(path)))

    def info(self) -> OrganisationInfo | None:
        data = self.files.get(ORGANISATION)
        return parse_organisation(data) if data is not None else None


def _refuse(sentence: str) -> OrganisationProblem:
    return OrganisationProblem(_("{problem} Nothing was published.").format(problem=sentence))


def collect(folder: Path) -> Content:
    """FOLDER's publishable files, checked one by one; the first thing that could be client data (or is not
    something Harbour publishes) raises an OrganisationProblem naming it."""
    folder = Path(folder)
    if not folder.is_dir():
        raise _refuse(_("“{folder}” is not a folder.").format(folder=folder))
    content = Content()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.name in _CLUTTER:
            continue
        if path.is_symlink():
            raise _refuse(_("“{name}” is a link to somewhere else; publish the file itself.").format(name=relative))
        if path.is_dir():
            if path.name == "backups" or (path / "key.json").exists() or (path / "notes.db").exists():
                raise _refuse(_("“{name}” looks like a Harbour vault: client notes are never published.").format(
                    name=relative))
            continue
        content.files[relative] = _read_one(path, relative)
    if not content.files:
        raise _refuse(_("The folder holds nothing to publish: add interpreters.csv, organisation.toml or "
                        "scripts/<language>.po."))
    return content


def _read_one(path: Path, relative: str) -> bytes:
    name = path.name.lower()
    if name in _VAULT_FILES:
        raise _refuse(_("“{name}” is part of a Harbour vault: client notes are never published.").format(
            name=relative))
    if name.endswith(_DATABASE_SUFFIXES):
        raise _refuse(_("“{name}” is a database file, which could hold client data.").format(name=relative))
    size = os.stat(path).st_size
    if size > MAX_FILE_BYTES:
        raise _refuse(_("“{name}” is larger than {size} MB.").format(name=relative,
                                                                       size=MAX_FILE_BYTES // (1024 * 1024)))
    with open(path, "rb") as source:
        data = source.read(MAX_FILE_BYTES + 1)
    if data.startswith(_SQLITE_HEADER):
        raise _refuse(_("“{name}” is an SQLite database, which could hold client data.").format(name=relative))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(_("“{name}” is not UTF-8 text (an encrypted database looks like this), so it could hold "
                        "client data.").format(name=relative)) from None
    if relative == ROSTER:
        _check_roster(data)
    elif relative == ORGANISATION:
        parse_organisation(data, refuse=_refuse)
    elif _SCRIPT_NAME.match(relative):
        _check_catalog(relative, text)
    elif name.endswith(".csv"):
        raise _refuse(_("“{name}” is a table other than interpreters.csv, which could hold client data.").format(
            name=relative))
    else:
        raise _refuse(_("“{name}” is not something Harbour publishes: only interpreters.csv, organisation.toml and "
                        "scripts/<language>.po.").format(name=relative))
    return data


def _check_roster(data: bytes) -> None:
    try:
        entries, report = roster_io.parse_csv(data)
    except roster_io.RosterFileError as error:
        raise _refuse(_("interpreters.csv cannot be read: {reason}").format(reason=error)) from None
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))), [])
    extra = [c.strip() for c in header if c.strip() and c.strip().lower() not in roster_io.COLUMNS]
    if extra:
        raise _refuse(_("interpreters.csv has columns beyond the roster's ({columns}), which could hold client "
                        "data.").format(columns=", ".join(extra)))
    if report.errors:
        raise _refuse(_("interpreters.csv has rows Harbour cannot read: {first}").format(first=report.errors[0]))
    if not entries:
        raise _refuse(_("interpreters.csv holds no interpreters."))


def _check_catalog(relative: str, text: str) -> None:
    locale = _SCRIPT_NAME.match(relative).group(1)
    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        raise _refuse(_("“{name}” is not named after a language (for example scripts/fr.po).").format(
            name=relative)) from None
    try:
        read_po(io.StringIO(text), locale=locale)
    except Exception as error:  # noqa: BLE001 - Babel raises many kinds on a damaged catalog
        raise _refuse(_("“{name}” is not a readable catalog ({reason}).").format(name=relative, reason=error)) \
            from None


def parse_organisation(data: bytes, refuse=None) -> OrganisationInfo:
    """organisation.toml as OrganisationInfo; a file that is not what Harbour expects raises OrganisationProblem."""
    fail = refuse or OrganisationProblem
    try:
        table = tomllib.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise fail(_("organisation.toml cannot be read: {reason}").format(reason=error)) from None
    unknown = sorted(set(table) - _TOML_KEYS)
    if unknown:
        raise fail(_("organisation.toml has fields Harbour does not know ({fields}), which could hold client "
                     "data.").format(fields=", ".join(unknown)))
    name = table.get("name")
    if not _one_line(name, MAX_NAME):
        raise fail(_("organisation.toml needs a name: one line of at most {count} characters.").format(
            count=MAX_NAME))
    province = table.get("province", "")
    if province and province not in reporting.PROVINCE_NAMES:
        raise fail(_("organisation.toml names a province Harbour does not know: {province}.").format(
            province=province))
    services = table.get("services", [])
    if not isinstance(services, list) or len(services) > MAX_SERVICES or not all(
            _one_line(service, MAX_SERVICE) for service in services):
        raise fail(_("organisation.toml: services must be a list of short lines, at most {count}.").format(
            count=MAX_SERVICES))
    protocol = None
    if "protocol" in table:
        protocol = _protocol(table["protocol"], province or reporting.DEFAULT_PROVINCE, fail)
    return OrganisationInfo(name.strip(), province, tuple(s.strip() for s in services), protocol)


def _protocol(table, province: str, fail) -> reporting.Protocol:
    if not isinstance(table, dict) or set(table) - _PROTOCOL_KEYS:
        raise fail(_("organisation.toml: the protocol holds only must_report_under, may_report_under, contacts "
                     "and steps."))
    contacts = table.get("contacts", [])
    if not isinstance(contacts, list) or not contacts or not all(
            isinstance(c, dict) and set(c) <= {"label", "phone"} and _one_line(c.get("label"), MAX_SERVICE)
            and _one_line(c.get("phone", ""), MAX_NAME, empty=True) for c in contacts):
        raise fail(_("organisation.toml: the protocol needs contacts, each with a label and a phone number."))
    must, may = table.get("must_report_under"), table.get("may_report_under")
    steps = table.get("steps", "")
    ages_fine = type(must) is int and reporting.MIN_AGE <= must <= reporting.MAX_AGE and (
        may is None or (type(may) is int and must < may <= reporting.MAX_AGE))
    if not ages_fine or not isinstance(steps, str):
        raise fail(_("organisation.toml: the protocol's ages must be whole numbers from {low} to {high}, the "
                     "'may report' age above the 'must report' one.").format(low=reporting.MIN_AGE,
                                                                             high=reporting.MAX_AGE))
    return reporting.Protocol(province, must, may, tuple(
        reporting.Contact(c["label"].strip(), c.get("phone", "").strip()) for c in contacts), steps.strip(), True)


def _one_line(value, limit: int, *, empty: bool = False) -> bool:
    return (isinstance(value, str) and (empty or bool(value.strip())) and len(value) <= limit
            and not has_control_characters(value))
