"""A worker's subscription: through a folder and through a web server on 127.0.0.1, what an update changes, how it
is applied (kept apart from the worker's own entries and edits), and that a failed verification changes nothing."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from desktop.core.consent import duty_to_report as reporting
from desktop.core.interpreters.directory import list_interpreters, save_interpreter
from desktop.core.interpreters.roster_io import import_csv
from desktop.core.organisation import repository, subscription, updates
from desktop.core.organisation.problems import OrganisationProblem
from desktop.core.profile import settings
from tests.core.organisation_helpers import PASSPHRASE, content_folder, make_repository


def _subscribe(db, vault_folder, location, fingerprint):
    chosen, published = subscription.try_subscription(vault_folder, location, fingerprint)
    subscription.keep(db, vault_folder, chosen)
    return published


def _snapshot(db):
    rows = db.execute("SELECT * FROM interpreters ORDER BY id").fetchall()
    return rows, db.execute("SELECT key, value FROM settings ORDER BY key").fetchall()


def test_a_folder_subscription_adds_the_roster_apart_from_the_workers_own(db, vault, tmp_path):
    import_csv(db, b"name,languages\nAna Example,es\n")          # the worker's own Ana, same name as the org's
    repo, fingerprint = make_repository(tmp_path)
    published = _subscribe(db, vault.folder, str(repo / "public"), fingerprint)
    assert subscription.current(db).fingerprint == fingerprint
    assert (vault.folder / "organisation" / "metadata" / "timestamp.json").is_file()   # trust state in the vault
    preview = updates.compare(db, published)
    assert sorted(preview.added) == ["Ana Example", "Bo Example"]
    assert len(list_interpreters(db)) == 1                      # comparing wrote nothing
    changes = updates.apply(db, published)
    assert changes.lines()[0] == "2 interpreters added: Ana Example and Bo Example."
    entries = list_interpreters(db)
    assert sorted((e.name, e.origin) for e in entries) == [
        ("Ana Example", ""), ("Ana Example", "Example Outreach Society"), ("Bo Example", "Example Outreach Society")]
    assert updates.compare(db, published).empty                 # applying again changes nothing


def test_an_update_says_what_changed_and_keeps_the_workers_edits(db, vault, tmp_path):
    repo, fingerprint = make_repository(tmp_path)
    updates.apply(db, _subscribe(db, vault.folder, str(repo), fingerprint))
    bo = next(e for e in list_interpreters(db) if e.name == "Bo Example")
    bo.phone, bo.feedback = "555-9999", "Very good with teenagers."   # the worker's own edits
    save_interpreter(db, bo)
    repository.publish(repo, content_folder(tmp_path, roster_rows=(
        "bo,Bo Example,,ko,male,in_person;video,555-0000\n"          # org changes the phone too
        "cy,Cy Example,,uk,male,video,555-0103\n")), PASSPHRASE)
    published = subscription.fetch(vault.folder, subscription.current(db))
    changes = updates.apply(db, published)
    assert (changes.added, changes.changed, changes.removed) == (["Cy Example"], ["Bo Example"], ["Ana Example"])
    assert changes.kept_edits == ["Bo Example"]
    by_name = {e.name: e for e in list_interpreters(db)}
    assert by_name["Bo Example"].phone == "555-9999" and by_name["Bo Example"].feedback == "Very good with teenagers."
    assert by_name["Ana Example"].active is False               # no longer listed: inactive, not deleted
    text = "\n".join(changes.lines())
    assert "no longer listed" in text and "Your own changes were kept for: Bo Example." in text


def test_protocol_services_and_name_prefill_the_workers_settings(db, vault, tmp_path):
    repo, fingerprint = make_repository(tmp_path)
    changes = updates.apply(db, _subscribe(db, vault.folder, str(repo), fingerprint))
    assert changes.protocol and changes.services and changes.name
    protocol = reporting.get_protocol(db)
    assert protocol.edited and protocol.steps == "Call your supervisor first."
    assert [c.phone for c in protocol.contacts] == ["310-1234", "911"]
    assert settings.get(db, "services") == "Safe housing referrals and Legal information clinic"
    assert settings.get(db, "organisation") == "Example Outreach Society"


def test_a_protocol_the_worker_set_themselves_is_kept(db, vault, tmp_path):
    reporting.save_protocol(db, reporting.Protocol("BC", 19, None, (reporting.Contact("My supervisor", "555"),)))
    repo, fingerprint = make_repository(tmp_path)
    changes = updates.apply(db, _subscribe(db, vault.folder, str(repo), fingerprint))
    assert changes.protocol_kept and not changes.protocol
    assert reporting.get_protocol(db).contacts == (reporting.Contact("My supervisor", "555"),)


def test_a_failed_verification_changes_nothing(db, vault, tmp_path):
    repo, fingerprint = make_repository(tmp_path)
    updates.apply(db, _subscribe(db, vault.folder, str(repo), fingerprint))
    before = _snapshot(db)
    repository.publish(repo, content_folder(tmp_path, roster_rows="cy,Cy Example,,uk,male,video,\n"), PASSPHRASE)
    stored = next((repo / "public" / "targets").glob("*.interpreters.csv"), None)
    for path in (repo / "public" / "targets").glob("*.interpreters.csv"):
        path.write_text("key,name,languages\nevil,Someone Else,es\n")     # tampered after signing
    assert stored is not None
    with pytest.raises(OrganisationProblem, match="tampered"):
        subscription.fetch(vault.folder, subscription.current(db))
    assert _snapshot(db) == before


def test_a_wrong_fingerprint_stores_no_subscription(db, vault, tmp_path):
    repo, _fingerprint = make_repository(tmp_path)
    with pytest.raises(OrganisationProblem, match="wrong root"):
        subscription.try_subscription(vault.folder, str(repo), "ab" * 32)
    assert subscription.current(db) is None
    assert not (vault.folder / "organisation").exists() and not (vault.folder / "organisation.new").exists()


@pytest.fixture
def web_server(tmp_path, monkeypatch):
    """The repository's public folder served on 127.0.0.1 by Python's http.server, in a thread."""
    for variable in ("no_proxy", "NO_PROXY"):   # a proxy set for the machine must not stand in between
        monkeypatch.setenv(variable, "127.0.0.1,localhost")
    repo, fingerprint = make_repository(tmp_path)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(repo / "public"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", fingerprint
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_a_subscription_through_a_web_server(db, vault, web_server):
    address, fingerprint = web_server
    published = _subscribe(db, vault.folder, address, fingerprint)
    assert updates.apply(db, published).added == ["Ana Example", "Bo Example"]
    again = subscription.fetch(vault.folder, subscription.current(db))    # a later check, same server
    assert updates.compare(db, again).empty


def test_unsubscribing_forgets_the_trust_state_and_keeps_the_entries(db, vault, tmp_path):
    repo, fingerprint = make_repository(tmp_path)
    updates.apply(db, _subscribe(db, vault.folder, str(repo), fingerprint))
    subscription.unsubscribe(db, vault.folder)
    assert subscription.current(db) is None and not (vault.folder / "organisation").exists()
    assert all(e.origin == "Example Outreach Society" for e in list_interpreters(db))


def _reviewed_french(folder, *, broken: bool = False):
    path = folder / "scripts" / "fr.po"
    text = path.read_text(encoding="utf-8")
    text = text.replace('#, fuzzy\nmsgctxt "role.title"', 'msgctxt "role.title"')
    text = text.replace('#, fuzzy, python-brace-format\nmsgctxt "role.1"', '#, python-brace-format\nmsgctxt "role.1"')
    if broken:
        text = text.replace("Je m'appelle {worker_name}.", "Je m'appelle {nom}.")
    path.write_text(text, encoding="utf-8")


def test_reviewed_paragraphs_replace_drafts_checked_by_the_organisation(db, vault, tmp_path):
    from desktop.core.scripts import reviews

    folder = content_folder(tmp_path)
    _reviewed_french(folder)
    repo = tmp_path / "repo"
    fingerprint = repository.init(repo, PASSPHRASE)
    repository.publish(repo, folder, PASSPHRASE)
    published = _subscribe(db, vault.folder, str(repo), fingerprint)
    seen = []
    db.conn.set_trace_callback(seen.append)
    assert updates.compare(db, published).paragraphs == {"fr": 2}
    db.conn.set_trace_callback(None)
    assert reviews.reviews_for(db, "fr") == {}                  # comparing left the store as it was
    assert not [s for s in seen if s.split()[0].upper() in ("BEGIN", "SAVEPOINT", "INSERT", "UPDATE", "DELETE")]
    changes = updates.apply(db, published)
    assert "2 paragraphs newly checked in French." in changes.lines()
    stored = reviews.reviews_for(db, "fr")
    assert sorted(stored) == ["role.1", "role.title"]
    assert stored["role.1"].checked and stored["role.1"].reviewer.name == "Example Outreach Society"
    assert updates.compare(db, published).paragraphs == {"fr": 0}


def test_a_catalog_with_a_broken_placeholder_is_left_out_and_said(db, vault, tmp_path):
    from desktop.core.scripts import reviews

    folder = content_folder(tmp_path)
    _reviewed_french(folder, broken=True)
    repo = tmp_path / "repo"
    fingerprint = repository.init(repo, PASSPHRASE)
    repository.publish(repo, folder, PASSPHRASE)
    published = _subscribe(db, vault.folder, str(repo), fingerprint)
    assert any("scripts in French were not used" in line for line in updates.compare(db, published).lines())
    changes = updates.apply(db, published)
    assert any("scripts in French were not used" in line for line in changes.lines())
    assert reviews.reviews_for(db, "fr") == {}
    assert len(changes.added) == 2                               # the rest of the update still landed
