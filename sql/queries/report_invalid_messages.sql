-- The ids of the messages with invalid usage (checked.usage_invalid, as in every report query)
-- over [$1, $2), assistant messages only, of the users whose username or name matches $3 (an ILIKE
-- pattern escaped with '\'; NULL: every user) or of the user $4 (NULL: any): the first 10 by id of
-- each group of the grouping $5 ('user', 'model', 'provider', 'day', 'week', 'month' in the time zone $6,
-- or 'chat': root chats), the group named as its report row names it (NULL: no model config).
-- A report runs it only when its sums counted invalid messages: it reads the table's heap (the
-- report indexes leave out the id), which only bad data should pay for.
WITH invalid AS (
    SELECT m.id,
           CASE $5::text
               WHEN 'user' THEN c.owner_id::text
               WHEN 'model' THEN m.model_config_id::text
               WHEN 'provider' THEN cfg.provider
               WHEN 'chat' THEN coalesce(c.root_chat_id, c.id)::text
               ELSE to_char(date_trunc($5::text, m.created_at AT TIME ZONE $6::text),
                            CASE $5::text WHEN 'month' THEN 'YYYY-MM' WHEN 'week' THEN 'IYYY-"W"IW' ELSE 'YYYY-MM-DD' END)
           END AS group_key
    FROM chat_messages m
    CROSS JOIN LATERAL (SELECT chatcost_usage_invalid(m.input_tokens, m.output_tokens, m.reasoning_tokens,
                                                      m.cache_read_tokens, m.cache_creation_tokens,
                                                      m.total_cost_micros) AS usage_invalid) AS checked
    JOIN chats c ON c.id = m.chat_id
    LEFT JOIN chat_model_configs cfg ON cfg.id = m.model_config_id
    WHERE m.role = 'assistant'
      AND m.created_at >= $1
      AND m.created_at < $2
      AND checked.usage_invalid
      AND ($4::uuid IS NULL OR c.owner_id = $4::uuid)
      AND ($3::text IS NULL
           OR c.owner_id IN (SELECT u.id
                             FROM users u
                             WHERE u.username ILIKE $3::text ESCAPE E'\\' OR u.name ILIKE $3::text ESCAPE E'\\'))
),
numbered AS (
    SELECT id, group_key, row_number() OVER (PARTITION BY group_key ORDER BY id) AS position
    FROM invalid
)
SELECT group_key, id
FROM numbered
WHERE position <= 10
ORDER BY group_key, id
