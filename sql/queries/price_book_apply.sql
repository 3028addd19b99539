-- Applies a price book to ai_model_prices: one statement, so one transaction and one round-trip.
-- $1: the book, a JSON array of {provider, model, input_price, output_price, cache_read_price,
-- cache_write_price}, validated and written by the client (pricebook/). It is read as `json`,
-- not `jsonb`: json_to_recordset expands a 4,000-entry book in a third of the time
-- jsonb_to_recordset takes (which first builds the binary form), and the whole statement is a
-- few milliseconds faster than with either jsonb form (bench/README.md). $2: the time of the
-- apply (timestamptz), the created_at of new rows and the updated_at of changed ones. It is a
-- parameter, not now(): Citus refuses a function that is not IMMUTABLE in DO UPDATE SET when
-- ai_model_prices is a reference table (docs/scaling.md, "Citus").
--
-- Only new and changed entries reach the INSERT: an entry equal to its stored row is filtered
-- out first, so that row is neither rewritten nor even locked (no new row version, no dead
-- tuple, updated_at kept); an apply that changes nothing writes nothing. Rows absent from the
-- book are left as they are. Rows are written in key order, so concurrent applies take their
-- row locks in the same order and cannot deadlock; the DO UPDATE guard re-checks each row
-- against its latest committed version, so a row another apply has just set to the same
-- prices is counted unchanged, not rewritten. `xmax = 0` holds only for a row this statement
-- inserted (an updated row carries our transaction id as its lock).
WITH book AS (
    SELECT provider, model, input_price, output_price, cache_read_price, cache_write_price
    FROM json_to_recordset($1::json) AS entry(provider text, model text, input_price bigint,
        output_price bigint, cache_read_price bigint, cache_write_price bigint)
),
changed AS (
    SELECT book.*
    FROM book
    LEFT JOIN ai_model_prices AS stored USING (provider, model)
    WHERE stored.provider IS NULL
       OR (stored.input_price, stored.output_price, stored.cache_read_price, stored.cache_write_price)
          IS DISTINCT FROM
          (book.input_price, book.output_price, book.cache_read_price, book.cache_write_price)
),
written AS (
    INSERT INTO ai_model_prices AS stored
        (provider, model, input_price, output_price, cache_read_price, cache_write_price, created_at, updated_at)
    SELECT provider, model, input_price, output_price, cache_read_price, cache_write_price,
           $2::timestamptz, $2::timestamptz
    FROM changed
    ORDER BY provider, model
    ON CONFLICT (provider, model) DO UPDATE SET
        input_price = EXCLUDED.input_price,
        output_price = EXCLUDED.output_price,
        cache_read_price = EXCLUDED.cache_read_price,
        cache_write_price = EXCLUDED.cache_write_price,
        updated_at = EXCLUDED.updated_at
    WHERE (stored.input_price, stored.output_price, stored.cache_read_price, stored.cache_write_price)
          IS DISTINCT FROM
          (EXCLUDED.input_price, EXCLUDED.output_price, EXCLUDED.cache_read_price, EXCLUDED.cache_write_price)
    RETURNING stored.xmax = 0 AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted,
       count(*) FILTER (WHERE NOT inserted) AS updated,
       (SELECT count(*) FROM book) - count(*) AS unchanged
FROM written
