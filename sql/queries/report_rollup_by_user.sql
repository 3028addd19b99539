-- `chatcost rollup --by user`: cost, message counts, chats (distinct root chats) and tokens per
-- user (and users.avatar_url, NULL when empty or when the table has no such column) over
-- [$1, $2), assistant messages only, for the users whose username or name matches $3
-- (an ILIKE pattern escaped with '\'; NULL: every user). One page: $4 users (NULL: all) after
-- $5, by cost descending, then username. Every row also carries the number of users and the
-- totals over all of them (total_*); an empty page is one row of totals with NULL user columns.
-- The figures are summed per owner from the usage per chat; the chats are the distinct root
-- chats of the chats with an assistant message in the range.
-- The sums come from chatcost_usage() (migration 0013): the ledger plus the changes it has not
-- folded and the hours it cannot use, read in this statement's one snapshot, so exactly the sums
-- of the raw messages. Invalid usage (DESIGN.md section 2 rule 11) is left out of every sum and
-- count but invalid_messages there. Sums stay numeric, exact; the caller reports one past int64.
WITH selected_users AS (
    -- avatar_url through to_jsonb: an adopted platform's users table need not have the column.
    SELECT u.id, u.username, u.name, nullif(to_jsonb(u) ->> 'avatar_url', '') AS avatar_url
    FROM users u
    WHERE $3::text IS NULL OR u.username ILIKE $3::text ESCAPE E'\\' OR u.name ILIKE $3::text ESCAPE E'\\'
),
usage AS MATERIALIZED (
    SELECT c.owner_id, coalesce(c.root_chat_id, c.id) AS root_chat_id, m.*
    FROM (SELECT CASE WHEN $3::text IS NOT NULL THEN
                      ARRAY(SELECT c.id FROM chats c WHERE c.owner_id IN (SELECT id FROM selected_users))
                 END AS chat_ids) AS selected
    CROSS JOIN LATERAL chatcost_usage($1, $2, 'UTC', 'none', selected.chat_ids) AS m
    JOIN chats c ON c.id = m.chat_id
    WHERE c.owner_id IN (SELECT id FROM selected_users)
),
per_user AS (
    SELECT owner_id AS user_id,
           sum(cost_micros) AS cost_micros,
           sum(priced_messages)::bigint AS priced_messages,
           sum(unpriced_messages)::bigint AS unpriced_messages,
           sum(invalid_messages)::bigint AS invalid_messages,
           sum(input_tokens) AS input_tokens,
           sum(output_tokens) AS output_tokens,
           sum(cache_read_tokens) AS cache_read_tokens,
           sum(cache_creation_tokens) AS cache_creation_tokens
    FROM usage
    GROUP BY owner_id
),
active_chats AS (
    SELECT DISTINCT owner_id, root_chat_id FROM usage
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
