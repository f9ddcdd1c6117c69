-- Unfinished applications saved with a resume code (继续办理码). `sealed` is encrypted with a
-- key derived from the code, which is printed on the slip and kept nowhere else; `lookup` is
-- derived from the code the same slow way (Argon2id), so this table cannot be turned back
-- into codes. A draft is used once: resuming empties `sealed`.
CREATE TABLE saved_drafts (
    id           TEXT PRIMARY KEY,
    lookup       TEXT NOT NULL UNIQUE,
    sealed       TEXT NOT NULL,
    item_code    TEXT NOT NULL,
    saved_at     TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    -- When the server took a copy (for resuming at another kiosk); NULL until then.
    sent_at      TEXT,
    claimed_at   TEXT,
    -- Resumed here while offline after the server had a copy: the copy must be used up there.
    burn_pending INTEGER NOT NULL DEFAULT 0
);
