"""Importing and exporting an organisation's interpreter roster (CSV, and vCard import).

Rules that protect the worker:
- A bad row never stops the import: its line number and the reason go into the report, good rows still land.
- Importing the same file twice changes nothing the second time: rows are matched on a stable key (the ``key``
  column, or the name and agency folded for case and accents).
- The text must be UTF-8 (a byte-order mark is fine). Anything else is refused with the line where it breaks:
  guessing an encoding silently turns names into garbage.
- Huge values are refused with an error, never cut silently. A file above MAX_FILE_BYTES or with more than
  MAX_ROWS people is refused before anything is imported, with a message naming the limit.
- Cells that a spreadsheet would run as a formula are neutralised on export (desktop/core/common/safe_csv.py) and read
  back unchanged.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from desktop.core.common.formatting import format_number
from desktop.core.common.safe_csv import csv_text, unneutralise
from desktop.core.interpreters.directory import (
    MAX_TEXT,
    Credential,
    Interpreter,
    InterpreterInvalid,
    list_interpreters,
    roster_key_for,
    save_interpreter,
    validate,
)
from desktop.core.vault.db import transaction
from desktop.i18n import _

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000      # rows of a CSV file or cards of a vCard file; an organisation's roster is far smaller

COLUMNS = (
    "key", "kind", "name", "agency", "languages", "dialect_notes", "gender", "modalities", "region", "availability",
    "communities", "ethics_on_file", "confidentiality_signed", "trauma_informed", "conflict_checked_on",
    "conflict_result", "cost", "phone", "email", "feedback", "incident_notes", "active",
    "credential_title", "credential_body", "credential_number", "credential_level", "credential_expires_on",
    "credential_last_checked_on",
)
_LISTS = ("languages", "modalities", "communities")
_FLAGS = ("ethics_on_file", "confidentiality_signed", "trauma_informed", "active")
_YES = {"yes", "y", "true", "1", "oui", "sí", "si"}
_NO = {"no", "n", "false", "0", "non", ""}
NOTE_COLUMNS = ("feedback", "incident_notes")  # the only cells whose line breaks are kept
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


class RosterFileError(ValueError):
    """The whole file cannot be read (encoding, size, missing columns). Nothing was imported."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("Line {line}: {message}").format(line=self.line, message=self.message)


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _("{added} added, {updated} updated, {unchanged} unchanged, {errors} rows with errors.").format(
            added=self.added, updated=self.updated, unchanged=self.unchanged, errors=len(self.errors))


# -- reading bytes ------------------------------------------------------------------------------------------------
def read_roster_file(path: Path) -> bytes:
    """The file's bytes, or a RosterFileError if it is not a plain file or is over the size limit, found out
    before reading: a huge file is never loaded into memory, a pipe or a device never read. A missing or
    unreadable file raises OSError, for the caller to explain."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise RosterFileError(_("“{name}” is not a file Harbour can import.").format(name=Path(path).name))
    with open(path, "rb") as source:
        data = source.read(MAX_FILE_BYTES + 1)  # at most one byte over the limit, even if the file grows
    _check_size(data)
    return data


def _check_size(data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise RosterFileError(_("The file is larger than {size} MB, the most Harbour imports at once. Nothing "
                                "was imported: split it and import the parts.").format(
            size=format_number(MAX_FILE_BYTES // (1024 * 1024))))


def too_many_rows() -> RosterFileError:
    return RosterFileError(_("The file holds more than {limit} entries, the most Harbour imports at once. "
                             "Nothing was imported: split it and import the parts.").format(
        limit=format_number(MAX_ROWS)))


def decode_roster(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark) or a RosterFileError naming the first bad line."""
    _check_size(data)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RosterFileError(_("The file is saved as UTF-16. Save it as “CSV UTF-8” and import it again."), 1)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise RosterFileError(_("Line {line} is not UTF-8 text. Nothing was imported: save the file as "
                                "“CSV UTF-8” (or UTF-8 text) and import it again.").format(line=line), line) from None


# -- CSV import -----------------------------------------------------------------------------------------------------
def import_csv(db, data: bytes) -> ImportReport:
    """Reads the whole file first, then stores every good row in ONE transaction: a thousand rows commit once
    (one disk sync instead of a thousand), and a failure half way leaves the directory as it was."""
    entries, report = parse_csv(data)
    absent_notes = _note_columns_absent(data)
    with transaction(db):
        known = known_entries(db)
        for start, entry in entries:
            store_entry(db, entry, start, report, known, absent_notes)
    return report


def parse_csv(data: bytes) -> tuple[list[tuple[int, Interpreter]], ImportReport]:
    """The roster's entries with the line each starts on, and a report holding the rows that could not be read.
    Nothing is stored: the organisation's updates (desktop/core/organisation) read a roster this way too."""
    text = decode_roster(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    report = ImportReport()
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise RosterFileError(_("The file is empty.")) from None
    except csv.Error as error:
        raise RosterFileError(_("Line 1 cannot be read: {reason}").format(reason=error), 1) from None
    missing = [c for c in ("name", "languages") if c not in header]
    if missing:
        raise RosterFileError(_("The first line must name the columns; missing: {columns}.").format(
            columns=", ".join(missing)), 1)
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        report.warnings.append(_("These columns were ignored: {columns}.").format(columns=", ".join(unknown)))
    parsed: dict[str, tuple[int, Interpreter]] = {}
    line, rows = 1, 0
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            line = reader.line_num
            report.errors.append(RowError(start, _("the row cannot be read ({reason}).").format(reason=error)))
            continue
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        rows += 1
        if rows > MAX_ROWS:
            raise too_many_rows()
        try:
            entry = _entry_from_cells(dict(zip(header, cells, strict=False)))
        except InterpreterInvalid as error:
            report.errors.append(RowError(start, str(error)))
            continue
        if entry.roster_key in parsed:       # same person again: one more credential
            first_line, first = parsed[entry.roster_key]
            first.credentials.extend(entry.credentials)
            if {**entry.__dict__, "credentials": []} != {**first.__dict__, "credentials": []}:
                report.warnings.append(_("Line {line} repeats {name} (first on line {first}) with other details: "
                                         "only its credential was used.").format(line=start, name=entry.name,
                                                                                 first=first_line))
        else:
            parsed[entry.roster_key] = (start, entry)
    return list(parsed.values()), report


def _note_columns_absent(data: bytes) -> list[str]:
    """The note columns a roster file does not have: importing it (Harbour's own export leaves them out, as they
    can name a client) keeps the notes Harbour holds instead of emptying them."""
    first = next(csv.reader(io.StringIO(decode_roster(data), newline="")), [])
    header = {column.strip().lower() for column in first}
    return [column for column in NOTE_COLUMNS if column not in header]


def known_entries(db) -> dict[str, Interpreter]:
    """The directory by roster key, read once for a whole import rather than once per row."""
    return {entry.roster_key: entry for entry in list_interpreters(db)}


def store_entry(db, entry: Interpreter, line: int, report: ImportReport, known: dict[str, Interpreter],
                absent_notes=()) -> None:
    existing = known.get(entry.roster_key)
    if existing is not None:
        entry.id = existing.id
        for column in absent_notes:  # a file without notes (Harbour's own export) leaves Harbour's notes alone
            setattr(entry, column, getattr(existing, column))
        if _same(existing, entry):
            report.unchanged += 1
            return
    try:
        save_interpreter(db, entry)
    except InterpreterInvalid as error:
        report.errors.append(RowError(line, str(error)))
        return
    known[entry.roster_key] = entry       # a second card for the same person updates the first
    if existing is None:
        report.added += 1
    else:
        report.updated += 1


def _same(a: Interpreter, b: Interpreter) -> bool:
    return {**a.__dict__, "id": None} == {**b.__dict__, "id": None}


def _entry_from_cells(row: dict[str, str]) -> Interpreter:
    values = {}
    for column, raw in row.items():
        if column not in COLUMNS:
            continue
        if len(raw) > MAX_TEXT:
            raise InterpreterInvalid(_("the {column} value is longer than {limit} characters.").format(
                column=column, limit=MAX_TEXT))
        value = unneutralise(raw.strip())
        # A spreadsheet cell wrapped onto two lines is still one name or phone number; interpreters.validate
        # refuses control characters, line breaks included, in one-line fields.
        values[column] = value if column in NOTE_COLUMNS else _LINE_BREAKS.sub(" ", value)
    entry = Interpreter(name=values.get("name", ""))
    for column, value in values.items():
        if column in _LISTS:
            setattr(entry, column, [item.strip() for item in value.replace(",", ";").split(";") if item.strip()])
        elif column in _FLAGS:
            setattr(entry, column, _flag(column, value, default=(column == "active")))
        elif column == "conflict_checked_on":
            entry.conflict_checked_on = _day(column, value)
        elif column in ("kind", "gender", "conflict_result"):
            setattr(entry, column, value.lower() or Interpreter.__dataclass_fields__[column].default)
        elif column in ("name", "agency", "dialect_notes", "region", "availability", "cost", "phone", "email",
                        "feedback", "incident_notes"):
            setattr(entry, column, value)
    entry.languages = [tag.replace("_", "-") for tag in entry.languages]
    entry.modalities = [m.lower().replace(" ", "_").replace("-", "_") for m in entry.modalities]
    if values.get("credential_title"):
        entry.credentials = [Credential(
            title=values["credential_title"], body=values.get("credential_body", ""),
            number=values.get("credential_number", ""), level=(values.get("credential_level") or "trained").lower(),
            expires_on=_day("credential_expires_on", values.get("credential_expires_on", "")),
            last_checked_on=_day("credential_last_checked_on", values.get("credential_last_checked_on", "")))]
    entry.roster_key = values.get("key") or roster_key_for(entry.name, entry.agency)
    validate(entry)
    return entry


def _flag(column: str, value: str, *, default: bool) -> bool:
    lowered = value.casefold()
    if not lowered:
        return default
    if lowered in _YES:
        return True
    if lowered in _NO:
        return False
    raise InterpreterInvalid(_("{column} must be yes or no, not “{value}”.").format(column=column, value=value))


def _day(column: str, value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InterpreterInvalid(_("{column} must be a date written as YYYY-MM-DD, not “{value}”.").format(
            column=column, value=value)) from None


def load_demo_roster(db) -> ImportReport:
    """The fictional roster shipped in resources/demo, for the demo vault."""
    from desktop.paths import resources_dir

    return import_csv(db, (resources_dir() / "demo" / "interpreters.csv").read_bytes())


# -- CSV export -----------------------------------------------------------------------------------------------------
# Feedback and incident notes are free text that can name a client (issue 16, finding 6): client data, so the
# roster, shared without consent, leaves those columns out; an import of a file without them keeps Harbour's notes.
EXPORT_COLUMNS = tuple(column for column in COLUMNS if column not in NOTE_COLUMNS)


def export_csv(db) -> str:
    """The whole directory as CSV text (one row per credential; an entry without one gets one row)."""
    return csv_text([EXPORT_COLUMNS, *_export_rows(db)])


def _export_rows(db):
    for entry in list_interpreters(db):
        base = {
            "key": entry.roster_key, "kind": entry.kind, "name": entry.name, "agency": entry.agency,
            "languages": "; ".join(entry.languages), "dialect_notes": entry.dialect_notes, "gender": entry.gender,
            "modalities": "; ".join(entry.modalities), "region": entry.region, "availability": entry.availability,
            "communities": "; ".join(entry.communities),
            "conflict_checked_on": entry.conflict_checked_on.isoformat() if entry.conflict_checked_on else "",
            "conflict_result": entry.conflict_result, "cost": entry.cost, "phone": entry.phone,
            "email": entry.email,
        }
        for flag in _FLAGS:
            base[flag] = "yes" if getattr(entry, flag) else "no"
        for credential in entry.credentials or [None]:
            row = dict(base)
            if credential is not None:
                row.update({
                    "credential_title": credential.title, "credential_body": credential.body,
                    "credential_number": credential.number, "credential_level": credential.level,
                    "credential_expires_on": credential.expires_on.isoformat() if credential.expires_on else "",
                    "credential_last_checked_on":
                        credential.last_checked_on.isoformat() if credential.last_checked_on else "",
                })
            yield [row.get(column, "") for column in EXPORT_COLUMNS]
