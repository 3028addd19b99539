-- Every recorded book price of the (provider, model)s some model config names, or only of the
-- config $1's when given: the periods of chatcost_price_periods (migration 0012), by start,
-- with the prices and tiers in the shapes of price_catalog_configs.sql. A message is priced at
-- the period in force at its created_at (src/ledger/price_timeline.hpp); the times come as
-- exact epoch microseconds (extract returns numeric on PostgreSQL 14 and later) and as text.
SELECT p.id,
       p.provider,
       p.model,
       p.source = 'custom' AS custom,
       p.input_price,
       p.output_price,
       p.cache_read_price,
       p.cache_write_price,
       p.reasoning_price,
       (SELECT array_agg(ARRAY[size, input_price, output_price, cache_read_price, cache_write_price,
                               reasoning_price]::bigint[] ORDER BY size)
        FROM jsonb_to_recordset(p.tiers) AS tier(size numeric, input_price numeric, output_price numeric,
            cache_read_price numeric, cache_write_price numeric, reasoning_price numeric)) AS book_tiers,
       (extract(epoch FROM p.valid_from) * 1000000)::bigint AS valid_from_us,
       (extract(epoch FROM p.valid_until) * 1000000)::bigint AS valid_until_us,
       replace(to_char(p.valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '.000000Z', 'Z') AS valid_from_text,
       replace(to_char(p.valid_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '.000000Z', 'Z') AS valid_until_text
FROM chatcost_price_periods AS p
WHERE EXISTS (SELECT 1
              FROM chat_model_configs AS c
              WHERE c.provider = p.provider
                AND c.model = p.model
                AND ($1::uuid IS NULL OR c.id = $1::uuid))
ORDER BY p.provider, p.model, p.valid_from, p.id
