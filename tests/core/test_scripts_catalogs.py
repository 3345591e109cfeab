"""The shipped script catalogs: complete, honest about review, same placeholders, no labels for the person, and
English plain enough to read aloud (Flesch-Kincaid grade, computed here, no network service)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from desktop.core.scripts import catalogs as scripts

FORBIDDEN_DIR = Path(__file__).resolve().parent.parent / "data" / "forbidden_words"
REQUIRED = {"en", "fr", "es", "zh_Hans", "zh_Hant", "fil", "pa_Guru", "ko", "vi", "th", "hi", "uk", "ru", "ar", "fa",
            "hu"}
TRANSLATED = [locale for locale in scripts.shipped_locales() if locale != scripts.SOURCE_LOCALE]


def _catalog(locale: str):
    with (scripts.scripts_dir() / f"{locale}.po").open("rb") as source:
        return read_po(source)


def _template_keys() -> list[str]:
    with (scripts.scripts_dir() / "scripts.pot").open("rb") as source:
        return [message.context for message in read_po(source) if message.id]


def test_every_required_language_ships_a_catalog():
    assert set(scripts.shipped_locales()) >= REQUIRED


def test_every_script_is_in_the_template():
    assert scripts.script_ids() == ["role", "confidentiality", "interpreter", "consent", "stop"]


@pytest.mark.parametrize("locale", scripts.shipped_locales())
def test_catalog_translates_every_paragraph_of_the_template(locale):
    catalog = _catalog(locale)
    translated = {message.context: message.string for message in catalog if message.id}
    missing = [key for key in _template_keys() if not (translated.get(key) or "").strip()]
    assert missing == []


@pytest.mark.parametrize("locale", TRANSLATED)
def test_unreviewed_catalog_marks_every_paragraph_fuzzy(locale):
    review = scripts.review(locale)
    not_fuzzy = [message.context for message in _catalog(locale) if message.id and not message.fuzzy]
    if review.reviewer is None:
        assert not_fuzzy == [], "nobody has checked this catalog, so every paragraph must be flagged fuzzy"
    else:
        assert review.date, "a checked catalog says when it was checked"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_catalog_header_says_who_checked_it(locale):
    header = (scripts.scripts_dir() / f"{locale}.po").read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert '"X-Reviewed-By:' in header and '"X-Reviewed-Date:' in header


def test_source_catalog_says_it_is_the_source():
    assert scripts.review("en").reviewer == "source text"


@pytest.mark.parametrize("locale", scripts.shipped_locales())
def test_translation_keeps_exactly_the_source_placeholders(locale):
    wrong = {
        message.context: (sorted(scripts.placeholders(message.id)), sorted(scripts.placeholders(message.string)))
        for message in _catalog(locale)
        if message.id and scripts.placeholders(message.id) != scripts.placeholders(message.string)
    }
    assert wrong == {}


def _forbidden(locale: str) -> list[str]:
    path = FORBIDDEN_DIR / f"{locale}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip().casefold() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@pytest.mark.parametrize("locale", scripts.shipped_locales())
def test_every_shipped_language_has_a_forbidden_word_list(locale):
    assert len(_forbidden(locale)) >= 3


@pytest.mark.parametrize("locale", scripts.shipped_locales())
def test_no_paragraph_names_the_person_a_victim_or_trafficked(locale):
    words = _forbidden(locale)
    hits = [
        (message.context, word)
        for message in _catalog(locale) if message.id
        for word in words if word in (message.string or "").casefold()
    ]
    assert hits == []


def test_forbidden_word_check_would_catch_a_bad_paragraph():
    assert any(word in "you may be a victim of trafficking" for word in _forbidden("en"))


def _syllables(word: str) -> int:
    """A rough English syllable count: vowel groups, minus a silent final 'e', at least one."""
    word = word.lower()
    groups = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1
    return max(1, groups)


def flesch_kincaid_grade(text: str) -> float:
    text = re.sub(r"\{[a-z_]+\}", "Sam", text)
    sentences = max(1, len(re.findall(r"[.!?]+(?:\s|$)", text)))
    words = re.findall(r"[A-Za-z']+", text)
    syllables = sum(_syllables(word) for word in words)
    return 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59


def test_reading_level_formula_ranks_plain_text_below_jargon():
    plain = "You can stop at any time. Just tell me."
    jargon = "Confidentiality obligations notwithstanding, mandatory disclosure requirements necessitate notification."
    assert flesch_kincaid_grade(plain) < 3 < 12 < flesch_kincaid_grade(jargon)


@pytest.mark.parametrize("script_id", scripts.script_ids())
def test_english_source_reads_at_about_grade_six(script_id):
    script = scripts.load_script(script_id, "en")
    grade = flesch_kincaid_grade(" ".join(p.text for p in script.paragraphs))
    assert grade <= 7.0, f"{script_id} reads at grade {grade:.1f}"
