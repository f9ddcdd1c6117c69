-- Whether the applicant signed the application form and pledge on the screen: the receipt says
-- so, and a reprint says it again (the signature itself stays sealed in the body).
ALTER TABLE legal_aid_requests ADD COLUMN signed INTEGER NOT NULL DEFAULT 0;
