"""Time zones are picked and shown by name, never by IANA ID (issue 18, "No codes"): the booking editor had an
editable list of "America/Vancouver" IDs, and the week said "(times in America/Vancouver)"."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from desktop import i18n
from desktop.core.interpreters import bookings as core
from desktop.core.interpreters.directory import Interpreter, save_interpreter
from desktop.ui.bookings import booking_dialogs
from desktop.ui.bookings.bookings_section import BookingsView
from tests.ui.after_unlock import run_after_unlock, threads_calling


@pytest.fixture
def view(qtbot, context, monkeypatch):
    monkeypatch.setattr(booking_dialogs, "show_dialog", lambda dialog: None)
    widget = BookingsView(context)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def french():
    i18n.setup_i18n("fr_CA")
    yield
    i18n.setup_i18n("en")


def _type_zone(qtbot, picker, typed: str) -> None:
    """What a worker does: select the field's text, type over it, press Enter."""
    field = picker.lineEdit()
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, typed)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def _new_booking(view, context):
    wing = save_interpreter(context.db, Interpreter(name="Wing Example", languages=["es", "en"],
                                                    modalities=["phone"]))
    view.new_booking()
    editor = view.editor
    editor.interpreter.setCurrentIndex(editor.interpreter.findData(wing.id))
    editor.language.set_tag("es")
    return editor


def _bookings(context) -> list[core.Booking]:
    return core.week(context.db, datetime(2000, 1, 1).date(), "UTC") + [
        core.get_booking(context.db, row[0]) for row in context.db.execute("SELECT id FROM bookings")]


def test_typing_a_city_picks_the_zone_by_name_saves_its_id_and_reopens_by_name(qtbot, view, context):
    editor = _new_booking(view, context)
    _type_zone(qtbot, editor.zone, "toronto")
    assert editor.zone.currentText() == "Eastern Time — Toronto"
    editor.save_button.click()
    saved = editor.booking
    assert saved is not None and saved.timezone == "America/Toronto"   # the ID underneath, for calendars
    view.new_booking()
    _type_zone(qtbot, view.editor.zone, "manila")
    view.open_booking(saved.id)
    assert view.editor.zone.currentText() == "Eastern Time — Toronto"
    assert view.editor.zone.current_zone() == "America/Toronto"


@pytest.mark.parametrize(("typed", "zone"), [("toronto", "America/Toronto"), ("Eastern", "America/Toronto"),
                                             ("mexico city", "America/Mexico_City"), ("Manila", "Asia/Manila"),
                                             ("Newfoundland", "America/St_Johns"), ("america/vancouver",
                                                                                   "America/Vancouver")])
def test_a_zone_is_found_by_a_city_or_its_name(qtbot, view, typed, zone):
    picker = view.editor.zone
    _type_zone(qtbot, picker, typed)
    assert picker.current_zone() == zone
    assert "/" not in picker.currentText()


def test_every_zone_offered_is_a_name_never_an_id(view):
    for picker in (view.editor.zone, view.matching.zone):
        names = [picker.itemText(row) for row in range(picker.count()) if picker.itemData(row)]
        assert len(names) > 300
        assert [name for name in names if "/" in name or "_" in name] == []
        assert names[0] == "Pacific Time — Vancouver"          # the booking zone first, then the common ones


def test_a_typed_name_that_matches_no_zone_is_said_and_nothing_is_saved(qtbot, view, context):
    editor = _new_booking(view, context)
    _type_zone(qtbot, editor.zone, "Atlantis")
    assert editor.zone.currentText() == "Atlantis"             # left as typed, not silently put back
    editor.save_button.click()
    assert "No time zone is called “Atlantis”" in editor.warning.text()
    assert editor.booking is None and context.db.execute("SELECT COUNT(*) FROM bookings").fetchone()[0] == 0
    _type_zone(qtbot, editor.zone, "halifax")
    editor.save_button.click()
    saved = editor.booking
    assert saved.timezone == "America/Halifax"
    _type_zone(qtbot, editor.zone, "nowhere at all")
    editor.save_button.click()
    assert core.get_booking(context.db, saved.id).timezone == "America/Halifax"   # the stored zone is untouched
    matching = view.matching
    matching.language.set_tag("es")
    _type_zone(qtbot, matching.zone, "Atlantis")
    assert matching.find() is None and "No time zone is called “Atlantis”" in matching.problem.text()


def test_the_week_and_a_booking_in_another_zone_say_the_zone_by_name(view, context):
    wing = save_interpreter(context.db, Interpreter(name="Wing Example", languages=["es"], modalities=["phone"]))
    booking = core.create_booking(context.db, client_id=None, interpreter_id=wing.id, timezone="America/Toronto",
                                  starts_at=core.local_moment(datetime(2026, 12, 3, 14), "America/Toronto"),
                                  ends_at=core.local_moment(datetime(2026, 12, 3, 15), "America/Toronto"),
                                  language="es")
    week = view.week
    week.zone = "America/Vancouver"
    week.show_week(week.start.__class__(2026, 11, 30))
    assert "(times in Pacific Time — Vancouver)" in week.title.text()
    cells = [week.table.item(r, c).text() for r in range(week.table.rowCount()) for c in range(7)
             if week.table.item(r, c) is not None]
    assert any("in Eastern Time — Toronto)" in text for text in cells), cells
    assert not any("America/" in text for text in [week.title.text(), *cells])
    assert "Eastern Time — Toronto" in core.describe_time(booking)


def test_the_calendar_file_keeps_the_zone_id(view, context):
    from desktop.core.interpreters.booking_sharing import share_booking
    from desktop.exports.ics import booking_calendar

    wing = save_interpreter(context.db, Interpreter(name="Wing Example", languages=["es"], modalities=["phone"]))
    booking = core.create_booking(context.db, client_id=None, interpreter_id=wing.id, timezone="America/Toronto",
                                  starts_at=core.local_moment(datetime(2026, 12, 3, 14), "America/Toronto"),
                                  ends_at=core.local_moment(datetime(2026, 12, 3, 15), "America/Toronto"),
                                  language="es")
    release, facts = share_booking(context.db, booking.id, channel="calendar", worker="Sam", organisation="Harbour")
    data = booking_calendar(release, facts).decode()
    assert "TZID:America/Toronto" in data and "DTSTART;TZID=America/Toronto" in data


def test_in_french_zones_are_named_and_found_in_french(qtbot, context, monkeypatch, french):
    monkeypatch.setattr(booking_dialogs, "show_dialog", lambda dialog: None)
    widget = BookingsView(context)
    qtbot.addWidget(widget)
    widget.show()
    picker = widget.editor.zone
    assert picker.currentText() == "heure du Pacifique — Vancouver"
    _type_zone(qtbot, picker, "heure de l'Est")                # a plain apostrophe finds l’Est
    assert (picker.current_zone(), picker.currentText()) == ("America/Toronto", "heure de l’Est — Toronto")
    _type_zone(qtbot, picker, "Manille")
    assert picker.current_zone() == "Asia/Manila"
    _type_zone(qtbot, picker, "Eastern")                        # the English name finds it too
    assert picker.current_zone() == "America/Toronto"
    assert "heure du Pacifique — Vancouver" in widget.week.title.text()
    _type_zone(qtbot, picker, "Atlantide")
    widget.editor.save_button.click()
    assert "Atlantide" in widget.editor.warning.text() and "No time zone" not in widget.editor.warning.text()


def test_a_time_the_clocks_skip_names_the_zone_by_name():
    with pytest.raises(core.BookingError, match="Eastern Time — Toronto"):
        core.local_moment(datetime(2026, 3, 8, 2, 30), "America/Toronto")   # 2:30 a.m. does not happen that day


def test_the_zone_names_are_worked_out_after_unlock_off_the_gui_thread(qtbot, context, monkeypatch):
    """Naming ~400 zones from CLDR took 55-160 ms on the first Bookings screen; the window now does it on a worker
    thread right after unlock, so the picker finds them ready."""
    import threading

    from desktop.core.common import time_zones

    time_zones._choices.cache_clear()
    time_zones._zone_name.cache_clear()
    asked = threads_calling(monkeypatch, time_zones, "get_timezone_location")
    run_after_unlock(qtbot, context)
    assert asked and threading.main_thread() not in asked
    asked.clear()
    assert time_zones.zone_choices()  # what the picker shows, on the GUI thread
    assert asked == []
