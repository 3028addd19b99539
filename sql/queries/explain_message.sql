-- One message with everything `chatcost explain` shows: its usage and stored cost, its model
-- config's prices as text, its reasoning price and tiers, and the price book row of the
-- config's (provider, model) with its reasoning price and tiers, all as in
-- price_catalog_configs.sql; with the ref of the price behind the stored cost
-- (chat_messages.cost_price_ref: its source, tier and period, whose dates come as text) and the
-- message's created_at as exact epoch microseconds, to find the price in force then
-- (price_catalog_periods.sql). $1: the message id.
SELECT m.id,
       m.chat_id::text AS chat_id,
       replace(to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '.000000Z', 'Z') AS created_at,
       m.role,
       m.input_tokens,
       m.output_tokens,
       m.reasoning_tokens,
       m.cache_read_tokens,
       m.cache_creation_tokens,
       m.total_cost_micros,
       m.model_config_id::text AS model_config_id,
       (extract(epoch FROM m.created_at) * 1000000)::bigint AS created_at_us,
       m.cost_price_ref,
       r.id IS NOT NULL AS ref_found,
       r.source AS ref_source,
       r.period_id AS ref_period_id,
       r.config_id::text AS ref_config_id,
       r.config_prices AS ref_config_prices,
       r.tier_size AS ref_tier_size,
       replace(to_char(rp.valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '.000000Z', 'Z') AS ref_valid_from,
       replace(to_char(rp.valid_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '.000000Z', 'Z') AS ref_valid_until,
       c.id::text AS config_id,
       c.provider,
       c.model,
       c.display_name,
       c.options -> 'cost' ->> 'input_price_per_million_tokens' AS input_nested,
       c.options ->> 'input_price_per_million_tokens' AS input_legacy,
       c.options -> 'cost' ->> 'output_price_per_million_tokens' AS output_nested,
       c.options ->> 'output_price_per_million_tokens' AS output_legacy,
       c.options -> 'cost' ->> 'cache_read_price_per_million_tokens' AS cache_read_nested,
       c.options ->> 'cache_read_price_per_million_tokens' AS cache_read_legacy,
       c.options -> 'cost' ->> 'cache_write_price_per_million_tokens' AS cache_write_nested,
       c.options ->> 'cache_write_price_per_million_tokens' AS cache_write_legacy,
       c.options -> 'cost' ->> 'reasoning_price_per_million_tokens' AS reasoning_nested,
       c.options ->> 'reasoning_price_per_million_tokens' AS reasoning_legacy,
       nullif(c.options -> 'cost' -> 'tiers', 'null'::jsonb)::text AS tiers_nested,
       p.provider IS NOT NULL AS has_book_row,
       p.input_price,
       p.output_price,
       p.cache_read_price,
       p.cache_write_price,
       p.reasoning_price,
       (SELECT array_agg(ARRAY[size, input_price, output_price, cache_read_price, cache_write_price,
                               reasoning_price]::bigint[] ORDER BY size)
        FROM jsonb_to_recordset(p.tiers) AS tier(size numeric, input_price numeric, output_price numeric,
            cache_read_price numeric, cache_write_price numeric, reasoning_price numeric)) AS book_tiers
FROM chat_messages AS m
LEFT JOIN chat_model_configs AS c ON c.id = m.model_config_id
LEFT JOIN ai_model_prices AS p ON p.provider = c.provider AND p.model = c.model
LEFT JOIN chatcost_price_refs AS r ON r.id = m.cost_price_ref
LEFT JOIN chatcost_price_periods AS rp ON rp.id = r.period_id
WHERE m.id = $1
