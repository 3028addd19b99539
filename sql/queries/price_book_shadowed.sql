-- The book's entries whose default price a custom price shadows (seed apply --dry-run): a
-- custom period is open for the model, so the apply records the default price in the history
-- but ai_model_prices keeps showing the custom one. $1, $2: the book's providers and models, as for price_book_apply.
-- One row per shadowed entry, in key order, with the custom price's start (RFC 3339, UTC; a fraction only when there is one) and
-- note.
SELECT custom.provider, custom.model,
       rtrim(rtrim(to_char(custom.valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '0'), '.') || 'Z' AS custom_from,
       custom.note
FROM unnest($1::text[], $2::text[]) AS entry(provider, model)
JOIN chatcost_price_periods AS custom
  ON custom.provider = entry.provider AND custom.model = entry.model
 AND custom.source = 'custom' AND custom.valid_until IS NULL
ORDER BY custom.provider, custom.model
