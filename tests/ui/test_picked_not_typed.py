"""Dates are picked from a calendar, shown in the worker's format, on every screen: nobody types YYYY-MM-DD."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDateTimeEdit, QLineEdit, QTableView, QTreeView

from desktop.ui.shell.sections import SECTIONS
from desktop.ui.widgets.date_edits import qt_pattern
from tests.ui.test_theme_and_accessibility import main_window, show_section  # noqa: F401 - the fixture

_ISO_HINTS = ("YYYY", "AAAA", "yyyy-mm-dd")


def _ui_date_formats() -> set[str]:
    from babel.dates import get_date_format, get_time_format

    from desktop.core.common.formatting import formatting_locale
    from desktop.ui.widgets.date_edits import combine_date_time

    date_pattern = get_date_format("medium", locale=formatting_locale()).pattern
    time_pattern = get_time_format("short", locale=formatting_locale()).pattern
    return {qt_pattern(date_pattern), qt_pattern(combine_date_time(date_pattern, time_pattern))}


def _headers(view: QTableView | QTreeView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    from PySide6.QtCore import QModelIndex, Qt

    columns = model.columnCount(QModelIndex())
    return [str(model.headerData(column, Qt.Orientation.Horizontal) or "") for column in range(columns)]


@pytest.mark.parametrize("key", [section.key for section in SECTIONS])
def test_every_date_field_on_each_screen_is_a_calendar_in_the_worker_format(main_window, key):  # noqa: F811
    show_section(main_window, key)
    screen = main_window.section_widget(key)
    if key == "interpreters":      # the editor's credential rows hold dates too
        screen.new_entry()
        screen.editor._add_credential_row(None)
    if key == "clients":           # the search's date range
        screen.open_search()
    for edit in screen.findChildren(QDateTimeEdit):
        if not edit.displayedSections() & QDateTimeEdit.Section.DateSections_Mask:
            continue                                           # a time of day: nothing to pick from a calendar
        assert edit.calendarPopup(), edit.accessibleName()
        assert edit.displayFormat() in _ui_date_formats(), (edit.accessibleName(), edit.displayFormat())
    for field in screen.findChildren(QLineEdit):
        assert not any(hint in field.placeholderText() for hint in _ISO_HINTS), field.placeholderText()
    for view in screen.findChildren(QTableView) + screen.findChildren(QTreeView):
        assert not any(hint in header for header in _headers(view) for hint in _ISO_HINTS), _headers(view)
