-- The latest time this device's clock has shown at a staff login: a clock set back later
-- does not make an expired cached staff credential valid again.
ALTER TABLE device ADD COLUMN clock_high_water TEXT;
