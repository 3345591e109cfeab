-- An export can fail after the gate released it (a full disk, a folder without write permission). The log is
-- append-only, so the release entry stays; a follow-up entry with outcome 'release_failed' names it
-- (release_seq) and says why in a fixed word (failure_reason, e.g. 'disk_full'), never client text.
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt with every entry as it was: the
-- hashes do not change, because a missing release_seq/failure_reason is left out of the hashed fields.
-- DROP TABLE removes the triggers before its implicit delete, so the append-only triggers do not fire.
CREATE TABLE audit_log_rebuilt (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    worker TEXT NOT NULL,
    client_id INTEGER,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    purpose TEXT NOT NULL,
    categories TEXT NOT NULL,
    basis TEXT NOT NULL CHECK (basis IN ('consent', 'duty_to_report', 'not_client_data')),
    consent_id INTEGER,
    duty_reason TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('released', 'refused', 'release_failed')),
    refusal_reason TEXT,
    payload_sha256 TEXT,
    prev_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL,
    release_seq INTEGER,
    failure_reason TEXT,
    CHECK ((outcome = 'release_failed') = (release_seq IS NOT NULL AND failure_reason IS NOT NULL))
);
INSERT INTO audit_log_rebuilt (seq, at, worker, client_id, channel, recipient, purpose, categories, basis,
                               consent_id, duty_reason, outcome, refusal_reason, payload_sha256, prev_hash, entry_hash)
SELECT seq, at, worker, client_id, channel, recipient, purpose, categories, basis, consent_id, duty_reason, outcome,
       refusal_reason, payload_sha256, prev_hash, entry_hash FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_rebuilt RENAME TO audit_log;
CREATE INDEX audit_log_by_client ON audit_log (client_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
