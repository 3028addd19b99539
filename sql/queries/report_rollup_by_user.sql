-- `chatcost rollup --by user`: cost, message counts, chats (distinct root chats) and tokens per
-- user (and users.avatar_url, NULL when empty or when the table has no such column) over
-- [$1, $2), assistant messages only, for the users whose username or name matches $3
-- (an ILIKE pattern escaped with '\'; NULL: every user). One page: $4 users (NULL: all) after
-- $5, by cost descending, then username. Every row also carries the number of users and the
-- totals over all of them (total_*); an empty page is one row of totals with NULL user columns.
-- The figures are summed per owner in one pass over the range (idx_chat_messages_report_time,
-- index only, joined to chats); the chats are counted from the distinct chat ids of the range.
-- Invalid usage (DESIGN.md section 2 rule 11: a token count negative or above 10^12, reasoning
-- above output, a cost outside [0, 10^13] micro-dollars) is checked.usage_invalid, written the same
-- in every report query (tests/unit/test_ledger_cost_reports.cpp): left out of every sum and
-- count but invalid_messages. Sums stay numeric, exact; the caller reports one past int64.
WITH selected_users AS (
    -- avatar_url through to_jsonb: an adopted platform's users table need not have the column.
    SELECT u.id, u.username, u.name, nullif(to_jsonb(u) ->> 'avatar_url', '') AS avatar_url
    FROM users u
    WHERE $3::text IS NULL OR u.username ILIKE $3::text ESCAPE E'\\' OR u.name ILIKE $3::text ESCAPE E'\\'
),
per_user AS (
    SELECT c.owner_id AS user_id,
           sum(m.total_cost_micros) FILTER (WHERE NOT checked.usage_invalid) AS cost_micros,
           count(m.total_cost_micros) FILTER (WHERE NOT checked.usage_invalid) AS priced_messages,
           count(*) FILTER (WHERE NOT checked.usage_invalid AND m.total_cost_micros IS NULL
                              AND (m.input_tokens IS NOT NULL OR m.output_tokens IS NOT NULL
                                   OR m.reasoning_tokens IS NOT NULL OR m.cache_creation_tokens IS NOT NULL
                                   OR m.cache_read_tokens IS NOT NULL)) AS unpriced_messages,
           count(*) FILTER (WHERE checked.usage_invalid) AS invalid_messages,
           sum(m.input_tokens) FILTER (WHERE NOT checked.usage_invalid) AS input_tokens,
           sum(m.output_tokens) FILTER (WHERE NOT checked.usage_invalid) AS output_tokens,
           sum(m.cache_read_tokens) FILTER (WHERE NOT checked.usage_invalid) AS cache_read_tokens,
           sum(m.cache_creation_tokens) FILTER (WHERE NOT checked.usage_invalid) AS cache_creation_tokens
    FROM chat_messages m
    JOIN chats c ON c.id = m.chat_id
    CROSS JOIN LATERAL (SELECT coalesce(m.input_tokens NOT BETWEEN 0 AND 1000000000000
                                        OR m.output_tokens NOT BETWEEN 0 AND 1000000000000
                                        OR m.reasoning_tokens NOT BETWEEN 0 AND 1000000000000
                                        OR m.cache_read_tokens NOT BETWEEN 0 AND 1000000000000
                                        OR m.cache_creation_tokens NOT BETWEEN 0 AND 1000000000000
                                        OR m.reasoning_tokens > m.output_tokens
                                        OR m.total_cost_micros NOT BETWEEN 0 AND 10000000000000, false)
                               AS usage_invalid) AS checked
    WHERE m.role = 'assistant'
      AND m.created_at >= $1
      AND m.created_at < $2
      AND c.owner_id IN (SELECT id FROM selected_users)
    GROUP BY c.owner_id
),
active_chats AS MATERIALIZED (
    SELECT DISTINCT c.owner_id, coalesce(c.root_chat_id, c.id) AS root_chat_id
    FROM chats c
    JOIN (SELECT DISTINCT m.chat_id
          FROM chat_messages m
          WHERE m.role = 'assistant' AND m.created_at >= $1 AND m.created_at < $2) AS d ON d.chat_id = c.id
    WHERE c.owner_id IN (SELECT id FROM selected_users)
),
chat_counts AS (
    SELECT owner_id AS user_id, count(*) AS chats FROM active_chats GROUP BY owner_id
),
totals AS (
    SELECT (SELECT count(*) FROM per_user) AS group_count,
           coalesce(sum(cost_micros), 0) AS total_cost_micros,
           coalesce(sum(priced_messages), 0)::bigint AS total_priced_messages,
           coalesce(sum(unpriced_messages), 0)::bigint AS total_unpriced_messages,
           coalesce(sum(invalid_messages), 0)::bigint AS total_invalid_messages,
           coalesce(sum(input_tokens), 0) AS total_input_tokens,
           coalesce(sum(output_tokens), 0) AS total_output_tokens,
           coalesce(sum(cache_read_tokens), 0) AS total_cache_read_tokens,
           coalesce(sum(cache_creation_tokens), 0) AS total_cache_creation_tokens,
           (SELECT count(DISTINCT root_chat_id) FROM active_chats) AS total_chats
    FROM per_user
),
page AS (
    SELECT p.user_id::text AS user_id,
           u.username,
           u.name,
           u.avatar_url,
           coalesce(p.cost_micros, 0) AS cost_micros,
           p.priced_messages,
           p.unpriced_messages,
           p.invalid_messages,
           coalesce(p.input_tokens, 0) AS input_tokens,
           coalesce(p.output_tokens, 0) AS output_tokens,
           coalesce(p.cache_read_tokens, 0) AS cache_read_tokens,
           coalesce(p.cache_creation_tokens, 0) AS cache_creation_tokens,
           coalesce(cc.chats, 0) AS chats
    FROM per_user p
    JOIN selected_users u ON u.id = p.user_id
    LEFT JOIN chat_counts cc ON cc.user_id = p.user_id
    ORDER BY coalesce(p.cost_micros, 0) DESC, u.username, p.user_id
    LIMIT $4::bigint OFFSET $5::bigint
)
SELECT t.*, p.*
FROM totals t
LEFT JOIN page p ON true
ORDER BY p.cost_micros DESC, p.username, p.user_id
