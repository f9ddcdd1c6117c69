-- One-time device enrollment codes made in the console: the device's site and name, who made
-- it, until when it works, and what became of it. Only the code's SHA-256 is kept.
CREATE TABLE enrollment_codes (
    id           uuid PRIMARY KEY,
    code_hash    text NOT NULL UNIQUE,
    site_id      text NOT NULL,
    name         text NOT NULL,
    created_by   uuid REFERENCES staff (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    device_id    uuid REFERENCES devices (id),
    cancelled_at timestamptz
);
CREATE INDEX enrollment_codes_open ON enrollment_codes (expires_at)
    WHERE used_at IS NULL AND cancelled_at IS NULL;
