-- Wrong cancel codes tried against a booking: after a few (a setting), its cancel and
-- reschedule from devices are refused even with the right code, so the code cannot be
-- walked. Staff still act on it at the office.
ALTER TABLE bookings ADD COLUMN wrong_code_attempts integer NOT NULL DEFAULT 0;

-- Counters of repeatable actions in fixed windows (tracking lookups per device, failed ones
-- per tracking number), shared by every server process.
CREATE TABLE rate_counters (
    scope        text NOT NULL,
    key          text NOT NULL,
    window_start timestamptz NOT NULL,
    count        integer NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, key, window_start)
);
