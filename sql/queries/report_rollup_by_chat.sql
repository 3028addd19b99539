-- `chatcost rollup --by chat`: the top chats across users: cost, message counts and tokens per
-- root chat (coalesce(root_chat_id, id), so forks count under their root, with the root's title
-- and owner) over [$1, $2), assistant messages only, of the users whose username or name matches
-- $3 (an ILIKE pattern escaped with '\'; NULL: every user). One page: $4 chats (NULL: all) after
-- $5, by cost descending, then title, then id. Every row also carries the number of chats and the
-- totals over all of them (total_*); an empty page is one row of totals with NULL chat columns.
-- Invalid usage (DESIGN.md section 2 rule 11: a token count negative or above 10^12, reasoning
-- above output, a cost outside [0, 10^13] micro-dollars) is checked.usage_invalid, written the same
-- in every report query (tests/unit/test_ledger_cost_reports.cpp): left out of every sum and
-- count but invalid_messages. Sums stay numeric, exact; the caller reports one past int64.
WITH per_chat AS (
    SELECT m.chat_id,
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
      AND ($3::text IS NULL
           OR m.chat_id IN (SELECT c.id
                            FROM chats c
                            JOIN users u ON u.id = c.owner_id
                            WHERE u.username ILIKE $3::text ESCAPE E'\\' OR u.name ILIKE $3::text ESCAPE E'\\'))
    GROUP BY m.chat_id
),
per_root AS (
    SELECT coalesce(c.root_chat_id, c.id) AS root_chat_id,
           sum(p.cost_micros) AS cost_micros,
           sum(p.priced_messages)::bigint AS priced_messages,
           sum(p.unpriced_messages)::bigint AS unpriced_messages,
           sum(p.invalid_messages)::bigint AS invalid_messages,
           sum(p.input_tokens) AS input_tokens,
           sum(p.output_tokens) AS output_tokens,
           sum(p.cache_read_tokens) AS cache_read_tokens,
           sum(p.cache_creation_tokens) AS cache_creation_tokens
    FROM per_chat p
    JOIN chats c ON c.id = p.chat_id
    GROUP BY 1
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
    FROM per_root
),
page AS (
    SELECT r.root_chat_id::text AS root_chat_id,
           rc.title,
           u.username AS owner,
           coalesce(r.cost_micros, 0) AS cost_micros,
           r.priced_messages,
           r.unpriced_messages,
           r.invalid_messages,
           coalesce(r.input_tokens, 0) AS input_tokens,
           coalesce(r.output_tokens, 0) AS output_tokens,
           coalesce(r.cache_read_tokens, 0) AS cache_read_tokens,
           coalesce(r.cache_creation_tokens, 0) AS cache_creation_tokens
    FROM per_root r
    JOIN chats rc ON rc.id = r.root_chat_id
    LEFT JOIN users u ON u.id = rc.owner_id
    ORDER BY coalesce(r.cost_micros, 0) DESC, rc.title, r.root_chat_id
    LIMIT $4::bigint OFFSET $5::bigint
)
SELECT t.*, p.*
FROM totals t
LEFT JOIN page p ON true
ORDER BY p.cost_micros DESC, p.title, p.root_chat_id
