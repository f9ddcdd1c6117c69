-- The device's own state: its code inside tracking numbers and, once enrolled, its server.
CREATE TABLE device (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    device_code    INTEGER NOT NULL,
    device_id      TEXT,
    site_id        TEXT,
    server_url     TEXT,
    device_token   TEXT,
    next_sequence  INTEGER NOT NULL DEFAULT 1,
    language       TEXT NOT NULL DEFAULT 'zh-CN',
    created_at     TEXT NOT NULL
);

-- Reference data: the bundled snapshot, then whatever the server sends.
CREATE TABLE catalog_items (
    code        TEXT PRIMARY KEY,
    body        TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('bundled', 'server')),
    updated_at  TEXT NOT NULL
);

CREATE TABLE applications (
    id               TEXT PRIMARY KEY,
    tracking_number  TEXT NOT NULL UNIQUE,
    item_code        TEXT NOT NULL,
    answers          TEXT NOT NULL,
    status           TEXT NOT NULL,
    submitted_at     TEXT NOT NULL,
    -- When the server confirmed receipt; NULL while it waits in the outbox.
    sent_at          TEXT
);

CREATE TABLE status_history (
    application_id  TEXT NOT NULL REFERENCES applications(id),
    status          TEXT NOT NULL,
    note            TEXT,
    at              TEXT NOT NULL,
    UNIQUE (application_id, status, at)
);

-- Mutations waiting for the server. A row leaves only when the server has answered for it;
-- a permanently refused one stays as 'rejected' for staff to see, out of the queue's way.
CREATE TABLE outbox (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    mutation_id  TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    body         TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'rejected')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    error_code   TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX outbox_pending ON outbox (state, seq);

CREATE TABLE sync_state (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    cursor           TEXT,
    last_synced_at   TEXT,
    last_error_code  TEXT
);
INSERT INTO sync_state (id) VALUES (1);
