-- Issue 16. A consent names how to reach the recipient (recipient_contacts, a JSON array of e-mail addresses:
-- a draft can only be addressed there) and the kind of purpose from a short list (purpose_kind); the free-text
-- purpose stays beside it. Consents recorded before this say 'other', so their free text is what must match.
ALTER TABLE consents ADD COLUMN recipient_contacts TEXT NOT NULL DEFAULT '[]';
ALTER TABLE consents ADD COLUMN purpose_kind TEXT NOT NULL DEFAULT 'other';

DROP TRIGGER consents_scope_is_fixed;
CREATE TRIGGER consents_scope_is_fixed
BEFORE UPDATE OF client_id, purpose, recipient, categories, method, interpreter_name, explained_script,
    explained_language, given_at, valid_until, single_use, recorded_by, recipient_contacts, purpose_kind ON consents
BEGIN
    SELECT RAISE(ABORT, 'a consent record cannot be changed; record a new one');
END;

-- Names of deleted clients, as keyed hashes only (never the name), so the supervisor export can still hide them
-- in the free text of older audit entries, which are append-only and cannot be rewritten.
CREATE TABLE forgotten_names (
    name_hmac TEXT PRIMARY KEY,
    words INTEGER NOT NULL CHECK (words > 0)
);

-- The audit log gains: the address a draft went to (recipient_address); keyed entries (keyed = 1: entry_hash is
-- an HMAC with a key derived from the vault's data key; older entries keep their plain SHA-256 and verify as
-- before); and 'restored' entries saying which entries a restore from a backup dropped (dropped_from/_to/_hash).
-- The table is rebuilt (as in 0006) because SQLite cannot change a CHECK constraint in place; every old entry is
-- copied as it was, and the new columns are left out of the hash when empty, so old hashes do not change.
CREATE TABLE audit_log_rebuilt (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    worker TEXT NOT NULL,
    client_id INTEGER,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    purpose TEXT NOT NULL,
    categories TEXT NOT NULL,
    basis TEXT NOT NULL CHECK (basis IN ('consent', 'duty_to_report', 'not_client_data', 'vault')),
    consent_id INTEGER,
    duty_reason TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('released', 'refused', 'release_failed', 'restored')),
    refusal_reason TEXT,
    payload_sha256 TEXT,
    prev_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL,
    release_seq INTEGER,
    failure_reason TEXT,
    recipient_address TEXT,
    keyed INTEGER,
    dropped_from INTEGER,
    dropped_to INTEGER,
    dropped_hash TEXT,
    CHECK ((outcome = 'release_failed') = (release_seq IS NOT NULL AND failure_reason IS NOT NULL)),
    CHECK ((outcome = 'restored') = (dropped_from IS NOT NULL))
);
INSERT INTO audit_log_rebuilt (seq, at, worker, client_id, channel, recipient, purpose, categories, basis,
                               consent_id, duty_reason, outcome, refusal_reason, payload_sha256, prev_hash, entry_hash,
                               release_seq, failure_reason)
SELECT seq, at, worker, client_id, channel, recipient, purpose, categories, basis, consent_id, duty_reason, outcome,
       refusal_reason, payload_sha256, prev_hash, entry_hash, release_seq, failure_reason FROM audit_log;
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

-- Every entry after this one must be keyed: an unkeyed entry written later is a forgery.
INSERT INTO vault_meta (key, value) SELECT 'audit_keyed_after', COALESCE(MAX(seq), 0) FROM audit_log;
