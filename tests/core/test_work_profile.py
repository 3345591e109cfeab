"""What the first run asks about the worker's work: the province (duty-to-report rules) and the languages met most."""

from __future__ import annotations

import pytest

from desktop.core.consent import duty_to_report as reporting
from desktop.core.profile import settings, work_profile


def test_no_frequent_languages_until_the_worker_chooses(db):
    assert work_profile.frequent_languages(db) == []


def test_frequent_languages_are_kept_in_order_and_spelled_as_the_pickers_spell_them(db):
    stored = work_profile.set_frequent_languages(db, ["pa_guru", "yue", "es", "yue", " ar "])
    assert stored == ["pa-Guru", "yue", "es", "ar"]
    assert work_profile.frequent_languages(db) == ["pa-Guru", "yue", "es", "ar"]


def test_a_wrong_language_code_is_refused_and_the_stored_list_kept(db):
    work_profile.set_frequent_languages(db, ["es"])
    with pytest.raises(work_profile.ProfileInvalid, match="not a language code"):
        work_profile.set_frequent_languages(db, ["fa", "not a language"])
    assert work_profile.frequent_languages(db) == ["es"]


def test_too_many_frequent_languages_are_refused(db):
    many = ["es", "fr", "ar", "fa", "uk", "ru", "vi", "th", "ko", "hi", "hu", "yue", "fil"]
    with pytest.raises(work_profile.ProfileInvalid, match="at most"):
        work_profile.set_frequent_languages(db, many)
    assert work_profile.frequent_languages(db) == []


@pytest.mark.parametrize("damaged", ["es", 42, {"es": 1}, ["es", 7, None, "no such tag!"]])
def test_a_damaged_stored_value_reads_as_a_clean_list(db, damaged):
    settings.put(db, work_profile.FREQUENT_LANGUAGES_KEY, damaged)
    assert work_profile.frequent_languages(db) in ([], ["es"])


def test_choosing_ontario_sets_ontario_s_age_rule_and_contacts(db):
    work_profile.set_province(db, "ON")
    protocol = reporting.get_protocol(db)
    assert work_profile.province(db) == "ON"
    assert (protocol.must_report_under, protocol.may_report_under) == (16, 18)
    assert "Ontario" in reporting.age_rule(protocol)


def test_choosing_the_same_province_again_keeps_the_organisation_s_own_protocol(db):
    work_profile.set_province(db, "NS")
    own = reporting.save_protocol(db, reporting.Protocol(
        "NS", 19, None, (reporting.Contact("Our on-call supervisor", "555-0100"),), "Call the supervisor first."))
    work_profile.set_province(db, "NS")
    assert reporting.get_protocol(db) == own
    work_profile.set_province(db, "BC")
    assert reporting.get_protocol(db).must_report_under == 19
    assert reporting.get_protocol(db).province == "BC"


def test_an_unknown_province_is_refused_and_the_protocol_kept(db):
    work_profile.set_province(db, "ON")
    with pytest.raises(work_profile.ProfileInvalid):
        work_profile.set_province(db, "XX")
    assert work_profile.province(db) == "ON"


def test_frequent_first_puts_the_chosen_ones_first_in_the_worker_s_order():
    items = ["ar", "es", "fa", "pa-Guru", "yue"]
    first, rest = work_profile.frequent_first(items, ["yue", "xx", "ar"], lambda tag: tag)
    assert first == ["yue", "ar"]
    assert rest == ["es", "fa", "pa-Guru"]


def test_keeping_the_default_province_keeps_the_note_that_its_contacts_need_checking(db):
    work_profile.set_province(db, reporting.DEFAULT_PROVINCE)
    protocol = reporting.get_protocol(db)
    assert protocol.province == reporting.DEFAULT_PROVINCE and not protocol.edited
    assert "Ask your organisation to check them" in reporting.protocol_text(protocol)
