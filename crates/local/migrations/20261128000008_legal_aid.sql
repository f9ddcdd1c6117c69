-- Legal aid applications and consultations (法律咨询) made on this device. What the person
-- said is sealed with the device key (`body`); `check` is the keyed check value of the last
-- four characters they track it with (ID number, or the phone for a consultation).
CREATE TABLE legal_aid_requests (
    id              TEXT PRIMARY KEY,
    tracking_number TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('application', 'consultation')),
    office_code     TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'saved',
    note            TEXT,
    made_at         TEXT NOT NULL
);
