-- Video-notarization bookings made on this device. The applicant's name, ID number and phone
-- are sealed with the device key (`applicant`); the cancel code is kept only as its hash.
-- status: pending (waiting for the server), confirmed, rejected (with alternatives),
-- cancel_pending (cancel waiting for the server), cancelled.
CREATE TABLE bookings (
    id               TEXT PRIMARY KEY,
    tracking_number  TEXT NOT NULL UNIQUE,
    office_code      TEXT NOT NULL,
    matter_code      TEXT NOT NULL,
    slot_start       TEXT NOT NULL,
    applicant        TEXT NOT NULL,
    cancel_code_hash TEXT NOT NULL,
    status           TEXT NOT NULL,
    alternatives     TEXT NOT NULL DEFAULT '[]',
    made_at          TEXT NOT NULL,
    decided_at       TEXT
);

-- Seats per slot as the server last said, per office, with when it said so.
CREATE TABLE slot_availability (
    office_code  TEXT NOT NULL,
    slot_start   TEXT NOT NULL,
    capacity     INTEGER NOT NULL,
    taken        INTEGER NOT NULL,
    as_of        TEXT NOT NULL,
    PRIMARY KEY (office_code, slot_start)
);
