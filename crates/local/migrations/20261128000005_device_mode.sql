-- How this device is used: a citizen kiosk, a clerk's desk, or an outreach laptop (field).
-- A kiosk forgets a person's data once the server has confirmed receipt.
ALTER TABLE device ADD COLUMN mode TEXT NOT NULL DEFAULT 'kiosk'
    CHECK (mode IN ('kiosk', 'desk', 'field'));

-- Keyed check values of the last four characters of the ID number(s) (a JSON array of hex
-- strings, DeviceKey::check of "<record id>:<LAST4>"), kept so that tracking by number and
-- last four still works after the sealed personal data was dropped.
ALTER TABLE applications ADD COLUMN id_check TEXT;
ALTER TABLE bookings ADD COLUMN id_check TEXT;
