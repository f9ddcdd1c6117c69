-- Artifacts are served in pieces (substring): stored uncompressed out of line, PostgreSQL reads
-- only the piece asked for instead of the whole package each time. A .deb is compressed already.
ALTER TABLE releases ALTER COLUMN artifact SET STORAGE EXTERNAL;
