-- The model configs with unpriced usage (cost NULL, some token column set) over [$1, $2),
-- assistant messages only, of the users whose username or name matches $3 (an ILIKE pattern
-- escaped with '\'; NULL: every user): what `rollup` lists so that nobody reads an unpriced
-- amount as free. Messages without a model config are one row (model_config_id NULL). Messages
-- with invalid usage are not unpriced but invalid (report_summary.sql says which), as in the groups.
SELECT m.model_config_id::text AS model_config_id,
       coalesce(nullif(cfg.display_name, ''), cfg.model) AS display_name,
       cfg.provider,
       cfg.model,
       count(*) AS unpriced_messages
FROM chat_messages m
CROSS JOIN LATERAL (SELECT coalesce(m.input_tokens NOT BETWEEN 0 AND 1000000000000
                                    OR m.output_tokens NOT BETWEEN 0 AND 1000000000000
                                    OR m.reasoning_tokens NOT BETWEEN 0 AND 1000000000000
                                    OR m.cache_read_tokens NOT BETWEEN 0 AND 1000000000000
                                    OR m.cache_creation_tokens NOT BETWEEN 0 AND 1000000000000
                                    OR m.reasoning_tokens > m.output_tokens
                                    OR m.total_cost_micros NOT BETWEEN 0 AND 10000000000000, false)
                           AS usage_invalid) AS checked
LEFT JOIN chat_model_configs cfg ON cfg.id = m.model_config_id
WHERE m.role = 'assistant'
  AND m.total_cost_micros IS NULL
  AND NOT checked.usage_invalid
  AND (m.input_tokens IS NOT NULL OR m.output_tokens IS NOT NULL
       OR m.reasoning_tokens IS NOT NULL OR m.cache_creation_tokens IS NOT NULL
       OR m.cache_read_tokens IS NOT NULL)
  AND m.created_at >= $1
  AND m.created_at < $2
  AND ($3::text IS NULL
       OR m.chat_id IN (SELECT c.id
                        FROM chats c
                        JOIN users u ON u.id = c.owner_id
                        WHERE u.username ILIKE $3::text ESCAPE E'\\' OR u.name ILIKE $3::text ESCAPE E'\\'))
GROUP BY m.model_config_id, cfg.display_name, cfg.provider, cfg.model
ORDER BY count(*) DESC, cfg.provider, cfg.model, m.model_config_id
