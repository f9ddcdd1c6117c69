-- The legal aid reference data (offices, routing rules, hardship standards) the server last
-- sent on the feed (`Change::LegalAidReference`); without a row the device uses its bundled
-- snapshot.
CREATE TABLE legal_aid_reference (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- The office the server chose for a request (JSON, as the feed's status change carries it):
-- what the kiosk shows from then on, even when its own reference data would route elsewhere.
ALTER TABLE legal_aid_requests ADD COLUMN office TEXT;
