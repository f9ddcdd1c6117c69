-- Notary office operations (issue 6): staff close, open and resize slots; a booking may carry
-- a mobile number for SMS and gets an outcome (completed or missed) after its slot; SMS are
-- queued with retries, and the default gateway writes what it "sends" to sms_log.

-- A slot staff closed keeps its row with capacity 0 (closing is refused while it holds
-- bookings, and so is any capacity below the seats taken).
ALTER TABLE slot_seats DROP CONSTRAINT slot_seats_capacity_check;
ALTER TABLE slot_seats ADD CONSTRAINT slot_seats_capacity_check CHECK (capacity >= 0);
ALTER TABLE slot_seats ADD COLUMN changed_by uuid;
ALTER TABLE slot_seats ADD COLUMN changed_at timestamptz;

-- Normalised 11-digit mainland mobile number; personal data, never logged.
ALTER TABLE bookings ADD COLUMN phone text;
-- Recorded once by notary staff after the slot started, for confirmed bookings only.
ALTER TABLE bookings ADD COLUMN outcome text CHECK (outcome IN ('completed', 'no_show'));
ALTER TABLE bookings ADD COLUMN outcome_at timestamptz;
ALTER TABLE bookings ADD COLUMN outcome_by uuid;
ALTER TABLE bookings ADD CONSTRAINT bookings_outcome_confirmed
    CHECK (outcome IS NULL OR status = 'confirmed');

-- Messages to send: planned in the transaction that decides the booking, sent by the
-- server's worker when due, retried with backoff after a passing failure.
CREATE TABLE sms_outbox (
    id                 bigserial PRIMARY KEY,
    booking_id         uuid NOT NULL REFERENCES bookings (id),
    kind               text NOT NULL CHECK (kind IN ('day_before', 'hour_before', 'decision')),
    -- For a decision: confirmed, rejected, cancelled or rescheduled.
    event              text CHECK (event IN ('confirmed', 'rejected', 'cancelled', 'rescheduled')),
    -- The slot the message speaks of, as it was when the message was planned.
    slot_start         timestamptz NOT NULL,
    status             text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
    due_at             timestamptz NOT NULL,
    attempts           integer NOT NULL DEFAULT 0,
    next_attempt_at    timestamptz NOT NULL,
    -- The last failure: the gateway's code (or ours) and its text; never the number.
    last_error_code    text,
    last_error         text,
    gateway_message_id text,
    sent_at            timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sms_outbox_due ON sms_outbox (next_attempt_at) WHERE status = 'queued';
CREATE INDEX sms_outbox_booking ON sms_outbox (booking_id);

-- What the default (log) gateway was asked to send. The number is kept masked.
CREATE TABLE sms_log (
    id           bigserial PRIMARY KEY,
    message_id   text NOT NULL UNIQUE,
    phone_masked text NOT NULL,
    body         text NOT NULL,
    at           timestamptz NOT NULL DEFAULT now()
);
