-- A legal aid application's files were kept under the item code `LEGAL-AID`, which a catalog
-- could one day use; they are kept under `legal_aid:` now, which no catalog code can be.
UPDATE attachments SET item_code = 'legal_aid:' WHERE item_code = 'LEGAL-AID';
