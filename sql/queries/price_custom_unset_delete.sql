-- prices unset of a model without a default price, under chatcost.price_write = 'unset': the
-- row goes, and the trigger closes the custom period at chatcost.effective_from.
-- $1: the provider; $2: the model.
DELETE FROM ai_model_prices WHERE provider = $1::text AND model = $2::text
