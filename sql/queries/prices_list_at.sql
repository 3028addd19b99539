-- The price book as it was at a time (prices list --at), from the history (migration 0012):
-- per (provider, model) the custom period in force at $3, else the default one; a model with
-- neither (not yet priced, or its row deleted) is left out. $1: a provider, or NULL for all; $2:
-- a model, or NULL for all; $3: the time (timestamptz). Columns as prices_list.sql: updated_at
-- is the start of the period shown, created_at the start of the model's first period.
SELECT provider, model, source, input_price, output_price, cache_read_price, cache_write_price,
       reasoning_price,
       (SELECT array_agg(ARRAY[size, input_price, output_price, cache_read_price, cache_write_price,
                               reasoning_price]::bigint[] ORDER BY size)
        FROM jsonb_to_recordset(p.tiers) AS tier(size numeric, input_price numeric, output_price numeric,
            cache_read_price numeric, cache_write_price numeric, reasoning_price numeric)) AS tiers,
       to_char(first_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
       to_char(valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at
FROM (
    SELECT DISTINCT ON (provider, model) *,
           (SELECT min(first.valid_from) FROM chatcost_price_periods AS first
            WHERE first.provider = period.provider AND first.model = period.model) AS first_from
    FROM chatcost_price_periods AS period
    WHERE valid_from <= $3::timestamptz AND (valid_until IS NULL OR valid_until > $3::timestamptz)
      AND ($1::text IS NULL OR provider ILIKE $1::text ESCAPE E'\\')
      AND ($2::text IS NULL OR model ILIKE $2::text ESCAPE E'\\')
    ORDER BY provider, model, source = 'custom' DESC
) AS p
ORDER BY provider, model
