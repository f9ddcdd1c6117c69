-- Staff accounts, their sessions, and the audit log of who did what (issue 5).

CREATE TABLE staff (
    id              uuid PRIMARY KEY,
    user_name       text NOT NULL UNIQUE,
    display_name    text NOT NULL,
    -- core::staff::Role in snake_case.
    role            text NOT NULL CHECK (role IN ('clerk', 'outreach', 'legal_aid_officer', 'notary_staff', 'admin')),
    site_id         text NOT NULL,
    -- argon2id in PHC form; the password itself is never stored.
    password_hash   text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    -- Failed logins in a row, and the lock they led to (core::staff::Lockout).
    failed_attempts integer NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    disabled_at     timestamptz
);

CREATE TABLE staff_sessions (
    -- SHA-256 of the session token, hex, like devices.token_hash.
    token_hash text PRIMARY KEY,
    staff_id   uuid NOT NULL REFERENCES staff (id),
    -- The device the person logged in through; the session works only with its token.
    device_id  uuid NOT NULL REFERENCES devices (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

-- Who did what. Never personal data of citizens and never a password: `subject` is a staff
-- user name or a record id, `detail` holds codes and counts.
CREATE TABLE audit_log (
    id        bigserial PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    staff_id  uuid,
    device_id uuid,
    action    text NOT NULL,
    subject   text,
    detail    jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_staff ON audit_log (staff_id, id);
