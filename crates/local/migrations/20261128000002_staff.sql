-- Staff credentials cached for offline logins, and a log of the logins made on this device
-- (kept here for a later upload). No password is ever stored: only the argon2id hash the
-- server issued at the last online login.
CREATE TABLE staff_credentials (
    user_name       TEXT PRIMARY KEY,
    staff_id        TEXT NOT NULL,
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL,
    site_id         TEXT NOT NULL,
    -- argon2id in PHC form, made by the server for this device.
    password_hash   TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    -- Server time of the online login; offline logins end OFFLINE_LOGIN_DAYS later.
    issued_at       TEXT NOT NULL,
    -- Failed offline logins in a row, and the lock they led to (core::staff::Lockout).
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT
);

CREATE TABLE staff_audit (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Device clock.
    at          TEXT NOT NULL,
    staff_id    TEXT,
    -- Only for accounts this device knows; an unknown name is not recorded.
    user_name   TEXT,
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '{}',
    uploaded_at TEXT
);
