-- Files handed in with a legal aid request as well as with a services application: the
-- owner is checked by the handler (it must be a request or application of the same device),
-- so the foreign key to applications goes.
ALTER TABLE attachments DROP CONSTRAINT IF EXISTS attachments_application_id_fkey;
