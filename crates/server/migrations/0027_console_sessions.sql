-- Sessions of the county console (/console), a web page used in an ordinary browser: the
-- cookie holds the token, the server keeps its SHA-256. `csrf_token` is sent back in a
-- header with every request that changes something (a page of another site cannot read it).
-- A session ends at `expires_at`, or when unused for the server's console_idle_minutes.
CREATE TABLE console_sessions (
    token_hash   text PRIMARY KEY,
    staff_id     uuid NOT NULL REFERENCES staff (id),
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX console_sessions_staff ON console_sessions (staff_id);
