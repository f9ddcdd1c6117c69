-- Files handed in for an application's materials. The content is sealed piece by piece
-- (attachment_chunks) with the device key, so a copied database shows no scan. A file is
-- 'held' while its interview runs, 'attached' once the application is saved, 'uploaded'
-- when the server holds all of it (the content is then dropped from the device), or
-- 'refused' when the server will not take it (staff see the code).
CREATE TABLE attachments (
    id              TEXT PRIMARY KEY,
    application_id  TEXT REFERENCES applications(id),
    item_code       TEXT NOT NULL,
    material_index  INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    size            INTEGER NOT NULL,
    sha256          TEXT NOT NULL,
    -- Bytes the server has confirmed: an interrupted upload resumes from here.
    uploaded        INTEGER NOT NULL DEFAULT 0,
    state           TEXT NOT NULL DEFAULT 'held'
                    CHECK (state IN ('held', 'attached', 'uploaded', 'refused')),
    error_code      TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX attachments_application ON attachments (application_id);
CREATE INDEX attachments_state ON attachments (state);

CREATE TABLE attachment_chunks (
    attachment_id  TEXT NOT NULL REFERENCES attachments(id) ON DELETE CASCADE,
    idx            INTEGER NOT NULL,
    data           BLOB NOT NULL,
    PRIMARY KEY (attachment_id, idx)
);
