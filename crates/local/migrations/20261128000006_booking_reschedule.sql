-- A move of a confirmed booking to another slot, asked here and waiting for the server: the
-- booking keeps its slot until the server has moved it (atomically, never both, never neither).
ALTER TABLE bookings ADD COLUMN requested_slot TEXT;
