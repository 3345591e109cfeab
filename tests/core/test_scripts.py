"""Loading scripts: review status per paragraph, the source as fallback, alignment, and safe placeholders."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.scripts import catalogs as scripts
from desktop.core.scripts.catalogs import ReviewStatus

PARTIAL_PO = '''msgid ""
msgstr ""
"Language: xx\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"X-Reviewed-By: Dana Reviewer\\n"
"X-Reviewed-Date: 2026-11-01\\n"

msgctxt "stop.title"
msgid "We can stop"
msgstr "XX stop"

#, fuzzy
msgctxt "stop.1"
msgid "We can take a break now, or stop for today."
msgstr "XX break"

msgctxt "stop.2"
msgid "You do not have to explain why."
msgstr ""
'''


@pytest.fixture
def partial_catalogs(tmp_path, monkeypatch):
    folder = tmp_path / "scripts"
    folder.mkdir()
    for name in ("scripts.pot", "en.po"):
        shutil.copy(scripts.scripts_dir() / name, folder / name)
    (folder / "xx.po").write_text(PARTIAL_PO, encoding="utf-8")
    monkeypatch.setattr(scripts, "scripts_dir", lambda: folder)
    return folder


def test_each_paragraph_says_whether_it_was_checked(partial_catalogs):
    script = scripts.load_script("stop", "xx")
    assert script.title.status is ReviewStatus.CHECKED
    assert [p.status for p in script.paragraphs] == [ReviewStatus.DRAFT, ReviewStatus.MISSING, ReviewStatus.MISSING]


def test_a_missing_paragraph_shows_the_english_source_never_a_blank(partial_catalogs):
    script = scripts.load_script("stop", "xx")
    missing = script.paragraphs[1]
    assert missing.text == "You do not have to explain why." and missing.locale == "en"
    assert all(p.text.strip() for p in script.paragraphs)


def test_review_header_names_the_checker(partial_catalogs):
    assert scripts.review("xx") == scripts.Review("Dana Reviewer", "2026-11-01")


def test_a_translated_catalog_keeps_its_fuzzy_drafts():
    script = scripts.load_script("role", "ar")
    assert all(p.status is ReviewStatus.DRAFT for p in script.paragraphs)
    assert all(p.text != p.source for p in script.paragraphs)


def test_alignment_pairs_rows_by_paragraph_number():
    rows = scripts.align(scripts.load_script("interpreter", "en"), scripts.load_script("interpreter", "fa"))
    assert [row.number for row in rows] == list(range(1, len(rows) + 1))
    assert all(row.left.key == row.right.key for row in rows)


def test_aligning_two_different_scripts_is_refused():
    with pytest.raises(ValueError):
        scripts.align(scripts.load_script("role", "en"), scripts.load_script("stop", "en"))


def test_unknown_script_or_language_says_so():
    with pytest.raises(scripts.ScriptNotFound):
        scripts.load_script("nonsense", "en")
    with pytest.raises(scripts.ScriptNotFound):
        scripts.load_script("role", "tlh")


def test_placeholders_are_filled_and_gaps_stay_visible():
    text = "This is {interpreter_name}. I am {worker_name}. {unknown}"
    filled = scripts.fill_placeholders(text, {"worker_name": "Sam", "interpreter_name": ""})
    assert filled == "This is [interpreter's name]. I am Sam. {unknown}"


def test_a_value_with_braces_is_not_formatted_again():
    assert scripts.fill_placeholders("I am {worker_name}.", {"worker_name": "{organisation}"}) == "I am {organisation}."


@given(st.text(), st.dictionaries(st.sampled_from(sorted(scripts.PLACEHOLDER_LABELS)), st.text()))
def test_filling_never_raises_whatever_the_translation_holds(text, values):
    assert isinstance(scripts.fill_placeholders(text, values), str)
