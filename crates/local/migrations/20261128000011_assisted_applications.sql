-- 代办: the member of staff who filled an application in on a citizen's behalf, as JSON
-- {"staff_id", "user_name"} (core::AssistedBy); NULL when the citizen did it at a kiosk.
ALTER TABLE applications ADD COLUMN assisted_by TEXT;
