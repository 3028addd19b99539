-- One user's cost over [$2, $3) (`chatcost summary`): section 'total' (exactly one row, also
-- when the range is empty), 'model' (one row per model config; model_config_id NULL for messages
-- without one) and 'chat' (one row per root chat, coalesce(root_chat_id, id), so forks count
-- under their root, with the root's title), each by cost descending. Assistant messages only.
-- Priced: cost not NULL. Unpriced: cost NULL with some token column set. The messages are read
-- once (idx_chats_owner_id, then idx_chat_messages_report_chat_time per chat, index only) and
-- summed per (chat, model) first, so the three sections add up a few hundred rows, not every
-- message. Sums are numeric and cast back to bigint: an overflow is an error, never a wrap.
WITH per_chat_model AS (
    SELECT m.chat_id,
           m.model_config_id,
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
    FROM chats c
    JOIN chat_messages m ON m.chat_id = c.id
    WHERE c.owner_id = $1
      AND m.role = 'assistant'
      AND m.created_at >= $2
      AND m.created_at < $3
    GROUP BY m.chat_id, m.model_config_id
),
parts AS (
    SELECT p.*, coalesce(c.root_chat_id, c.id) AS root_chat_id
    FROM per_chat_model p
    JOIN chats c ON c.id = p.chat_id
),
sections AS (
    SELECT CASE GROUPING(model_config_id, root_chat_id) WHEN 1 THEN 'model' WHEN 2 THEN 'chat' ELSE 'total' END
               AS section,
           model_config_id,
           root_chat_id,
           sum(cost_micros) AS cost_micros,
           sum(priced_messages) AS priced_messages,
           sum(unpriced_messages) AS unpriced_messages,
           sum(input_tokens) AS input_tokens,
           sum(output_tokens) AS output_tokens,
           sum(cache_read_tokens) AS cache_read_tokens,
           sum(cache_creation_tokens) AS cache_creation_tokens,
           count(DISTINCT root_chat_id) AS chats
    FROM parts
    GROUP BY GROUPING SETS ((model_config_id), (root_chat_id), ())
)
SELECT s.section,
       s.model_config_id::text AS model_config_id,
       coalesce(nullif(cfg.display_name, ''), cfg.model) AS display_name,
       cfg.provider,
       cfg.model,
       s.root_chat_id::text AS root_chat_id,
       rc.title,
       coalesce(s.cost_micros, 0)::bigint AS cost_micros,
       s.priced_messages::bigint AS priced_messages,
       s.unpriced_messages::bigint AS unpriced_messages,
       coalesce(s.input_tokens, 0)::bigint AS input_tokens,
       coalesce(s.output_tokens, 0)::bigint AS output_tokens,
       coalesce(s.cache_read_tokens, 0)::bigint AS cache_read_tokens,
       coalesce(s.cache_creation_tokens, 0)::bigint AS cache_creation_tokens,
       s.chats
FROM sections s
LEFT JOIN chat_model_configs cfg ON s.section = 'model' AND cfg.id = s.model_config_id
LEFT JOIN chats rc ON s.section = 'chat' AND rc.id = s.root_chat_id
ORDER BY CASE s.section WHEN 'total' THEN 0 WHEN 'model' THEN 1 ELSE 2 END,
         coalesce(s.cost_micros, 0) DESC,
         cfg.provider, cfg.model, rc.title, s.model_config_id, s.root_chat_id
