-- What applying a price book would change, changing nothing (seed apply --dry-run).
-- $1-$8: the book as for price_book_apply; $9: how many changed entries to list (NULL: all).
-- One row per listed new or changed entry, in key order; an entry equal to its stored row is
-- left out (the same comparison as price_book_apply.sql: with the open default period, not
-- with ai_model_prices, which may show a custom price). The old_* columns are the default
-- period's prices, NULL for a new entry. Tiers come as 2-D arrays, one row [size, input, output, cache_read, cache_write,
-- reasoning] per tier by increasing size (NULL: the tier inherits that price), NULL without
-- tiers; tiers_changed says whether the stored list differs, compared as jsonb like the apply
-- does. Every row also carries the counts over every change (changes_inserted,
-- changes_updated); with no change, one row of counts alone.
WITH book AS (
    SELECT provider, model, input_price, output_price, cache_read_price, cache_write_price, reasoning_price,
           nullif(tiers, '[]'::jsonb) AS tiers
    FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[],
                $7::bigint[], $8::jsonb[])
         AS entry(provider, model, input_price, output_price, cache_read_price, cache_write_price,
                  reasoning_price, tiers)
),
changed AS (
    SELECT book.provider, book.model, stored.id IS NULL AS is_new,
           stored.input_price AS old_input_price, stored.output_price AS old_output_price,
           stored.cache_read_price AS old_cache_read_price, stored.cache_write_price AS old_cache_write_price,
           stored.reasoning_price AS old_reasoning_price, stored.tiers AS old_tiers,
           book.input_price AS new_input_price, book.output_price AS new_output_price,
           book.cache_read_price AS new_cache_read_price, book.cache_write_price AS new_cache_write_price,
           book.reasoning_price AS new_reasoning_price, book.tiers AS new_tiers,
           stored.tiers IS DISTINCT FROM book.tiers AS tiers_changed
    FROM book
    LEFT JOIN chatcost_price_periods AS stored
           ON stored.provider = book.provider AND stored.model = book.model
          AND stored.source = 'default' AND stored.valid_until IS NULL
    WHERE stored.id IS NULL
       OR (stored.input_price, stored.output_price, stored.cache_read_price, stored.cache_write_price,
           stored.reasoning_price, stored.tiers)
          IS DISTINCT FROM
          (book.input_price, book.output_price, book.cache_read_price, book.cache_write_price,
           book.reasoning_price, book.tiers)
),
counts AS (
    SELECT count(*) FILTER (WHERE is_new) AS changes_inserted,
           count(*) FILTER (WHERE NOT is_new) AS changes_updated
    FROM changed
),
listed AS (
    SELECT * FROM changed ORDER BY provider, model LIMIT $9::bigint
)
SELECT counts.*,
       listed.provider, listed.model, listed.is_new,
       listed.old_input_price, listed.old_output_price, listed.old_cache_read_price, listed.old_cache_write_price,
       listed.old_reasoning_price,
       (SELECT array_agg(ARRAY[size, input_price, output_price, cache_read_price, cache_write_price,
                               reasoning_price]::bigint[] ORDER BY size)
        FROM jsonb_to_recordset(listed.old_tiers) AS tier(size numeric, input_price numeric, output_price numeric,
            cache_read_price numeric, cache_write_price numeric, reasoning_price numeric)) AS old_tiers,
       listed.new_input_price, listed.new_output_price, listed.new_cache_read_price, listed.new_cache_write_price,
       listed.new_reasoning_price,
       (SELECT array_agg(ARRAY[size, input_price, output_price, cache_read_price, cache_write_price,
                               reasoning_price]::bigint[] ORDER BY size)
        FROM jsonb_to_recordset(listed.new_tiers) AS tier(size numeric, input_price numeric, output_price numeric,
            cache_read_price numeric, cache_write_price numeric, reasoning_price numeric)) AS new_tiers,
       listed.tiers_changed
FROM counts
LEFT JOIN listed ON true
ORDER BY listed.provider, listed.model
