-- The interpreter directory: qualified people and agencies (an agency's phone line is one entry of kind 'agency').
-- roster_key is the stable key an import matches on, so importing the same roster twice updates instead of
-- duplicating. Lists (languages, modalities, communities) are JSON arrays of text.
CREATE TABLE interpreters (
    id INTEGER PRIMARY KEY,
    roster_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'agency')),
    name TEXT NOT NULL,
    agency TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT '[]',          -- BCP 47 tags, dialect as region/script/variant: yue-HK, pa-Guru
    dialect_notes TEXT NOT NULL DEFAULT '',
    gender TEXT NOT NULL DEFAULT 'unknown' CHECK (gender IN ('female', 'male', 'nonbinary', 'unknown')),
    modalities TEXT NOT NULL DEFAULT '[]',         -- in_person, phone, video
    region TEXT NOT NULL DEFAULT '',
    availability TEXT NOT NULL DEFAULT '',
    communities TEXT NOT NULL DEFAULT '[]',        -- communities served or belonged to (possible conflicts)
    ethics_on_file INTEGER NOT NULL DEFAULT 0,
    confidentiality_signed INTEGER NOT NULL DEFAULT 0,
    trauma_informed INTEGER NOT NULL DEFAULT 0,
    conflict_checked_on TEXT,                      -- ISO date
    conflict_result TEXT NOT NULL DEFAULT '' CHECK (conflict_result IN ('', 'clear', 'concern')),
    cost TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    feedback TEXT NOT NULL DEFAULT '',
    incident_notes TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE interpreter_credentials (
    id INTEGER PRIMARY KEY,
    interpreter_id INTEGER NOT NULL REFERENCES interpreters(id) ON DELETE CASCADE,
    body TEXT NOT NULL DEFAULT '',                 -- STIBC, ATIO ...
    title TEXT NOT NULL,                           -- Certified Medical Interpreter ...
    number TEXT NOT NULL DEFAULT '',
    level TEXT NOT NULL DEFAULT 'trained' CHECK (level IN ('certified', 'registered', 'trained')),
    expires_on TEXT,                               -- ISO date; NULL = does not expire
    last_checked_on TEXT                           -- ISO date the worker last verified it with the body
);
CREATE INDEX interpreter_credentials_by_interpreter ON interpreter_credentials(interpreter_id);

-- An incident with a given client (or in general when client_id is NULL): a hard conflict for that client.
CREATE TABLE interpreter_incidents (
    id INTEGER PRIMARY KEY,
    interpreter_id INTEGER NOT NULL REFERENCES interpreters(id) ON DELETE CASCADE,
    client_id INTEGER REFERENCES clients(id) ON DELETE CASCADE,
    noted_on TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX interpreter_incidents_by_interpreter ON interpreter_incidents(interpreter_id);

CREATE TABLE bookings (
    id INTEGER PRIMARY KEY,
    client_id INTEGER REFERENCES clients(id) ON DELETE CASCADE,
    interpreter_id INTEGER REFERENCES interpreters(id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'requested', 'confirmed', 'completed', 'cancelled', 'no_show')),
    starts_at TEXT NOT NULL,                       -- UTC ISO
    ends_at TEXT NOT NULL,                         -- UTC ISO
    timezone TEXT NOT NULL,                        -- IANA zone the appointment is in (America/Vancouver)
    modality TEXT NOT NULL DEFAULT 'in_person' CHECK (modality IN ('in_person', 'phone', 'video')),
    place TEXT NOT NULL DEFAULT '',
    call_details TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',             -- BCP 47
    gender_preference TEXT NOT NULL DEFAULT 'any',
    notes TEXT NOT NULL DEFAULT '',
    checklist TEXT NOT NULL DEFAULT '{}',          -- briefing item -> done (JSON object)
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX bookings_by_start ON bookings(starts_at);
CREATE INDEX bookings_by_interpreter ON bookings(interpreter_id, starts_at);
CREATE INDEX bookings_by_client ON bookings(client_id, starts_at);

CREATE TABLE booking_history (
    id INTEGER PRIMARY KEY,
    booking_id INTEGER NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
    from_status TEXT,
    to_status TEXT NOT NULL,
    at TEXT NOT NULL,
    worker TEXT NOT NULL DEFAULT ''
);

-- A double booking the worker chose to keep, with the reason they gave.
CREATE TABLE booking_overrides (
    id INTEGER PRIMARY KEY,
    booking_id INTEGER NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('interpreter', 'client')),
    other_booking_id INTEGER NOT NULL,
    reason TEXT NOT NULL,
    worker TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);
