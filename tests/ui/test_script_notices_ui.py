"""What the client sees: the presentation window and the handout say, in the client's language, that a paragraph
is a draft, shown in English, or checked by whom; the side-by-side view says the same per paragraph to the worker;
a broken catalog paragraph never reaches the client with a literal placeholder."""

from __future__ import annotations

from datetime import date
from html import unescape

from PySide6.QtCore import Qt

from desktop.core.scripts import catalogs, reviews
from desktop.exports import handout
from desktop.ui.scripts.script_rows import CHECKED_MARKER, DRAFT_MARKER, UNUSABLE_MARKER
from desktop.ui.scripts.scripts_view import ScriptsView
from tests.core.test_script_notices import broken_catalog  # noqa: F401 - a fixture

AMELIE = reviews.Reviewer("Amélie Tremblay", "OTTIAQ")


def _view(qtbot, context, language: str, script: str) -> ScriptsView:
    view = ScriptsView(context)
    qtbot.addWidget(view)
    view.handle_navigation({"language": language, "script": script})
    return view


def _present(qtbot, view: ScriptsView):
    view.present()
    window = view.presentation
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    return window


def test_the_presentation_tells_the_client_in_persian_that_each_paragraph_is_a_draft(qtbot, context):
    window = _present(qtbot, _view(qtbot, context, "fa", "stop"))
    draft = catalogs.translations("fa")["notice.draft"][0]
    for _step in range(len(window.texts)):
        assert window.notice_label.isVisible() and window.notice_label.text() == draft
        assert window.notice_label.layoutDirection() == Qt.LayoutDirection.RightToLeft
        qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_Escape)


def test_a_checked_paragraph_says_who_checked_it_on_both_screens(qtbot, context):
    reviews.save_review(context.db, "fr", "stop.2", checked=True, reviewer=AMELIE, on=date(2026, 12, 2),
                        text="Vous n'avez pas à dire pourquoi.")
    view = _view(qtbot, context, "fr", "stop")
    cell = view.rows.right_cells[1]
    assert cell.text_label.text() == "Vous n'avez pas à dire pourquoi."
    assert cell.marker_kind == CHECKED_MARKER
    assert cell.marker_label.text().startswith("Checked by Amélie Tremblay (OTTIAQ), ")
    assert view.rows.right_cells[0].marker_kind == DRAFT_MARKER
    assert "1 of 3 paragraphs were checked" in view.review_label.text()
    window = _present(qtbot, view)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.current_text() == "Vous n'avez pas à dire pourquoi."
    assert window.current_notice() == "Vérifié par Amélie Tremblay (OTTIAQ), 2 décembre 2026."
    qtbot.keyClick(window, Qt.Key.Key_Escape)


def test_a_broken_paragraph_reaches_the_client_in_english_with_a_note_never_with_braces(qtbot, context,
                                                                                         broken_catalog):  # noqa: F811
    view = _view(qtbot, context, "fr", "role")
    first = view.rows.right_cells[0]
    assert first.marker_kind == UNUSABLE_MARKER and "{client_name}" in first.marker_label.text()
    assert first.text_label.text().startswith("Hello. My name is")
    window = _present(qtbot, view)
    assert all("{" not in text and "}" not in text for text in window.texts)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.current_notice() == catalogs.translations("fr")["notice.fallback"][0]
    qtbot.keyClick(window, Qt.Key.Key_Escape)


def test_the_handout_tells_the_client_once_when_the_whole_script_is_a_draft():
    left, right = catalogs.load_script("stop", "en"), catalogs.load_script("stop", "vi")
    html = unescape(handout.handout_html(left, right, values={}, organisation="Harbour", layout="side_by_side"))
    assert html.count(catalogs.translations("vi")["notice.draft"][0]) == 1


def test_the_handout_notes_each_paragraph_when_some_were_checked(db):
    reviews.save_review(db, "es", "stop.1", checked=True, reviewer=AMELIE, on=date(2026, 12, 2))
    left, right = catalogs.load_script("stop", "en"), reviews.load_reviewed_script(db, "stop", "es")
    for layout in handout.LAYOUTS:
        html = unescape(handout.handout_html(left, right, values={}, organisation="Harbour", layout=layout))
        assert "Revisado por Amélie Tremblay (OTTIAQ), 2 de diciembre de 2026." in html
        assert html.count(catalogs.translations("es")["notice.draft"][0]) == 3  # the title and two paragraphs
