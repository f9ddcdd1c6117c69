-- The office a member of staff works for (issue 5): a legal aid officer works one legal aid
-- office's queue (`LA-330329`), notary staff one notary office's calendar (`GZC-330329`).
-- The other roles have none. Required for those two roles and checked against the reference
-- data when an account is made (server/src/staff.rs, core::staff::check_office_assignment).
-- Accounts made before this migration have none: they log in but reach no office desk until
-- an office is set. (The table only refuses an office for a role without one: a rule that
-- also required it would refuse every later update of those older rows, a login included.)
ALTER TABLE staff ADD COLUMN office_code text
    CHECK (office_code IS NULL OR role IN ('legal_aid_officer', 'notary_staff'));
