-- Vault-wide facts: when it was created, which app version last opened it.
CREATE TABLE vault_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Settings that belong to the worker's record, not to the machine (worker name, organisation, reporting
-- protocol). UI preferences that reveal nothing live in QSettings instead.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
