-- Whether a member of staff ever logged in through a device: a device's audit lines and
-- its "assisted by" may name only such a person.
CREATE INDEX audit_log_logins ON audit_log (staff_id, device_id) WHERE action = 'login';
