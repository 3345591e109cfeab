-- Interpreters an organisation published (desktop/core/organisation/updates.py). origin names the organisation
-- ('' = the worker's own entry); published holds the organisation's version as last applied (JSON), so a later
-- update can tell the worker's own edits from the organisation's changes and keep the worker's.
ALTER TABLE interpreters ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE interpreters ADD COLUMN published TEXT;
