"""The one way Harbour writes CSV: every cell is made safe to open in a spreadsheet.

A spreadsheet runs a cell that starts with = + - or @ as a formula (and a leading tab, carriage return or NUL
can smuggle one past a check), so a name typed as ``=HYPERLINK(...)`` could act on the machine of whoever opens
the file (OWASP "CSV injection"; ASVS 1.2.10). Such a cell gets a leading apostrophe, which spreadsheets read
as "this is text" and do not show.

The apostrophe is reversible: ``unneutralise(neutralise(text)) == text`` for every text, so a file Harbour
wrote reads back unchanged (the roster import relies on it). A text that already starts with apostrophes
followed by a formula character gets one more, so that text survives the round trip too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
NEUTRALISER = "'"


def neutralise(value: str) -> str:
    """``value`` as a cell no spreadsheet runs as a formula."""
    return NEUTRALISER + value if value.lstrip(NEUTRALISER).startswith(FORMULA_STARTS) else value


def unneutralise(value: str) -> str:
    """The text ``neutralise`` was given (a cell from a file Harbour wrote, or typed by hand)."""
    if value.startswith(NEUTRALISER) and value.lstrip(NEUTRALISER).startswith(FORMULA_STARTS):
        return value[1:]
    return value


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """Rows as CSV text (RFC 4180: quoted where needed, CRLF between records), every cell neutralised.
    ``None`` is an empty cell; anything else is written as ``str(value)``."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise("" if cell is None else str(cell)) for cell in row])
    return buffer.getvalue()
