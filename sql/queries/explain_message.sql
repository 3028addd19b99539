-- One message with everything `chatcost explain` shows: its usage and stored cost, its model
-- config's prices as text (as in price_catalog_configs.sql) and the price book row of the
-- config's (provider, model). $1: the message id.
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
       p.provider IS NOT NULL AS has_book_row,
       p.input_price,
       p.output_price,
       p.cache_read_price,
       p.cache_write_price
FROM chat_messages AS m
LEFT JOIN chat_model_configs AS c ON c.id = m.model_config_id
LEFT JOIN ai_model_prices AS p ON p.provider = c.provider AND p.model = c.model
WHERE m.id = $1
