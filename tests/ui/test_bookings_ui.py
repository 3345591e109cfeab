from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, QTime

from desktop.core.consent import audit
from desktop.core.consent.consents import record_consent
from desktop.core.interpreters import bookings as core
from desktop.core.interpreters.directory import Credential, Interpreter, save_interpreter
from desktop.core.records.clients import create_client
from desktop.ui.bookings import booking_dialogs
from desktop.ui.bookings.bookings_section import BookingsView
from desktop.ui.bookings.week_view import first_week_day, week_start
from desktop.ui.consent import share_dialogs as egress_dialogs

ZONE = "America/Vancouver"


@pytest.fixture
def people(context):
    client = create_client(context.db, "Mei", languages=["yue-HK"], interpreter_gender="female",
                           avoid=["Kowloon restaurant crew"])
    wing = save_interpreter(context.db, Interpreter(
        name="Wing Example", languages=["yue-HK", "en"], gender="female", modalities=["phone", "in_person"],
        trauma_informed=True, confidentiality_signed=True, email="wing@example.invalid",
        credentials=[Credential(title="Certified Medical Interpreter", level="certified")]))
    kit = save_interpreter(context.db, Interpreter(
        name="Kit Example", languages=["yue", "en"], gender="male", modalities=["in_person"],
        communities=["Kowloon restaurant crew"],
        credentials=[Credential(title="Certified Community Interpreter", level="certified")]))
    return client, wing, kit


@pytest.fixture
def view(qtbot, context, monkeypatch):
    monkeypatch.setattr(booking_dialogs, "show_dialog", lambda dialog: None)
    widget = BookingsView(context)
    qtbot.addWidget(widget)
    return widget


def _set_time(editor, day: date, start: int, end: int) -> None:
    editor.day.setDate(QDate(day.year, day.month, day.day))
    editor.start.setTime(QTime(start, 0))
    editor.end.setTime(QTime(end, 0))
    editor.zone.select_zone(ZONE)


def test_navigation_with_a_client_prefills_needs_and_matching_explains(view, people):
    client, wing, kit = people
    view.handle_navigation(client.id)
    panel = view.matching
    assert view.tabs.currentWidget() is panel
    assert panel.language.current_tag() == "yue-HK" and panel.gender.currentData() == "female"
    assert panel.language.language.currentText().startswith("Cantonese")
    assert panel.language.region.currentText() == "Hong Kong SAR China"
    assert "Kowloon" in panel.avoid.text()
    panel.zone.select_zone(ZONE)
    panel.find_button.click()
    first = panel.candidates.item(0).text()
    assert first.startswith("Wing Example") and "dialect matches" in first and "female" in first
    excluded = panel.excluded.item(0).text()
    assert excluded.startswith("Kit Example") and "community the client asked to avoid" in excluded


def test_no_language_in_needs_is_explained(view, people):
    view.matching.language.set_tag("")
    assert view.matching.find() is None
    assert view.matching.problem.text() == "Choose the client's language."


def test_the_language_in_needs_is_chosen_and_shown_by_name_never_as_a_code(view, people):
    """It was a text field for codes ("es-MX, yue-HK, pa-Guru") with the name beside it."""
    needs = view.matching.language
    assert needs.set_tag("yue-HK")
    assert needs.language.currentText().startswith("Cantonese") and needs.region.currentText().startswith("Hong Kong")
    assert needs.set_tag("pa-Guru") and needs.language.currentText().startswith("Punjabi")
    needs.language.select_tag("es")
    needs.region.setCurrentIndex(needs.region.findText("Guatemala"))
    assert needs.current_tag() == "es-GT"


def test_nobody_fits_shows_advice(view, people):
    view.matching.language.set_tag("hu")
    view.matching.zone.select_zone(ZONE)
    view.matching.find_button.click()
    assert view.matching.candidates.count() == 0
    assert "phone interpreter from an agency" in view.matching.advice.text()
    assert not view.matching.agency_button.isVisibleTo(view.matching)   # no agency line in this directory


def test_nobody_fits_offers_to_book_the_agency_phone_line(view, people, context):
    agency = save_interpreter(context.db, Interpreter(name="Agency line", kind="agency", languages=["en", "es"],
                                                      modalities=["phone"], phone="555-0199"))
    view.matching.language.set_tag("hu")
    view.matching.zone.select_zone(ZONE)
    view.matching.find_button.click()
    assert "Agency phone line: Agency line, 555-0199" in view.matching.advice.text()
    view.matching.agency_button.click()
    assert view.editor.interpreter.currentData() == agency.id
    assert view.editor.modality.currentData() == "phone"


def test_book_from_match_then_lifecycle_and_checklist(view, people, context):
    client, wing, _kit = people
    view.handle_navigation(client.id)
    view.matching.zone.select_zone(ZONE)
    view.matching.find_button.click()
    view.matching.book_button.click()
    editor = view.editor
    assert view.tabs.currentWidget() is editor
    assert editor.interpreter.currentData() == wing.id and editor.client.client_id() == client.id
    editor.place.setText("Harbour office")
    editor.save_button.click()
    booking = editor.booking
    assert booking is not None and booking.status == "draft"
    assert not editor.action_buttons["confirmed"].isEnabled()
    editor.action_buttons["requested"].click()
    editor.action_buttons["confirmed"].click()
    assert core.get_booking(context.db, booking.id).status == "confirmed"
    editor.checks["brief_first"].setChecked(True)
    assert core.get_booking(context.db, booking.id).checklist == {"brief_first": True}
    assert [b.id for b in core.week(context.db, week_start(booking.local_start.date()), ZONE)] == [booking.id]


def test_double_booking_warns_and_needs_a_reason(view, people, context):
    client, wing, _kit = people
    day = date(2026, 12, 2)
    existing = core.create_booking(context.db, client_id=None, interpreter_id=wing.id, timezone=ZONE,
                                   starts_at=core.local_moment(datetime(2026, 12, 2, 10), ZONE),
                                   ends_at=core.local_moment(datetime(2026, 12, 2, 11), ZONE), place="Elsewhere")
    editor = view.editor
    editor.show_booking(None)
    editor.client.set_client_id(client.id)
    editor.interpreter.setCurrentIndex(editor.interpreter.findData(wing.id))
    editor.place.setText("Harbour office")
    _set_time(editor, day, 10, 11)
    editor.save_button.click()
    assert "interpreter is already booked" in editor.warning.text()
    assert editor.override_reason.isVisibleTo(editor)
    editor.action_buttons["requested"].click()
    assert editor.booking.status == "draft" and "reason" in editor.warning.text()
    editor.override_reason.setText("Same family, back to back, agreed with the agency")
    editor.action_buttons["requested"].click()
    assert editor.booking.status == "requested"
    kept = core.overrides_for(context.db, editor.booking.id)
    assert kept[0]["other_booking_id"] == existing.id and kept[0]["reason"].startswith("Same family")


def _draft(context, client, wing):
    return core.create_booking(context.db, client_id=client.id, interpreter_id=wing.id, timezone=ZONE,
                               starts_at=core.local_moment(datetime(2026, 12, 3, 14), ZONE),
                               ends_at=core.local_moment(datetime(2026, 12, 3, 15), ZONE), place="Harbour office",
                               language="yue-HK", gender_preference="female")


def test_request_message_and_ics_hold_no_client_name_without_consent(view, people, context, tmp_path, monkeypatch):
    client, wing, _kit = people
    view.open_booking(_draft(context, client, wing).id)
    dialog = view.editor.request_message()
    text = dialog.text.toPlainText()
    assert "Mei" not in text and "Cantonese" in text and "Harbour office" in text
    target = tmp_path / "b.ics"
    monkeypatch.setattr(booking_dialogs, "ask_ics_path", lambda parent: target)
    assert view.editor.export_ics() == target
    assert b"Mei" not in target.read_bytes() and b"BEGIN:VCALENDAR" in target.read_bytes()
    assert {e.channel for e in audit.entries(context.db, basis="not_client_data")} == {"booking_request", "calendar"}


def test_including_the_client_without_consent_opens_the_refusal(view, people, context, monkeypatch):
    client, wing, _kit = people
    view.open_booking(_draft(context, client, wing).id)
    view.editor.include_client.setChecked(True)
    dialog = view.editor.request_message()
    assert isinstance(dialog, egress_dialogs.RefusalDialog)
    record_consent(context.db, client_id=client.id, purpose="", purpose_kind="interpreter_booking",
                   recipient="Wing Example", categories=("first_name", "language_needs"), method="written_signed",
                   recorded_by="Sam")
    dialog = view.editor.request_message()
    assert "Mei" in dialog.text.toPlainText()


def test_week_starts_on_the_locale_first_day():
    assert first_week_day("en_CA") == 6 and first_week_day("fr_FR") == 0
    assert week_start(date(2026, 11, 25), "en_CA") == date(2026, 11, 22)   # a Sunday
    assert week_start(date(2026, 11, 25), "fr_FR") == date(2026, 11, 23)   # a Monday


def test_week_view_lists_and_opens_bookings(view, people, context):
    client, wing, _kit = people
    booking = _draft(context, client, wing)
    view.week.zone = ZONE
    view.week.show_week(week_start(date(2026, 12, 3)))
    items = [view.week.table.item(r, c) for r in range(view.week.table.rowCount()) for c in range(7)]
    found = [i for i in items if i is not None]
    assert len(found) == 1 and "Mei" in found[0].text() and "Draft" in found[0].text()
    view.week._activated(found[0])
    assert view.tabs.currentWidget() is view.editor and view.editor.booking.id == booking.id


def test_a_recorded_problem_excludes_the_interpreter_for_this_client(view, people, context, monkeypatch):
    client, wing, _kit = people
    view.open_booking(_draft(context, client, wing).id)
    monkeypatch.setattr(booking_dialogs, "ask_incident_note", lambda parent: "Seemed to know the employer")
    assert view.editor.incident_button.isEnabled()
    view.editor.incident_button.click()
    view.handle_navigation(client.id)
    view.matching.zone.select_zone(ZONE)
    view.matching.find_button.click()
    texts = [view.matching.excluded.item(i).text() for i in range(view.matching.excluded.count())]
    assert any(t.startswith("Wing Example") and "incident with this client" in t for t in texts)


# -- reviewer's findings --------------------------------------------------------------------------------------------
def test_opening_for_a_client_shows_who_fits_and_who_is_excluded_at_once(view, people):
    client, _wing, _kit = people
    view.handle_navigation(client.id)               # no "Show who fits" press
    panel = view.matching
    assert panel.candidates.count() >= 1 and panel.candidates.item(0).text().startswith("Wing Example")
    assert panel.excluded.count() >= 1 and panel.excluded.item(0).text().startswith("Kit Example")


def test_changing_a_need_runs_the_match_again_after_a_pause(qtbot, view, people):
    client, _wing, _kit = people
    view.handle_navigation(client.id)
    panel = view.matching
    panel.language.set_tag("hu")
    assert panel.candidates.count() >= 1        # not yet: typing is still going on
    qtbot.waitUntil(lambda: panel.candidates.count() == 0, timeout=2000)
    assert "phone interpreter from an agency" in panel.advice.text()


def test_booking_zone_is_the_organisations_not_utc(qtbot, context, monkeypatch):
    from desktop.core.profile import settings
    from desktop.ui.bookings import booking_time

    monkeypatch.setattr(booking_time, "default_zone", lambda: "Etc/UTC")
    assert booking_time.booking_zone(context.db) == "America/Vancouver"
    monkeypatch.setattr(booking_time, "default_zone", lambda: "America/Halifax")
    assert booking_time.booking_zone(context.db) == "America/Halifax"
    settings.put(context.db, "booking_timezone", "America/Toronto")
    widget = BookingsView(context)
    qtbot.addWidget(widget)
    assert widget.week.zone == "America/Toronto" and "(times in Eastern Time — Toronto)" in widget.week.title.text()
    assert widget.matching.zone.current_zone() == "America/Toronto"
    assert widget.editor.zone.current_zone() == "America/Toronto"
    assert widget.editor.zone.currentText() == "Eastern Time — Toronto"     # by name, never the ID


def test_times_read_the_same_on_every_booking_screen(view, people, context):
    from desktop.core.common.formatting import format_date, format_month_day, format_time
    from desktop.ui.bookings.booking_time import format_local_datetime
    from desktop.ui.widgets.date_edits import qt_pattern

    assert qt_pattern("MMM d, y") == "MMM d, yyyy" and qt_pattern("h:mm a") == "h:mm Ap"
    assert qt_pattern("HH 'h' mm") == "HH 'h' mm" and qt_pattern("y年M月d日") == "yyyy年M月d日"
    client, wing, _kit = people
    booking = _draft(context, client, wing)                      # 2 p.m. in Vancouver
    view.week.zone = ZONE
    view.week.show_week(week_start(date(2026, 12, 3)))
    cell = next(view.week.table.item(r, c) for r in range(view.week.table.rowCount()) for c in range(7)
                if view.week.table.item(r, c) is not None)
    two_pm, three_pm = format_time(datetime(2026, 12, 3, 14).time()), format_time(datetime(2026, 12, 3, 15).time())
    assert cell.text().startswith(f"{two_pm}–{three_pm}")
    # Each day's column says its day of the month (narrow on a small screen); the title above says the year
    assert format_month_day(date(2026, 12, 3)) in view.week.table.horizontalHeaderItem(4).text()
    assert format_date(week_start(date(2026, 12, 3))) in view.week.title.text()
    view.open_booking(booking.id)
    assert view.editor.start.text() == two_pm and view.editor.day.text() == format_date(date(2026, 12, 3))
    assert format_local_datetime(booking.local_start, ZONE) == (
        f"{format_date(date(2026, 12, 3))}, {two_pm} (Pacific Time — Vancouver)")


def test_delete_draft_asks_naming_when_and_language_never_the_client(view, people, context, monkeypatch):
    client, wing, _kit = people
    booking = _draft(context, client, wing)
    asked = []
    monkeypatch.setattr(booking_dialogs, "confirm", lambda parent, question: asked.append(question) or False)
    view.open_booking(booking.id)
    assert view.editor.delete_button.isEnabled()
    view.editor.delete_button.click()
    assert core.get_booking(context.db, booking.id).status == "draft"          # said no: still there
    assert "Cantonese" in asked[0] and "Dec 3, 2026" in asked[0] and "Mei" not in asked[0]
    monkeypatch.setattr(booking_dialogs, "confirm", lambda parent, question: True)
    view.editor.delete_button.click()
    with pytest.raises(core.BookingNotFound):
        core.get_booking(context.db, booking.id)
    assert view.editor.booking is None and not view.editor.delete_button.isEnabled()


def test_only_a_draft_can_be_deleted(view, people, context):
    client, wing, _kit = people
    booking = _draft(context, client, wing)
    core.transition(context.db, booking.id, "requested", worker="Sam")
    view.open_booking(booking.id)
    assert not view.editor.delete_button.isEnabled()
    assert view.editor.delete_draft() is False
    assert core.get_booking(context.db, booking.id).status == "requested"


def test_this_week_is_the_week_where_the_bookings_happen(view):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    # UTC+14 and UTC-11 are 25 hours apart: a day apart most of the day, two days apart between 10:00 and 11:00 UTC.
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        view.week.zone = zone
        before = datetime.now(ZoneInfo(zone)).date()
        today = view.week.today()
        assert today in (before, datetime.now(ZoneInfo(zone)).date()), zone


def test_copying_the_request_message_says_it_was_copied_like_every_other_copy(view, people, context, qtbot):
    from PySide6.QtGui import QGuiApplication

    from desktop.ui.widgets.clipboard_guard import copied_message

    client, wing, _kit = people
    view.open_booking(_draft(context, client, wing).id)
    dialog = view.editor.request_message()
    told = []
    context.events.status_message.connect(told.append)
    assert dialog.status.text() == ""
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == dialog.text.toPlainText()
    assert context.clipboard.holds_harbour_text()
    assert dialog.status.text() == copied_message() and told == [copied_message()]


@pytest.mark.parametrize("opened", [True, False])
def test_the_request_e_mail_draft_says_plainly_whether_a_mail_program_opened(view, people, context, monkeypatch,
                                                                             opened):
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened)
    client, wing, _kit = people
    view.open_booking(_draft(context, client, wing).id)
    dialog = view.editor.request_message()
    dialog.email_button.click()
    expected = ("E-mail draft opened in your mail program. Check it before you send it." if opened else
                "No e-mail program opened, so nothing was sent. Copy the message instead.")
    assert dialog.status.text() == expected
