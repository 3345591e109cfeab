"""The roster importers (CSV and vCard) read files from outside: whatever a file holds, the answer is an import
report or a RosterFileError with a sentence for the worker, never an exception; a refused file imports nothing;
files over the limits are refused before anything is imported, with a message naming the limit."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.interpreters import roster_io
from desktop.core.interpreters.directory import list_interpreters
from desktop.core.interpreters.roster_io import RosterFileError, import_csv, read_roster_file
from desktop.core.interpreters.vcard_import import import_vcard
from desktop.paths import resources_dir
from desktop.ui.widgets.operations import wait_for_running
from tests.reliability.fuzz_inputs import FUZZ, hostile

DEMO_CSV = (resources_dir() / "demo" / "interpreters.csv").read_bytes()
VCARDS = (
    b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Rosa Halimbawa\r\nORG:Pretend Services\r\nGENDER:F\r\nLANG:fil\r\n"
    b"LANG:en\r\nTEL:555-0106\r\nEMAIL:rosa@example.invalid\r\nNOTE:Prefers eve\r\n nings\\, weekdays\r\n"
    b"CATEGORIES:Filipino community,Caregivers\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Omar Beispiel\r\nLANG:ar-SY\r\nGENDER:M\r\nEND:VCARD\r\n"
)
HEADER = b"name,languages,gender,modalities,credential_title,credential_expires_on,active\n"
CELLS = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
TABLES = st.lists(st.lists(CELLS, max_size=8), max_size=6)


def _import(view):
    """Presses Import: the roster is read and stored on a worker thread, then the report shows."""
    view.import_roster()
    wait_for_running()
    return view.last_dialog


def _import_or_refuse(db, importer, data: bytes) -> None:
    """The property every importer holds, checked on one input."""
    before = list_interpreters(db)
    try:
        report = importer(db, data)
    except RosterFileError as error:
        assert str(error).strip(), "a refused file must say why"
        assert error.line is None or error.line >= 1
        assert list_interpreters(db) == before, "a refused file must import nothing"
        return
    assert all(e.line >= 1 and e.message.strip() for e in report.errors)
    assert report.summary()


@pytest.mark.parametrize("importer, valid", [(import_csv, DEMO_CSV), (import_vcard, VCARDS)], ids=["csv", "vcard"])
def test_hostile_roster_files_give_a_report_or_a_clear_refusal(db, importer, valid):
    @FUZZ
    @given(data=hostile(valid))
    def check(data):
        _import_or_refuse(db, importer, data)

    check()


def test_random_tables_under_a_valid_header_give_a_report_or_a_clear_refusal(db):
    """Random cells under a real header reach the row checks (dates, flags, tags) rather than the file checks."""

    @FUZZ
    @given(table=TABLES, raw=st.binary(max_size=200))
    def check(table, raw):
        for importer in (import_csv, import_vcard):
            _import_or_refuse(db, importer, HEADER + "\n".join(",".join(row) for row in table).encode("utf-8"))
            _import_or_refuse(db, importer, HEADER + raw)

    check()


def test_a_file_over_the_size_limit_is_refused_before_reading_naming_the_limit(db, tmp_path):
    big = tmp_path / "roster.csv"
    big.write_bytes(DEMO_CSV + b"x" * roster_io.MAX_FILE_BYTES)
    with pytest.raises(RosterFileError, match="larger than 5 MB") as raised:
        read_roster_file(big)
    assert "Nothing was imported" in str(raised.value)
    for importer in (import_csv, import_vcard):
        with pytest.raises(RosterFileError, match="5 MB"):
            importer(db, big.read_bytes())
    assert list_interpreters(db) == []
    big.write_bytes(DEMO_CSV)
    assert read_roster_file(big) == DEMO_CSV


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_pipe_or_a_folder_is_refused_without_reading(tmp_path):
    pipe = tmp_path / "roster.csv"
    os.mkfifo(pipe)  # opening it would wait for a writer forever
    with pytest.raises(RosterFileError, match="not a file"):
        read_roster_file(pipe)
    with pytest.raises(RosterFileError, match="not a file"):
        read_roster_file(tmp_path)
    with pytest.raises(OSError):
        read_roster_file(tmp_path / "missing.csv")


def test_more_rows_than_the_limit_are_refused_and_nothing_is_imported(db):
    rows = b"".join(b"Person %d,es\n" % number for number in range(roster_io.MAX_ROWS + 1))
    with pytest.raises(RosterFileError, match="more than 5,000 entries") as raised:
        import_csv(db, b"name,languages\n" + rows)
    assert "Nothing was imported" in str(raised.value)
    assert list_interpreters(db) == []


def test_the_row_limit_counts_people_not_blank_lines(db, monkeypatch):
    monkeypatch.setattr(roster_io, "MAX_ROWS", 3)
    report = import_csv(db, b"name,languages\nAna,es\n\n,\nBo,es\n\nCy,es\n")
    assert report.added == 3
    with pytest.raises(RosterFileError, match="more than 3 entries"):
        import_csv(db, b"name,languages\nAna,es\nBo,es\nCy,es\nDi,es\n")
    assert sorted(e.name for e in list_interpreters(db)) == ["Ana", "Bo", "Cy"]


def test_more_cards_than_the_limit_are_refused_and_nothing_is_imported(db, monkeypatch):
    monkeypatch.setattr(roster_io, "MAX_ROWS", 2)
    card = b"BEGIN:VCARD\r\nFN:Person %d\r\nLANG:es\r\nEND:VCARD\r\n"
    assert import_vcard(db, b"".join(card % n for n in range(2))).added == 2
    with pytest.raises(RosterFileError, match="more than 2 entries"):
        import_vcard(db, b"".join(card % n for n in range(10, 13)))
    assert len(list_interpreters(db)) == 2


def test_the_import_screen_says_why_an_oversized_file_was_refused(qtbot, context, tmp_path, monkeypatch):
    from desktop.ui.interpreters import directory_view as screen

    view = screen.InterpretersView(context)
    qtbot.addWidget(view)
    big = tmp_path / "roster.csv"
    big.write_bytes(b"name,languages\n" + b"x" * roster_io.MAX_FILE_BYTES)
    monkeypatch.setattr(screen, "ask_import_path", lambda parent: big)
    monkeypatch.setattr(screen, "show_dialog", lambda dialog: None)
    dialog = _import(view)
    assert "larger than 5 MB" in dialog.problems.item(0).text()
    assert list_interpreters(context.db) == []
