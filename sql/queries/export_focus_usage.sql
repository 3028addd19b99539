-- `chatcost export focus`: the usage of [$1, $2) per user, calendar day in the time zone $3,
-- model config and the price that priced it (chat_messages.cost_price_ref), assistant
-- messages only, invalid usage left out exactly as the cost reports leave it out, so that the
-- ledger costs summed here equal `rollup`'s total for the same range. A message the ledger
-- priced without a ref (priced before migration 0012, or by another writer) is a group of its
-- own (lone_message_id), so that the caller can find the price in force at its created_at and
-- its tier from its own context. Unpriced messages (no total_cost_micros) group without ref.
-- Days, charge periods and billing periods (the calendar month) are computed here, as UTC
-- instants in FOCUS's date format, so that a DST day is one row of 23 or 25 hours.
WITH usage AS (
    SELECT c.owner_id AS user_id,
           (m.created_at AT TIME ZONE $3::text)::date AS local_day,
           m.model_config_id,
           m.cost_price_ref,
           m.total_cost_micros IS NOT NULL AS priced,
           CASE WHEN m.total_cost_micros IS NOT NULL AND m.cost_price_ref IS NULL THEN m.id END AS lone_message_id,
           m.created_at,
           coalesce(m.input_tokens, 0) AS input_tokens,
           coalesce(m.output_tokens, 0) AS output_tokens,
           coalesce(m.reasoning_tokens, 0) AS reasoning_tokens,
           coalesce(m.cache_read_tokens, 0) AS cache_read_tokens,
           coalesce(m.cache_creation_tokens, 0) AS cache_creation_tokens,
           m.total_cost_micros
    FROM chat_messages m
    JOIN chats c ON c.id = m.chat_id
    CROSS JOIN LATERAL (SELECT chatcost_usage_invalid(m.input_tokens, m.output_tokens, m.reasoning_tokens,
                                                      m.cache_read_tokens, m.cache_creation_tokens,
                                                      m.total_cost_micros) AS usage_invalid) AS checked
    WHERE m.role = 'assistant'
      AND m.created_at >= $1::timestamptz
      AND m.created_at < $2::timestamptz
      AND NOT checked.usage_invalid
),
groups AS (
    SELECT user_id, local_day, model_config_id, cost_price_ref, priced, lone_message_id,
           (extract(epoch FROM min(created_at)) * 1000000)::bigint AS first_created_micros,
           sum(input_tokens)::bigint AS input_tokens,
           sum(output_tokens)::bigint AS output_tokens,
           sum(reasoning_tokens)::bigint AS reasoning_tokens,
           sum(cache_read_tokens)::bigint AS cache_read_tokens,
           sum(cache_creation_tokens)::bigint AS cache_creation_tokens,
           coalesce(sum(total_cost_micros), 0)::bigint AS ledger_micros,
           count(*) AS messages
    FROM usage
    GROUP BY user_id, local_day, model_config_id, cost_price_ref, priced, lone_message_id
)
SELECT current_database() AS billing_account,
       g.user_id::text AS user_id,
       u.username,
       to_char(g.local_day, 'YYYY-MM-DD') AS day,
       to_char(g.local_day::timestamp AT TIME ZONE $3::text AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS day_start,
       to_char((g.local_day + 1)::timestamp AT TIME ZONE $3::text AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS day_end,
       to_char(date_trunc('month', g.local_day::timestamp) AT TIME ZONE $3::text AT TIME ZONE 'UTC',
               'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS month_start,
       to_char((date_trunc('month', g.local_day::timestamp) + interval '1 month') AT TIME ZONE $3::text AT TIME ZONE 'UTC',
               'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS month_end,
       g.model_config_id::text AS model_config_id,
       mc.provider,
       mc.model,
       g.cost_price_ref,
       g.priced,
       g.first_created_micros,
       g.input_tokens, g.output_tokens, g.reasoning_tokens, g.cache_read_tokens, g.cache_creation_tokens,
       g.ledger_micros,
       g.messages
FROM groups g
JOIN users u ON u.id = g.user_id
LEFT JOIN chat_model_configs mc ON mc.id = g.model_config_id
ORDER BY g.local_day, u.username, g.user_id, mc.provider, mc.model, g.model_config_id, g.cost_price_ref, g.lone_message_id
