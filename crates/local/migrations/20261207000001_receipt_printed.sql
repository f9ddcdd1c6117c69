-- When an application's receipt first came out of the printer (or was saved): every print
-- after that one is marked 补打, so an office can tell a copy from the original.
ALTER TABLE applications ADD COLUMN receipt_printed_at TEXT;
