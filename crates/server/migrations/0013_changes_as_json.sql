-- The feed is written once and read many times, always as text (a pull passes each change
-- through as stored). Kept as json, a pull copies the stored text instead of printing every
-- jsonb document anew, which was most of the time a pull page took on the server.
ALTER TABLE changes ALTER COLUMN body TYPE json USING body::json;
