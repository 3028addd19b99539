-- The model configs with unpriced usage (cost NULL, some token column set) over [$1, $2),
-- assistant messages only, of the users whose username or name matches $3 (an ILIKE pattern
-- escaped with '\'; NULL: every user): what `rollup` lists so that nobody reads an unpriced
-- amount as free. Messages without a model config are one row (model_config_id NULL). Messages
-- with invalid usage are not unpriced but invalid (report_summary.sql says which), as in the groups.
-- Counted by chatcost_usage() (migration 0013), exactly as the groups are.
SELECT m.model_config_id::text AS model_config_id,
       coalesce(nullif(cfg.display_name, ''), cfg.model) AS display_name,
       cfg.provider,
       cfg.model,
       sum(m.unpriced_messages)::bigint AS unpriced_messages
FROM (SELECT CASE WHEN $3::text IS NOT NULL THEN
                  ARRAY(SELECT c.id
                        FROM chats c
                        JOIN users u ON u.id = c.owner_id
                        WHERE u.username ILIKE $3::text ESCAPE E'\\' OR u.name ILIKE $3::text ESCAPE E'\\')
             END AS chat_ids) AS selected
CROSS JOIN LATERAL chatcost_usage($1, $2, 'UTC', 'none', selected.chat_ids) AS m
LEFT JOIN chat_model_configs cfg ON cfg.id = m.model_config_id
GROUP BY m.model_config_id, cfg.display_name, cfg.provider, cfg.model
HAVING sum(m.unpriced_messages) > 0
ORDER BY sum(m.unpriced_messages) DESC, cfg.provider, cfg.model, m.model_config_id
