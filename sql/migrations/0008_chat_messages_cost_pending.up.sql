-- chatcost:no-transaction
-- The messages `chatcost backfill` still has to price, in id order: its keyset walk reads this
-- index instead of the whole table, so a cron run on a priced table of 100M rows reads only the
-- few rows still NULL (figures and EXPLAIN in bench/README.md, "Backfill"). The predicate is
-- repeated word for word in sql/queries/backfill_read_pending.sql. A row leaves the index when
-- its cost is written. Built CONCURRENTLY, so the application keeps writing meanwhile; IF NOT
-- EXISTS makes a re-run after a failure safe.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_chat_messages_cost_pending
    ON chat_messages (id)
    WHERE total_cost_micros IS NULL
      AND (input_tokens IS NOT NULL OR output_tokens IS NOT NULL OR reasoning_tokens IS NOT NULL
           OR cache_read_tokens IS NOT NULL OR cache_creation_tokens IS NOT NULL);
