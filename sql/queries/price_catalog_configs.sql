-- Every model config's prices as text for the cost engine (src/ledger/price_catalog.hpp), with the
-- price book row of its (provider, model) when there is one. Per key: the nested
-- options->'cost'->>'<key>' and the legacy options->>'<key>'. ->> gives a JSON string's
-- content and a JSON number's exact text (jsonb keeps numbers exact); JSON null reads as NULL.
-- The reasoning price is one more key, read the same way; tiers_nested is the JSON text of
-- options->'cost'->'tiers' (models.dev's shape, read by cost/config_tiers; NULL when absent or
-- JSON null). The book's tiers come as a 2-D array, one row [size, input, output, cache_read,
-- cache_write, reasoning] per tier by increasing size, NULL for a price the tier inherits; the
-- CHECK of migration 0011 guarantees every number fits a bigint.
-- The row of ai_model_prices is the price in force now; a config without prices of its own is
-- priced by the book's period in force at each message's created_at (price_catalog_periods.sql).
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
FROM chat_model_configs AS c
LEFT JOIN ai_model_prices AS p ON p.provider = c.provider AND p.model = c.model
WHERE $1::uuid IS NULL OR c.id = $1::uuid
