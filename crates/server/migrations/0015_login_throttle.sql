-- Failed logins are counted per user name *and* device: five wrong passwords typed at one
-- kiosk lock that name at that kiosk only (a stranger cannot lock a clerk out of their own
-- desk), and an unknown name is counted and locked exactly like a real one (the answers do
-- not tell which names exist). `user_key` is the SHA-256 of the trimmed, lower-cased name,
-- so a password typed into the name field is not kept; '*' counts every name of a device.
CREATE TABLE login_throttle (
    user_key        text NOT NULL,
    device_id       uuid NOT NULL,
    failed_attempts integer NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    PRIMARY KEY (user_key, device_id)
);
