-- Every model config's prices as text for the cost engine (src/db/price_catalog.hpp), with the
-- price book row of its (provider, model) when there is one. Per key: the nested
-- options->'cost'->>'<key>' and the legacy options->>'<key>'. ->> gives a JSON string's
-- content and a JSON number's exact text (jsonb keeps numbers exact); JSON null reads as NULL.
-- Deleted and disabled configs are included: their old messages still have to be priced.
SELECT c.id::text AS config_id,
       c.provider,
       c.model,
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
FROM chat_model_configs AS c
LEFT JOIN ai_model_prices AS p ON p.provider = c.provider AND p.model = c.model
WHERE $1::uuid IS NULL OR c.id = $1::uuid
