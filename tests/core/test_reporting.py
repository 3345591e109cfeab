"""The duty-to-report protocol: BC by default, editable, validated."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.core import reporting


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
