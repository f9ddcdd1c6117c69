-- Unfinished applications saved with a resume code (继续办理码), for resuming at another kiosk.
-- The content is sealed with a key derived from the code; the server cannot read it. A draft
-- is taken out once: the claim empties `sealed` in the same statement.
CREATE TABLE drafts (
    id          uuid PRIMARY KEY,
    lookup      text NOT NULL UNIQUE,
    sealed      text NOT NULL,
    item_code   text NOT NULL,
    device_id   uuid NOT NULL,
    site_id     text NOT NULL,
    saved_at    timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    claimed_at  timestamptz,
    claimed_by  uuid
);
CREATE INDEX drafts_expiry ON drafts (expires_at);
