-- prices unset: locks the model's ai_model_prices row (every write of its prices goes through
-- that row's trigger, so the history cannot change under us) and says whether a custom price is
-- in force, which the row's source shows. $1: the provider; $2: the model. No row: no price at all.
SELECT source = 'custom' AS custom
FROM ai_model_prices
WHERE provider = $1::text AND model = $2::text
FOR UPDATE
