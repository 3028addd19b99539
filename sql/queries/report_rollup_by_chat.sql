-- `chatcost rollup --by chat`: the top chats across users: cost, message counts and tokens per
-- root chat (coalesce(root_chat_id, id), so forks count under their root, with the root's title
-- and owner) over [$1, $2), assistant messages only, of the users whose username or name matches
-- $3 (an ILIKE pattern escaped with '\'; NULL: every user). One page: $4 chats (NULL: all) after
-- $5, by cost descending, then title, then id. Every row also carries the number of chats and the
-- totals over all of them (total_*); an empty page is one row of totals with NULL chat columns.
-- The sums come from chatcost_usage() (migration 0013): the ledger plus the changes it has not
-- folded and the hours it cannot use, read in this statement's one snapshot, so exactly the sums
-- of the raw messages. Invalid usage (DESIGN.md section 2 rule 11) is left out of every sum and
-- count but invalid_messages there. Sums stay numeric, exact; the caller reports one past int64.
WITH per_chat AS (
    SELECT m.chat_id,
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
    CROSS JOIN LATERAL chatcost_usage($1, $2, 'UTC', 'none', selected.chat_ids) AS m
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
