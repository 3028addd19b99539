-- "Did you mean provider/model?": the model configs whose provider and model have no row in the
-- price book as written, beside the book rows they match once letter case and a date suffix
-- ('-20250514' or '-2025-05-14', on either side) are set aside. A config named
-- Anthropic/Claude-Sonnet-4-20250514 stays unpriced by the book, which says anthropic/claude-sonnet-4;
-- this names the row it was probably meant to be. One row per (config name, book row), by name.
WITH config_names AS (
    SELECT DISTINCT provider, model
    FROM chat_model_configs
    WHERE provider IS NOT NULL AND model IS NOT NULL
),
unmatched AS (
    SELECT c.provider, c.model,
           regexp_replace(lower(c.model), '-(\d{8}|\d{4}-\d{2}-\d{2})$', '') AS model_key
    FROM config_names c
    WHERE NOT EXISTS (SELECT 1 FROM ai_model_prices b WHERE b.provider = c.provider AND b.model = c.model)
)
SELECT u.provider, u.model, b.provider AS book_provider, b.model AS book_model
FROM unmatched u
JOIN ai_model_prices b
  ON lower(b.provider) = lower(u.provider)
 AND regexp_replace(lower(b.model), '-(\d{8}|\d{4}-\d{2}-\d{2})$', '') = u.model_key
ORDER BY u.provider, u.model, b.provider, b.model
