-- Writes one backfill batch like backfill_write_batch.sql (same parameters: cost and ref), but never waits for a row lock: the
-- rows are claimed first with FOR NO KEY UPDATE SKIP LOCKED, and a row another transaction
-- holds is skipped (counted, and priced by the next run). Used for a batch whose plain write
-- had to wait too long for a row lock, and for every batch when the server's deadlock_timeout
-- is too short for the plain write's guarantee. Claiming costs about 10% more than the plain
-- write (bench/README.md). Returns the ids that were not written.
-- The range $5..$6 makes the first scan of chat_messages a range scan of the primary key (joined
-- to unnest() alone, a big batch would make the planner hash-join a scan of the whole table);
-- the update then finds each claimed row by its ctid (a Tid Scan, no index look-up), which
-- cannot change meanwhile since the row is locked by this statement.
WITH batch AS (
    SELECT *
    FROM unnest($1::bigint[], $2::xid[], $3::bigint[], $4::bigint[], $7::bigint[], $8::bigint[])
        AS b(id, row_version, old_cost, new_cost, old_ref, new_ref)
),
claimed AS (
    SELECT m.ctid, batch.new_cost, batch.new_ref
    FROM chat_messages AS m
    JOIN batch ON batch.id = m.id
    WHERE m.id BETWEEN $5::bigint AND $6::bigint
      AND m.xmin = batch.row_version
      AND m.total_cost_micros IS NOT DISTINCT FROM batch.old_cost
      AND m.cost_price_ref IS NOT DISTINCT FROM batch.old_ref
    FOR NO KEY UPDATE OF m SKIP LOCKED
),
written AS (
    UPDATE chat_messages AS m
    SET total_cost_micros = claimed.new_cost,
        cost_price_ref = claimed.new_ref
    FROM claimed
    WHERE m.ctid = claimed.ctid
    RETURNING m.id
)
SELECT CASE WHEN (SELECT count(*) FROM written) = cardinality($1::bigint[]) THEN '{}'::bigint[]
            ELSE (SELECT coalesce(array_agg(batch.id ORDER BY batch.id), '{}')
                  FROM batch
                  WHERE NOT EXISTS (SELECT 1 FROM written WHERE written.id = batch.id))
       END AS skipped
