-- Issue 13, remote support: a support engineer's reason for retrying or discarding a
-- set-aside outbox entry (`borderdesk-ctl retry|discard`), in their words. Kept on the device
-- only: the uploaded line carries the action, the entry's kind and its code.
ALTER TABLE staff_audit ADD COLUMN note TEXT;
