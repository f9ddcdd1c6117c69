-- The reasons offered with a poor rating as the county last sent them on the feed
-- (`Change::RatingReasons`); without a row the device offers the bundled ones.
CREATE TABLE rating_reasons (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
