-- Issue 13, remote support: what each device says about itself once per sync round (codes,
-- counts and states; never personal data). The latest report per device, and a history of
-- the last days (BORDERDESK_HEALTH_HISTORY_DAYS, default 14) that keeps at most one report
-- per device per five minutes, so a device reporting in a loop cannot fill the table.
CREATE TABLE device_health (
    device_id   uuid PRIMARY KEY REFERENCES devices (id),
    received_at timestamptz NOT NULL DEFAULT now(),
    report      jsonb NOT NULL
);

CREATE TABLE device_health_history (
    id          bigserial PRIMARY KEY,
    device_id   uuid NOT NULL REFERENCES devices (id),
    received_at timestamptz NOT NULL DEFAULT now(),
    report      jsonb NOT NULL
);
CREATE INDEX device_health_history_of_device ON device_health_history (device_id, id);
CREATE INDEX device_health_history_by_age ON device_health_history (received_at);
