-- The price book as stored (prices list). $1: a provider, or NULL for all; $2: a model, or
-- NULL for all. Timestamps as RFC 3339 in UTC, whatever the session's TimeZone.
SELECT provider, model, input_price, output_price, cache_read_price, cache_write_price,
       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
       to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at
FROM ai_model_prices
WHERE ($1::text IS NULL OR provider = $1::text)
  AND ($2::text IS NULL OR model = $2::text)
ORDER BY provider, model
