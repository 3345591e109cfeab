"""Text a worker types or pastes, checked in core before it reaches the database.

C0 control characters (NUL, escape, form feed...) cannot be seen, printed or exported safely, and a NUL ends
text early for SQLite's length(): a first name "\\x00Ana" passes Python's checks and then breaks a CHECK
constraint. One-line fields (names, a recipient, a purpose) refuse them with a plain message, since what is
stored must be what the worker saw. Multi-line notes drop them silently and keep tabs and line breaks: a note
pasted from a PDF or an e-mail often carries a stray form feed or NUL, and refusing a long note over a character
nobody can see would cost the worker their text for nothing.
"""

from __future__ import annotations

import re
import unicodedata

from desktop.i18n import _

_IN_ONE_LINE = re.compile("[\x00-\x1f\x7f]")
_IN_NOTES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab, line feed and carriage return are kept


def has_control_characters(text: str) -> bool:
    """True when a one-line field holds a character that must be refused."""
    return bool(_IN_ONE_LINE.search(text or ""))


def control_characters_message() -> str:
    return _("This text contains invisible control characters that Harbour cannot keep. Type it again, or paste "
             "it as plain text.")


def clean_notes(text: str) -> str:
    """Multi-line text without its invisible control characters (tabs and line breaks stay)."""
    return _IN_NOTES.sub("", text or "")


def one_line(text: str) -> str:
    """A name Harbour fills in itself (the worker's, from the vault settings) without any control character, so
    a damaged or hand-edited setting cannot make every form it goes into refuse to save."""
    return _IN_ONE_LINE.sub("", re.sub(r"[\t\n\r]+", " ", text or "")).strip()  # a line break keeps words apart


# Characters that take no visible space: format characters (zero-width space and joiners, BOM, bidi marks),
# spacing, controls, unassigned and private-use code points, combining marks on nothing, and the blank-looking
# letters and symbols (Hangul fillers, the braille blank) that pass for text.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"}
_BLANK_LOOKING = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u180e", "\u17b4", "\u17b5"}


def visible_length(text: str) -> int:
    """How many characters a reader would see: what a minimum length or "not empty" must count."""
    return sum(1 for ch in text or "" if ch not in _BLANK_LOOKING and unicodedata.category(ch)
               not in _INVISIBLE_CATEGORIES)


def has_visible_text(text: str) -> bool:
    return visible_length(text) > 0
