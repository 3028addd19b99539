-- Applies a price book to ai_model_prices: one statement, so one transaction and one round-trip.
-- $1-$8: the book, validated by the client (pricebook/), as parallel arrays, one element per
-- entry: provider, model (text[]), input, output, cache read, cache write and reasoning prices
-- (bigint[], NULL for unknown), tiers (jsonb[]: the file's list as it is, migration 0011
-- describes its shape; NULL for none, and an empty list is stored as NULL too). Arrays, not one
-- JSON document: PostgreSQL reads 4,000 entries from arrays in less than half the time it
-- parses them from JSON (bench/README.md, "Applying the price book"). $9: the time the new
-- prices take effect (timestamptz: the apply's time, or --effective-from), the created_at of
-- new rows and the updated_at of changed ones, from which the trigger dates the period. It is
-- a parameter, not now(): Citus refuses a function that is not IMMUTABLE in DO UPDATE SET when
-- ai_model_prices is a reference table (docs/scaling.md, "Citus").
--
-- The history (migration 0012): the book is compared with the open DEFAULT period of each
-- model, not with what ai_model_prices shows where a custom price is in force. Only the
-- entries new to the history or whose default price changed reach the INSERT (tiers compared as
-- jsonb, so spacing and key order do not count): an unchanged entry's row is neither rewritten
-- nor even locked (no new row version, no dead tuple, updated_at kept), so an apply that changes
-- nothing writes nothing. Rows absent from the book are left as they are. The trigger
-- chatcost_record_price dates the new period at the updated_at written here ($2) and keeps a
-- custom price in view; `source = 'default'` tells it that this write is the whole default
-- price. It also skips a write that changes nothing, so no DO UPDATE guard is needed: a row that
-- a concurrent apply has just set to the same prices is skipped by the trigger, not returned,
-- and counted unchanged. Rows are written in key order, so concurrent applies take their row
-- locks in the same order and cannot deadlock. An entry counts as inserted when its row was
-- inserted (`xmax = 0` holds only for a row this statement inserted: an updated row carries our
-- transaction id as its lock), as updated when its row was written otherwise: its default price
-- changed, or a model that had only a custom price got a default one.
WITH book AS (
    SELECT provider, model, input_price, output_price, cache_read_price, cache_write_price, reasoning_price,
           nullif(tiers, '[]'::jsonb) AS tiers
    FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[],
                $7::bigint[], $8::jsonb[])
         AS entry(provider, model, input_price, output_price, cache_read_price, cache_write_price,
                  reasoning_price, tiers)
),
changed AS (
    -- A row that shows its default price (source 'default') holds exactly the open default
    -- period's prices (the trigger keeps them equal), so it is compared as it stands, as cheaply
    -- as before the history; only a row showing a custom price is compared with the period.
    SELECT book.*
    FROM book
    LEFT JOIN ai_model_prices AS stored USING (provider, model)
    WHERE stored.provider IS NULL
       OR CASE WHEN stored.source = 'default' THEN
                   (stored.input_price, stored.output_price, stored.cache_read_price, stored.cache_write_price,
                    stored.reasoning_price, stored.tiers)
                   IS DISTINCT FROM
                   (book.input_price, book.output_price, book.cache_read_price, book.cache_write_price,
                    book.reasoning_price, book.tiers)
               ELSE NOT EXISTS (
                   SELECT 1
                   FROM chatcost_price_periods AS current
                   WHERE current.provider = book.provider AND current.model = book.model
                     AND current.source = 'default' AND current.valid_until IS NULL
                     AND (current.input_price, current.output_price, current.cache_read_price,
                          current.cache_write_price, current.reasoning_price, current.tiers)
                         IS NOT DISTINCT FROM
                         (book.input_price, book.output_price, book.cache_read_price, book.cache_write_price,
                          book.reasoning_price, book.tiers))
          END
),
written AS (
    INSERT INTO ai_model_prices AS stored
        (provider, model, input_price, output_price, cache_read_price, cache_write_price, reasoning_price, tiers,
         created_at, updated_at)
    SELECT provider, model, input_price, output_price, cache_read_price, cache_write_price, reasoning_price, tiers,
           $9::timestamptz, $9::timestamptz
    FROM changed
    ORDER BY provider, model
    ON CONFLICT (provider, model) DO UPDATE SET
        input_price = EXCLUDED.input_price,
        output_price = EXCLUDED.output_price,
        cache_read_price = EXCLUDED.cache_read_price,
        cache_write_price = EXCLUDED.cache_write_price,
        reasoning_price = EXCLUDED.reasoning_price,
        tiers = EXCLUDED.tiers,
        source = 'default',
        updated_at = EXCLUDED.updated_at
    RETURNING stored.xmax = 0 AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted,
       count(*) FILTER (WHERE NOT inserted) AS updated,
       (SELECT count(*) FROM book) - count(*) AS unchanged
FROM written
