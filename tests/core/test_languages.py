"""Language tags, names from CLDR, direction, and which shipped catalog serves a client's tag."""

from __future__ import annotations

import pytest

from desktop.core.common import language_search, languages


@pytest.mark.parametrize(("tag", "locale"), [
    ("pa-Guru", "pa_Guru"), ("zh-hant", "zh_Hant"), ("zh-Hans-CN", "zh_Hans_CN"), ("fa", "fa"), ("en_us", "en_US"),
])
def test_tags_become_babel_locales_and_back(tag, locale):
    assert languages.tag_to_locale(tag) == locale
    assert languages.tag_to_locale(languages.locale_to_tag(locale)) == locale


@pytest.mark.parametrize(("tag", "catalog"), [
    ("pa-Guru", "pa_Guru"), ("pa", "pa_Guru"), ("pa-IN", "pa_Guru"),
    ("zh-Hant", "zh_Hant"), ("zh-TW", "zh_Hant"), ("yue", "zh_Hant"), ("zh", "zh_Hans"), ("zh-CN", "zh_Hans"),
    ("tl", "fil"), ("fil", "fil"), ("fr-CA", "fr"), ("ko-KR", "ko"), ("en", "en"),
    ("yue-Hans", "zh_Hans"), ("cmn", "zh_Hans"), ("cmn-Hant-TW", "zh_Hant"), ("prs", "fa"), ("zh-Hant-HK", "zh_Hant"),
])
def test_client_tags_map_to_the_shipped_catalog(tag, catalog):
    assert languages.catalog_for(tag) == catalog
    assert languages.has_catalog(tag)


@pytest.mark.parametrize("tag", ["pa-Arab", "quc", "mam", "ase", "fcs", "ti", "", "xx-nonsense"])
def test_tags_without_a_catalog_in_their_script_have_none(tag):
    assert languages.catalog_for(tag) is None
    assert not languages.has_catalog(tag)


@pytest.mark.parametrize("tag", ["quc", "mam", "ase", "fcs", "iu", "cr"])
def test_mayan_sign_and_indigenous_languages_go_to_a_live_interpreter(tag):
    assert languages.needs_live_interpreter(tag)
    assert languages.describe(tag).needs_live_interpreter


def test_a_shipped_language_does_not_need_a_live_interpreter():
    assert not languages.needs_live_interpreter("pa-Guru")


def test_punjabi_is_named_in_english_and_natively():
    assert languages.describe("pa-Guru", "en").label == "Punjabi — ਪੰਜਾਬੀ"


def test_names_follow_the_workers_language():
    assert languages.display_name("pa-Guru", "fr") == "pendjabi"
    assert languages.display_name("ar", "es") == "árabe"


def test_both_chinese_catalogs_keep_their_script_in_the_name():
    assert languages.display_name("zh-Hant", "en") == "Chinese (Traditional)"
    assert languages.display_name("zh-Hans", "en") == "Chinese (Simplified)"


def test_languages_cldr_lacks_still_have_names():
    assert languages.display_name("mam") == "Mam"
    assert "Sign" in languages.display_name("fcs")


@pytest.mark.parametrize(("tag", "rtl"), [("ar", True), ("fa", True), ("prs", True), ("pa-Arab", True),
                                          ("pa-Guru", False), ("zh-Hans", False), ("mam", False)])
def test_direction_comes_from_cldr(tag, rtl):
    assert languages.is_right_to_left(tag) is rtl


def test_search_finds_a_language_by_either_name_without_accents_or_case():
    offered = languages.client_languages("en")
    assert [lang.tag for lang in language_search.search("punj", offered)] == ["pa-Guru"]
    assert [lang.tag for lang in language_search.search("ਪੰਜਾ", offered)] == ["pa-Guru"]
    assert "quc" in [lang.tag for lang in language_search.search("kiche", offered)]
    assert "fa" in [lang.tag for lang in language_search.search("فارسی", offered)]


def test_client_picker_offers_every_catalog_and_the_interpreter_only_languages():
    tags = {lang.tag for lang in languages.client_languages("en")}
    assert {"pa-Guru", "zh-Hant", "ar", "fa", "yue", "prs", "quc", "mam", "ase", "fcs"} <= tags


def test_worker_picker_offers_only_shipped_catalogs():
    assert all(lang.catalog for lang in languages.worker_languages("en"))


def test_warming_up_the_language_names_works_in_every_ui_language() -> None:
    from desktop.core.common.languages import client_languages, warm_up
    from desktop.i18n import available_ui_locales

    for locale in available_ui_locales():
        warm_up(locale)
        assert len(client_languages(locale)) > 30


# -- one parser of language tags (Babel's parse_locale) ----------------------------------------------------------

@pytest.mark.parametrize(("typed", "tag"), [
    ("PA_guru", "pa-Guru"), ("zh-hant-tw", "zh-Hant-TW"), ("YUE", "yue"), ("es-419", "es-419"),
    ("ca-es-VALENCIA", "ca-ES-valencia"), (" es-mx ", "es-MX"),
])
def test_every_module_reads_a_tag_the_same_way(typed, tag):
    from desktop.core.common.language_tags import normalise_tag
    from desktop.core.common.languages import tag_to_locale
    from desktop.core.records.clients import normalise_language_tag

    assert normalise_tag(typed) == normalise_language_tag(typed) == tag
    assert tag_to_locale(typed) == tag.replace("-", "_")


@pytest.mark.parametrize("text", ["Spanish", "x", "e1", "", "es--MX", "123"])
def test_text_that_is_not_a_tag_is_refused_everywhere(text):
    from desktop.core.common.language_tags import is_language_tag
    from desktop.core.common.languages import tag_to_locale

    assert not is_language_tag(text)
    assert tag_to_locale(text) == ""


def test_no_module_but_language_tags_splits_a_tag_by_hand():
    """Four hand-written parsers (languages twice, clients, matching) had drifted: one place now, on Babel."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "desktop"
    hand_split = re.compile(r"""replace\("_", "-"\)\.(?:strip\(\)\.)?split\("-"\)""")
    offenders = [str(path.relative_to(root)) for path in root.rglob("*.py") if hand_split.search(path.read_text())]
    assert offenders == []


def test_a_persons_languages_are_checked_one_way_for_clients_interpreters_and_the_worker(db):
    """One helper (language_tags.checked_tags) for the lists clients, the directory and the work profile keep:
    each tag normalised and kept once, blanks dropped, and one sentence for a text that is not a tag, with
    nothing stored."""
    from desktop.core.common.language_tags import InvalidLanguageTag, checked_tags
    from desktop.core.interpreters.directory import (
        Interpreter,
        InterpreterInvalid,
        get_interpreter,
        list_interpreters,
        save_interpreter,
    )
    from desktop.core.profile import work_profile
    from desktop.core.records import clients

    typed = ["ES_mx", " ", "yue", "es-MX", "PA_guru"]
    assert checked_tags(typed) == ["es-MX", "yue", "pa-Guru"]
    with pytest.raises(InvalidLanguageTag):
        checked_tags(["yue", "Spanish"])
    assert clients.create_client(db, "Ana", languages=typed).languages == ["es-MX", "yue", "pa-Guru"]
    saved = save_interpreter(db, Interpreter(name="Bo", languages=typed))
    assert get_interpreter(db, saved.id).languages == ["es-MX", "yue", "pa-Guru"]
    assert work_profile.set_frequent_languages(db, typed) == ["es-MX", "yue", "pa-Guru"]

    sentence = "“Spanish” is not a language code. Use codes such as yue, pa-Guru or zh-Hant."
    with pytest.raises(clients.InvalidClient) as client_error:
        clients.create_client(db, "Cy", languages=["yue", "Spanish"])
    with pytest.raises(InterpreterInvalid) as interpreter_error:
        save_interpreter(db, Interpreter(name="Di", languages=["yue", "Spanish"]))
    with pytest.raises(work_profile.ProfileInvalid) as profile_error:
        work_profile.set_frequent_languages(db, ["yue", "Spanish"])
    assert str(client_error.value) == str(interpreter_error.value) == str(profile_error.value) == sentence
    assert [c.first_name for c in clients.list_clients(db)] == ["Ana"]
    assert [i.name for i in list_interpreters(db)] == ["Bo"]
    assert work_profile.frequent_languages(db) == ["es-MX", "yue", "pa-Guru"]
