-- The price book as stored (prices list). $1: a provider pattern, or NULL for all; $2: a model
-- pattern, or NULL for all: ILIKE patterns escaped with '\' (ledger/like_pattern: a substring in any
-- case, so 'sonnet' finds claude-sonnet-4). Timestamps as RFC 3339 in UTC, whatever the session's TimeZone. Tiers as a 2-D
-- array, one row [size, input, output, cache_read, cache_write, reasoning] per tier by
-- increasing size (NULL: the tier inherits that price), NULL without tiers. source: 'default'
-- or 'custom', the price ai_model_prices shows now (migration 0012).
SELECT provider, model, source, input_price, output_price, cache_read_price, cache_write_price, reasoning_price,
       (SELECT array_agg(ARRAY[size, input_price, output_price, cache_read_price, cache_write_price,
                               reasoning_price]::bigint[] ORDER BY size)
        FROM jsonb_to_recordset(p.tiers) AS tier(size numeric, input_price numeric, output_price numeric,
            cache_read_price numeric, cache_write_price numeric, reasoning_price numeric)) AS tiers,
       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
       to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at
FROM ai_model_prices AS p
WHERE ($1::text IS NULL OR provider ILIKE $1::text ESCAPE E'\\')
  AND ($2::text IS NULL OR model ILIKE $2::text ESCAPE E'\\')
ORDER BY provider, model
