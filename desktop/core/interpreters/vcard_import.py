"""Importing an organisation's interpreter roster from vCards, read card by card with vobject.

Entries are stored the same way as a CSV roster's (roster_io.store_entry), in one transaction per file.
"""

from __future__ import annotations

import re

import vobject

from desktop.core.interpreters import roster_io
from desktop.core.interpreters.directory import MAX_TEXT, Interpreter, InterpreterInvalid, roster_key_for
from desktop.core.interpreters.roster_io import (
    NOTE_COLUMNS,
    ImportReport,
    RowError,
    decode_roster,
    known_entries,
    store_entry,
    too_many_rows,
)
from desktop.core.vault.db import transaction
from desktop.i18n import _

_VCARD_GENDER = {"F": "female", "M": "male", "O": "nonbinary", "N": "unknown", "U": "unknown", "": "unknown"}
_CARD_LINE = re.compile(r"^(BEGIN|END):VCARD\s*$", re.IGNORECASE)


def import_vcard(db, data: bytes) -> ImportReport:
    """vCard 3/4: FN, ORG, TEL, EMAIL, GENDER, LANG (one per language), NOTE, CATEGORIES (communities).

    vobject reads each card (folded lines, escapes such as ``\\;`` inside ORG and ``\\N`` in NOTE, parameters); the
    cards are cut apart here first, so a bad card is reported with the line it starts on and the others still land."""
    text = decode_roster(data)
    report = ImportReport()
    cards = _cards(text, report)
    if len(cards) > roster_io.MAX_ROWS:  # read at call time: one limit for CSV rows and cards
        raise too_many_rows()
    with transaction(db):  # one commit for the whole file: a thousand cards land in well under a second
        known = known_entries(db)
        for start, card in cards:
            try:
                entry = _entry_from_card(card)
            except InterpreterInvalid as error:
                report.errors.append(RowError(start, str(error)))
                continue
            # A card's NOTE is feedback; it has no incident notes, so those Harbour holds are kept.
            store_entry(db, entry, start, report, known, ("incident_notes",) if entry.feedback else NOTE_COLUMNS)
    return report

def _cards(text: str, report: ImportReport) -> list[tuple[int, str]]:
    """(line where the card starts, its text) for every card between BEGIN:VCARD and END:VCARD."""
    cards: list[tuple[int, str]] = []
    current: list[str] | None = None
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        marker = _CARD_LINE.match(line.strip())
        if marker and marker.group(1).upper() == "BEGIN":
            current, start = [line], number
        elif current is not None:
            current.append(line)
            if marker:
                cards.append((start, "\r\n".join(current) + "\r\n"))
                current = None
    if current is not None:
        report.errors.append(RowError(start, _("the card starting here has no END:VCARD line.")))
    return cards

def _entry_from_card(card_text: str) -> Interpreter:
    try:
        card = vobject.readOne(card_text, ignoreUnreadable=True)
    except Exception as error:  # noqa: BLE001 - vobject raises many kinds (ParseError, ValueError, ...) on bad cards
        raise InterpreterInvalid(_("the card cannot be read ({reason}).").format(reason=error)) from None
    fields: dict[str, list[list[str]]] = {}  # property -> each occurrence's parts (ORG and CATEGORIES have several)
    for name, lines in card.contents.items():
        for line in lines:
            parts = [str(part) for part in (line.value if isinstance(line.value, list) else [line.value])]
            if len(";".join(parts)) > MAX_TEXT:
                raise InterpreterInvalid(_("the {column} value is longer than {limit} characters.").format(
                    column=name.upper(), limit=MAX_TEXT))
            fields.setdefault(name, []).append(parts)

    def first(name: str) -> str:
        return (fields.get(name) or [[""]])[0][0].strip()

    if not first("fn"):
        raise InterpreterInvalid(_("the card has no name (FN)."))
    entry = Interpreter(
        name=first("fn"), agency=first("org"), phone=first("tel"), email=first("email"),
        languages=[parts[0].strip().replace("_", "-") for parts in fields.get("lang", []) if parts[0].strip()],
        gender=_VCARD_GENDER.get(first("gender").split(";")[0].upper(), "unknown"),
        feedback="\n".join(";".join(parts) for parts in fields.get("note", [])),
        communities=[part.strip() for parts in fields.get("categories", []) for part in parts if part.strip()],
    )
    if not entry.languages:
        raise InterpreterInvalid(_("the card has no language (LANG)."))
    entry.roster_key = roster_key_for(entry.name, entry.agency)
    return entry
