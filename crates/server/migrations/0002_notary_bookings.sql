-- Remote video notarization: reference data and bookings. The server is authoritative for
-- seats: a slot never takes more confirmed bookings than its capacity, however many devices
-- push at once.

-- Reference data, imported with `borderdesk-server import-notary <file.json>`.
CREATE TABLE notary_offices (
    code       text PRIMARY KEY,
    -- The whole NotaryOffice, calendar included.
    body       jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE notary_matters (
    code       text PRIMARY KEY,
    body       jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per (office, slot) that anyone tried to book: the row every decision about the
-- slot serializes on. A seat is taken only by `UPDATE ... SET taken = taken + 1 WHERE
-- taken < capacity`; the CHECK is the last line of defence.
CREATE TABLE slot_seats (
    office_code text NOT NULL,
    slot_start  timestamptz NOT NULL,
    capacity    integer NOT NULL CHECK (capacity > 0),
    taken       integer NOT NULL DEFAULT 0 CHECK (taken >= 0),
    PRIMARY KEY (office_code, slot_start),
    CONSTRAINT slot_seats_within_capacity CHECK (taken <= capacity)
);

CREATE TABLE bookings (
    id               uuid PRIMARY KEY,
    office_code      text NOT NULL,
    matter_code      text NOT NULL,
    slot_start       timestamptz NOT NULL,
    status           text NOT NULL CHECK (status IN ('confirmed', 'rejected', 'cancelled')),
    tracking_number  text NOT NULL,
    device_id        uuid NOT NULL,
    site_id          text NOT NULL,
    -- SHA-256 of "{id}:{one-time code}", hex; the code itself is never stored.
    cancel_code_hash text NOT NULL,
    -- Device clock: shown, never used to decide anything.
    made_at          timestamptz NOT NULL,
    -- Offered when the booking was rejected.
    alternatives     jsonb NOT NULL DEFAULT '[]',
    received_at      timestamptz NOT NULL DEFAULT now(),
    decided_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bookings_confirmed_slot ON bookings (office_code, slot_start) WHERE status = 'confirmed';
CREATE INDEX bookings_tracking_number ON bookings (tracking_number);
