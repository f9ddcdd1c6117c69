-- One open call for help per kiosk: a kiosk pressing again (or flooding) adds nothing to the
-- desks' queue. Older duplicates are closed first.
UPDATE staff_calls c SET answered_at = now()
 WHERE answered_at IS NULL
   AND EXISTS (SELECT 1 FROM staff_calls n
                WHERE n.device_id = c.device_id AND n.answered_at IS NULL
                  AND (n.called_at, n.id) > (c.called_at, c.id));
CREATE UNIQUE INDEX staff_calls_one_open ON staff_calls (device_id) WHERE answered_at IS NULL;
