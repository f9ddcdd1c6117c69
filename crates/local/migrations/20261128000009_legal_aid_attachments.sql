-- Files handed in with a legal aid application (its own owner column: `application_id`
-- refers to services applications).
ALTER TABLE attachments ADD COLUMN legal_aid_request_id TEXT REFERENCES legal_aid_requests(id);
