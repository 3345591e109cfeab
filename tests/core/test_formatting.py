"""Locale-aware formatting: dates, times, numbers, lists and 'how far away' phrases follow the UI locale."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from desktop import i18n
from desktop.core.common import formatting


@pytest.fixture
def french():
    i18n.setup_i18n("fr_CA")
    yield
    i18n.setup_i18n("en")


@pytest.fixture
def english():
    i18n.setup_i18n("en")
    yield


@pytest.fixture
def toronto_time(monkeypatch):
    """Pin the machine's local zone, so 'shown in local time' is checked against a known offset."""
    import time as time_module

    monkeypatch.setenv("TZ", "America/Toronto")
    time_module.tzset()
    yield
    monkeypatch.undo()
    time_module.tzset()


def test_bare_language_formats_as_its_canadian_variant():
    assert str(formatting.formatting_locale("en")) == "en_CA"
    assert str(formatting.formatting_locale("fr")) == "fr_CA"
    assert str(formatting.formatting_locale("es")) == "es"


def test_unknown_locale_falls_back_to_canadian_english():
    assert str(formatting.formatting_locale("xx_NOPE")) == "en_CA"


def test_dates_follow_the_ui_locale(french):
    day = date(2026, 11, 23)
    assert formatting.format_date(day, "long") == "23 novembre 2026"
    assert formatting.format_weekday(day) == "lundi"
    i18n.setup_i18n("en")
    assert formatting.format_date(day, "long") == "November 23, 2026"


def test_stored_utc_time_is_shown_in_local_time(toronto_time, english):
    stored = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)  # 22:30 the evening before, in Toronto
    assert formatting.to_local(stored).hour == 22
    assert formatting.format_date(stored, "long") == "November 22, 2026"
    assert "10:30" in formatting.format_time(stored)
    assert "November 22, 2026" in formatting.format_datetime(stored, "long")


def test_a_day_and_time_names_the_weekday_in_local_time_to_the_minute(toronto_time):
    stored = datetime(2026, 11, 23, 3, 30, 45, tzinfo=UTC)  # Sunday 22:30:45 in Toronto
    assert formatting.format_day_and_time(stored, locale="en") == "Sunday, November 22, 2026, 10:30\u202fp.m."
    assert formatting.format_day_and_time(stored, locale="fr") == "dimanche 22 novembre 2026, 22 h 30"


def test_naive_datetime_is_taken_as_utc(toronto_time):
    assert formatting.to_local(datetime(2026, 7, 1, 12, 0)).hour == 8  # EDT is UTC-4


def test_time_in_french_uses_the_24_hour_clock(french):
    assert formatting.format_time(time(14, 30)) == "14 h 30"


def test_numbers_use_the_locale_separators(french):
    assert formatting.format_number(1234.5).replace("\u202f", " ").replace("\xa0", " ") == "1 234,5"
    i18n.setup_i18n("en")
    assert formatting.format_number(1234.5) == "1,234.5"


def test_lists_are_joined_in_the_ui_language(french):
    assert formatting.format_list(["A", "B", "C"]) == "A, B et C"
    i18n.setup_i18n("en")
    assert formatting.format_list(["A", "B", "C"]) == "A, B and C"
    assert formatting.format_list(["A", "B"], style="or") == "A or B"
    assert formatting.format_list([]) == ""


def test_relative_past(english):
    now = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    assert formatting.format_relative_past(now, now) == "today"
    assert formatting.format_relative_past(now - timedelta(days=1), now) == "yesterday"
    assert formatting.format_relative_past(now - timedelta(days=5), now) == "5 days ago"


def test_due_date_given_as_utc_datetime_counts_local_days(toronto_time, english):
    due = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # still the 23rd in Toronto
    assert formatting.days_until(due, date(2026, 11, 23)) == 0


def test_week_starts_on_the_locales_first_day():
    assert formatting.first_week_day("en") == 6  # Sunday, as in Canada
    assert formatting.first_week_day("fr_CA") == 6
    assert formatting.first_week_day("fr_FR") == 0  # Monday
    assert formatting.first_week_day_iso("fr_FR") == 1
    assert formatting.first_week_day_iso("en") == 7


def test_month_names_in_french(french):
    assert formatting.month_names()[0] == "janvier"
    assert len(formatting.month_names()) == 12


def test_durations_are_rounded_words(english):
    assert formatting.format_duration(timedelta(days=3)) == "3 days"
