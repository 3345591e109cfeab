"""The duty-to-report protocol: BC by default, editable, validated."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.core.consent import duty_to_report as reporting


def test_default_protocol_is_british_columbia_with_age_19_and_emergency_numbers(db):
    protocol = reporting.get_protocol(db)
    assert protocol.province == "BC" and protocol.must_report_under == 19
    assert "911" in [c.phone for c in protocol.contacts]
    text = reporting.protocol_text(protocol)
    assert "under 19" in text and "check them" in text


def test_ontario_distinguishes_must_and_may_report(db):
    protocol = reporting.reset_to_province(db, "ON")
    assert (protocol.must_report_under, protocol.may_report_under) == (16, 18)
    assert "From 16 to 17, you may report." in reporting.age_rule(protocol)


def test_an_edited_protocol_is_kept_in_the_vault(db):
    edited = replace(reporting.get_protocol(db), contacts=(reporting.Contact("Our on-call supervisor", "555-0199"),),
                     steps="Call the supervisor first.")
    reporting.save_protocol(db, edited)
    stored = reporting.get_protocol(db)
    assert stored.contacts == (reporting.Contact("Our on-call supervisor", "555-0199"),)
    assert stored.edited and "Call the supervisor first." in reporting.protocol_text(stored)


@pytest.mark.parametrize(
    ("changes", "words"),
    [({"must_report_under": 0}, "between"), ({"contacts": ()}, "at least one"),
     ({"must_report_under": 16, "may_report_under": 15}, "above")],
)
def test_a_broken_protocol_is_refused_and_the_stored_one_kept(db, changes, words):
    with pytest.raises(reporting.ProtocolInvalid, match=words):
        reporting.save_protocol(db, replace(reporting.get_protocol(db), **changes))
    assert not reporting.get_protocol(db).edited


@pytest.mark.parametrize("province", ["ON", "NS", "BC"])
def test_a_province_s_defaults_still_ask_to_be_checked_until_the_worker_saves_an_edit(db, province):
    from desktop.core.profile import work_profile

    work_profile.set_province(db, "NS" if province == "ON" else "ON")  # the first-run wizard's choice
    reset = reporting.reset_to_province(db, province)
    stored = reporting.get_protocol(db)
    assert stored.province == province and not reset.edited and not stored.edited
    assert "Ask your organisation to check them" in reporting.protocol_text(stored)
    checked = reporting.save_protocol(db, replace(stored, steps="Call the supervisor first."))
    assert checked.edited and reporting.get_protocol(db).edited
    assert "Ask your organisation to check them" not in reporting.protocol_text(reporting.get_protocol(db))


def test_choosing_ontario_in_the_first_run_keeps_the_check_note(db):
    from desktop.core.profile import work_profile

    work_profile.set_province(db, "ON")
    protocol = reporting.get_protocol(db)
    assert protocol.province == "ON" and not protocol.edited
    assert "Ask your organisation to check them" in reporting.protocol_text(protocol)


def test_a_protocol_saved_before_the_edited_flag_existed_counts_as_edited(db):
    from desktop.core.profile import settings

    saved = reporting.save_protocol(db, reporting.default_protocol("ON"))
    stored = settings.get(db, reporting.SETTING_KEY)
    del stored["edited"]
    settings.put(db, reporting.SETTING_KEY, stored)
    assert reporting.get_protocol(db) == saved and saved.edited


JURISDICTIONS = ["BC", "AB", "SK", "MB", "ON", "QC", "NB", "NS", "PE", "NL", "YT", "NT", "NU"]


def test_every_province_and_territory_ships_a_protocol():
    assert list(reporting.PROVINCE_NAMES) == JURISDICTIONS


@pytest.mark.parametrize("code", JURISDICTIONS)
def test_each_default_names_its_act_an_age_and_whom_to_call_and_asks_to_be_checked(db, code):
    protocol = reporting.reset_to_province(db, code)
    assert protocol.province == code and not protocol.edited
    assert 16 <= protocol.must_report_under <= 19
    assert protocol.contacts[0].phone == "911" and len(protocol.contacts) >= 2, "911 and a child welfare contact"
    assert "Act" in protocol.source or "Loi" in protocol.source
    text = reporting.protocol_text(protocol)
    assert protocol.source in text and "check them" in text
    assert reporting.province_name(code) != code


@pytest.mark.parametrize("code, must, may", [("BC", 19, None), ("AB", 18, None), ("ON", 16, 18), ("QC", 18, None),
                                             ("MB", 18, None), ("YT", 19, None)])
def test_the_ages_follow_each_act(code, must, may):
    protocol = reporting.default_protocol(code)
    assert (protocol.must_report_under, protocol.may_report_under) == (must, may)


def test_an_edited_protocol_no_longer_claims_the_acts_default(db):
    edited = reporting.save_protocol(db, reporting.default_protocol("QC"))
    assert edited.edited and edited.source == "" and "Source:" not in reporting.protocol_text(edited)


@pytest.mark.parametrize("code", JURISDICTIONS)
def test_the_docs_cite_each_jurisdictions_act_with_the_date_checked(code):
    from pathlib import Path
    doc = (Path(__file__).resolve().parents[2] / "docs" / "DUTY_TO_REPORT.md").read_text(encoding="utf-8")
    act = reporting.default_protocol(code).source.split(" (")[0]
    row = next((line for line in doc.splitlines() if line.startswith(f"| {code} ")), "")
    assert act in row and "2026-12-02" in row
