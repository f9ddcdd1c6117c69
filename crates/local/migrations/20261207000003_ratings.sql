-- 好差评 given at this device: one per rated transaction; what goes to the server is in the
-- outbox (no personal data).
CREATE TABLE ratings (
    id              TEXT PRIMARY KEY,
    service         TEXT NOT NULL,
    tracking_number TEXT NOT NULL,
    level           TEXT NOT NULL,
    reasons         TEXT NOT NULL DEFAULT '[]',
    rated_at        TEXT NOT NULL,
    UNIQUE (service, tracking_number)
);
