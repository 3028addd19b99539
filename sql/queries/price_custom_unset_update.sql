-- prices unset, under chatcost.price_write = 'unset': when a default period is open, writing the
-- row makes the trigger close the custom period at chatcost.effective_from and show the default
-- price again. $1: the provider; $2: the model; $3: the effective time (the updated_at written).
-- Returns a row when it did; none when no default price is open (price_custom_unset_delete.sql).
UPDATE ai_model_prices SET updated_at = $3::timestamptz
WHERE provider = $1::text AND model = $2::text
  AND EXISTS (SELECT FROM chatcost_price_periods AS period
              WHERE period.provider = $1::text AND period.model = $2::text
                AND period.source = 'default' AND period.valid_until IS NULL)
RETURNING provider
