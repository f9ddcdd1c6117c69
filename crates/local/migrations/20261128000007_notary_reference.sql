-- The notary reference data (offices with calendars, matters) the server last sent on the
-- feed (`Change::NotaryReference`); without a row the device uses its bundled snapshot.
CREATE TABLE notary_reference (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
