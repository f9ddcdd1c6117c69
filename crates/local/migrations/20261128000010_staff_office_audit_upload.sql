-- Issue 5, server-side scoping. The office a cached account works for (legal aid officers,
-- notary staff), so an offline login opens the desk on it; and the outbox mutation that
-- uploads each line of the login log (written in the same transaction as the line; a line
-- is uploaded once its mutation has left the outbox). Lines written before this migration
-- have none: they are queued with the next line written.
ALTER TABLE staff_credentials ADD COLUMN office_code TEXT;
ALTER TABLE staff_audit ADD COLUMN mutation_id TEXT;
