-- Consent records: one recipient, named categories, a purpose, how it was given and until when.
-- categories is a JSON array of category keys (see desktop/core/consent.py CATEGORIES).
CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (length(trim(purpose)) > 0),
    recipient TEXT NOT NULL CHECK (length(trim(recipient)) > 0),
    categories TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('verbal_interpreter', 'verbal_client_language', 'written_signed')),
    interpreter_name TEXT NOT NULL DEFAULT '',
    explained_script TEXT NOT NULL DEFAULT '',
    explained_language TEXT NOT NULL DEFAULT '',
    given_at TEXT NOT NULL,
    valid_until TEXT,
    single_use INTEGER NOT NULL DEFAULT 0 CHECK (single_use IN (0, 1)),
    used_at TEXT,
    recorded_by TEXT NOT NULL,
    withdrawn_at TEXT,
    withdrawal_note TEXT NOT NULL DEFAULT '',
    help_not_conditional_explained INTEGER NOT NULL DEFAULT 0 CHECK (help_not_conditional_explained IN (0, 1)),
    risks_discussed INTEGER NOT NULL DEFAULT 0 CHECK (risks_discussed IN (0, 1))
);
CREATE INDEX consents_by_client ON consents (client_id);

-- What the person agreed to never changes afterwards; only its use and its withdrawal are written later.
CREATE TRIGGER consents_scope_is_fixed
BEFORE UPDATE OF client_id, purpose, recipient, categories, method, interpreter_name, explained_script,
    explained_language, given_at, valid_until, single_use, recorded_by ON consents
BEGIN
    SELECT RAISE(ABORT, 'a consent record cannot be changed; record a new one');
END;

-- A withdrawal is final, and a single-use consent is used once.
CREATE TRIGGER consents_withdrawal_is_final
BEFORE UPDATE OF withdrawn_at ON consents WHEN OLD.withdrawn_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'this consent was already withdrawn');
END;

CREATE TRIGGER consents_used_once
BEFORE UPDATE OF used_at ON consents WHEN OLD.used_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'this single-use consent was already used');
END;

-- Disclosures without consent (duty to report), kept apart from consents, with whether the person was told.
CREATE TABLE disclosures (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('minor', 'danger_to_self', 'danger_to_others')),
    justification TEXT NOT NULL CHECK (length(trim(justification)) >= 20),
    client_told TEXT NOT NULL,
    recipient TEXT NOT NULL,
    categories TEXT NOT NULL,
    channel TEXT NOT NULL,
    worker TEXT NOT NULL,
    disclosed_at TEXT NOT NULL,
    audit_seq INTEGER NOT NULL
);
CREATE INDEX disclosures_by_client ON disclosures (client_id);

-- The audit log: hash-chained and append-only. It holds the SHA-256 of what left, never what left.
-- client_id has no foreign key on purpose: the record of a release outlives the client record.
CREATE TABLE audit_log (
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
    outcome TEXT NOT NULL CHECK (outcome IN ('released', 'refused')),
    refusal_reason TEXT,
    payload_sha256 TEXT,
    prev_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL
);
CREATE INDEX audit_log_by_client ON audit_log (client_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- The last entry's seq and hash, written with every append, so a cut-off tail is noticed too.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    entry_hash TEXT NOT NULL
);
