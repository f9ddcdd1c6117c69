-- 呼叫工作人员: a kiosk's call for help, shown on the clerk desks of its site until someone
-- takes it. No personal data: the device and the time.
CREATE TABLE staff_calls (
    id           uuid PRIMARY KEY,
    device_id    uuid NOT NULL,
    site_id      text NOT NULL,
    called_at    timestamptz NOT NULL DEFAULT now(),
    answered_at  timestamptz,
    answered_by  uuid
);
CREATE INDEX staff_calls_open ON staff_calls (site_id, called_at) WHERE answered_at IS NULL;
