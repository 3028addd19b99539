-- Every name of the price book, for "did you mean provider/model?" (ledger/price_name_suggestions).
SELECT provider, model
FROM ai_model_prices
ORDER BY provider, model
