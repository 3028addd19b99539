-- The next batch of `chatcost backfill`: at most $3 messages with $1 < id <= $2, in id order
-- (a keyset walk: never OFFSET), whose cost is NULL and which have some token column set,
-- created in [$4, $5) when those are given. created_at comes as exact epoch microseconds
-- (extract returns numeric): each message is priced at the price in force then. Read without locks, outside the write
-- transaction; xmin names the row version read, and the write changes a row only while it is
-- still that version (backfill_write_batch.sql). The WHERE clause repeats the predicate of
-- idx_chat_messages_cost_pending word for word, so that the planner can use that index.
SELECT id,
       xmin::text AS row_version,
       model_config_id::text AS model_config_id,
       input_tokens,
       output_tokens,
       reasoning_tokens,
       cache_read_tokens,
       cache_creation_tokens,
       total_cost_micros,
       (extract(epoch FROM created_at) * 1000000)::bigint AS created_at_us,
       cost_price_ref
FROM chat_messages
WHERE id > $1
  AND id <= $2
  AND total_cost_micros IS NULL
  AND (input_tokens IS NOT NULL OR output_tokens IS NOT NULL OR reasoning_tokens IS NOT NULL
       OR cache_read_tokens IS NOT NULL OR cache_creation_tokens IS NOT NULL)
  AND ($4::timestamptz IS NULL OR created_at >= $4::timestamptz)
  AND ($5::timestamptz IS NULL OR created_at < $5::timestamptz)
ORDER BY id
LIMIT $3
