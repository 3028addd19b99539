-- `chatcost rollup --by model`: cost, message counts and tokens per model config over [$1, $2),
-- assistant messages only, of the users whose username or name matches $3 (an ILIKE pattern
-- escaped with '\'; NULL: every user). Messages without a model config are one group
-- (model_config_id NULL). One page: $4 groups (NULL: all) after $5, by cost descending, then
-- provider and model. Every row also carries the number of groups and the totals over all of
-- them (total_*); an empty page is one row of totals with NULL group columns.
WITH per_model AS (
    SELECT m.model_config_id,
           sum(m.total_cost_micros) AS cost_micros,
           count(m.total_cost_micros) AS priced_messages,
           count(*) FILTER (WHERE m.total_cost_micros IS NULL
                              AND (m.input_tokens IS NOT NULL OR m.output_tokens IS NOT NULL
                                   OR m.reasoning_tokens IS NOT NULL OR m.cache_creation_tokens IS NOT NULL
                                   OR m.cache_read_tokens IS NOT NULL)) AS unpriced_messages,
           sum(m.input_tokens) AS input_tokens,
           sum(m.output_tokens) AS output_tokens,
           sum(m.cache_read_tokens) AS cache_read_tokens,
           sum(m.cache_creation_tokens) AS cache_creation_tokens
    FROM chat_messages m
    WHERE m.role = 'assistant'
      AND m.created_at >= $1
      AND m.created_at < $2
      AND ($3::text IS NULL
           OR m.chat_id IN (SELECT c.id
                            FROM chats c
                            JOIN users u ON u.id = c.owner_id
                            WHERE u.username ILIKE $3::text ESCAPE E'\\' OR u.name ILIKE $3::text ESCAPE E'\\'))
    GROUP BY m.model_config_id
),
totals AS (
    SELECT count(*) AS group_count,
           coalesce(sum(cost_micros), 0)::bigint AS total_cost_micros,
           coalesce(sum(priced_messages), 0)::bigint AS total_priced_messages,
           coalesce(sum(unpriced_messages), 0)::bigint AS total_unpriced_messages,
           coalesce(sum(input_tokens), 0)::bigint AS total_input_tokens,
           coalesce(sum(output_tokens), 0)::bigint AS total_output_tokens,
           coalesce(sum(cache_read_tokens), 0)::bigint AS total_cache_read_tokens,
           coalesce(sum(cache_creation_tokens), 0)::bigint AS total_cache_creation_tokens
    FROM per_model
),
page AS (
    SELECT p.model_config_id::text AS model_config_id,
           coalesce(nullif(cfg.display_name, ''), cfg.model) AS display_name,
           cfg.provider,
           cfg.model,
           coalesce(p.cost_micros, 0)::bigint AS cost_micros,
           p.priced_messages,
           p.unpriced_messages,
           coalesce(p.input_tokens, 0)::bigint AS input_tokens,
           coalesce(p.output_tokens, 0)::bigint AS output_tokens,
           coalesce(p.cache_read_tokens, 0)::bigint AS cache_read_tokens,
           coalesce(p.cache_creation_tokens, 0)::bigint AS cache_creation_tokens
    FROM per_model p
    LEFT JOIN chat_model_configs cfg ON cfg.id = p.model_config_id
    ORDER BY coalesce(p.cost_micros, 0) DESC, cfg.provider, cfg.model, p.model_config_id
    LIMIT $4::bigint OFFSET $5::bigint
)
SELECT t.*, p.*
FROM totals t
LEFT JOIN page p ON true
ORDER BY p.cost_micros DESC, p.provider, p.model, p.model_config_id
