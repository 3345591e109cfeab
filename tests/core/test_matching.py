"""Matching rules, table-driven over one small fictional directory."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from desktop.core.interpreters.directory import Credential, Interpreter, add_incident, save_interpreter
from desktop.core.interpreters.matching import Needs, dialect_fit, match, needs_for_client

WHEN = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
VALID = Credential(title="Certified Medical Interpreter", body="STIBC", level="certified",
                   expires_on=date(2027, 12, 31), last_checked_on=date(2026, 9, 1))
EXPIRED = Credential(title="Certified Community Interpreter", level="certified", expires_on=date(2026, 1, 31),
                     last_checked_on=date(2025, 12, 1))


def _person(name, languages, gender="female", modalities=("phone", "in_person"), **fields):
    fields.setdefault("credentials", [VALID])
    fields.setdefault("conflict_checked_on", date(2026, 10, 1))
    fields.setdefault("confidentiality_signed", True)
    return Interpreter(name=name, languages=list(languages), gender=gender, modalities=list(modalities), **fields)


DIRECTORY = [
    _person("Marisol", ["es-MX", "en"], trauma_informed=True),
    _person("Tomas", ["es-GT", "en"], gender="male"),
    _person("Tomas Expired", ["es-MX", "en"], gender="male", credentials=[EXPIRED]),
    _person("Nocred", ["es", "en"], credentials=[]),
    _person("Retired", ["es-MX", "en"], active=False),
    _person("Jaspreet", ["pa-Guru", "en"], communities=["Surrey farm-worker families"]),
    _person("Harpreet", ["pa-Guru", "en"], gender="male", modalities=["video"]),
    _person("Wing", ["yue-HK", "en"], agency="Pretend Agency"),
    _person("Li", ["cmn", "en"], gender="male"),
    _person("Rosa", ["tl", "en"], conflict_checked_on=None),
    _person("Concern", ["ko", "en"], conflict_result="concern"),
    _person("Oksana Expired", ["uk", "en"], credentials=[EXPIRED]),
    _person("Oksana Retired", ["uk", "en"], active=False),
    _person("Oksana Conflict", ["uk", "en"], communities=["Kharkiv church group"]),
    Interpreter(name="Agency phone line", kind="agency", languages=["en", "es", "yue", "ar"], modalities=["phone"],
                confidentiality_signed=True),
]


@pytest.fixture
def directory(db):
    return {entry.name: save_interpreter(db, replace(entry)) for entry in DIRECTORY}


def _names(items):
    return [item.interpreter.name for item in items]


@pytest.mark.parametrize("needs, first, includes, excludes", [
    # dialect: Mexican Spanish ranks the Mexican interpreter above the Guatemalan one
    (Needs("es-MX", WHEN), "Marisol", {"Tomas", "Agency phone line"}, {"Tomas Expired", "Nocred", "Retired"}),
    # a Guatemalan client with a male preference
    (Needs("es-GT", WHEN, gender="male"), "Tomas", {"Marisol"}, set()),
    # Mandarin under another code, Filipino under Tagalog's code
    (Needs("zh", WHEN), "Li", set(), {"Wing"}),
    (Needs("fil", WHEN), "Rosa", set(), set()),
    # Cantonese is not Mandarin
    (Needs("yue", WHEN), "Wing", {"Agency phone line"}, {"Li"}),
    # a community the client asked to avoid excludes, with the other Punjabi interpreter still offered
    (Needs("pa-Guru", WHEN, avoid=["surrey farm-worker"]), "Harpreet", set(), {"Jaspreet"}),
    # modality: phone need ranks the phone interpreter first
    (Needs("pa-Guru", WHEN, modality="phone"), "Jaspreet", {"Harpreet"}, set()),
    # a concern from the last conflict check excludes
    (Needs("ko", WHEN), None, set(), {"Concern"}),
])
def test_matching_table(db, directory, needs, first, includes, excludes):
    result = match(db, needs)
    names = _names(result.candidates)
    if first is None:
        assert names == []
    else:
        assert names[0] == first
    assert includes <= set(names)
    assert not excludes & set(names)
    assert excludes <= set(_names(result.excluded))
    # nobody is dropped silently: every entry is a candidate or excluded, each exclusion with a reason
    assert len(result.candidates) + len(result.excluded) == len(DIRECTORY)
    assert all(e.reasons for e in result.excluded)


@pytest.mark.parametrize("name, needs, words", [
    ("Tomas Expired", Needs("es-MX", WHEN), "credential expired on Jan 31, 2026"),
    ("Nocred", Needs("es-MX", WHEN), "no credential on file"),
    ("Retired", Needs("es-MX", WHEN), "marked inactive"),
    ("Jaspreet", Needs("pa-Guru", WHEN, avoid=["Surrey farm-worker families"]), "community the client asked"),
    ("Jaspreet", Needs("pa-Guru", WHEN, avoid=["jaspreet"]), "someone the client asked to avoid"),
    ("Wing", Needs("yue", WHEN, avoid=["Pretend Agency"]), "agency the client asked to avoid"),
    ("Concern", Needs("ko", WHEN), "conflict-of-interest check raised a concern"),
    ("Wing", Needs("es-MX", WHEN), "does not interpret Spanish (Mexico)"),
    ("Marisol", Needs("es-MX", WHEN, working_language="fr"), "does not work in French"),
])
def test_exclusions_say_why(db, directory, name, needs, words):
    excluded = {e.interpreter.name: e for e in match(db, needs).excluded}
    assert words in excluded[name].summary


def test_avoid_matches_whole_words_only(db, directory):
    result = match(db, Needs("es", WHEN, avoid=["Mari", "Tom"]))
    assert {"Marisol", "Tomas"} <= set(_names(result.candidates))


def test_credential_valid_at_the_appointment_date_not_today(db, directory):
    earlier = Needs("es-MX", datetime(2026, 1, 15, 17, 0, tzinfo=UTC))
    assert "Tomas Expired" in _names(match(db, earlier).candidates)


@pytest.mark.parametrize("needs, name, reasons", [
    (Needs("es-MX", WHEN, gender="female", modality="phone"), "Marisol",
     ["certified medical interpreter", "phone", "female", "dialect matches", "trauma-informed training"]),
    (Needs("es-MX", WHEN), "Tomas", ["different dialect: Spanish (Guatemala)"]),
    (Needs("es-MX", WHEN, gender="female"), "Tomas", ["male, not the client's preference"]),
    (Needs("es-MX", WHEN, gender="female"), "Agency phone line", ["ask the agency for a female interpreter"]),
    (Needs("pa-Guru", WHEN, modality="phone"), "Harpreet", ["does not offer phone"]),
    (Needs("fil", WHEN), "Rosa", ["no conflict-of-interest check in the last year"]),
])
def test_candidate_reasons_in_plain_words(db, directory, needs, name, reasons):
    candidate = next(c for c in match(db, needs).candidates if c.interpreter.name == name)
    for reason in reasons:
        assert reason in candidate.reasons
    assert candidate.summary.startswith(candidate.reasons[0] + ", ")


def test_gender_preference_outranks_no_preference(db, directory):
    result = match(db, Needs("es", WHEN, gender="male"))
    assert _names(result.candidates)[0] == "Tomas"


def test_an_incident_with_this_client_excludes_only_for_this_client(db, directory):
    from desktop.core.records.clients import create_client

    mei, ana = create_client(db, "Mei", languages=["yue"]), create_client(db, "Ana", languages=["yue"])
    add_incident(db, directory["Wing"].id, "Knew the employer", client_id=mei.id)
    mine = match(db, needs_for_client(mei, WHEN))
    assert "an incident with this client was recorded" in {e.interpreter.name: e for e in mine.excluded}["Wing"].reasons
    assert "Wing" in _names(match(db, needs_for_client(ana, WHEN)).candidates)


def test_past_completed_bookings_with_the_client_raise_the_rank(db, directory):
    from desktop.core.records.clients import create_client

    client = create_client(db, "Ana", languages=["es"])
    db["bookings"].insert({"client_id": client.id, "interpreter_id": directory["Tomas"].id, "status": "completed",
                           "starts_at": "2026-10-01T17:00:00+00:00", "ends_at": "2026-10-01T18:00:00+00:00",
                           "timezone": "America/Vancouver", "created_at": "x", "updated_at": "x"})
    tomas = next(c for c in match(db, needs_for_client(client, WHEN)).candidates if c.interpreter.name == "Tomas")
    assert "worked with this client once before" in tomas.reasons


def test_nobody_fits_gives_advice_and_an_agency_phone_line(db, directory):
    result = match(db, Needs("hu", WHEN))
    assert result.candidates == []
    assert any("No one in the directory interprets Hungarian" in a for a in result.advice)
    assert any("phone interpreter from an agency" in a for a in result.advice)
    assert _names([type("X", (), {"interpreter": a}) for a in result.agency_suggestions]) == ["Agency phone line"]


def test_only_expired_or_inactive_speakers_advice_says_what_to_relax(db, directory):
    result = match(db, Needs("uk", WHEN, avoid=["kharkiv church"]))
    assert result.candidates == []
    text = " ".join(result.advice)
    assert "1 interpreter for Ukrainian has no valid credential" in text
    assert "1 inactive interpreter speaks" in text
    assert "must not be used" in text


def test_no_candidate_of_the_preferred_gender_is_advised(db, directory):
    result = match(db, Needs("ko", WHEN, gender="male"))  # Concern is excluded; nobody else
    assert result.candidates == []
    result = match(db, Needs("zh", WHEN, gender="female"))
    assert any("No female interpreter fits" in a for a in result.advice)


@pytest.mark.parametrize("wanted, offered, fit", [
    ("es-MX", "es-MX", "match"), ("es-MX", "es", "unspecified"), ("es", "es-MX", "unspecified"),
    ("es-MX", "es-GT", "different"), ("pa-Guru", "pa-Arab", "different"), ("zh", "cmn", "unspecified"),
    ("zh-Hant", "zh-Hans", "different"), ("yue", "zh", None), ("fil", "tl", "unspecified"), ("es", "pt", None),
])
def test_dialect_fit(wanted, offered, fit):
    assert dialect_fit(wanted, offered) == fit
