-- The desk queue reads a site's newest applications, bookings and legal aid requests (its
-- ratings have an index already), a page at a time, for every clerk every few seconds.
-- Without an index by site each read scanned and sorted the whole table: nothing at a
-- county's start, the first thing to give at a province's millions of rows. Each index is in
-- the order the queue reads.
CREATE INDEX applications_site_queue ON applications (site_id, received_at DESC, id);
CREATE INDEX bookings_site_queue ON bookings (site_id, received_at DESC, id);
CREATE INDEX legal_aid_requests_site_queue
    ON legal_aid_requests (site_id, first_received_at DESC, (NOT urgent), id);
