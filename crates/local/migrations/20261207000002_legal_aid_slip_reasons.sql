-- Why a legal aid request went to its office and what made it urgent, as Fluent ids (no
-- personal data): kept so a reprint at the desk says the same as the first receipt, even after
-- a kiosk has let the answers go.
ALTER TABLE legal_aid_requests ADD COLUMN routing_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE legal_aid_requests ADD COLUMN urgent_ids TEXT NOT NULL DEFAULT '[]';
