-- Every period of one model's prices, both sources (prices history), oldest first, with how
-- many messages each priced: chat_messages.cost_price_ref -> chatcost_price_refs.period_id.
-- $1: the provider; $2: the model. One statement; there is no index on cost_price_ref, so the
-- count reads the whole of chat_messages once (a hash join against the model's few refs).
-- Times as RFC 3339 in UTC, with the fraction of a second only when there is one; tiers as in prices_list.sql.
WITH periods AS (
    SELECT * FROM chatcost_price_periods WHERE provider = $1::text AND model = $2::text
),
refs AS (
    SELECT ref.id, ref.period_id FROM chatcost_price_refs AS ref JOIN periods ON ref.period_id = periods.id
),
priced AS (
    SELECT refs.period_id, count(*) AS messages
    FROM chat_messages AS message
    JOIN refs ON message.cost_price_ref = refs.id
    GROUP BY refs.period_id
)
SELECT p.id, p.source, p.input_price, p.output_price, p.cache_read_price, p.cache_write_price,
       p.reasoning_price,
       (SELECT array_agg(ARRAY[size, input_price, output_price, cache_read_price, cache_write_price,
                               reasoning_price]::bigint[] ORDER BY size)
        FROM jsonb_to_recordset(p.tiers) AS tier(size numeric, input_price numeric, output_price numeric,
            cache_read_price numeric, cache_write_price numeric, reasoning_price numeric)) AS tiers,
       rtrim(rtrim(to_char(p.valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '0'), '.') || 'Z' AS valid_from,
       rtrim(rtrim(to_char(p.valid_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '0'), '.') || 'Z' AS valid_until,
       p.note, coalesce(priced.messages, 0) AS messages
FROM periods AS p
LEFT JOIN priced ON priced.period_id = p.id
ORDER BY p.valid_from, p.source, p.id
