-- A family member's mobile that gets a booking's SMS too (with the time the citizen said they
-- agreed), and which of the two numbers each planned message goes to.
ALTER TABLE bookings ADD COLUMN family_phone text, ADD COLUMN family_consent_at timestamptz;
ALTER TABLE sms_outbox ADD COLUMN recipient text NOT NULL DEFAULT 'applicant'
    CHECK (recipient IN ('applicant', 'family'));
-- The per-number SMS limit looks a number up on either side.
CREATE INDEX bookings_family_phone ON bookings (family_phone) WHERE family_phone IS NOT NULL;
