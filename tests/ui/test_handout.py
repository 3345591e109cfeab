"""The bilingual handout: both languages, the organisation, a contact line, nothing about the client, logged."""

from __future__ import annotations

from html import unescape

import pytest

from desktop.core.scripts import catalogs as scripts
from desktop.exports import handout


def _html(layout: str, client: str = "ar", **values) -> str:
    left, right = scripts.load_script("stop", "en"), scripts.load_script("stop", client)
    return handout.handout_html(left, right, values=values, organisation="Harbour <Outreach>", layout=layout,
                                right_to_left=(False, client in ("ar", "fa")))


def test_side_by_side_puts_each_english_paragraph_beside_its_translation():
    html = _html("side_by_side")
    arabic = scripts.load_script("stop", "ar").paragraphs
    for english, translated in zip(scripts.load_script("stop", "en").paragraphs, arabic, strict=True):
        row_start = html.index(english.text)
        assert html.index(translated.text) > row_start
        assert html.index("</tr>", row_start) > html.index(translated.text)
    assert 'dir="rtl"' in html and 'align="right"' in html


def test_one_after_the_other_gives_all_english_then_all_of_the_translation():
    html = _html("sequential", client="hu")
    english = scripts.load_script("stop", "en").paragraphs
    hungarian = scripts.load_script("stop", "hu").paragraphs
    assert html.index(english[-1].text) < html.index(hungarian[0].text)
    assert 'dir="rtl"' not in html


def test_handout_names_the_organisation_safely_and_leaves_a_line_for_contact_details():
    html = _html("side_by_side")
    assert "Harbour &lt;Outreach&gt;" in html and "<Outreach>" not in html
    assert "Contact details:" in html and "____" in html
    assert "Draft translation" in html


def test_handout_never_carries_a_session_detail_such_as_the_interpreter():
    left, right = scripts.load_script("interpreter", "en"), scripts.load_script("interpreter", "fr")
    html = handout.handout_html(left, right, values={"worker_name": "Sam", "interpreter_name": "Parisa"},
                                organisation="Harbour Outreach", layout="side_by_side")
    assert "Parisa" not in html and "[interpreter's name]" in unescape(html)


def test_unknown_layout_is_refused():
    with pytest.raises(ValueError):
        _html("zigzag")


def test_printing_goes_through_the_gate_and_is_logged(context, tmp_path):
    before = context.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    release = handout.release_handout(
        context.db, scripts.load_script("role", "en"), scripts.load_script("role", "pa_Guru"),
        values={"worker_name": "Sam"}, organisation="Harbour Outreach", worker="Sam", layout="sequential",
        channel="print")
    assert release.channel == "print" and release.client_id is None
    assert context.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before + 1
    handout.write_pdf(release, str(tmp_path / "h.pdf"))
    assert (tmp_path / "h.pdf").stat().st_size > 1000
