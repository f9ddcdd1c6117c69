-- The county's reasons for a poor rating (core::rating::RatingReasons as JSON), imported with
-- `borderdesk-server import-rating-reasons`; without a row the bundled list holds. Every code
-- ever offered stays acceptable: a kiosk offline for a day rates with the list it had.
CREATE TABLE rating_reasons (
    id          boolean PRIMARY KEY DEFAULT true CHECK (id),
    body        jsonb NOT NULL,
    known_codes text[] NOT NULL DEFAULT '{}',
    updated_at  timestamptz NOT NULL DEFAULT now()
);
