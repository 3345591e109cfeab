-- Years of notes (issue 21): search as you type and autosave stay fast at 400,000 sessions.
--
-- The full-text index gains a 4-letter prefix index ("inte" is one index term, read lazily newest first, instead
-- of thousands of terms merged), and is rebuilt here for existing vaults. An edited note is no longer re-indexed
-- inside the autosave: removing a 2 kB note's old tokens from a secure-delete index takes ~100 ms, too long for
-- the GUI thread, nor is a deleted one taken out inside the deletion (200 sessions took minutes). Both only
-- remember, once, what the index still holds for that session (notes_fts_pending, below).
DROP TRIGGER sessions_fts_insert;
DROP TRIGGER sessions_fts_delete;
DROP TRIGGER sessions_fts_update;
DROP TABLE notes_fts;

CREATE VIRTUAL TABLE notes_fts USING fts5 (
    notes,
    content = 'sessions',
    content_rowid = 'id',
    prefix = '2 3 4',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO notes_fts (notes_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO notes_fts (notes_fts) VALUES ('rebuild');

-- One row per session whose notes changed, or that was deleted, since the index last caught up: what the index
-- holds for it (needed to remove exactly those tokens; ~0.5 s a note under secure-delete). Catching up runs off
-- the GUI thread, a session at a time (desktop.core.records.sessions.index_pending_notes, retention.scrub); search
-- reads these sessions' own notes meanwhile, so results stay exact. A row is deleted, with secure_delete, as soon
-- as the index has caught up with it.
CREATE TABLE notes_fts_pending (
    session_id INTEGER PRIMARY KEY,
    indexed_notes TEXT NOT NULL
);

-- A new session is indexed at once (it is short, or written in bulk). Should it reuse the id of a deleted session
-- whose tokens are still waiting to leave the index, that old entry is cleared first.
CREATE TRIGGER sessions_fts_insert AFTER INSERT ON sessions BEGIN
    INSERT INTO notes_fts (rowid, notes) SELECT new.id, new.notes
        WHERE NOT EXISTS (SELECT 1 FROM notes_fts_pending WHERE session_id = new.id);
    DELETE FROM notes_fts_pending WHERE session_id = new.id;
END;
CREATE TRIGGER sessions_fts_update AFTER UPDATE OF notes ON sessions WHEN old.notes IS NOT new.notes BEGIN
    INSERT OR IGNORE INTO notes_fts_pending (session_id, indexed_notes) VALUES (old.id, old.notes);
END;
CREATE TRIGGER sessions_fts_delete AFTER DELETE ON sessions BEGIN
    INSERT OR IGNORE INTO notes_fts_pending (session_id, indexed_notes) VALUES (old.id, old.notes);
END;
-- Catching up is deleting the pending row: one statement, so the index never holds half an update, even in
-- autocommit and even when the GUI thread saves again at the same moment. A deleted session is not indexed again.
CREATE TRIGGER notes_fts_pending_apply AFTER DELETE ON notes_fts_pending BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, notes) VALUES ('delete', old.session_id, old.indexed_notes);
    INSERT INTO notes_fts (rowid, notes) SELECT id, notes FROM sessions WHERE id = old.session_id;
END;
