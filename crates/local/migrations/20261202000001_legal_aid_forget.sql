-- A kiosk drops a legal aid request's sealed body once the server has it, as it does for
-- applications and bookings; this keyed check value of the ID's (or, for a consultation, the
-- phone's) last four is what stays, so the person can still track it here.
ALTER TABLE legal_aid_requests ADD COLUMN id_check TEXT;
