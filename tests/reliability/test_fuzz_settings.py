"""Settings are read back from storage that may be damaged or edited by hand: the vault's settings table (JSON
text) and the UI preferences (QSettings). A garbage stored value reads as the default; nothing that reads a
setting fails on it (the duty-to-report protocol, the booking time zone, the retention review, the theme, the
idle lock, the UI language)."""

from __future__ import annotations

import json
import math
from datetime import date
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QSettings

from desktop.core.consent import duty_to_report as reporting
from desktop.core.profile import settings
from desktop.core.records import retention
from desktop.i18n import available_ui_locales
from desktop.ui.shell import preferences as preferences_module
from desktop.ui.shell.preferences import Preferences
from tests.reliability.fuzz_inputs import FUZZ

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30)
    | st.sampled_from(["America/Vancouver", "America", "Asia/", "zone.tab", "../../etc/passwd", "UTC", "BC"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=20), inner, max_size=5),
    max_leaves=12,
)
PROTOCOL_LIKE = st.fixed_dictionaries({}, optional={
    "province": JSON_VALUES, "must_report_under": JSON_VALUES | st.integers(-5, 40),
    "may_report_under": JSON_VALUES | st.integers(-5, 40), "steps": JSON_VALUES,
    "contacts": st.lists(st.fixed_dictionaries({}, optional={"label": JSON_VALUES, "phone": JSON_VALUES})
                         | JSON_VALUES, max_size=3),
})


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


STORED_TEXT = st.one_of(
    JSON_VALUES.map(_dumps),
    PROTOCOL_LIKE.map(_dumps),
    st.text(max_size=40),                                            # not JSON at all
    st.integers(1, 100_000).map(lambda depth: "[" * depth),         # nesting deeper than the parser's stack
    st.sampled_from(["NaN", "-Infinity", "1e999", "9" * 5000, "\ufeff{}", '"\\ud800"', ""]),
)
STORED = st.one_of(STORED_TEXT, st.binary(max_size=30), st.integers(-(2**63), 2**63 - 1),
                   st.floats(allow_nan=False))  # any SQLite type (NaN would be NULL)


def _store_raw(db, key: str, value) -> None:
    """As a damaged vault or a hand edit would leave it: not through settings.put."""
    db.execute("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
               [key, value])


def _check_readers(db) -> None:
    from desktop.ui.bookings.booking_time import booking_zone

    for key, default in settings.DEFAULTS.items():
        value = settings.get(db, key)
        assert value == default or default is None or type(value) is type(default)
    protocol = reporting.get_protocol(db)
    assert reporting.MIN_AGE <= protocol.must_report_under <= reporting.MAX_AGE and protocol.contacts
    assert reporting.protocol_text(protocol)
    ZoneInfo(booking_zone(db))
    months = settings.get(db, retention.REVIEW_SETTING)
    assert 0 <= months <= settings.MAX_REVIEW_MONTHS
    retention.clients_to_review(db, months, date(2026, 11, 23))


def test_garbage_in_any_vault_setting_reads_as_the_default_and_breaks_no_reader(db):
    keys = st.sampled_from(sorted(settings.DEFAULTS))

    @FUZZ
    @given(stored=st.lists(st.tuples(keys, STORED), min_size=1, max_size=4))
    def check(stored):
        for key, value in stored:
            _store_raw(db, key, value)
        _check_readers(db)

    check()


def test_a_damaged_protocol_shows_the_default_and_says_so(db):
    _store_raw(db, reporting.SETTING_KEY, _dumps({"province": "BC", "must_report_under": "nineteen",
                                                  "contacts": [{"label": "Line", "phone": "1"}]}))
    protocol = reporting.get_protocol(db)
    assert protocol.unreadable and not protocol.edited and protocol.must_report_under == 19
    assert "could not be read" in reporting.protocol_text(protocol)
    saved = reporting.save_protocol(db, reporting.default_protocol("ON"))
    assert saved.edited and not saved.unreadable and saved.province == "ON"


def test_a_zone_name_that_is_a_folder_or_not_a_zone_falls_back(db):
    from desktop.ui.bookings.booking_time import booking_zone

    for name in ("America", "Asia/", "zone.tab", "America/../Europe/Paris", "\0", 42):
        settings.put(db, "booking_timezone", name)
        assert settings.get(db, "booking_timezone") is None
        ZoneInfo(booking_zone(db))
    settings.put(db, "booking_timezone", "America/Toronto")
    assert booking_zone(db) == "America/Toronto"


def test_a_damaged_unlock_attempts_file_gives_a_bounded_delay(tmp_path):
    """The failed-unlock counter is read before the vault opens: garbage in it never stops or freezes unlocking."""
    from desktop.core.vault.attempts import FILE_NAME, MAX_DELAY_SECONDS, AttemptLog

    counts = JSON_VALUES | st.integers(-(10**30), 10**30) | st.sampled_from([1e300, -1e300, 1e20, 10**300])
    contents = st.one_of(st.binary(max_size=60), st.fixed_dictionaries({"failures": counts, "last_failure": counts})
                         .map(lambda value: _dumps(value).encode()), STORED_TEXT.map(str.encode))

    @FUZZ
    @given(data=contents)
    def check(data):
        (tmp_path / FILE_NAME).write_bytes(data)
        attempts = AttemptLog(tmp_path, clock=lambda: 1_000_000.0)
        assert 0 <= attempts.seconds_to_wait() <= MAX_DELAY_SECONDS
        attempts.record_failure()
        assert 0 <= attempts.seconds_to_wait() <= MAX_DELAY_SECONDS

    check()

# -- UI preferences (QSettings) --------------------------------------------------------------------------------------
PREFERENCE_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(), st.text(max_size=20),
    st.lists(st.text(max_size=5), max_size=3), st.binary(max_size=10),
    st.sampled_from(["10", " 150 ", "1e3", "0x10", "-1", "99999999999999999999", "dark", "high-contrast", "fr_CA",
                     "../../etc", "fr_CA\\", "true", "a, b", "@Invalid()", "@ByteArray(x)", "\0"]),
)


def _check_preferences(preferences: Preferences) -> None:
    from desktop.ui.shell.idle import IdleWatcher
    from desktop.ui.shell.theme import MAX_ZOOM, MIN_ZOOM, THEMES

    for key, default in preferences_module._DEFAULTS.items():
        assert type(preferences.get(key)) is type(default), key
    assert MIN_ZOOM <= preferences.get("zoom_percent") <= MAX_ZOOM
    assert preferences.get("theme") in THEMES
    assert preferences.get("ui_locale") in available_ui_locales()
    minutes = preferences.get("idle_lock_minutes")
    assert preferences_module.MIN_IDLE_MINUTES <= minutes <= preferences_module.MAX_IDLE_MINUTES
    IdleWatcher(minutes).deleteLater()
    assert "\0" not in preferences.get("vault_folder")


def test_garbage_preferences_fall_back_to_the_defaults(qapp, tmp_path):
    keys = st.sampled_from(sorted(preferences_module._DEFAULTS))

    @FUZZ
    @given(stored=st.dictionaries(keys, PREFERENCE_VALUES, min_size=1))
    def check(stored):
        raw = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
        raw.clear()
        for key, value in stored.items():
            raw.setValue(key, value)
        raw.sync()
        _check_preferences(Preferences(QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)))

    check()


def test_a_damaged_preferences_file_gives_the_defaults(qapp, tmp_path):
    valid = b"[General]\nui_locale=fr_CA\nzoom_percent=150\ntheme=dark\nidle_lock_minutes=10\n"

    @FUZZ
    @given(data=st.binary(max_size=300) | st.sampled_from([valid, valid.replace(b"150", b"15000"),
                                                           valid.replace(b"dark", b"\xff\xfe"), valid[:40]]))
    def check(data):
        path = tmp_path / "damaged.ini"
        path.write_bytes(data)
        _check_preferences(Preferences(QSettings(str(path), QSettings.Format.IniFormat)))

    check()


def test_stored_preferences_are_read_back_as_set(preferences):
    for key, value in (("zoom_percent", 150), ("theme", "dark"), ("idle_lock_minutes", 10), ("ui_locale", "es"),
                       ("script_locale", "pa_Guru"), ("vault_folder", "/home/sam/Harbour")):
        preferences.set(key, value)
        assert preferences.get(key) == value
    preferences.set("zoom_percent", 10_000)
    assert preferences.get("zoom_percent") == 100
    assert not math.isnan(preferences.get("presentation_font_pt"))


def test_preferences_dialog_opens_on_garbage_settings(qtbot, context):
    from desktop.ui.shell.preferences_dialog import PreferencesDialog

    for key in preferences_module._DEFAULTS:
        context.preferences._settings.setValue(key, "\0garbage, ../../x")
    for key in settings.DEFAULTS:
        _store_raw(context.db, key, "{not json")
    dialog = PreferencesDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.idle_minutes.value() == 5
