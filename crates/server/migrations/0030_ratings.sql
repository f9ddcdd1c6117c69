-- 好差评: one rating per rated transaction (service, tracking number), kept with the site it
-- was given at. A poor one carries its follow-up deadline and, once done, the outcome.
CREATE TABLE ratings (
    id              uuid PRIMARY KEY,
    mutation_id     uuid NOT NULL UNIQUE,
    device_id       uuid NOT NULL REFERENCES devices (id),
    site_id         text NOT NULL,
    service         text NOT NULL CHECK (service IN ('application', 'booking', 'legal_aid', 'consultation')),
    tracking_number text NOT NULL,
    level           text NOT NULL CHECK (level IN ('very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied')),
    reasons         jsonb NOT NULL DEFAULT '[]',
    rated_at        timestamptz NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    follow_up_due   timestamptz,
    followed_up_at  timestamptz,
    followed_up_by  uuid REFERENCES staff (id),
    outcome         text,
    UNIQUE (service, tracking_number)
);
CREATE INDEX ratings_site_poor ON ratings (site_id, rated_at DESC) WHERE follow_up_due IS NOT NULL;
CREATE INDEX ratings_site_level ON ratings (site_id, level, rated_at);
