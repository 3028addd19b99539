-- price_refs_register.sql without writing, for a dry run: the ids of the refs already there
-- (NULL for one not made yet). Same parameters; row n of the result is element n.
WITH wanted AS (
    SELECT source, period_id, nullif(config_id, '')::uuid AS config_id,
           nullif(config_prices, '') AS config_prices, tier_size, n
    FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[]) WITH ORDINALITY
        AS w(source, period_id, config_id, config_prices, tier_size, n)
)
SELECT w.n, r.id
FROM wanted AS w
LEFT JOIN chatcost_price_refs AS r
    ON r.source = w.source
   AND (r.period_id, r.config_id, r.config_prices, r.tier_size)
       IS NOT DISTINCT FROM (w.period_id, w.config_id, w.config_prices, w.tier_size)
ORDER BY w.n
