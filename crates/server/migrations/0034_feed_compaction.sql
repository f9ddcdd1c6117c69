-- Reference data in the feed is compacted as it is written: a catalog item, the notary and
-- legal aid reference and the rating reasons are each one row of `changes` at a time, the
-- latest; a new one deletes the one it replaces. A device that already pulled the old row
-- gets the new one after its cursor; a device that had not, gets only the new one. So a new
-- kiosk's first pull costs what the current reference costs, not what years of catalog
-- versions and notary calendars cost. Changes of a site (statuses, bookings) are a history
-- the device shows and are kept whole; a device reads only its own site's.
ALTER TABLE changes ADD COLUMN subject text;

-- What a reference change is about; NULL for everything else.
CREATE FUNCTION change_subject(body json) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE body->>'entity'
        WHEN 'catalog_item' THEN 'catalog_item:' || (body->'item'->>'code')
        WHEN 'catalog_item_removed' THEN 'catalog_item:' || (body->>'code')
        WHEN 'notary_reference' THEN 'notary_reference'
        WHEN 'legal_aid_reference' THEN 'legal_aid_reference'
        WHEN 'rating_reasons' THEN 'rating_reasons'
    END
$$;

-- Every row the feed already holds: the latest of each subject stays (deleted first, so that
-- only the rows that stay are rewritten with their subject). Pulls wait while this runs.
DELETE FROM changes WHERE seq IN (
    SELECT seq FROM (
        SELECT seq, row_number() OVER (PARTITION BY change_subject(body)
                                       ORDER BY xid DESC, seq DESC) AS n
          FROM changes WHERE site_id IS NULL AND change_subject(body) IS NOT NULL) ranked
     WHERE n > 1);
UPDATE changes SET subject = change_subject(body)
 WHERE site_id IS NULL AND change_subject(body) IS NOT NULL;
CREATE INDEX changes_subject ON changes (subject) WHERE subject IS NOT NULL;

-- Rows a transaction cannot see (another writer's, not yet committed) are left: they come
-- before this one in the feed's order or after it, and either way the next change of the
-- subject removes what is then superseded.
CREATE FUNCTION compact_reference_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.subject := change_subject(NEW.body);
    IF NEW.subject IS NOT NULL THEN
        DELETE FROM changes WHERE subject = NEW.subject;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER changes_compact_reference BEFORE INSERT ON changes
    FOR EACH ROW WHEN (NEW.site_id IS NULL) EXECUTE FUNCTION compact_reference_change();
