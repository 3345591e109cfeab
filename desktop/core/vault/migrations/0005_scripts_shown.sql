-- Which script was shown during a session, in which language and which version of the words (a short SHA-256 of
-- the paragraphs as shown). Consent records can cite a row here to say what the client was told.
CREATE TABLE scripts_shown (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    script_id TEXT NOT NULL CHECK (length(script_id) > 0),
    locale TEXT NOT NULL CHECK (length(locale) > 0),
    revision TEXT NOT NULL CHECK (length(revision) > 0),
    shown_at TEXT NOT NULL
);
CREATE INDEX scripts_shown_by_session ON scripts_shown (session_id, shown_at);
