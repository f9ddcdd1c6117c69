-- The provisional device code a device issued tracking numbers with before it was enrolled
-- (50000-99999). Only that device may push numbers with it: another device pushing them
-- would take its citizens' numbers. NULL when the device had none, or another device held it.
ALTER TABLE devices ADD COLUMN provisional_code integer UNIQUE;
UPDATE devices SET provisional_code = device_code WHERE device_code >= 50000;
