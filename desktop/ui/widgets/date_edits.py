"""Date and time editors that read like desktop.core.common.formatting (the same CLDR patterns, the same month and
AM/PM names), so no screen shows its own format."""

from __future__ import annotations

from datetime import date

from babel.dates import get_date_format, get_datetime_format, get_time_format
from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QCheckBox, QDateEdit, QDateTimeEdit, QHBoxLayout, QWidget

from desktop.core.common.formatting import formatting_locale


def combine_date_time(date_part: str, time_part: str, literal: bool = False) -> str:
    """The locale's own way of joining a medium date and a time ('{1}, {0}', "{1} 'à' {0}")."""
    pattern = get_datetime_format("medium", locale=formatting_locale())
    if literal:      # formatted text, not a pattern: drop the quotes around literal words
        pattern = pattern.replace("''", "\0").replace("'", "").replace("\0", "'")
    return pattern.replace("{1}", date_part).replace("{0}", time_part)


def qt_pattern(cldr: str) -> str:
    """A CLDR date/time pattern ('MMM d, y', 'h:mm a', "HH 'h' mm") as a Qt display format."""
    out, i = [], 0
    while i < len(cldr):
        char = cldr[i]
        if char == "'":                                   # quoted literal, '' is a quote
            end = cldr.find("'", i + 1)
            end = len(cldr) if end < 0 else end
            out.append("'" + cldr[i + 1:end] + "'" if end > i + 1 else "''")
            i = end + 1
            continue
        run = 1
        while i + run < len(cldr) and cldr[i + run] == char:
            run += 1
        i += run
        if not (char.isascii() and char.isalpha()):
            out.append(char)
        elif char == "y":
            out.append("yy" if run == 2 else "yyyy")
        elif char in "ML":
            out.append("M" * min(run, 4))
        elif char == "d":
            out.append("d" * min(run, 2))
        elif char in "Ec":
            out.append("dddd" if run >= 4 else "ddd")
        elif char in "hK":
            out.append("h" * min(run, 2))
        elif char in "Hk":
            out.append("H" * min(run, 2))
        elif char in "ms":
            out.append(char * min(run, 2))
        elif char in "abB":
            out.append("Ap")      # the locale's own AM/PM text, as Babel writes it ("a.m." in en_CA)
    return "".join(out).strip()


def use_ui_formats(edit: QDateTimeEdit, date: bool = True, time: bool = True) -> QDateTimeEdit:
    """Shows ``edit`` with the UI locale's medium date and short time, and that locale's month and AM/PM names."""
    locale = formatting_locale()
    edit.setLocale(QLocale(str(locale)))
    date_pattern = get_date_format("medium", locale=locale).pattern
    time_pattern = get_time_format("short", locale=locale).pattern
    pattern = time_pattern if not date else date_pattern if not time else combine_date_time(date_pattern, time_pattern)
    edit.setDisplayFormat(qt_pattern(pattern))
    return edit


def date_picker(day: date | None = None, parent: QWidget | None = None) -> QDateEdit:
    """The one way a screen asks for a day: a calendar to pick from, shown in the UI locale's format, so nobody
    types YYYY-MM-DD."""
    edit = use_ui_formats(QDateEdit(parent), time=False)
    edit.setCalendarPopup(True)
    edit.setDate(QDate(day) if day else QDate.currentDate())
    return edit


class OptionalDateEdit(QWidget):
    """A day that may not be known: a box to tick, and a date picker that counts only while it is ticked
    ("Checked on [date]", or a credential without an expiry date)."""

    def __init__(self, label: str = "", *, accessible_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.present = QCheckBox(label, self)
        self.edit = date_picker(parent=self)
        if accessible_name:
            self.present.setAccessibleName(accessible_name)
            self.edit.setAccessibleName(accessible_name)
        self.present.toggled.connect(self.edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.present)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.present)
        self.set_value(None)

    def value(self) -> date | None:
        return self.edit.date().toPython() if self.present.isChecked() else None

    def set_value(self, day: date | None) -> None:
        self.present.setChecked(day is not None)
        self.edit.setEnabled(day is not None)
        self.edit.setDate(QDate(day) if day else QDate.currentDate())
