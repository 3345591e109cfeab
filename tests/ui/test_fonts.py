"""Fonts for the client's script: bundled Noto fonts load, coverage is checked letter by letter, and a missing
font is named instead of drawing boxes."""

from __future__ import annotations

import pytest

from desktop.ui.scripts import fonts


def test_bundled_fonts_load_once_and_cover_their_scripts(qapp):
    families = fonts.load_bundled_fonts()
    assert {"Noto Sans Gurmukhi", "Noto Sans Devanagari", "Noto Naskh Arabic", "Noto Sans Thai"} <= set(families)
    assert fonts.load_bundled_fonts() == families
    assert fonts.covers("Noto Sans Gurmukhi", "ਪੰਜਾਬੀ")
    assert not fonts.covers("Noto Sans Gurmukhi", "ภาษาไทย")


@pytest.mark.parametrize("locale", ["pa_Guru", "hi", "ar", "fa", "th"])
def test_bundled_scripts_always_have_a_font(qapp, locale):
    choice = fonts.font_for(locale)
    assert choice.family and choice.missing_message == ""


def test_a_script_no_font_covers_is_named_with_the_font_to_install(qapp, monkeypatch):
    monkeypatch.setattr(fonts, "covers", lambda family, text: False)
    choice = fonts.font_for("zh_Hant")
    assert choice.family is None
    assert "install Noto Sans CJK (fonts-noto-cjk)" in choice.missing_message


def test_cjk_is_found_when_installed_or_named_when_not(qapp):
    choice = fonts.font_for("zh_Hans", sample="我们可以停下来")
    assert choice.family or "fonts-noto-cjk" in choice.missing_message
