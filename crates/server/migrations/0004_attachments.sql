-- Files handed in with an application (scans, photos, PDFs), uploaded in pieces that resume
-- after a cut. 0003 is the catalog versions migration.
CREATE TABLE attachments (
    id             uuid PRIMARY KEY,
    application_id uuid NOT NULL REFERENCES applications(id),
    device_id      uuid NOT NULL,
    material_index integer NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('jpeg', 'png', 'pdf')),
    size           bigint NOT NULL CHECK (size > 0),
    sha256         text NOT NULL,
    -- Bytes held so far: the sum of the pieces' lengths; the next piece starts here.
    received       bigint NOT NULL DEFAULT 0,
    completed_at   timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_application ON attachments (application_id);

CREATE TABLE attachment_chunks (
    attachment_id uuid NOT NULL REFERENCES attachments(id) ON DELETE CASCADE,
    "offset"      bigint NOT NULL,
    data          bytea NOT NULL,
    PRIMARY KEY (attachment_id, "offset")
);
