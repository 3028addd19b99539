-- Sets a custom price (prices set), under chatcost.price_write = 'custom' (price_write_settings.sql):
-- the trigger opens its custom period from chatcost.effective_from and shows it in
-- ai_model_prices; a model without a row gets one. $1: a one-entry book, as for
-- price_book_apply.sql, validated by the client like a seed entry; $2: the effective time, the
-- created_at of a new row and the updated_at written. Returns a row when the row was written;
-- none when the same custom price is already in force (the trigger skips the write).
INSERT INTO ai_model_prices AS stored
    (provider, model, input_price, output_price, cache_read_price, cache_write_price, reasoning_price, tiers,
     created_at, updated_at)
SELECT provider, model, input_price, output_price, cache_read_price, cache_write_price, reasoning_price,
       nullif(tiers, '[]'::jsonb), $2::timestamptz, $2::timestamptz
FROM json_to_recordset($1::json) AS entry(provider text, model text, input_price bigint,
    output_price bigint, cache_read_price bigint, cache_write_price bigint, reasoning_price bigint,
    tiers jsonb)
ON CONFLICT (provider, model) DO UPDATE SET
    input_price = EXCLUDED.input_price,
    output_price = EXCLUDED.output_price,
    cache_read_price = EXCLUDED.cache_read_price,
    cache_write_price = EXCLUDED.cache_write_price,
    reasoning_price = EXCLUDED.reasoning_price,
    tiers = EXCLUDED.tiers,
    updated_at = EXCLUDED.updated_at
RETURNING stored.provider
