-- BorderDesk server schema, first version. Migrations are forward-only: never edit this file
-- once applied; add a new one.

-- One row per life of this database. The epoch goes into every pull cursor, so a cursor from
-- another life (a restored or recreated server) is recognised and the device resyncs.
CREATE TABLE server_meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO server_meta (key, value) VALUES ('epoch', replace(gen_random_uuid()::text, '-', ''));

-- Assigned device codes (tracking-number prefixes); provisional ones are 50000-99999.
CREATE SEQUENCE device_code_seq AS integer MINVALUE 10000 MAXVALUE 49999 START 10000 NO CYCLE;

CREATE TABLE devices (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    site_id     text NOT NULL,
    device_code integer NOT NULL UNIQUE,
    -- SHA-256 of the bearer token, hex; the token itself is never stored.
    token_hash  text NOT NULL UNIQUE,
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

CREATE TABLE applications (
    id              uuid PRIMARY KEY,
    tracking_number text NOT NULL UNIQUE,
    -- No foreign keys on the hot push path (a per-row trigger each): the device comes from
    -- the authenticated request and devices are revoked, never deleted.
    device_id       uuid NOT NULL,
    site_id         text NOT NULL,
    item_code       text NOT NULL,
    answers         jsonb NOT NULL,
    status          text NOT NULL,
    -- Device clock: shown, never used to order anything.
    submitted_at    timestamptz NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now()
);

-- Written in the same statement or transaction as its application (see sync.rs, admin.rs).
CREATE TABLE status_history (
    application_id uuid NOT NULL,
    id             bigserial,
    status         text NOT NULL,
    note           text,
    at             timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (application_id, id)
);

-- Exactly-once: written in the same transaction as the mutation's effect.
CREATE TABLE applied_mutations (
    mutation_id uuid PRIMARY KEY,
    device_id   uuid NOT NULL,
    result      jsonb NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE catalog_items (
    code       text PRIMARY KEY,
    body       jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The change feed devices pull. Read in (xid, seq) order and only below the oldest running
-- transaction, so a change that commits late is never skipped by a cursor.
CREATE TABLE changes (
    seq        bigserial PRIMARY KEY,
    xid        bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    site_id    text,
    body       jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX changes_order ON changes (xid, seq);
CREATE INDEX changes_site_order ON changes (site_id, xid, seq);
