-- Search by session language at 400,000 sessions (issue 21).
--
-- A session's language sits in its row beside the notes (1-3 kB), so a language filter read a whole session row
-- for every match it passed over: a language few sessions have walked every match in the vault (2.5-5.8 s at
-- 20,000 clients), and listing the languages in use read every session (3.4 s). This small table holds each
-- session's language apart (its id and the language tag: no note text, nothing a session's row does not already
-- hold), indexed by language, and kept right by the triggers below. A session with no language has no row.
CREATE TABLE session_languages (
    session_id INTEGER PRIMARY KEY,
    language TEXT NOT NULL
);
CREATE INDEX session_languages_by_language ON session_languages (language, session_id);

CREATE TRIGGER session_languages_insert AFTER INSERT ON sessions WHEN new.language != '' BEGIN
    INSERT OR REPLACE INTO session_languages (session_id, language) VALUES (new.id, new.language);
END;
CREATE TRIGGER session_languages_update AFTER UPDATE OF id, language ON sessions
WHEN old.id IS NOT new.id OR old.language IS NOT new.language BEGIN
    DELETE FROM session_languages WHERE session_id = old.id;
    INSERT OR REPLACE INTO session_languages (session_id, language) SELECT new.id, new.language
        WHERE new.language != '';
END;
CREATE TRIGGER session_languages_delete AFTER DELETE ON sessions BEGIN
    DELETE FROM session_languages WHERE session_id = old.id;
END;

-- A vault that already has sessions gets their rows later, a few thousand at a time on a worker thread
-- (desktop.core.records.session_languages.fill), not here: one statement over 400,000 sessions would read the
-- whole file while the worker waits to unlock. Until the rows below this id are in, search reads the language
-- from the sessions themselves, as before (correct, only slower). A new vault has nothing to fill.
INSERT INTO vault_meta (key, value)
    SELECT 'session_languages_fill_below', MAX(id) + 1 FROM sessions HAVING MAX(id) IS NOT NULL;
