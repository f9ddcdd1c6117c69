-- App releases the server hands out to devices (issue 13, updates): the artifact (a .deb as
-- the Tauri bundler makes it), the minisign signature the app checks against the county's
-- public key before installing, and the rollout: named devices first, then a share, or
-- paused. Kept in the database so that every server process behind a load balancer serves the
-- same releases and a backup holds them.
CREATE TABLE releases (
    -- Publication order (the admin list's keyset).
    id              bigserial UNIQUE,
    channel         text NOT NULL,
    target          text NOT NULL,
    version         text NOT NULL,
    -- For ordering: MAJOR, MINOR, PATCH.
    version_parts   integer[] NOT NULL,
    notes           text NOT NULL DEFAULT '',
    signature       text NOT NULL,
    sha256          text NOT NULL,
    size_bytes      bigint NOT NULL,
    artifact        bytea NOT NULL,
    published_at    timestamptz NOT NULL DEFAULT now(),
    rollout_devices uuid[] NOT NULL DEFAULT '{}',
    rollout_percent smallint NOT NULL DEFAULT 0 CHECK (rollout_percent BETWEEN 0 AND 100),
    paused          boolean NOT NULL DEFAULT false,
    PRIMARY KEY (channel, target, version)
);
-- Artifacts are large: never compressed again by PostgreSQL (a .deb is compressed already).
ALTER TABLE releases ALTER COLUMN artifact SET STORAGE EXTERNAL;
