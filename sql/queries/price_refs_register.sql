-- Makes sure every price a loaded price catalog can charge has its row in chatcost_price_refs,
-- and returns the ids, in one statement: $1..$5 are the refs' columns (source, period_id,
-- config_id, config_prices, tier_size), one element per ref, no two alike, an
-- empty text for a NULL config_id or config_prices. A ref already there
-- is left as it is (ON CONFLICT DO NOTHING: no new row version) and read back; the statement
-- cannot see a row another session inserts meanwhile, whose id comes back NULL: the caller
-- runs the statement again, and then reads it. Row n of the result is element n.
WITH wanted AS (
    SELECT source, period_id, nullif(config_id, '')::uuid AS config_id,
           nullif(config_prices, '') AS config_prices, tier_size, n
    FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[]) WITH ORDINALITY
        AS w(source, period_id, config_id, config_prices, tier_size, n)
),
inserted AS (
    INSERT INTO chatcost_price_refs (source, period_id, config_id, config_prices, tier_size)
    SELECT source, period_id, config_id, config_prices, tier_size
    FROM wanted
    ON CONFLICT DO NOTHING
    RETURNING id, source, period_id, config_id, config_prices, tier_size
)
SELECT w.n, coalesce(i.id, r.id) AS id
FROM wanted AS w
LEFT JOIN inserted AS i
    ON (i.source, i.period_id, i.config_id, i.config_prices, i.tier_size)
       IS NOT DISTINCT FROM (w.source, w.period_id, w.config_id, w.config_prices, w.tier_size)
LEFT JOIN chatcost_price_refs AS r
    ON r.source = w.source
   AND (r.period_id, r.config_id, r.config_prices, r.tier_size)
       IS NOT DISTINCT FROM (w.period_id, w.config_id, w.config_prices, w.tier_size)
ORDER BY w.n
