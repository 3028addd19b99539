-- The next batch of `chatcost backfill --recompute`: like backfill_read_pending.sql, but every
-- message with some token column set, whatever its stored cost, with the ref of the price
-- that priced it (cost_price_ref): a row is written only when its cost or ref differs.
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
  AND (input_tokens IS NOT NULL OR output_tokens IS NOT NULL OR reasoning_tokens IS NOT NULL
       OR cache_read_tokens IS NOT NULL OR cache_creation_tokens IS NOT NULL)
  AND ($4::timestamptz IS NULL OR created_at >= $4::timestamptz)
  AND ($5::timestamptz IS NULL OR created_at < $5::timestamptz)
ORDER BY id
LIMIT $3
