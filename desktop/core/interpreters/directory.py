"""The interpreter directory: qualified people and agencies, their credentials, and incidents.

"Qualified" means a trained professional bound by a code of ethics; the directory records what the worker needs
to judge that (credentials with expiry and the date they were last checked, ethics and confidentiality on file,
trauma-informed training) and what could make an interpreter unsafe for a given client (communities served or
belonged to, the last conflict-of-interest check, incidents).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from desktop.core.common.language_search import search_terms
from desktop.core.common.language_tags import InvalidLanguageTag, checked_tags, not_a_tag_message
from desktop.core.common.languages import fold, language_name
from desktop.core.common.plain_text import clean_notes, control_characters_message, has_control_characters
from desktop.core.vault.db import not_leaving, to_db_time, transaction, utc_now
from desktop.i18n import N_, _

GENDERS = ("female", "male", "nonbinary", "unknown")
MODALITIES = ("in_person", "phone", "video")
LEVELS = ("certified", "registered", "trained")          # strongest first
KINDS = ("person", "agency")
CONFLICT_RESULTS = ("", "clear", "concern")
MAX_TEXT = 2000                                          # longer values are refused, not silently cut

_MODALITY_LABELS = {"in_person": N_("in person"), "phone": N_("phone"), "video": N_("video"), "any": N_("any")}
_GENDER_LABELS = {"female": N_("female"), "male": N_("male"), "nonbinary": N_("non-binary"),
                  "unknown": N_("gender not recorded"), "any": N_("any gender")}
_LEVEL_LABELS = {"certified": N_("certified"), "registered": N_("registered"), "trained": N_("trained")}



class InterpreterInvalid(ValueError):
    """A directory entry that cannot be saved; the message says why, in the worker's language."""


class InterpreterNotFound(LookupError):
    pass


@dataclass
class Credential:
    title: str
    body: str = ""
    number: str = ""
    level: str = "trained"
    expires_on: date | None = None
    last_checked_on: date | None = None

    def valid_on(self, day: date) -> bool:
        return self.expires_on is None or self.expires_on >= day


@dataclass
class Interpreter:
    name: str
    kind: str = "person"
    agency: str = ""
    languages: list[str] = field(default_factory=list)
    dialect_notes: str = ""
    gender: str = "unknown"
    modalities: list[str] = field(default_factory=list)
    region: str = ""
    availability: str = ""
    communities: list[str] = field(default_factory=list)
    ethics_on_file: bool = False
    confidentiality_signed: bool = False
    trauma_informed: bool = False
    conflict_checked_on: date | None = None
    conflict_result: str = ""
    cost: str = ""
    phone: str = ""
    email: str = ""
    feedback: str = ""
    incident_notes: str = ""
    active: bool = True
    credentials: list[Credential] = field(default_factory=list)
    roster_key: str = ""
    id: int | None = None
    origin: str = ""          # the organisation that published this entry; "" for the worker's own (never saved here)

    @property
    def is_agency(self) -> bool:
        return self.kind == "agency"

    def display_name(self) -> str:
        if self.agency and not self.is_agency:
            return _("{name} ({agency})").format(name=self.name, agency=self.agency)
        return self.name


@dataclass(frozen=True)
class Incident:
    id: int
    interpreter_id: int
    client_id: int | None
    noted_on: date
    note: str


def modality_label(modality: str) -> str:
    return _(_MODALITY_LABELS.get(modality, modality))


def gender_label(gender: str) -> str:
    return _(_GENDER_LABELS.get(gender, gender))


def level_label(level: str) -> str:
    return _(_LEVEL_LABELS.get(level, level))


def roster_key_for(name: str, agency: str = "") -> str:
    """The stable key an entry is matched on when a roster is imported again: case, accents and spacing of the
    name and agency do not matter."""
    def fold(text: str) -> str:
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
        return " ".join(text.casefold().split())

    return fold(name) + "|" + fold(agency)


def validate(entry: Interpreter) -> None:
    if not entry.name.strip():
        raise InterpreterInvalid(_("A name is needed."))
    for label, value in (("name", entry.name), ("agency", entry.agency), ("notes", entry.feedback),
                         ("incident notes", entry.incident_notes), ("availability", entry.availability)):
        if len(value) > MAX_TEXT:
            raise InterpreterInvalid(_("The {field} is too long (more than {limit} characters).").format(
                field=label, limit=MAX_TEXT))
    one_line = (entry.name, entry.agency, entry.dialect_notes, entry.region, entry.availability, entry.cost,
                entry.phone, entry.email, *entry.communities,
                *(text for c in entry.credentials for text in (c.title, c.body, c.number)))
    if any(has_control_characters(text) for text in one_line):
        raise InterpreterInvalid(control_characters_message())
    if entry.kind not in KINDS:
        raise InterpreterInvalid(_("Unknown kind of entry: {value}.").format(value=entry.kind))
    if entry.gender not in GENDERS:
        raise InterpreterInvalid(_("Unknown gender value: {value}.").format(value=entry.gender))
    for modality in entry.modalities:
        if modality not in MODALITIES:
            raise InterpreterInvalid(_("Unknown way of working: {value}.").format(value=modality))
    try:
        if not checked_tags(entry.languages):
            raise InterpreterInvalid(_("At least one language is needed."))
    except InvalidLanguageTag as wrong:
        raise InterpreterInvalid(not_a_tag_message(wrong.args[0])) from None
    if entry.conflict_result not in CONFLICT_RESULTS:
        raise InterpreterInvalid(_("Unknown conflict check result: {value}.").format(value=entry.conflict_result))
    for credential in entry.credentials:
        if not credential.title.strip():
            raise InterpreterInvalid(_("Each credential needs a title."))
        if credential.level not in LEVELS:
            raise InterpreterInvalid(_("Unknown credential level: {value}.").format(value=credential.level))


def normalise(entry: Interpreter) -> Interpreter:
    """The entry as it will be stored (notes cleaned, languages once each, ways of working in a fixed order)."""
    entry.name, entry.agency = entry.name.strip(), entry.agency.strip()
    entry.feedback, entry.incident_notes = clean_notes(entry.feedback), clean_notes(entry.incident_notes)
    entry.languages = checked_tags(entry.languages)
    entry.modalities = [m for m in MODALITIES if m in entry.modalities]
    return entry


def save_interpreter(db, entry: Interpreter) -> Interpreter:
    """Inserts or updates an entry (its credentials are replaced as a whole). Returns it with its id set."""
    validate(entry)
    normalise(entry)
    if not entry.roster_key:
        entry.roster_key = roster_key_for(entry.name, entry.agency)
    now = to_db_time(utc_now())
    row = {
        "roster_key": entry.roster_key, "kind": entry.kind, "name": entry.name, "agency": entry.agency,
        "languages": json.dumps(entry.languages), "dialect_notes": entry.dialect_notes, "gender": entry.gender,
        "modalities": json.dumps(entry.modalities), "region": entry.region, "availability": entry.availability,
        "communities": json.dumps(entry.communities, ensure_ascii=False),
        "ethics_on_file": int(entry.ethics_on_file), "confidentiality_signed": int(entry.confidentiality_signed),
        "trauma_informed": int(entry.trauma_informed), "conflict_checked_on": _iso(entry.conflict_checked_on),
        "conflict_result": entry.conflict_result, "cost": entry.cost, "phone": entry.phone, "email": entry.email,
        "feedback": entry.feedback, "incident_notes": entry.incident_notes, "active": int(entry.active),
        "updated_at": now,
    }
    # Plain statements rather than sqlite_utils' insert/update, which look the table up again on every call: a
    # roster import saves a thousand entries inside one transaction, and those lookups were most of its time.
    with transaction(db):
        if entry.id is None:
            row["created_at"] = now
            entry.id = db.execute(f"INSERT INTO interpreters ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                                  list(row.values())).lastrowid
        else:
            db.execute(f"UPDATE interpreters SET {', '.join(f'{column} = ?' for column in row)} WHERE id = ?",
                       [*row.values(), entry.id])
            db.execute("DELETE FROM interpreter_credentials WHERE interpreter_id = ?", [entry.id])
        db.conn.executemany(
            "INSERT INTO interpreter_credentials (interpreter_id, body, title, number, level, expires_on, "
            "last_checked_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(entry.id, c.body, c.title, c.number, c.level, _iso(c.expires_on), _iso(c.last_checked_on))
             for c in entry.credentials])
    return entry


def get_interpreter(db, interpreter_id: int) -> Interpreter:
    rows = _dicts(db.execute("SELECT * FROM interpreters WHERE id = ?", [interpreter_id]))
    if not rows:
        raise InterpreterNotFound(_("This interpreter is no longer in the directory."))
    return _from_row(db, rows[0])


def find_by_key(db, roster_key: str) -> Interpreter | None:
    rows = _dicts(db.execute("SELECT * FROM interpreters WHERE roster_key = ?", [roster_key]))
    return _from_row(db, rows[0]) if rows else None


def list_interpreters(db, *, active_only: bool = False, search: str = "") -> list[Interpreter]:
    """Every entry, people before agencies, by name. ``search`` matches name, agency, languages and region."""
    sql = "SELECT * FROM interpreters"
    if active_only:
        sql += " WHERE active = 1"
    sql += " ORDER BY kind DESC, name COLLATE NOCASE"
    # Every credential in one query, not one query per interpreter: a 1,000-entry roster lists in a blink.
    credentials: dict[int, list[Credential]] = {}
    for owner, *fields in db.execute(f"SELECT interpreter_id, {_CREDENTIAL_COLUMNS} FROM interpreter_credentials "
                                     "ORDER BY id"):
        credentials.setdefault(owner, []).append(_credential(fields))
    found = [_from_row(db, row, credentials.get(row["id"], [])) for row in _dicts(db.execute(sql))]
    needle = fold(search.strip())
    if needle:
        found = [e for e in found if needle in _searchable(e)]
    return found


def _searchable(entry: Interpreter) -> str:
    """Folded: the name, agency and region, and each language by code, by name and by the other names people use
    ("Spanish" and "Tagalog" find their interpreters, not only "es" and "fil")."""
    names = [term for tag in entry.languages for term in (language_name(tag), *search_terms(tag))]
    return fold(" ".join([entry.name, entry.agency, entry.region, *entry.languages, *names]))


def set_active(db, interpreter_id: int, active: bool) -> None:
    db.execute("UPDATE interpreters SET active = ?, updated_at = ? WHERE id = ?",
               [int(active), to_db_time(utc_now()), interpreter_id])


def delete_interpreter(db, interpreter_id: int) -> None:
    db.execute("DELETE FROM interpreters WHERE id = ?", [interpreter_id])


def add_incident(db, interpreter_id: int, note: str, *, client_id: int | None = None,
                 noted_on: date | None = None) -> Incident:
    """Records an incident; one tied to a client makes this interpreter a hard conflict for that client."""
    note = clean_notes(note)  # several lines: invisible controls are dropped (see plain_text)
    if not note.strip():
        raise InterpreterInvalid(_("Describe what happened."))
    noted_on = noted_on or utc_now().date()
    new_id = db["interpreter_incidents"].insert({
        "interpreter_id": interpreter_id, "client_id": client_id, "noted_on": noted_on.isoformat(), "note": note,
    }).last_pk
    return Incident(new_id, interpreter_id, client_id, noted_on, note)


def incidents_for(db, interpreter_id: int) -> list[Incident]:
    rows = db.execute("SELECT id, interpreter_id, client_id, noted_on, note FROM interpreter_incidents "
                      f"WHERE interpreter_id = ? AND {not_leaving('client_id')} ORDER BY noted_on",
                      [interpreter_id]).fetchall()
    return [Incident(r[0], r[1], r[2], date.fromisoformat(r[3]), r[4]) for r in rows]


def incident_client_ids(db) -> dict[int, set[int]]:
    """interpreter id -> ids of clients they had an incident with (for matching in one query)."""
    found: dict[int, set[int]] = {}
    for interpreter_id, client_id in db.execute(
            f"SELECT interpreter_id, client_id FROM interpreter_incidents WHERE client_id IS NOT NULL AND "
            f"{not_leaving('client_id')}"):
        found.setdefault(interpreter_id, set()).add(client_id)
    return found


def best_credential(entry: Interpreter, day: date) -> Credential | None:
    """The strongest credential still valid on ``day``."""
    valid = [c for c in entry.credentials if c.valid_on(day)]
    return min(valid, key=lambda c: LEVELS.index(c.level)) if valid else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _dicts(cursor) -> list[dict]:
    """Rows as column -> value, named from the cursor itself (no table lookup per row)."""
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


_CREDENTIAL_COLUMNS = "title, body, number, level, expires_on, last_checked_on"


def _credential(r) -> Credential:
    return Credential(title=r[0], body=r[1], number=r[2], level=r[3], expires_on=_date(r[4]),
                      last_checked_on=_date(r[5]))


def _from_row(db, row: dict, credentials: list[Credential] | None = None) -> Interpreter:
    """``credentials``: already read for a whole list; else read for this one entry."""
    if credentials is None:
        credentials = [_credential(r) for r in db.execute(
            f"SELECT {_CREDENTIAL_COLUMNS} FROM interpreter_credentials WHERE interpreter_id = ? ORDER BY id",
            [row["id"]])]
    return Interpreter(
        id=row["id"], roster_key=row["roster_key"], kind=row["kind"], name=row["name"], agency=row["agency"],
        languages=json.loads(row["languages"]), dialect_notes=row["dialect_notes"], gender=row["gender"],
        modalities=json.loads(row["modalities"]), region=row["region"], availability=row["availability"],
        communities=json.loads(row["communities"]), ethics_on_file=bool(row["ethics_on_file"]),
        confidentiality_signed=bool(row["confidentiality_signed"]), trauma_informed=bool(row["trauma_informed"]),
        conflict_checked_on=_date(row["conflict_checked_on"]), conflict_result=row["conflict_result"],
        cost=row["cost"], phone=row["phone"], email=row["email"], feedback=row["feedback"],
        incident_notes=row["incident_notes"], active=bool(row["active"]), credentials=credentials,
        origin=row.get("origin") or "",
    )
