-- The site's LAN key (signs calls for help on the hall's LAN), sealed under the device key
-- like the device token; NULL until the server has handed it out.
ALTER TABLE device ADD COLUMN lan_key TEXT;
