-- `chatcost rollup --by day|week|month`: cost, message counts and tokens per calendar day, ISO
-- week (Monday first, labelled 'IYYY-"W"IW') or month ($7: 'day', 'week' or 'month') in the time zone $6, over [$1, $2), assistant messages only, of the
-- users whose username or name matches $3 (an ILIKE pattern escaped with '\'; NULL: every
-- user). A message falls in the period of its local wall-clock time in $6, computed here, so a
-- day is the whole local date: 23 or 25 hours on a DST change, never split, never counted twice.
-- With $8 true (--all-periods), every period from the one holding $1 to the one holding the last
-- instant before $2 is a row, with zeros when empty; else only the periods with usage (a priced,
-- unpriced or invalid message). The caller bounds the number of periods (at most 10,000). One
-- page: $4 periods (NULL: all) after $5, oldest first, or newest first with $9 true (--order
-- desc). Every row also carries the number of
-- periods and the totals over all of them (total_*).
-- The sums come from chatcost_usage() (migration 0013): the ledger plus the changes it has not
-- folded and the hours it cannot use, read in this statement's one snapshot, so exactly the sums
-- of the raw messages. Invalid usage (DESIGN.md section 2 rule 11) is left out of every sum and
-- count but invalid_messages there. Sums stay numeric, exact; the caller reports one past int64.
WITH per_period AS (
    SELECT m.period_start,
           sum(m.cost_micros) AS cost_micros,
           sum(m.priced_messages)::bigint AS priced_messages,
           sum(m.unpriced_messages)::bigint AS unpriced_messages,
           sum(m.invalid_messages)::bigint AS invalid_messages,
           sum(m.input_tokens) AS input_tokens,
           sum(m.output_tokens) AS output_tokens,
           sum(m.cache_read_tokens) AS cache_read_tokens,
           sum(m.cache_creation_tokens) AS cache_creation_tokens
    FROM (SELECT CASE WHEN $3::text IS NOT NULL THEN
                      ARRAY(SELECT c.id
                            FROM chats c
                            JOIN users u ON u.id = c.owner_id
                            WHERE u.username ILIKE $3::text ESCAPE E'\\' OR u.name ILIKE $3::text ESCAPE E'\\')
                 END AS chat_ids) AS selected
    CROSS JOIN LATERAL chatcost_usage($1, $2, $6::text, $7::text, selected.chat_ids) AS m
    GROUP BY 1
),
periods AS (
    SELECT period_start
    FROM generate_series(date_trunc($7::text, $1::timestamptz AT TIME ZONE $6::text),
                         date_trunc($7::text, ($2::timestamptz - interval '1 microsecond') AT TIME ZONE $6::text),
                         ('1 ' || $7::text)::interval) AS period_start
    WHERE $8::boolean
    UNION ALL
    SELECT period_start
    FROM per_period
    WHERE NOT $8::boolean AND priced_messages + unpriced_messages + invalid_messages > 0
),
per_row AS (
    SELECT p.period_start, d.cost_micros, coalesce(d.priced_messages, 0) AS priced_messages,
           coalesce(d.unpriced_messages, 0) AS unpriced_messages,
           coalesce(d.invalid_messages, 0) AS invalid_messages, d.input_tokens, d.output_tokens,
           d.cache_read_tokens, d.cache_creation_tokens
    FROM periods p
    LEFT JOIN per_period d USING (period_start)
),
totals AS (
    SELECT count(*) AS group_count,
           coalesce(sum(cost_micros), 0) AS total_cost_micros,
           coalesce(sum(priced_messages), 0)::bigint AS total_priced_messages,
           coalesce(sum(unpriced_messages), 0)::bigint AS total_unpriced_messages,
           coalesce(sum(invalid_messages), 0)::bigint AS total_invalid_messages,
           coalesce(sum(input_tokens), 0) AS total_input_tokens,
           coalesce(sum(output_tokens), 0) AS total_output_tokens,
           coalesce(sum(cache_read_tokens), 0) AS total_cache_read_tokens,
           coalesce(sum(cache_creation_tokens), 0) AS total_cache_creation_tokens
    FROM per_row
),
page AS (
    SELECT period_start,
           to_char(period_start, CASE $7::text WHEN 'month' THEN 'YYYY-MM' WHEN 'week' THEN 'IYYY-"W"IW' ELSE 'YYYY-MM-DD' END) AS period,
           coalesce(cost_micros, 0) AS cost_micros,
           priced_messages,
           unpriced_messages,
           invalid_messages,
           coalesce(input_tokens, 0) AS input_tokens,
           coalesce(output_tokens, 0) AS output_tokens,
           coalesce(cache_read_tokens, 0) AS cache_read_tokens,
           coalesce(cache_creation_tokens, 0) AS cache_creation_tokens
    FROM per_row
    ORDER BY CASE WHEN $9::boolean THEN period_start END DESC, period_start
    LIMIT $4::bigint OFFSET $5::bigint
)
SELECT t.*, p.period, p.cost_micros, p.priced_messages, p.unpriced_messages, p.invalid_messages, p.input_tokens,
       p.output_tokens, p.cache_read_tokens, p.cache_creation_tokens
FROM totals t
LEFT JOIN page p ON true
ORDER BY CASE WHEN $9::boolean THEN p.period_start END DESC, p.period_start
