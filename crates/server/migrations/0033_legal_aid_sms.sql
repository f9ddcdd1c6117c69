-- Status SMS of legal aid applications (受理, 需补充材料, 给予/不予法律援助, 指派律师, 转交),
-- to the applicant and, with their word that the family member agreed, to a family member's
-- mobile; planned in the transaction that records the status, sent by the same worker as a
-- booking's messages.

-- The numbers a request's messages go to, taken from what was pushed (the body keeps them
-- too): the per-number limit looks a number up on any side through these indexes.
ALTER TABLE legal_aid_requests ADD COLUMN phone text, ADD COLUMN family_phone text,
    ADD COLUMN family_consent_at timestamptz;
UPDATE legal_aid_requests
   SET phone = right(regexp_replace(body->'applicant'->>'phone', '[^0-9]', '', 'g'), 11)
 WHERE kind = 'application';
CREATE INDEX legal_aid_requests_phone ON legal_aid_requests (phone) WHERE phone IS NOT NULL;
CREATE INDEX legal_aid_requests_family_phone ON legal_aid_requests (family_phone)
    WHERE family_phone IS NOT NULL;

-- A message is about a booking or about a legal aid request, never both.
ALTER TABLE sms_outbox ALTER COLUMN booking_id DROP NOT NULL,
    ALTER COLUMN slot_start DROP NOT NULL,
    ADD COLUMN legal_aid_request_id uuid REFERENCES legal_aid_requests (id),
    ADD CONSTRAINT sms_outbox_one_subject CHECK ((booking_id IS NULL) <> (legal_aid_request_id IS NULL));
ALTER TABLE sms_outbox DROP CONSTRAINT sms_outbox_kind_check,
    ADD CONSTRAINT sms_outbox_kind_check
        CHECK (kind IN ('day_before', 'hour_before', 'decision', 'legal_aid_status'));
ALTER TABLE sms_outbox DROP CONSTRAINT sms_outbox_event_check,
    ADD CONSTRAINT sms_outbox_event_check CHECK (event IN ('confirmed', 'rejected', 'cancelled',
        'rescheduled', 'accepted', 'materials_requested', 'approved', 'refused', 'assigned',
        'transferred'));
ALTER TABLE sms_outbox ADD CONSTRAINT sms_outbox_slot_of_booking
    CHECK (booking_id IS NULL OR slot_start IS NOT NULL);
CREATE INDEX sms_outbox_legal_aid ON sms_outbox (legal_aid_request_id)
    WHERE legal_aid_request_id IS NOT NULL;

-- Messages planned for `number` over the last day, on any booking or legal aid request and as
-- either recipient: one number cannot be flooded through many of them. Each side of each OR
-- is found through its own index.
CREATE FUNCTION sms_planned_for(number text) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT (SELECT count(*) FROM sms_outbox s JOIN bookings b ON b.id = s.booking_id
             WHERE ((s.recipient = 'applicant' AND b.phone = number)
                    OR (s.recipient = 'family' AND b.family_phone = number))
               AND s.created_at > now() - interval '1 day')
         + (SELECT count(*) FROM sms_outbox s JOIN legal_aid_requests r
                ON r.id = s.legal_aid_request_id
             WHERE ((s.recipient = 'applicant' AND r.phone = number)
                    OR (s.recipient = 'family' AND r.family_phone = number))
               AND s.created_at > now() - interval '1 day')
$$;
