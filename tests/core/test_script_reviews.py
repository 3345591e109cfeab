"""The review store: a qualified translator checks, corrects and annotates script paragraphs, one language at a
time; reviews go stale when the English changes; reviewed catalogs go out and come in as standard .po files."""

from __future__ import annotations

import io
from datetime import date

import pytest
from babel.messages.pofile import read_po
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.scripts import catalogs, reviews
from desktop.core.scripts.catalogs import ReviewStatus
from desktop.core.scripts.reviews import Reviewer, ReviewInvalid

REVIEWER = Reviewer("Amélie Tremblay", "Certified translator (OTTIAQ)")
DAY = date(2026, 12, 2)


def _source(key: str) -> str:
    return dict(catalogs.template())[key]


def test_a_checked_paragraph_names_who_checked_it_and_when(db):
    reviews.save_review(db, "fr", "role.3", checked=True, reviewer=REVIEWER, back_translation="I do not work for "
                        "the police.", note="Register fine.", on=DAY)
    script = reviews.load_reviewed_script(db, "role", "fr")
    paragraph = next(p for p in script.paragraphs if p.key == "role.3")
    assert paragraph.status is ReviewStatus.CHECKED
    assert paragraph.checked_by == catalogs.CheckedBy(REVIEWER.name, REVIEWER.credential, DAY)
    assert paragraph.text == catalogs.translations("fr")["role.3"][0]  # no correction: the draft's words stand
    others = [p for p in script.paragraphs if p.key != "role.3"]
    assert all(p.status is ReviewStatus.DRAFT and p.checked_by is None for p in others)
    stored = reviews.reviews_for(db, "fr")["role.3"]
    assert (stored.back_translation, stored.note, stored.stale) == ("I do not work for the police.", "Register fine.",
                                                                    False)


def test_a_correction_replaces_the_draft_words(db):
    reviews.save_review(db, "fr", "stop.3", checked=True, reviewer=REVIEWER,
                        text="Nous pouvons nous revoir un autre jour. Nous serons encore là.", on=DAY)
    [paragraph] = [p for p in reviews.load_reviewed_script(db, "stop", "fr").paragraphs if p.key == "stop.3"]
    assert paragraph.text == "Nous pouvons nous revoir un autre jour. Nous serons encore là."


def test_an_unchecked_correction_stays_a_draft(db):
    reviews.save_review(db, "fr", "stop.2", checked=False, reviewer=REVIEWER, text="Pas besoin de dire pourquoi.")
    [paragraph] = [p for p in reviews.load_reviewed_script(db, "stop", "fr").paragraphs if p.key == "stop.2"]
    assert (paragraph.text, paragraph.status, paragraph.checked_by) == ("Pas besoin de dire pourquoi.",
                                                                       ReviewStatus.DRAFT, None)


@pytest.mark.parametrize("text, words", [
    ("Bonjour. Je m'appelle {worker_name}.", "{organisation}"),                                # one left out
    ("Bonjour {client_name}. Je m'appelle {worker_name}. Je travaille pour {organisation}.", "{client_name}"),
    ("Bonjour. Je m'appelle {worker_name. Je travaille pour {organisation}.", "{worker_name."),  # unclosed
])
def test_a_correction_with_a_wrong_placeholder_is_refused_and_nothing_changes(db, text, words):
    with pytest.raises(ReviewInvalid, match="role.1") as refused:
        reviews.save_review(db, "fr", "role.1", checked=True, reviewer=REVIEWER, text=text)
    assert words in str(refused.value)
    assert reviews.reviews_for(db, "fr") == {}


def test_a_review_needs_a_reviewer_a_real_paragraph_and_a_translated_language(db):
    with pytest.raises(ReviewInvalid, match="name"):
        reviews.save_review(db, "fr", "role.1", checked=True, reviewer=Reviewer("  "))
    with pytest.raises(ReviewInvalid, match="role.99"):
        reviews.save_review(db, "fr", "role.99", checked=True, reviewer=REVIEWER)
    with pytest.raises(ReviewInvalid, match="English"):
        reviews.save_review(db, "en", "role.1", checked=True, reviewer=REVIEWER)
    with pytest.raises(ReviewInvalid):
        reviews.save_review(db, "xx", "role.1", checked=True, reviewer=REVIEWER)
    assert db.execute("SELECT count(*) FROM script_reviews").fetchone()[0] == 0


def test_a_review_goes_stale_when_the_english_changes(db):
    reviews.save_review(db, "fr", "stop.3", checked=True, reviewer=REVIEWER, on=DAY)
    db.execute("UPDATE script_reviews SET source_revision = ? WHERE context = 'stop.3'",
               [reviews.source_revision("We can meet again another day. I will still be here.")])  # an older English
    stored = reviews.reviews_for(db, "fr")["stop.3"]
    assert stored.stale
    [paragraph] = [p for p in reviews.load_reviewed_script(db, "stop", "fr").paragraphs if p.key == "stop.3"]
    assert paragraph.status is ReviewStatus.DRAFT and paragraph.checked_by is None


def test_clearing_a_review_makes_the_paragraph_a_draft_again(db):
    reviews.save_review(db, "fr", "stop.1", checked=True, reviewer=REVIEWER)
    reviews.clear_review(db, "fr", "stop.1")
    assert reviews.reviews_for(db, "fr") == {}


def _read(po: bytes):
    return read_po(io.BytesIO(po))


def test_export_clears_fuzzy_only_on_checked_paragraphs_and_names_the_reviewer(db):
    reviews.save_review(db, "fr", "stop.3", checked=True, reviewer=REVIEWER, on=DAY,
                        text="Nous pouvons nous revoir un autre jour. Nous serons encore là.",
                        back_translation="We can meet again another day. We will still be there.", note="« Nous »")
    reviews.save_review(db, "fr", "stop.2", checked=False, reviewer=REVIEWER, note="Not sure yet.")
    po = reviews.export_po(db, "fr")
    catalog = _read(po)
    by_key = {m.context: m for m in catalog if m.id}
    assert set(by_key) == {key for key, _source in catalogs.template()}
    assert [key for key, m in by_key.items() if not m.fuzzy] == ["stop.3"]
    assert by_key["stop.3"].string == "Nous pouvons nous revoir un autre jour. Nous serons encore là."
    assert "Reviewer: Amélie Tremblay" in by_key["stop.3"].user_comments
    assert "Back-translation: We can meet again another day. We will still be there." in by_key["stop.3"].user_comments
    assert "Checked: 2026-12-02" in by_key["stop.3"].user_comments
    assert "python-brace-format" in by_key["role.1"].flags
    head = po.decode("utf-8").split("\n\n", 1)[0]
    assert '"X-Reviewed-By: Amélie Tremblay\\n"' in head
    assert '"X-Reviewed-Date: 2026-12-02\\n"' in head
    assert str(catalog.locale) == "fr"


def test_msgfmt_accepts_the_exported_catalog(db, tmp_path):
    """GNU msgfmt --check is what Poedit runs on save; Weblate reads the same format."""
    import shutil
    import subprocess
    if shutil.which("msgfmt") is None:
        pytest.skip("gettext's msgfmt is not installed")
    reviews.save_review(db, "ar", "role.1", checked=True, reviewer=REVIEWER, on=DAY)
    path = tmp_path / "ar.po"
    path.write_bytes(reviews.export_po(db, "ar"))
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_an_exported_catalog_imports_into_another_vault_unchanged(db, tmp_path):
    from desktop.core.vault.vault import Vault
    from tests.conftest import TEST_COST, TEST_PASSPHRASE
    reviews.save_review(db, "fr", "stop.3", checked=True, reviewer=REVIEWER, on=DAY,
                        text="Nous pouvons nous revoir un autre jour. Nous serons encore là.",
                        back_translation="line one\nline two", note="A note.")
    po = reviews.export_po(db, "fr")
    other, _recovery = Vault.create(tmp_path / "other", TEST_PASSPHRASE, cost=TEST_COST)
    try:
        summary = reviews.import_po(other.db, "fr", po)
        assert summary == reviews.ImportSummary(checked=1, corrected=1, stale=0)
        assert reviews.reviews_for(other.db, "fr") == reviews.reviews_for(db, "fr")
    finally:
        other.lock()


def _po(entries: str, header: str = "") -> bytes:
    return ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n' + header
            + "\n" + entries).encode("utf-8")


def test_import_from_poedit_counts_an_unflagged_paragraph_as_checked(db):
    entry = f'msgctxt "stop.1"\nmsgid "{_source("stop.1")}"\nmsgstr "Nous pouvons faire une pause."\n'
    summary = reviews.import_po(db, "fr", _po(entry, '"X-Reviewed-By: Jo Tran\\n"\n"X-Reviewed-Date: 2026-11-30\\n"\n'))
    assert summary.checked == 1
    stored = reviews.reviews_for(db, "fr")["stop.1"]
    assert (stored.reviewer.name, stored.reviewed_on, stored.text) == ("Jo Tran", date(2026, 11, 30),
                                                                       "Nous pouvons faire une pause.")


def test_import_refuses_broken_placeholders_naming_the_paragraph_and_stores_nothing(db):
    good = f'msgctxt "stop.1"\nmsgid "{_source("stop.1")}"\nmsgstr "Pause."\n\n'
    broken = (f'msgctxt "role.1"\nmsgid "{_source("role.1")}"\n'
              'msgstr "Bonjour {client_name}. Je suis {worker_name. Je travaille ici."\n')
    with pytest.raises(ReviewInvalid) as refused:
        reviews.import_po(db, "fr", _po(good + broken), reviewer=REVIEWER)
    message = str(refused.value)
    assert "role.1" in message and "Nothing was imported" in message
    assert reviews.reviews_for(db, "fr") == {}


@pytest.mark.parametrize("data, words", [
    (b"\xff\xfe garbage {", "cannot be read"),
    (_po("").replace(b"Language: fr", b"Language: es"), "not for"),
])
def test_import_refuses_a_damaged_file_or_another_language(db, data, words):
    with pytest.raises(ReviewInvalid, match=words):
        reviews.import_po(db, "fr", data, reviewer=REVIEWER)


def test_import_without_any_reviewer_asks_for_one(db):
    entry = f'msgctxt "stop.1"\nmsgid "{_source("stop.1")}"\nmsgstr "Pause."\n'
    with pytest.raises(ReviewInvalid, match="who checked"):
        reviews.import_po(db, "fr", _po(entry))
    assert reviews.reviews_for(db, "fr") == {}


def test_import_of_a_paragraph_translated_from_an_older_english_is_kept_stale(db):
    entry = 'msgctxt "stop.3"\nmsgid "We can meet again another day. I will still be here."\nmsgstr "À bientôt."\n'
    summary = reviews.import_po(db, "fr", _po(entry), reviewer=REVIEWER)
    assert summary.stale == 1
    assert reviews.reviews_for(db, "fr")["stop.3"].stale


def test_import_refuses_a_file_too_large_to_be_a_catalog(db):
    with pytest.raises(ReviewInvalid, match="too large"):
        reviews.import_po(db, "fr", b"#" * (reviews.MAX_PO_BYTES + 1), reviewer=REVIEWER)


_PO_LINES = st.sampled_from([
    'msgid ""', 'msgstr ""', '"Language: fr\\n"', '"Plural-Forms: nplurals=x; plural=((;\\n"', '#, fuzzy',
    'msgctxt "role.1"', 'msgctxt "stop.1"', 'msgid "Hello. My name is {worker_name}. I work for {organisation}."',
    'msgstr "Bonjour {worker_name} {organisation}"', 'msgstr "{client_name"', 'msgstr[0] "x"', '# Reviewer: Jo',
    '# Checked: 2026-13-45', 'msgid_plural "p"', '"unterminated', "\x00", "",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_PO_LINES, max_size=14))
def test_import_never_fails_other_than_with_a_sentence(db, lines):
    before = reviews.reviews_for(db, "fr")
    try:
        reviews.import_po(db, "fr", "\n".join(lines).encode("utf-8"), reviewer=REVIEWER)
    except ReviewInvalid as refused:
        assert str(refused)
        assert reviews.reviews_for(db, "fr") == before
