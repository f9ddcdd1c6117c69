-- Legal aid and legal consultation (issue 4): the reference data (offices, routing rules,
-- hardship standards, Art. 43 deadline settings, holidays), the requests pushed by devices,
-- the steps offices take on them, and the action ids that make each step happen once.

-- The one current legal aid reference (core::legal_aid::LegalAidReference as JSON).
CREATE TABLE legal_aid_reference (
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    body       jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE legal_aid_requests (
    id                     uuid PRIMARY KEY,
    tracking_number        text NOT NULL UNIQUE,
    kind                   text NOT NULL CHECK (kind IN ('application', 'consultation')),
    device_id              uuid NOT NULL,
    -- The site where it was made: its devices get the status changes.
    site_id                text NOT NULL,
    -- The office that holds it now (changes on a transfer).
    office_code            text NOT NULL,
    status                 text NOT NULL CHECK (status IN ('received', 'accepted',
                               'materials_requested', 'approved', 'refused', 'assigned',
                               'transferred', 'answered')),
    -- protocol::LegalAidRequest as pushed; personal data, never logged.
    body                   jsonb NOT NULL,
    -- core::legal_aid::Routing (applications).
    routing                jsonb,
    -- Another office was competent too and this one had received the matter first.
    first_to_receive       boolean NOT NULL DEFAULT false,
    -- SHA-256 of applicant ID number, matter and opposing party: finds the same matter pushed
    -- again at another kiosk (Art. 38, first to receive). Never the ID number itself.
    match_key              text,
    urgent                 boolean NOT NULL DEFAULT false,
    urgency                jsonb NOT NULL DEFAULT '[]'::jsonb,
    -- Device clock: shown only.
    made_at                timestamptz NOT NULL,
    -- Server clock: first receipt anywhere, and receipt by the current office.
    first_received_at      timestamptz NOT NULL DEFAULT now(),
    received_at            timestamptz NOT NULL DEFAULT now(),
    accepted_at            timestamptz,
    materials_requested_at timestamptz,
    missing_materials      jsonb NOT NULL DEFAULT '[]'::jsonb,
    decided_at             timestamptz,
    approved_at            timestamptz,
    note                   text,
    lawyer                 jsonb,
    assigned_at            timestamptz
);
CREATE INDEX legal_aid_requests_office ON legal_aid_requests (office_code, status);
CREATE INDEX legal_aid_requests_match ON legal_aid_requests (match_key) WHERE match_key IS NOT NULL;

-- Every status a request went through, per office: the history the citizen sees and what the
-- office figures count. `since` is the receipt by that office (for "assigned the same day").
CREATE TABLE legal_aid_events (
    id          bigserial PRIMARY KEY,
    request_id  uuid NOT NULL REFERENCES legal_aid_requests (id),
    office_code text NOT NULL,
    kind        text NOT NULL,
    status      text NOT NULL,
    staff_id    uuid,
    note        text,
    since       timestamptz,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX legal_aid_events_request ON legal_aid_events (request_id, id);
CREATE INDEX legal_aid_events_office ON legal_aid_events (office_code, status, at);

-- Exactly once per client-made action id: written with the step, answered again on a replay.
CREATE TABLE legal_aid_actions (
    action_id  uuid PRIMARY KEY,
    request_id uuid NOT NULL REFERENCES legal_aid_requests (id),
    action     text NOT NULL,
    staff_id   uuid NOT NULL,
    result     jsonb NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);
