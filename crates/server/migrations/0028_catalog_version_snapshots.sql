-- Each catalog version keeps the whole catalog as it left it, so the console can show what a
-- version changed and go back to it; it also names who made it in the console and, for a
-- return to an earlier version, which one. Versions made before this keep no copy (NULL).
ALTER TABLE catalog_versions
    ADD COLUMN snapshot jsonb,
    ADD COLUMN by_staff uuid REFERENCES staff (id),
    ADD COLUMN restored_from bigint REFERENCES catalog_versions (version);
