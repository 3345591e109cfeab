"""Every CSV Harbour writes (the roster export, a client's CSV export, the supervisor's audit log) goes through
desktop/core/common/safe_csv.py: whatever text a worker or an imported file put in a field, no cell of the written file
starts with a character a spreadsheet runs as a formula (= + - @, tab, carriage return, NUL), and removing the
neutralising apostrophe gives the text back exactly."""

from __future__ import annotations

import csv
import io
import itertools

from hypothesis import assume, given
from hypothesis import strategies as st

from desktop.core.common.safe_csv import FORMULA_STARTS, NEUTRALISER, csv_text, neutralise, unneutralise
from desktop.core.consent import audit, audit_export
from desktop.core.consent import consents as consent
from desktop.core.consent import gate as egress
from desktop.core.interpreters.directory import Interpreter, InterpreterInvalid, find_by_key, save_interpreter
from desktop.core.interpreters.roster_io import export_csv, import_csv
from desktop.core.records import clients
from desktop.exports import csv_export
from tests.reliability.fuzz_inputs import FUZZ

FORMULA_TEXT = st.tuples(st.sampled_from(FORMULA_STARTS + ("'", "''", "' ", " ", "")), st.text(max_size=30)).map(
    "".join)
TEXT = st.one_of(FORMULA_TEXT, st.text(max_size=40),
                 st.sampled_from(["=HYPERLINK(\"http://x\",\"y\")", "=cmd|' /C calc'!A0", "@SUM(A1:A9)", "+1 604",
                                  "-2+3", "'=already", "\t=x", "\r=x", "\0=x", "a\r\nb", "\"quoted\", too"]))
_unique = itertools.count()


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _assert_safe(text: str) -> list[list[str]]:
    rows = _cells(text)
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), f"formula cell written: {cell!r}"
    return rows


@FUZZ
@given(value=TEXT)
def test_neutralise_leaves_no_formula_start_and_is_undone_exactly(value):
    written = neutralise(value)
    assert not written.startswith(FORMULA_STARTS)
    assert unneutralise(written) == value
    assert written == value or written == NEUTRALISER + value
    assert _cells(csv_text([[value, 7, None]])) == [[written, "7", ""]]


def test_the_roster_export_neutralises_and_reads_back_unchanged(db):
    @FUZZ
    @given(values=st.lists(TEXT, min_size=4, max_size=4))
    def check(values):
        name, agency, phone, feedback = values
        entry = Interpreter(name=name, agency=agency, phone=phone, feedback=feedback, languages=["es"],
                            roster_key=f"fuzz-{next(_unique)}")
        try:
            save_interpreter(db, entry)
        except InterpreterInvalid:
            assume(False)
        stored = find_by_key(db, entry.roster_key)
        text = export_csv(db)
        rows = _assert_safe(text)
        header = rows[0]
        row = next(r for r in rows[1:] if r[header.index("key")] == entry.roster_key)
        for column in ("name", "agency", "phone"):
            assert unneutralise(row[header.index(column)]) == getattr(stored, column)
        assert "feedback" not in header  # free text that can name a client stays in Harbour (issue 16)
        if all(value == value.strip() for value in values):  # the import trims cells a spreadsheet padded
            report = import_csv(db, text.encode("utf-8"))
            assert report.errors == [] and report.added == 0
            assert find_by_key(db, entry.roster_key) == stored

    check()


def test_client_csv_and_supervisor_csv_neutralise_every_cell(db):
    @FUZZ
    @given(first_name=TEXT, contact=TEXT, recipient=TEXT, purpose=TEXT)
    def check(first_name, contact, recipient, purpose):
        assume(first_name.strip() and recipient.strip() and purpose.strip())
        try:
            client = clients.create_client(db, first_name, safe_contact=contact, languages=["es"])
            consent.record_consent(db, client_id=client.id, purpose=purpose, recipient=recipient,
                                   categories=("first_name", "contact_details"), method="written_signed",
                                   recorded_by="Sam")
            release = egress.release(db, client_id=client.id, recipient=recipient, purpose=purpose,
                                     categories=("first_name", "contact_details"), channel="file_csv", worker="Sam")
        except (clients.ClientError, consent.ConsentInvalid, egress.EgressError):
            assume(False)
        rows = _assert_safe(csv_export.csv_text(release))
        assert [unneutralise(cell) for cell in rows[1]] == [release.fields["first_name"],
                                                            release.fields["contact_details"]]
        items = audit.entries(db)
        rows = _assert_safe(audit_export.supervisor_csv(db, items))
        header, last = rows[0], next(row for row in rows if row and row[0] == str(items[-1].seq))
        hide = audit_export.name_hider(db)  # clients' first names typed into free text become "[client]"
        assert unneutralise(last[header.index("recipient")]) == hide(items[-1].recipient)
        assert unneutralise(last[header.index("purpose")]) == hide(items[-1].purpose)

    check()


def test_a_formula_typed_as_a_name_is_written_as_text_in_the_exported_file(db, tmp_path):
    client = clients.create_client(db, "=HYPERLINK(\"http://x\")", safe_contact="@home", languages=["es"])
    consent.record_consent(db, client_id=client.id, purpose="-shelter", recipient="+Safe Haven",
                           categories=("first_name", "contact_details"), method="written_signed", recorded_by="Sam")
    release = egress.release(db, client_id=client.id, recipient="+Safe Haven", purpose="-shelter",
                             categories=("first_name", "contact_details"), channel="file_csv", worker="Sam")
    written = csv_export.write_csv(release, tmp_path / "client.csv").read_text(encoding="utf-8-sig")
    assert _cells(written)[1] == ["'=HYPERLINK(\"http://x\")", "'@home"]
    supervisor = [row for row in _cells(audit_export.supervisor_csv(db, audit.entries(db))) if row and row[0] == "1"]
    assert "'+Safe Haven" in supervisor[-1] and "'-shelter" in supervisor[-1]


def test_no_module_writes_csv_but_safe_csv():
    """A new CSV export must go through safe_csv.csv_text, or its cells are not neutralised."""
    from desktop.paths import _PACKAGE

    writers = [str(path.relative_to(_PACKAGE.parent)) for path in _PACKAGE.rglob("*.py")
               if path.name != "safe_csv.py" and any(call in path.read_text(encoding="utf-8")
                                                     for call in ("csv.writer(", "csv.DictWriter(", "writerow("))]
    assert writers == [], "write CSV with desktop.core.common.safe_csv.csv_text"
