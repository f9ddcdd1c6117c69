-- The feed used to be served only below the oldest transaction running anywhere on the
-- cluster, so any open transaction (another database's included) froze every device's pull.
-- Now a change's key is taken when it is written: the next transaction id to be handed out
-- after the writer's own. A pull serves keys below the oldest transaction that holds a lock
-- on `changes` (has written to it and not yet ended) and below the next id: a transaction
-- that writes later gets a larger key, and one still open holds back only what comes after
-- its own. Keys stay comparable with the transaction ids of the rows written before.
CREATE FUNCTION feed_key() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    -- Takes this transaction's id first, so the next one is larger than it.
    PERFORM pg_current_xact_id();
    RETURN pg_snapshot_xmax(pg_current_snapshot())::text::bigint;
END $$;
ALTER TABLE changes ALTER COLUMN xid SET DEFAULT feed_key();

-- The horizon a pull may serve up to, and when the oldest open writer started (for /healthz).
-- A writer's id comes from the lock every transaction holds on its own id (pg_locks is
-- visible to every role, where pg_stat_activity hides other roles' transaction ids); the
-- 32-bit xid is widened to the 64-bit form keys use.
CREATE FUNCTION feed_horizon(OUT horizon bigint, OUT oldest_writer_started timestamptz)
LANGUAGE sql STABLE AS $$
    WITH now_ AS (
        SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS next
    ), writers AS (
        SELECT l.pid, min(x.transactionid::text::bigint) AS x32
          FROM pg_locks l
          JOIN pg_locks x ON x.pid = l.pid AND x.locktype = 'transactionid'
                         AND x.mode = 'ExclusiveLock' AND x.granted
         WHERE l.locktype = 'relation' AND l.relation = 'changes'::regclass
           AND l.mode <> 'AccessShareLock' -- a reader takes a key only once it writes
           AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND l.pid <> pg_backend_pid()
         GROUP BY l.pid
    ), widened AS (
        SELECT CASE WHEN w.x32 <= (n.next & 4294967295)
                    THEN ((n.next >> 32) << 32) | w.x32
                    ELSE (((n.next >> 32) - 1) << 32) | w.x32 END AS x,
               a.xact_start
          FROM writers w CROSS JOIN now_ n
          LEFT JOIN pg_stat_activity a ON a.pid = w.pid
    )
    SELECT least((SELECT next FROM now_), (SELECT min(x) FROM widened)),
           (SELECT min(xact_start) FROM widened)
$$;
