-- Clients: only what the work needs. First name or alias, never a legal name or ID number.
-- List-valued fields (languages, avoid, tags) are JSON arrays of text.
CREATE TABLE clients (
    id INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL CHECK (length(trim(first_name)) > 0),
    pronouns TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT '[]',
    reads_language INTEGER NOT NULL DEFAULT 1 CHECK (reads_language IN (0, 1)),
    interpreter_gender TEXT NOT NULL DEFAULT 'any'
        CHECK (interpreter_gender IN ('any', 'female', 'male', 'nonbinary')),
    interpreter_modality TEXT NOT NULL DEFAULT 'any'
        CHECK (interpreter_modality IN ('any', 'in_person', 'phone', 'video')),
    avoid TEXT NOT NULL DEFAULT '[]',
    age_group TEXT NOT NULL DEFAULT 'unknown' CHECK (age_group IN ('adult', 'minor', 'unknown')),
    safe_contact TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    archived_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- Kept by the triggers below, so the client list of thousands opens without aggregating every session.
    last_session_at TEXT,
    session_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX clients_by_archived ON clients (archived_at);

-- Sessions: one meeting. interpreter_id points into the interpreter directory once it exists (no FK yet);
-- interpreter_name is free text for now.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    started_at TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    worker TEXT NOT NULL DEFAULT '',
    interpreter_id INTEGER,
    interpreter_name TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    stopped_reason TEXT CHECK (stopped_reason IS NULL
        OR stopped_reason IN ('client_asked', 'distress', 'time', 'other')),
    stopped_note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX sessions_by_client ON sessions (client_id, started_at);
CREATE INDEX sessions_by_start ON sessions (started_at);

CREATE TRIGGER sessions_stats_insert AFTER INSERT ON sessions BEGIN
    UPDATE clients SET session_count = session_count + 1,
        last_session_at = CASE WHEN last_session_at IS NULL OR new.started_at > last_session_at
                               THEN new.started_at ELSE last_session_at END
    WHERE id = new.client_id;
END;
CREATE TRIGGER sessions_stats_delete AFTER DELETE ON sessions BEGIN
    UPDATE clients SET session_count = session_count - 1,
        last_session_at = (SELECT MAX(started_at) FROM sessions WHERE client_id = old.client_id)
    WHERE id = old.client_id;
END;
CREATE TRIGGER sessions_stats_move AFTER UPDATE OF started_at, client_id ON sessions BEGIN
    UPDATE clients SET
        session_count = (SELECT COUNT(*) FROM sessions WHERE client_id = clients.id),
        last_session_at = (SELECT MAX(started_at) FROM sessions WHERE client_id = clients.id)
    WHERE id IN (old.client_id, new.client_id);
END;

-- Promises the worker made to the client ("I will call you back on Friday") and follow-ups the worker set
-- for themself. Both have a due date (a local calendar date, YYYY-MM-DD) and end done or cancelled, with a note.
CREATE TABLE promises (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    kind TEXT NOT NULL DEFAULT 'promise' CHECK (kind IN ('promise', 'follow_up')),
    text TEXT NOT NULL CHECK (length(trim(text)) > 0),
    due_on TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
    resolution_note TEXT NOT NULL DEFAULT '',
    resolved_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX promises_by_client ON promises (client_id, status, due_on);
CREATE INDEX promises_by_due ON promises (status, due_on);

-- Full-text index over session notes. External content: the text lives once, in sessions.notes; the index holds
-- tokens only; the 2- and 3-letter prefix indexes keep search-as-you-type fast. secure-delete makes a deletion remove the tokens at once instead of leaving them in old segments.
CREATE VIRTUAL TABLE notes_fts USING fts5 (
    notes,
    content = 'sessions',
    content_rowid = 'id',
    prefix = '2 3',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO notes_fts (notes_fts, rank) VALUES ('secure-delete', 1);

CREATE TRIGGER sessions_fts_insert AFTER INSERT ON sessions BEGIN
    INSERT INTO notes_fts (rowid, notes) VALUES (new.id, new.notes);
END;
CREATE TRIGGER sessions_fts_delete AFTER DELETE ON sessions BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, notes) VALUES ('delete', old.id, old.notes);
END;
CREATE TRIGGER sessions_fts_update AFTER UPDATE OF notes ON sessions BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, notes) VALUES ('delete', old.id, old.notes);
    INSERT INTO notes_fts (rowid, notes) VALUES (new.id, new.notes);
END;
