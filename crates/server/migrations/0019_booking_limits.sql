-- At most a few SMS are planned for one phone number a day, over all its bookings.
CREATE INDEX bookings_phone ON bookings (phone) WHERE phone IS NOT NULL;
-- Bookings a device made today are counted (a push could book every seat of an office).
CREATE INDEX bookings_device_received ON bookings (device_id, received_at);
