"""Search over notes: as-you-type prefixes, highlights, filters, and typed text that is never query syntax."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from desktop.core.records import clients, notes_index, retention, sessions
from desktop.core.records.search import MARK_END, MARK_START, SearchFilters, build_query, search_notes, split_snippet


@pytest.fixture
def notes(db):
    mei = clients.create_client(db, "Mei", tags=["farm"])
    ana = clients.create_client(db, "Ana", tags=["restaurant"])
    made = {}
    for key, client, when, language, text in [
        ("mei_clinic", mei, datetime(2026, 10, 1, tzinfo=UTC), "yue", "She asked about a walk-in clinic nearby."),
        ("mei_rent", mei, datetime(2026, 11, 1, tzinfo=UTC), "en", "Rent is taken from her pay every week."),
        ("ana_clinic", ana, datetime(2026, 11, 5, tzinfo=UTC), "es-MX", "Ana visited the clinic with her sister."),
    ]:
        session = sessions.create_session(db, client.id, started_at=when, language=language)
        sessions.save_notes(db, session.id, text)
        made[key] = session.id
    made["mei"], made["ana"] = mei.id, ana.id
    return made


def test_prefix_finds_words_while_typing(db, notes):
    hits = search_notes(db, "clin")
    assert {hit.session_id for hit in hits} == {notes["mei_clinic"], notes["ana_clinic"]}


def test_snippet_marks_the_matching_word(db, notes):
    hit = search_notes(db, "rent")[0]
    assert f"{MARK_START}Rent{MARK_END}" in hit.snippet
    assert ("Rent", True) in split_snippet(hit.snippet)
    assert hit.client_first_name == "Mei"


def test_filters_by_client_date_tag_and_language(db, notes):
    assert [h.session_id for h in search_notes(db, "clinic", SearchFilters(client_id=notes["ana"]))] == \
        [notes["ana_clinic"]]
    assert [h.session_id for h in search_notes(db, "clinic", SearchFilters(since=date(2026, 11, 1)))] == \
        [notes["ana_clinic"]]
    assert [h.session_id for h in search_notes(db, "clinic", SearchFilters(until=date(2026, 10, 1)))] == \
        [notes["mei_clinic"]]
    assert [h.session_id for h in search_notes(db, "clinic", SearchFilters(tag="farm"))] == [notes["mei_clinic"]]
    assert [h.session_id for h in search_notes(db, "clinic", SearchFilters(language="es"))] == [notes["ana_clinic"]]


def test_archived_clients_are_left_out_unless_asked(db, notes):
    retention.archive_client(db, notes["ana"])
    assert [h.session_id for h in search_notes(db, "clinic")] == [notes["mei_clinic"]]
    assert len(search_notes(db, "clinic", SearchFilters(include_archived=True))) == 2


@pytest.mark.parametrize("typed", ['"', "AND", "clinic OR", "NEAR(", "*", "-rent", "col:x", "'; DROP TABLE"])
def test_stray_syntax_never_breaks_the_search(db, notes, typed):
    search_notes(db, typed)  # no exception


def test_nothing_typed_means_no_results(db, notes):
    assert search_notes(db, "   ") == []
    assert build_query("  ") is None


def test_query_quotes_every_word_and_prefixes_the_last():
    assert build_query("walk clin") == '"walk" "clin"*'
    assert build_query("walk clinic ") == '"walk" "clinic"'


def test_accents_do_not_matter(db, notes):
    client = clients.create_client(db, "Lé")
    session = sessions.create_session(db, client.id)
    sessions.save_notes(db, session.id, "Rendez-vous à l'hôpital")
    assert [h.session_id for h in search_notes(db, "hopital")] == [session.id]


def test_snippet_highlights_accented_words_and_cuts_long_notes():
    from desktop.core.records.search import make_snippet

    notes = "Début. " + "mot " * 40 + "Rendez-vous à l'Hôpital Saint-Paul demain matin. " + "fin " * 40
    snippet = make_snippet(notes, ["hopital"], prefix_last=False)
    assert f"{MARK_START}Hôpital{MARK_END}" in snippet
    assert snippet.startswith("\u2026") and snippet.endswith("\u2026")
    assert len(snippet.split()) < 25


def test_snippet_prefix_only_applies_to_the_last_word():
    from desktop.core.records.search import make_snippet

    snippet = make_snippet("the clinic and the clinician", ["clinic"], prefix_last=False)
    assert split_snippet(snippet) == [("the ", False), ("clinic", True), (" and the clinician", False)]


def test_long_prefix_finds_every_word_that_starts_with_it(db, notes):
    client = clients.create_client(db, "Jun")
    session = sessions.create_session(db, client.id)
    sessions.save_notes(db, session.id, "The clinician called back")
    found = {hit.session_id for hit in search_notes(db, "clinic")}
    assert found == {notes["mei_clinic"], notes["ana_clinic"], session.id}
    assert {hit.session_id for hit in search_notes(db, "walk clini")} == {notes["mei_clinic"]}
    assert search_notes(db, "clinicx") == []
    assert [h.session_id for h in search_notes(db, "clinic ")] == [notes["ana_clinic"], notes["mei_clinic"]]


def test_client_filter_follows_the_same_word_rules(db, notes):
    mei = SearchFilters(client_id=notes["mei"])
    assert [h.session_id for h in search_notes(db, "walk clin", mei)] == [notes["mei_clinic"]]
    assert search_notes(db, "walk clin ", mei) == []          # a finished word must match whole
    assert search_notes(db, "rent clinic", mei) == []         # every word must be in the same note
    assert [h.session_id for h in search_notes(db, "WALK", mei)] == [notes["mei_clinic"]]


def test_short_and_long_prefixes_find_every_word_that_starts_with_them(db, monkeypatch):
    """2-4 letters are terms of the prefix indexes; a longer prefix that starts too many words to list (here more
    than 3) asks for its first 4 letters and keeps only notes with a word starting with all of it."""
    from desktop.core.records import search as search_module

    monkeypatch.setattr(search_module, "MAX_EXPANSION", 3)
    client = clients.create_client(db, "Mei")
    made = {}
    for word in ("interview", "interpreter", "internet", "interest", "intend", "intake", "other"):
        made[word] = sessions.create_session(db, client.id, notes=f"Notes: the {word} came up.").id
    notes_index.index_pending_notes(db)

    def found(text):
        return {hit.session_id for hit in search_notes(db, text)}

    inter = {made[word] for word in ("interview", "interpreter", "internet", "interest")}
    assert found("in") == found("int") == inter | {made["intend"], made["intake"]}
    assert found("inte") == inter | {made["intend"]} and found("inter") == inter  # 4 words: over the limit of 3
    assert found("interp") == {made["interpreter"]} and found("intervi") == {made["interview"]}
    assert found("intex") == set() and found("other") == {made["other"]}
    assert [hit.session_id for hit in search_notes(db, "inter")] == sorted(inter, reverse=True)  # newest first


def test_a_single_letter_being_typed_is_not_searched_yet(db, notes):
    assert build_query("c") is None and search_notes(db, "c") == []
    assert build_query("clinic w") == '"clinic"' and build_query("clinic wa") == '"clinic" "wa"*'
    assert {hit.session_id for hit in search_notes(db, "clinic w")} == {notes["mei_clinic"], notes["ana_clinic"]}


def test_limit_keeps_the_newest_matches(db):
    client = clients.create_client(db, "Mei")
    ids = [sessions.create_session(db, client.id, notes=f"visit {n} about housing").id for n in range(12)]
    assert [hit.session_id for hit in search_notes(db, "hous", limit=5)] == ids[::-1][:5]


def test_a_long_word_is_first_looked_for_in_the_newest_rows_of_its_prefix(db, monkeypatch):
    """'intern' on years of notes starts ~60 index terms, and listing them costs more than reading rows: the newest
    rows of "inte"* are checked first, and only when they hold too few matches are the terms listed and OR-ed.
    Either way: the newest matches, whole words respected."""
    from desktop.core.records import search as search_module

    monkeypatch.setattr(search_module, "FIRST_LOOK", 8)  # read a row at a time, eight at most
    client = clients.create_client(db, "Mei")
    older = [sessions.create_session(db, client.id, notes=f"the {word} again").id
             for word in ("interview", "interpreter", "internet")]
    newer = [sessions.create_session(db, client.id, notes=f"she will {word}").id for word in ("intend", "intend")]
    newest = sessions.create_session(db, client.id, notes="an interest in it").id
    notes_index.index_pending_notes(db)
    listed = []
    real = search_module._index_query
    monkeypatch.setattr(search_module, "_index_query", lambda *args: listed.append(args[1]) or real(*args))

    def found(text, limit=search_module.DEFAULT_LIMIT):
        return [hit.session_id for hit in search_notes(db, text, limit=limit)]

    assert found("inter", limit=1) == [newest] and listed == []  # found in the newest row of "inte"*: no listing
    assert found("inter") == [newest, *older[::-1]] and listed    # too few there: the 4 terms OR-ed, none missed
    assert found("inter", limit=2) == [newest, older[2]] and found("inte", limit=3) == [newest, *newer[::-1]]
    assert found("intervi") == [older[0]] and found("intex") == []


@pytest.mark.parametrize("filters", [SearchFilters(), SearchFilters(language="yue"), SearchFilters(tag="farm"),
                                     SearchFilters(since=date(2026, 1, 1), include_archived=True)])
def test_the_notes_waiting_for_the_index_are_read_from_their_own_few_rows(db, notes, filters):
    """Every keystroke matches the notes edited since the last catch-up on their saved text: SQLite must read those
    few rows, not walk every client's every session to look for them (850 ms a keystroke at 2,000 clients with a
    language filter)."""
    statements = []

    class Recording:
        def execute(self, sql, params=()):
            statements.append((sql, list(params)))
            return db.execute(sql, params)

    sessions.save_notes(db, notes["mei_clinic"], "She asked about the clinic again.")
    assert notes["mei_clinic"] in [hit.session_id for hit in search_notes(Recording(), "clinic", filters)]
    waiting = [(sql, params) for sql, params in statements if "FROM notes_fts_pending p" in sql]
    # A tag of few clients, or a language of few sessions, reads their saved notes themselves.
    assert len(waiting) == (0 if filters.tag or filters.language else 1)
    for sql, params in waiting:
        plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()]
        assert plan[0].startswith("SCAN p"), plan


def test_dates_bound_the_index_walk_yet_a_session_recorded_late_for_an_old_date_is_found(db):
    """With dates, the index is read between the first and last session id in them (an old month no longer walks
    every newer match): a session written today for a meeting two years ago is inside that range all the same."""
    client = clients.create_client(db, "Mei")

    def session(day):
        return sessions.create_session(db, client.id, started_at=datetime(*day, 10, tzinfo=UTC),
                                       notes="the clinic visit").id

    january, old_one_written_late, february = session((2026, 1, 5)), session((2024, 6, 1)), session((2026, 2, 5))
    notes_index.index_pending_notes(db)

    def found(**dates):
        return [hit.session_id for hit in search_notes(db, "clin", SearchFilters(**dates))]

    assert found(until=date(2024, 12, 31)) == [old_one_written_late]
    assert found(since=date(2026, 1, 1)) == [february, january]
    assert found(since=date(2024, 1, 1), until=date(2026, 1, 31)) == [old_one_written_late, january]
    assert found(since=date(2025, 1, 1), until=date(2025, 12, 31)) == []


def test_an_old_month_is_searched_without_walking_every_newer_match(db):
    """Counted in SQLite's own steps, not time: a month two years back costs less than the newest 50 matches,
    where it walked all 300 newer ones before."""
    client = clients.create_client(db, "Mei")
    old = sessions.create_session(db, client.id, started_at=datetime(2024, 6, 1, tzinfo=UTC), notes="clinic").id
    for day in range(300):
        sessions.create_session(db, client.id, started_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=day),
                                notes="the clinic again")
    notes_index.index_pending_notes(db)

    def steps(filters):
        counted = [0]
        db.conn.set_progress_handler(lambda: counted.__setitem__(0, counted[0] + 1), 1)
        try:
            hits = search_notes(db, "clinic", filters)
        finally:
            db.conn.set_progress_handler(None, 0)
        return counted[0], hits

    newest, hits = steps(SearchFilters())
    assert len(hits) == 50
    june, hits = steps(SearchFilters(since=date(2024, 6, 1), until=date(2024, 6, 30)))
    assert [hit.session_id for hit in hits] == [old] and june < newest


def test_a_tag_of_few_clients_is_searched_in_their_own_sessions(db):
    """Counted in SQLite's own steps, not time: a tag one client has costs less than the newest 50 matches of
    everyone, where it walked every match in the vault looking for theirs (0.9-1.7 s at 2,000 clients)."""
    tagged = clients.create_client(db, "Mei", tags=["fishing boat"])
    theirs = sessions.create_session(db, tagged.id, notes="the clinic").id
    for number in range(30):
        other = clients.create_client(db, f"Ana {number}", tags=["farm"])
        for _ in range(10):
            sessions.create_session(db, other.id, notes="the clinic again")
    notes_index.index_pending_notes(db)
    sessions.save_notes(db, theirs, "the clinic, saved again")  # waiting for the index: matched on its saved text

    def steps(filters):
        counted = [0]
        db.conn.set_progress_handler(lambda: counted.__setitem__(0, counted[0] + 1), 1)
        try:
            hits = search_notes(db, "clinic", filters)
        finally:
            db.conn.set_progress_handler(None, 0)
        return counted[0], [hit.session_id for hit in hits]

    everyone, hits = steps(SearchFilters())
    assert len(hits) == 50
    one_tag, hits = steps(SearchFilters(tag="fishing boat"))
    assert hits == [theirs] and one_tag < everyone
    assert steps(SearchFilters(tag="fishing boat", language="yue"))[1] == []


@pytest.mark.parametrize("tag", ['Café_50%', 'say "hi"', "back\\slash", "farm"])
def test_a_tag_filter_finds_exactly_its_clients_whatever_the_tag_holds(db, tag):
    """The tag is looked for in the clients' JSON text first (LIKE, a superset: case, wildcards), then exactly."""
    others = ["café_50", 'say "hi" again', "backslash", "FARM", "farmer", "Café-50%"]
    for number, other in enumerate(others):
        client = clients.create_client(db, f"Ana {number}", tags=[other])
        sessions.create_session(db, client.id, notes="the clinic")
    tagged = clients.create_client(db, "Mei", tags=["x", tag])
    theirs = sessions.create_session(db, tagged.id, notes="the clinic").id
    notes_index.index_pending_notes(db)
    assert [hit.session_id for hit in search_notes(db, "clinic", SearchFilters(tag=tag))] == [theirs]
