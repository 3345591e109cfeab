"""What the client reads about each paragraph, in the client's language, and a broken catalog paragraph that must
never reach a client with a literal '{client_name}' or a dropped name."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from desktop.core.scripts import catalogs, notices, reviews
from desktop.core.scripts.catalogs import ReviewStatus

VALUES = {"worker_name": "Sam", "organisation": "Harbour House", "interpreter_name": "Parisa"}
TRANSLATED = [locale for locale in catalogs.shipped_locales() if locale != catalogs.SOURCE_LOCALE]
BROKEN = {  # what a new user tried: an added name, an unclosed brace, a name silently left out
    "role.1": "Bonjour {client_name}. Je m'appelle {worker_name}. Je travaille pour {organisation}.",
    "role.2": "Je m'appelle {worker_name, je travaille pour {organisation}.",
    "confidentiality.1": "Ce que vous me dites reste avec moi et ma petite équipe.",
}


@pytest.fixture
def broken_catalog(tmp_path, monkeypatch):
    """A copy of the shipped catalogs in tmp_path whose French has three paragraphs with wrong placeholders."""
    from babel.messages.pofile import read_po, write_po

    folder = tmp_path / "scripts"
    shutil.copytree(catalogs.scripts_dir(), folder)
    with (folder / "fr.po").open("rb") as source:
        catalog = read_po(source)
    for message in catalog:
        if message.context in BROKEN:
            message.string = BROKEN[message.context]
    with (folder / "fr.po").open("wb") as out:
        write_po(out, catalog, width=0)
    monkeypatch.setattr(catalogs, "scripts_dir", lambda: folder)
    return folder


def test_a_paragraph_with_wrong_placeholders_falls_back_to_the_english_with_its_reason(broken_catalog):
    script = catalogs.load_script("role", "fr")
    first, second = script.paragraphs[0], script.paragraphs[1]
    for paragraph in (first, second):
        assert paragraph.status is ReviewStatus.UNUSABLE
        assert paragraph.text == paragraph.source and paragraph.locale == "en"
    assert "{client_name}" in first.problem
    assert "{worker_name," in second.problem
    assert first.filled(VALUES) == "Hello. My name is Sam. I work for Harbour House."
    assert "{" not in second.filled(VALUES)
    dropped = catalogs.load_script("confidentiality", "fr").paragraphs[0]
    assert dropped.status is ReviewStatus.UNUSABLE and "Harbour House" in dropped.filled(VALUES)
    assert "{organisation}" in dropped.problem


def test_the_catalog_check_names_each_broken_paragraph_and_why(broken_catalog):
    found = {problem.key: problem for problem in notices.catalog_problems("fr")}
    assert set(found) == set(BROKEN)
    assert "adds {client_name}" in found["role.1"].reason
    assert "broken placeholder" in found["role.2"].reason
    assert "leaves out {organisation}" in found["confidentiality.1"].reason
    assert "“role.1”" in found["role.1"].sentence()


@pytest.mark.parametrize("locale", TRANSLATED)
def test_no_shipped_catalog_has_a_broken_paragraph(locale):
    assert [problem.sentence() for problem in notices.catalog_problems(locale)] == []


def test_the_client_is_told_in_french_when_the_english_is_shown(broken_catalog):
    paragraph = catalogs.load_script("role", "fr").paragraphs[0]
    assert notices.client_notice(paragraph, "fr") == catalogs.translations("fr")["notice.fallback"][0]
    assert "anglais" in notices.client_notice(paragraph, "fr")


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_language_tells_the_client_a_draft_is_a_draft_in_that_language(locale):
    script = catalogs.load_script("consent", locale)
    notes = notices.client_notices(script)
    draft = catalogs.translations(locale)["notice.draft"][0]
    assert draft and draft != dict(catalogs.template())["notice.draft"], "said in the client's language"
    assert notes == [draft] * (1 + len(script.paragraphs))
    assert notices.script_notice(script) == draft


def test_the_english_source_carries_no_notice():
    assert set(notices.client_notices(catalogs.load_script("role", "en"))) == {""}


def test_a_checked_paragraph_tells_the_client_who_checked_it_and_when(db):
    reviews.save_review(db, "fr", "stop.1", checked=True, reviewer=reviews.Reviewer("Amélie Tremblay", "OTTIAQ"),
                        on=date(2026, 12, 2))
    script = reviews.load_reviewed_script(db, "stop", "fr")
    notes = notices.client_notices(script)
    assert notes[1] == "Vérifié par Amélie Tremblay (OTTIAQ), 2 décembre 2026."
    assert notes[2] == catalogs.translations("fr")["notice.draft"][0]
    assert notices.script_notice(script) == ""  # mixed: said under each paragraph instead


def test_notices_are_catalog_entries_but_not_a_script():
    keys = dict(catalogs.template())
    assert {"notice.draft", "notice.fallback", "notice.checked"} <= set(keys)
    assert "notice" not in catalogs.script_ids()
    with pytest.raises(catalogs.ScriptNotFound):
        catalogs.load_script("notice", "fr")
