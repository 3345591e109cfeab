"""Clients: a first name or alias and only what the work needs. There is deliberately no field for a legal name
or an ID number.

    client = create_client(db, "Mei", languages=["yue", "en"], interpreter_gender="female")
    client = update_client(db, client.id, safe_contact="Text only, after 6 pm")
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from desktop.core.common.language_tags import InvalidLanguageTag, checked_tags, normalise_tag, not_a_tag_message
from desktop.core.common.languages import language_name
from desktop.core.common.plain_text import clean_notes, control_characters_message, has_control_characters
from desktop.core.vault.db import from_db_time, not_leaving, to_db_time, utc_now
from desktop.i18n import _, current_locale

GENDERS = ("any", "female", "male", "nonbinary")
MODALITIES = ("any", "in_person", "phone", "video")
AGE_GROUPS = ("adult", "minor", "unknown")
MAX_FIRST_NAME = 80

# language[-Script][-REGION][-variant...]: enough of BCP 47 for real client languages, including the ones CLDR
# does not know (Mam "mam", ASL "ase"), which is why a syntactic check is used and Babel only names them.
_LIST_FIELDS = ("languages", "avoid", "tags")
_TEXT_FIELDS = ("pronouns", "safe_contact")
_ONE_LINE_FIELDS = ("first_name", "pronouns", "avoid", "tags")  # refuse control characters (see plain_text)
EDITABLE_FIELDS = ("first_name", "pronouns", "languages", "reads_language", "interpreter_gender",
                   "interpreter_modality", "avoid", "age_group", "safe_contact", "tags")


class ClientError(Exception):
    """Base class; str(error) is a sentence a worker can read."""


class ClientNotFound(ClientError):
    def __init__(self, client_id: int) -> None:
        super().__init__(_("This client's record could not be found. It may have been deleted."))
        self.client_id = client_id


class InvalidClient(ClientError):
    def __init__(self, message: str, field_name: str) -> None:
        super().__init__(message)
        self.field_name = field_name


@dataclass
class Client:
    id: int
    first_name: str
    pronouns: str = ""
    languages: list[str] = field(default_factory=list)
    reads_language: bool = True
    interpreter_gender: str = "any"
    interpreter_modality: str = "any"
    avoid: list[str] = field(default_factory=list)
    age_group: str = "unknown"
    safe_contact: str = ""
    tags: list[str] = field(default_factory=list)
    archived_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def is_minor(self) -> bool:
        return self.age_group == "minor"

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


@dataclass
class ClientRow:
    """One line of the client list: the client plus what the list shows about their activity."""

    client: Client
    last_session_at: datetime | None
    session_count: int
    open_promises: int
    overdue_promises: int
    # Where the row stands in the list's order (its sort keys): the next page starts after it (client_list).
    position: tuple = field(default=(), compare=False, repr=False)


# -- language tags ------------------------------------------------------------------------------------------------
def normalise_language_tag(tag: str) -> str:
    """'PA_guru' -> 'pa-Guru'. Raises InvalidClient for text that is not a language tag."""
    try:
        return normalise_tag(tag)
    except InvalidLanguageTag:
        raise InvalidClient(not_a_tag_message(tag), "languages") from None


# -- reading --------------------------------------------------------------------------------------------------------
_COLUMNS = ("id, first_name, pronouns, languages, reads_language, interpreter_gender, interpreter_modality, avoid, "
            "age_group, safe_contact, tags, archived_at, created_at, updated_at")


def _from_row(row) -> Client:
    return Client(
        id=row[0], first_name=row[1], pronouns=row[2], languages=json.loads(row[3]), reads_language=bool(row[4]),
        interpreter_gender=row[5], interpreter_modality=row[6], avoid=json.loads(row[7]), age_group=row[8],
        safe_contact=row[9], tags=json.loads(row[10]), archived_at=from_db_time(row[11]),
        created_at=from_db_time(row[12]), updated_at=from_db_time(row[13]),
    )


# A client being deleted for good (retention.finish_leaving) is gone from every screen from its first step.
NOT_LEAVING = not_leaving("id")


def get_client(db, client_id: int) -> Client:
    row = db.execute(f"SELECT {_COLUMNS} FROM clients WHERE id = ? AND {NOT_LEAVING}", [client_id]).fetchone()
    if row is None:
        raise ClientNotFound(client_id)
    return _from_row(row)


def list_clients(db, include_archived: bool = False) -> list[Client]:
    """Every client, by first name: for tests and the docs' scripts. No screen reads every client (issue 21): the
    client list pages in SQL and the client chooser lists at most a few names (client_list)."""
    where = f"WHERE {NOT_LEAVING}" + ("" if include_archived else " AND archived_at IS NULL")
    rows = db.execute(f"SELECT {_COLUMNS} FROM clients {where} ORDER BY first_name COLLATE NOCASE, id").fetchall()
    return [_from_row(row) for row in rows]


def client_overview(db, today: str, include_archived: bool = False) -> list[ClientRow]:
    """Every client with last session, session count and open/overdue promises. ``today`` is 'YYYY-MM-DD'."""
    where = f"WHERE {NOT_LEAVING}" + ("" if include_archived else " AND archived_at IS NULL")
    rows = db.execute(f"SELECT {_COLUMNS}, last_session_at, session_count FROM clients {where} "
                      "ORDER BY first_name COLLATE NOCASE, id").fetchall()
    # Counted here rather than grouped in SQL: open promises are few, and a GROUP BY costs a temporary b-tree.
    open_counts: dict[int, int] = {}
    overdue_counts: dict[int, int] = {}
    for client_id, due_on in db.execute("SELECT client_id, due_on FROM promises WHERE status = 'open'"):
        open_counts[client_id] = open_counts.get(client_id, 0) + 1
        if due_on < today:
            overdue_counts[client_id] = overdue_counts.get(client_id, 0) + 1
    return [ClientRow(_from_row(row), from_db_time(row[14]), row[15], open_counts.get(row[0], 0),
                      overdue_counts.get(row[0], 0)) for row in rows]


# -- writing --------------------------------------------------------------------------------------------------------
def _clean(fields: dict) -> dict:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"clients have no field(s) {sorted(unknown)}")
    cleaned: dict = {}
    for name, value in fields.items():
        if name in _LIST_FIELDS and isinstance(value, str):
            value = value.split(",")  # "yue, en" is a list, not three one-letter codes
        if name == "first_name":
            value = (value or "").strip()
            if not value:
                raise InvalidClient(_("A first name or an alias is needed."), name)
            if len(value) > MAX_FIRST_NAME:
                raise InvalidClient(_("A first name or alias can have at most {count} characters.").format(
                    count=MAX_FIRST_NAME), name)
        elif name == "languages":
            try:
                value = checked_tags(value or [])
            except InvalidLanguageTag as wrong:
                raise InvalidClient(not_a_tag_message(wrong.args[0]), name) from None
        elif name in ("avoid", "tags"):
            value = list(dict.fromkeys(item.strip() for item in (value or []) if item and item.strip()))
        elif name == "safe_contact":
            value = clean_notes(value).strip()  # several lines: invisible controls are dropped (see plain_text)
        elif name in _TEXT_FIELDS:
            value = (value or "").strip()
        elif name == "reads_language":
            value = bool(value)
        else:
            value = _check_choice(name, value)
        if name in _ONE_LINE_FIELDS and any(has_control_characters(text) for text in (
                [value] if isinstance(value, str) else value)):
            raise InvalidClient(control_characters_message(), name)
        cleaned[name] = value
    return cleaned


def _check_choice(name: str, value: str) -> str:
    allowed = {"interpreter_gender": GENDERS, "interpreter_modality": MODALITIES, "age_group": AGE_GROUPS}[name]
    if value not in allowed:
        raise InvalidClient(_("\u201c{value}\u201d is not one of the choices offered.").format(value=value), name)
    return value


def _to_db(fields: dict) -> dict:
    return {name: (json.dumps(value, ensure_ascii=False) if name in _LIST_FIELDS else
                   int(value) if isinstance(value, bool) else value) for name, value in fields.items()}


def create_client(db, first_name: str, **fields) -> Client:
    cleaned = _clean({"first_name": first_name, **fields})
    now = to_db_time(utc_now())
    values = {**_to_db(cleaned), "created_at": now, "updated_at": now}
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = db.execute(f"INSERT INTO clients ({names}) VALUES ({marks})", list(values.values()))
    return get_client(db, cursor.lastrowid)


def update_client(db, client_id: int, **fields) -> Client:
    get_client(db, client_id)  # raises ClientNotFound before anything is validated or written
    cleaned = _clean(fields)
    if not cleaned:
        return get_client(db, client_id)
    values = {**_to_db(cleaned), "updated_at": to_db_time(utc_now())}
    assignments = ", ".join(f"{name} = ?" for name in values)
    db.execute(f"UPDATE clients SET {assignments} WHERE id = ?", [*values.values(), client_id])
    return get_client(db, client_id)


# -- the consent gate's view ----------------------------------------------------------------------------------------
def language_needs_text(client: Client, display_locale: str | None = None) -> str:
    """'Cantonese (yue), English (en); reads: no; interpreter: female, phone' — plain words for a recipient."""
    display_locale = display_locale or current_locale()  # the worker's language, like the rest of the text
    languages = ", ".join(f"{language_name(tag, display_locale)} ({tag})" for tag in client.languages)
    parts = [languages or _("language not recorded")]
    parts.append(_("reads: yes") if client.reads_language else _("reads: no"))
    parts.append(_("interpreter: {gender}, {modality}").format(
        gender=gender_label(client.interpreter_gender), modality=modality_label(client.interpreter_modality)))
    return "; ".join(parts)


def gender_label(value: str) -> str:
    return {"any": _("any gender"), "female": _("female"), "male": _("male"),
            "nonbinary": _("non-binary")}.get(value, value)


def modality_label(value: str) -> str:
    return {"any": _("any way"), "in_person": _("in person"), "phone": _("phone"),
            "video": _("video")}.get(value, value)


def age_group_label(value: str) -> str:
    return {"adult": _("Adult"), "minor": _("Minor"), "unknown": _("Age not known")}.get(value, value)
