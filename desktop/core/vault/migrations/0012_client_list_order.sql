-- The client list at 20,000 clients (issue 21): every sort order is read from an index, a page at a time.
--
-- SQLite re-sorted the whole table for every page (its planner chose no index for an ORDER BY with a collation and
-- tie-breakers), and the promises column was two counts over promises for every client. Each index below matches
-- one order exactly, tie-breakers included (the first name without case, then the id), so a page is a short walk
-- down an index from the last row shown (desktop.core.records.client_list).

-- Open and overdue promises of each client, kept by the triggers below. "Overdue" means due before the day in
-- vault_meta's 'promises_overdue_as_of'; client_list moves that day to the worker's today before reading (only the
-- clients with a promise due in between are counted again).
ALTER TABLE clients ADD COLUMN open_promises INTEGER NOT NULL DEFAULT 0;
ALTER TABLE clients ADD COLUMN overdue_promises INTEGER NOT NULL DEFAULT 0;
INSERT OR REPLACE INTO vault_meta (key, value) VALUES ('promises_overdue_as_of', date('now', 'localtime'));
UPDATE clients SET
    open_promises = (SELECT COUNT(*) FROM promises p WHERE p.client_id = clients.id AND p.status = 'open'),
    overdue_promises = (SELECT COUNT(*) FROM promises p WHERE p.client_id = clients.id AND p.status = 'open'
                        AND p.due_on < date('now', 'localtime'))
WHERE id IN (SELECT client_id FROM promises WHERE status = 'open');

CREATE TRIGGER promises_count_insert AFTER INSERT ON promises WHEN new.status = 'open' BEGIN
    UPDATE clients SET open_promises = open_promises + 1,
        overdue_promises = overdue_promises + (new.due_on < COALESCE((SELECT value FROM vault_meta
                                                                      WHERE key = 'promises_overdue_as_of'), ''))
    WHERE id = new.client_id;
END;
CREATE TRIGGER promises_count_delete AFTER DELETE ON promises WHEN old.status = 'open' BEGIN
    UPDATE clients SET open_promises = open_promises - 1,
        overdue_promises = overdue_promises - (old.due_on < COALESCE((SELECT value FROM vault_meta
                                                                      WHERE key = 'promises_overdue_as_of'), ''))
    WHERE id = old.client_id;
END;
CREATE TRIGGER promises_count_update AFTER UPDATE OF status, due_on, client_id ON promises
WHEN old.status = 'open' OR new.status = 'open' BEGIN
    UPDATE clients SET open_promises = open_promises - 1,
        overdue_promises = overdue_promises - (old.due_on < COALESCE((SELECT value FROM vault_meta
                                                                      WHERE key = 'promises_overdue_as_of'), ''))
    WHERE id = old.client_id AND old.status = 'open';
    UPDATE clients SET open_promises = open_promises + 1,
        overdue_promises = overdue_promises + (new.due_on < COALESCE((SELECT value FROM vault_meta
                                                                      WHERE key = 'promises_overdue_as_of'), ''))
    WHERE id = new.client_id AND new.status = 'open';
END;

-- One index per order of the list, in the order's exact terms (NULL last sessions first, like '' before a date).
CREATE INDEX clients_by_first_name ON clients (first_name COLLATE NOCASE, id);
CREATE INDEX clients_by_languages ON clients (languages, first_name COLLATE NOCASE, id);
CREATE INDEX clients_by_age_group ON clients (age_group, first_name COLLATE NOCASE, id);
CREATE INDEX clients_by_tags ON clients (tags COLLATE NOCASE, first_name COLLATE NOCASE, id);
CREATE INDEX clients_by_last_session ON clients (last_session_at, first_name COLLATE NOCASE, id);
CREATE INDEX clients_by_session_count ON clients (session_count, first_name COLLATE NOCASE, id);
CREATE INDEX clients_by_promises ON clients (overdue_promises, open_promises, first_name COLLATE NOCASE, id);

-- Deleting a row scans every table whose foreign key points at it unless that key is indexed: deleting a client's
-- 200 sessions read the whole promises table 200 times (for promises made in them: ON DELETE SET NULL), 0.25 s of
-- write lock at 2,000 clients that an autosave waited for, ten times that at 20,000. Every foreign key has one now.
CREATE INDEX promises_by_session ON promises (session_id);
CREATE INDEX interpreter_incidents_by_client ON interpreter_incidents (client_id);
CREATE INDEX booking_history_by_booking ON booking_history (booking_id);
CREATE INDEX booking_overrides_by_booking ON booking_overrides (booking_id);

-- A client being deleted for good (issue 18): their sessions go a few at a time, each step a short transaction, so
-- a save on the GUI thread never waits for all of them at once; listed here from the first step, the client is
-- hidden from every list and search at once, and a deletion stopped half way (a lock, a crash) is finished later.
CREATE TABLE clients_leaving (client_id INTEGER PRIMARY KEY);
