-- Writes one backfill batch: message $1[i] gets cost $4[i] and the ref of the price behind it
-- $8[i] (cost_price_ref, chatcost_price_refs.id) if it is still the row version $2[i] that was
-- read and priced (xmin), and still holds the cost $3[i] and ref $7[i] seen then (NULL for a
-- plain backfill). Cost and ref are written by the same statement: a cost never points to
-- another price than the one that made it. $1 is sorted; $5 and $6 are its first and last id: the batch's rows are
-- found by one range scan of the primary key (cheaper than a look-up per id). A row changed since (a cost written by the application, new tokens) is left
-- as the application made it: a row updated while this statement waited for it is checked
-- again in its new version, and fails the check. Returns the ids that were not written, for the
-- run's count of skipped rows.
--
-- Rows are locked in id order (the range scan). The transaction runs with
-- lock_timeout 50 ms and statement_timeout 240 ms (backfill_batch_budget.sql), far below the
-- server's deadlock_timeout (1 s by default; the runner checks it): should the application
-- wait for a row of this batch while this batch waits for one of its rows, this batch's wait
-- ends first, it rolls back, and it is written again with backfill_write_batch_skip_locked.sql.
-- So the application's transaction is never the one a deadlock cancels.
WITH batch AS (
    SELECT *
    FROM unnest($1::bigint[], $2::xid[], $3::bigint[], $4::bigint[], $7::bigint[], $8::bigint[])
        AS b(id, row_version, old_cost, new_cost, old_ref, new_ref)
),
written AS (
    UPDATE chat_messages AS m
    SET total_cost_micros = batch.new_cost,
        cost_price_ref = batch.new_ref
    FROM batch
    WHERE m.id BETWEEN $5::bigint AND $6::bigint
      AND m.id = batch.id
      AND m.xmin = batch.row_version
      AND m.total_cost_micros IS NOT DISTINCT FROM batch.old_cost
      AND m.cost_price_ref IS NOT DISTINCT FROM batch.old_ref
    RETURNING m.id
)
-- The ids not written; looked for only when some were not (the subquery runs on demand).
SELECT CASE WHEN (SELECT count(*) FROM written) = cardinality($1::bigint[]) THEN '{}'::bigint[]
            ELSE (SELECT coalesce(array_agg(batch.id ORDER BY batch.id), '{}')
                  FROM batch
                  WHERE NOT EXISTS (SELECT 1 FROM written WHERE written.id = batch.id))
       END AS skipped
