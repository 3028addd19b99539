-- One user's cost over [$2, $3) (`chatcost summary`): section 'total' (exactly one row, also
-- when the range is empty), 'model' (one row per model config; model_config_id NULL for messages
-- without one) and 'chat' (one row per root chat, coalesce(root_chat_id, id), so forks count
-- under their root, with the root's title), each by cost descending. Assistant messages only.
-- Priced: cost not NULL. Unpriced: cost NULL with some token column set. The user's chats
-- (idx_chats_owner_id) are read from the ledger by chat, summed per (chat, model) first, so the
-- three sections add up a few hundred rows, not every message.
-- The sums come from chatcost_usage() (migration 0013): the ledger plus the changes it has not
-- folded and the hours it cannot use, read in this statement's one snapshot, so exactly the sums
-- of the raw messages. Invalid usage (DESIGN.md section 2 rule 11) is left out of every sum and
-- count but invalid_messages there. Sums stay numeric, exact; the caller reports one past int64.
WITH per_chat_model AS (
    SELECT m.chat_id,
           m.model_config_id,
           sum(m.cost_micros) AS cost_micros,
           sum(m.priced_messages)::bigint AS priced_messages,
           sum(m.unpriced_messages)::bigint AS unpriced_messages,
           sum(m.invalid_messages)::bigint AS invalid_messages,
           sum(m.input_tokens) AS input_tokens,
           sum(m.output_tokens) AS output_tokens,
           sum(m.cache_read_tokens) AS cache_read_tokens,
           sum(m.cache_creation_tokens) AS cache_creation_tokens
    FROM (SELECT ARRAY(SELECT c.id FROM chats c WHERE c.owner_id = $1) AS chat_ids) AS owned
    CROSS JOIN LATERAL chatcost_usage($2, $3, 'UTC', 'none', owned.chat_ids) AS m
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
           sum(invalid_messages) AS invalid_messages,
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
       coalesce(s.cost_micros, 0) AS cost_micros,
       s.priced_messages::bigint AS priced_messages,
       s.unpriced_messages::bigint AS unpriced_messages,
       s.invalid_messages::bigint AS invalid_messages,
       coalesce(s.input_tokens, 0) AS input_tokens,
       coalesce(s.output_tokens, 0) AS output_tokens,
       coalesce(s.cache_read_tokens, 0) AS cache_read_tokens,
       coalesce(s.cache_creation_tokens, 0) AS cache_creation_tokens,
       s.chats
FROM sections s
LEFT JOIN chat_model_configs cfg ON s.section = 'model' AND cfg.id = s.model_config_id
LEFT JOIN chats rc ON s.section = 'chat' AND rc.id = s.root_chat_id
ORDER BY CASE s.section WHEN 'total' THEN 0 WHEN 'model' THEN 1 ELSE 2 END,
         coalesce(s.cost_micros, 0) DESC,
         cfg.provider, cfg.model, rc.title, s.model_config_id, s.root_chat_id
