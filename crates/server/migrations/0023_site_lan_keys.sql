-- Each site's LAN key: the devices of a site sign the datagrams of calls for help on the
-- hall's LAN with it (HMAC-SHA256), so a machine on that LAN without it cannot forge a call
-- or hide one. Made on first need (an enrollment, or a device asking for it), 32 random bytes.
CREATE TABLE site_lan_keys (
    site_id    text PRIMARY KEY,
    key        bytea NOT NULL CHECK (length(key) = 32),
    created_at timestamptz NOT NULL DEFAULT now()
);
