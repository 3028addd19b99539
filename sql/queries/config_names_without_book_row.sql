-- The (provider, model) names of model configs that have no row in the price book as written,
-- for backfill's "did you mean provider/model?": ledger/price_name_suggestions compares them with
-- sql/queries/price_book_names.sql by its one rule (letter case, a date suffix).
SELECT DISTINCT c.provider, c.model
FROM chat_model_configs c
WHERE c.provider IS NOT NULL AND c.model IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM ai_model_prices b WHERE b.provider = c.provider AND b.model = c.model)
ORDER BY c.provider, c.model
