-- Bookings are counted per person: a keyed hash of the applicant's ID number (HMAC-SHA256
-- with a key that never leaves this database's server side), never the number itself.
CREATE TABLE server_keys (
    name text PRIMARY KEY,
    key  bytea NOT NULL CHECK (length(key) >= 32)
);
-- 32 bytes from two random UUIDs (gen_random_uuid draws from the system's strong random
-- source; 244 random bits), made once when the database is created or upgraded.
INSERT INTO server_keys (name, key)
VALUES ('person', decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));

ALTER TABLE bookings ADD COLUMN person_hash bytea;
CREATE INDEX bookings_person_received ON bookings (person_hash, received_at)
    WHERE person_hash IS NOT NULL;
