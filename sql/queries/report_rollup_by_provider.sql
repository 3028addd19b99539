-- `chatcost rollup --by provider`: cost, message counts and tokens per provider (of the
-- messages' model configs) over [$1, $2), assistant messages only, of the users whose username
-- or name matches $3 (an ILIKE pattern escaped with '\'; NULL: every user). Messages without a
-- model config are one group (provider NULL). One page: $4 groups (NULL: all) after $5, by cost
-- descending, then provider. Every row also carries the number of groups and the totals over
-- all of them (total_*); an empty page is one row of totals with NULL group columns.
-- The sums come from chatcost_usage() (migration 0013): the ledger plus the changes it has not
-- folded and the hours it cannot use, read in this statement's one snapshot, so exactly the sums
-- of the raw messages. Invalid usage (DESIGN.md section 2 rule 11) is left out of every sum and
-- count but invalid_messages there. Sums stay numeric, exact; the caller reports one past int64.
WITH per_model AS (
    SELECT m.model_config_id,
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
    GROUP BY m.model_config_id
),
per_provider AS (
    SELECT cfg.provider,
           sum(p.cost_micros) AS cost_micros,
           sum(p.priced_messages) AS priced_messages,
           sum(p.unpriced_messages) AS unpriced_messages,
           sum(p.invalid_messages) AS invalid_messages,
           sum(p.input_tokens) AS input_tokens,
           sum(p.output_tokens) AS output_tokens,
           sum(p.cache_read_tokens) AS cache_read_tokens,
           sum(p.cache_creation_tokens) AS cache_creation_tokens
    FROM per_model p
    LEFT JOIN chat_model_configs cfg ON cfg.id = p.model_config_id
    GROUP BY cfg.provider
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
    FROM per_provider
),
page AS (
    SELECT provider,
           coalesce(cost_micros, 0) AS cost_micros,
           priced_messages::bigint AS priced_messages,
           unpriced_messages::bigint AS unpriced_messages,
           invalid_messages::bigint AS invalid_messages,
           coalesce(input_tokens, 0) AS input_tokens,
           coalesce(output_tokens, 0) AS output_tokens,
           coalesce(cache_read_tokens, 0) AS cache_read_tokens,
           coalesce(cache_creation_tokens, 0) AS cache_creation_tokens
    FROM per_provider
    ORDER BY coalesce(cost_micros, 0) DESC, provider
    LIMIT $4::bigint OFFSET $5::bigint
)
SELECT t.*, p.*
FROM totals t
LEFT JOIN page p ON true
ORDER BY p.cost_micros DESC, p.provider
