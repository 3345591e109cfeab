"""A release whose file could not be written: the audit log keeps the release and appends a "release_failed" entry
naming it, with a fixed reason word and no client text; the chain still verifies; and the one sentence every screen
shows for a failed write."""

from __future__ import annotations

import errno

import pytest
import sqlcipher3

from desktop.core.common import files
from desktop.core.consent import audit, audit_export
from desktop.core.consent import consents as consent
from desktop.core.consent import gate as egress
from desktop.core.records import clients
from desktop.core.vault.errors import VaultWriteFailed

FULL = OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def released(db) -> egress.Release:
    client = clients.create_client(db, "Ana")
    consent.record_consent(db, client_id=client.id, purpose="Shelter place for Ana", recipient="Safe Haven",
                           categories=("first_name",), method="written_signed", recorded_by="Sam")
    return egress.release(db, client_id=client.id, recipient="Safe Haven", purpose="Shelter place for Ana",
                          categories=("first_name",), channel="file_text", worker="Sam")


def test_a_failed_write_follows_its_release_in_the_log_and_the_chain_verifies(db, released):
    failure = egress.record_failure(db, released, FULL)
    release_entry, failure_entry = audit.entries(db)
    assert release_entry.seq == released.audit_seq and release_entry.outcome == "released"
    assert (failure_entry.outcome, failure_entry.release_seq, failure_entry.failure_reason) == (
        "release_failed", released.audit_seq, "disk_full")
    assert failure_entry == failure and failure_entry.prev_hash == release_entry.entry_hash
    assert (failure_entry.client_id, failure_entry.channel, failure_entry.basis, failure_entry.worker) == (
        released.client_id, "file_text", "consent", "Sam")
    assert audit.verify(db).ok
    assert [e.seq for e in audit.entries(db, outcome="release_failed")] == [failure.seq]


def test_the_failure_entry_holds_no_path_and_no_client_text(db, released):
    error = PermissionError(errno.EACCES, "Permission denied", "/home/sam/Ana referral.txt")
    failure = egress.record_failure(db, released, error)
    [row] = db.execute("SELECT * FROM audit_log WHERE seq = ?", [failure.seq]).fetchall()
    stored = " ".join(str(value) for value in row)
    assert "Ana" not in stored and "/home" not in stored and "Safe Haven" not in stored
    assert failure.failure_reason == "permission_denied" and failure.payload_sha256 is None


def test_a_changed_failure_entry_breaks_the_chain(db, released):
    failure = egress.record_failure(db, released, FULL)
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("UPDATE audit_log SET failure_reason = 'write_failed' WHERE seq = ?", [failure.seq])
    result = audit.verify(db)
    assert not result.ok and result.first_bad_seq == failure.seq


def test_entries_are_append_only_for_failures_too(db, released):
    failure = egress.record_failure(db, released, FULL)
    with pytest.raises(sqlcipher3.IntegrityError):
        db.execute("DELETE FROM audit_log WHERE seq = ?", [failure.seq])


def test_the_supervisor_csv_lists_the_failure_and_its_release(db, released):
    egress.record_failure(db, released, FULL)
    header, _release_row, failure_row = audit_export.supervisor_csv(db, audit.entries(db)).splitlines()[:3]
    columns = header.split(",")
    cells = dict(zip(columns, failure_row.split(","), strict=True))
    assert (cells["outcome"], cells["release_seq"], cells["failure_reason"]) == (
        "release_failed", str(released.audit_seq), "disk_full")


def test_only_a_gate_release_can_be_marked_failed_and_only_once(db, released):
    forged = egress.Release({"first_name": "Ana"}, released.client_id, "Safe Haven", "p", "file_text", "consent",
                            None, released.audit_seq)
    with pytest.raises(egress.EgressError):
        egress.record_failure(db, forged, FULL)
    egress.record_failure(db, released, FULL)
    with pytest.raises(egress.EgressError):
        egress.record_failure(db, released, FULL)
    with pytest.raises(egress.EgressError):
        egress.record_failure(db, released, "the client's name")  # only the fixed words
    assert len(audit.entries(db, outcome="release_failed")) == 1 and audit.verify(db).ok


def test_a_failure_entry_must_name_its_release_and_reason(db, released):
    with pytest.raises(ValueError):
        audit.append(db, worker="Sam", client_id=None, channel="file_text", recipient="", purpose="", categories=(),
                     basis="consent", outcome="release_failed")
    with pytest.raises(ValueError):
        audit.append(db, worker="Sam", client_id=None, channel="file_text", recipient="", purpose="", categories=(),
                     basis="consent", outcome="released", release_seq=1, failure_reason="disk_full")


def test_a_vault_that_refuses_the_entry_too_says_so(db, released, monkeypatch):
    def full(*args, **kwargs):
        raise sqlcipher3.OperationalError("database or disk is full")

    monkeypatch.setattr(audit, "append", full)
    with pytest.raises(egress.FailureNotRecorded):
        egress.record_failure(db, released, FULL)


def test_a_not_client_data_release_can_fail_too(db):
    handout = egress.release_not_client_data(db, description="Blank script", recipient="Clinic", channel="file_pdf",
                                             worker="Sam", content="Hello")
    failure = egress.record_failure(db, handout, "read_only")
    assert (failure.basis, failure.client_id, failure.failure_reason) == ("not_client_data", None, "read_only")
    assert audit.verify(db).ok


# -- the sentence every screen shows ------------------------------------------------------------------------------
@pytest.mark.parametrize(("error", "kind", "sentence"), [
    (OSError(errno.ENOSPC, "No space left on device"), "disk_full", "The file could not be saved: the disk is full."),
    (PermissionError(errno.EACCES, "Permission denied", "/home/sam/Ana.txt"), "permission_denied",
     "The file could not be saved: permission denied."),
    (OSError(errno.EROFS, "Read-only file system"), "read_only",
     "The file could not be saved: the disk is read-only."),
    (FileNotFoundError(errno.ENOENT, "No such file or directory", "/media/usb/Ana.txt"), "folder_missing",
     "The file could not be saved: the folder no longer exists."),
    (OSError(errno.EIO, "Input/output error", "/media/usb/Ana.txt"), "write_failed",
     "The file could not be saved: Input/output error."),
])
def test_a_failed_write_is_one_plain_sentence_without_the_path(error, kind, sentence):
    assert files.write_failure_kind(error) == kind
    assert files.write_failure_sentence(error) == sentence
    assert "Errno" not in sentence and "Ana" not in sentence


def test_a_project_write_error_is_judged_by_the_os_error_behind_it():
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as cause:
            raise VaultWriteFailed("The backup could not be written.") from cause
    except VaultWriteFailed as error:
        assert files.write_failure_kind(error) == "disk_full"
        assert files.write_failure_sentence(error) == "The file could not be saved: the disk is full."


def test_every_failure_kind_has_words_for_the_audit_view():
    labels = [files.write_failure_label(kind) for kind in files.WRITE_FAILURES]
    assert all(labels) and len(set(labels)) == len(labels)
