-- Every catalog import, good or unchanged, is a numbered version: when it ran, which file it
-- read (sha256 of the bytes, NULL when the items did not come from a file), how many items
-- it read and how many of them were new or changed. Written in the import's transaction.
CREATE TABLE catalog_versions (
    version     bigserial PRIMARY KEY,
    imported_at timestamptz NOT NULL DEFAULT now(),
    file_sha256 text,
    rows        int NOT NULL,
    changed     int NOT NULL
);
