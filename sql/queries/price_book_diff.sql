-- What applying a price book would change, changing nothing (seed apply --dry-run).
-- $1: the book as for price_book_apply; $2: how many changed entries to list (NULL: all).
-- One row per listed new or changed entry, in key order; an entry equal to its stored row is
-- left out. The old_* columns are NULL for a new entry. Every row also carries the counts over
-- every change (changes_inserted, changes_updated); with no change, one row of counts alone.
WITH book AS (
    SELECT provider, model, input_price, output_price, cache_read_price, cache_write_price
    FROM json_to_recordset($1::json) AS entry(provider text, model text, input_price bigint,
        output_price bigint, cache_read_price bigint, cache_write_price bigint)
),
changed AS (
    SELECT book.provider, book.model, stored.provider IS NULL AS is_new,
           stored.input_price AS old_input_price, stored.output_price AS old_output_price,
           stored.cache_read_price AS old_cache_read_price, stored.cache_write_price AS old_cache_write_price,
           book.input_price AS new_input_price, book.output_price AS new_output_price,
           book.cache_read_price AS new_cache_read_price, book.cache_write_price AS new_cache_write_price
    FROM book
    LEFT JOIN ai_model_prices AS stored USING (provider, model)
    WHERE stored.provider IS NULL
       OR (stored.input_price, stored.output_price, stored.cache_read_price, stored.cache_write_price)
          IS DISTINCT FROM (book.input_price, book.output_price, book.cache_read_price, book.cache_write_price)
),
counts AS (
    SELECT count(*) FILTER (WHERE is_new) AS changes_inserted,
           count(*) FILTER (WHERE NOT is_new) AS changes_updated
    FROM changed
),
listed AS (
    SELECT * FROM changed ORDER BY provider, model LIMIT $2::bigint
)
SELECT counts.*, listed.*
FROM counts
LEFT JOIN listed ON true
ORDER BY listed.provider, listed.model
