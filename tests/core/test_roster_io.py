import csv
import io

import pytest

from desktop.core.common.safe_csv import neutralise
from desktop.core.interpreters.directory import list_interpreters
from desktop.core.interpreters.roster_io import (
    EXPORT_COLUMNS,
    RosterFileError,
    export_csv,
    import_csv,
)
from desktop.core.interpreters.vcard_import import import_vcard
from desktop.paths import resources_dir

HEADER = "name,agency,languages,gender,modalities,credential_title,credential_level,credential_expires_on\n"


def _csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode("utf-8")


def test_demo_roster_imports_cleanly_and_twice_does_not_duplicate(db):
    data = (resources_dir() / "demo" / "interpreters.csv").read_bytes()
    first = import_csv(db, data)
    assert first.errors == [] and 10 <= first.added <= 14
    second = import_csv(db, data)
    assert second.added == 0 and second.updated == 0 and second.unchanged == first.added
    assert len(list_interpreters(db)) == first.added


def test_bad_rows_are_reported_with_line_numbers_and_good_rows_still_land(db):
    report = import_csv(db, _csv(
        "Ana Example,,es-MX,female,phone,Certified Medical Interpreter,certified,2027-01-01",
        ",,es,female,phone,,,",                                 # line 3: no name
        "Bo Example,,not a tag,male,phone,,,",                   # line 4: bad language
        "Cy Example,,ko,robot,phone,,,",                         # line 5: bad gender
        "Di Example,,hu,female,phone,Certified,certified,31/12/2027",  # line 6: bad date
        "Ed Example,,uk,male,video,,,",
    ))
    assert report.added == 2
    assert [e.line for e in report.errors] == [3, 4, 5, 6]
    assert "Line 6" in str(report.errors[3]) and "YYYY-MM-DD" in str(report.errors[3])
    assert sorted(e.name for e in list_interpreters(db)) == ["Ana Example", "Ed Example"]


def test_line_numbers_count_multiline_quoted_cells(db):
    report = import_csv(db, _csv('"Ana\nExample",,es,female,phone,,,', "Bo,,zz zz,male,phone,,,"))
    assert [e.line for e in report.errors] == [4]


def test_second_row_with_same_person_adds_a_credential(db):
    import_csv(db, _csv("Ana Example,,es,female,phone,Certified Medical Interpreter,certified,2027-01-01",
                        "Ana Example,,es,female,phone,Certified Court Interpreter,certified,2028-01-01"))
    assert len(list_interpreters(db)[0].credentials) == 2



def test_repeated_person_with_other_details_is_warned(db):
    report = import_csv(db, _csv("Ana Example,,es,female,phone,Certified A,certified,2027-01-01",
                                 "Ana Example,,es,female,video,Certified B,certified,2028-01-01"))
    assert report.warnings and "Line 3 repeats Ana Example" in report.warnings[0]
    assert list_interpreters(db)[0].modalities == ["phone"]


def test_reimport_with_a_change_updates_instead_of_adding(db):
    import_csv(db, _csv("Ana Example,,es,female,phone,,,"))
    report = import_csv(db, _csv("ANA  example,,es; en,female,phone,,,"))
    assert report.updated == 1 and report.added == 0
    assert list_interpreters(db)[0].languages == ["es", "en"]


def test_huge_field_is_refused_with_an_error_not_cut(db):
    report = import_csv(db, _csv("Ana Example,,es,female,phone,,,", "Bo," + "x" * 5000 + ",ko,male,phone,,,"))
    assert report.added == 1
    assert report.errors[0].line == 3 and "longer than" in report.errors[0].message


def test_field_beyond_the_csv_module_limit_is_a_row_error(db):
    giant = '"' + "y" * 200_000 + '"'
    report = import_csv(db, _csv("Bo," + giant + ",ko,male,phone,,,", "Ana Example,,es,female,phone,,,"))
    assert report.errors and report.errors[0].line == 2
    assert [e.name for e in list_interpreters(db)] == ["Ana Example"]


def test_utf8_with_bom_is_read(db):
    report = import_csv(db, b"\xef\xbb\xbf" + _csv("Zoë Exemple,,fr,female,phone,,,"))
    assert report.added == 1 and list_interpreters(db)[0].name == "Zoë Exemple"


@pytest.mark.parametrize("data, line", [
    (_csv("Ana Example,,es,female,phone,,,").replace(b"Ana", "Zoë".encode("latin-1")), 2),
    ("name,languages\nA,es\nB,es\nJosé,es\n".encode("cp1252"), 4),
    ("name,languages\nAna,es\n".encode("utf-16"), 1),
])
def test_wrong_encoding_is_refused_naming_the_line_and_nothing_is_imported(db, data, line):
    with pytest.raises(RosterFileError) as raised:
        import_csv(db, data)
    assert raised.value.line == line and str(line) in str(raised.value)
    assert list_interpreters(db) == []


def test_missing_columns_are_a_clear_file_error(db):
    with pytest.raises(RosterFileError, match="languages"):
        import_csv(db, b"name,phone\nAna,1\n")
    with pytest.raises(RosterFileError, match="empty"):
        import_csv(db, b"")


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+1 604 555", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_export_neutralises_formula_cells(value):
    assert neutralise(value) == "'" + value
    assert neutralise("plain") == "plain"


def test_export_round_trips_hostile_values_unchanged(db):
    import_csv(db, _csv('"=cmd|\' /C calc\'!A0",,es,female,phone,,,'))
    text = export_csv(db)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(EXPORT_COLUMNS)  # no feedback or incident notes: they can name a client
    assert rows[0]["name"].startswith("'=")
    report = import_csv(db, text.encode("utf-8"))
    assert report.unchanged == 1
    assert list_interpreters(db)[0].name == "=cmd|' /C calc'!A0"


def test_vcard_import_with_folded_lines_errors_and_no_duplicates(db):
    cards = (
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Rosa Halimbawa\r\nORG:Pretend Services\r\nGENDER:F\r\n"
        b"LANG:fil\r\nLANG:en\r\nTEL:555-0106\r\nNOTE:Prefers eve\r\n nings\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:No Language\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nLANG:ko\r\nEND:VCARD\r\n"
    )
    report = import_vcard(db, cards)
    assert report.added == 1
    assert [e.line for e in report.errors] == [12, 16]
    entry = list_interpreters(db)[0]
    assert entry.gender == "female" and entry.languages == ["fil", "en"] and entry.feedback == "Prefers evenings"
    assert import_vcard(db, cards).added == 0


def test_demo_vault_ships_the_fictional_roster():
    from desktop.core.demo.demo_vault import create_demo_vault, remove_demo

    vault, folder = create_demo_vault()
    try:
        entries = list_interpreters(vault.db)
        assert len(entries) >= 10 and all("(demo)" in e.name for e in entries)
        assert any(e.is_agency and "phone" in e.modalities for e in entries)
    finally:
        vault.lock()
        remove_demo(folder)



def test_vcard_keeps_an_escaped_semicolon_inside_org_and_unescapes_line_breaks(db):
    card = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lena Example\r\nORG:Smith\\; Jones Interpreting;Court unit\r\n"
            b"LANG:de\r\nNOTE:Evenings only\\NNo Sundays\\nCall first\r\nEND:VCARD\r\n")
    report = import_vcard(db, card)
    assert report.added == 1 and report.errors == []
    entry = list_interpreters(db)[0]
    assert entry.agency == "Smith; Jones Interpreting"          # the hand parser kept only "Smith"
    assert entry.feedback == "Evenings only\nNo Sundays\nCall first"   # and left "\N" as it was


def _statements(db):
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    return seen


def test_a_thousand_row_roster_commits_once(db):
    rows = "".join(f"Person {number},Agency {number % 7},es;en\n" for number in range(1000))
    seen = _statements(db)
    report = import_csv(db, ("name,agency,languages\n" + rows).encode("utf-8"))
    db.conn.set_trace_callback(None)
    assert report.added == 1000
    assert sum(statement.strip().upper() == "COMMIT" for statement in seen) == 1


def test_a_vcard_file_commits_once(db):
    card = "BEGIN:VCARD\r\nFN:Person {n}\r\nLANG:es\r\nEND:VCARD\r\n"
    seen = _statements(db)
    report = import_vcard(db, "".join(card.format(n=n) for n in range(50)).encode("utf-8"))
    db.conn.set_trace_callback(None)
    assert report.added == 50
    assert sum(statement.strip().upper() == "COMMIT" for statement in seen) == 1
