-- `chatcost rollup --by day|week|month --breakdown`: the models under each period: cost,
-- message counts and tokens per calendar period ($5: 'day', 'week' or 'month', in the time zone
-- $4, as report_rollup_by_period.sql counts them) and model config, over [$1, $2), assistant
-- messages only, of the users whose username or name matches $3 (an ILIKE pattern escaped with
-- '\'; NULL: every user). Messages without a model config are one row per period (model columns
-- NULL). Only (period, model) pairs with usage; by period, then cost descending, provider, model.
-- Invalid usage (DESIGN.md section 2 rule 11: a token count negative or above 10^12, reasoning
-- above output, a cost outside [0, 10^13] micro-dollars) is checked.usage_invalid, written the same
-- in every report query (tests/unit/test_ledger_cost_reports.cpp): left out of every sum and
-- count but invalid_messages. Sums stay numeric, exact; the caller reports one past int64.
WITH per_period_model AS (
    SELECT date_trunc($5::text, m.created_at AT TIME ZONE $4::text) AS period_start,
           m.model_config_id,
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
    GROUP BY 1, 2
)
SELECT to_char(p.period_start, CASE $5::text WHEN 'month' THEN 'YYYY-MM' WHEN 'week' THEN 'IYYY-"W"IW' ELSE 'YYYY-MM-DD' END)
           AS period,
       p.model_config_id::text AS model_config_id,
       coalesce(nullif(cfg.display_name, ''), cfg.model) AS display_name,
       cfg.provider,
       cfg.model,
       coalesce(p.cost_micros, 0) AS cost_micros,
       p.priced_messages,
       p.unpriced_messages,
       p.invalid_messages,
       coalesce(p.input_tokens, 0) AS input_tokens,
       coalesce(p.output_tokens, 0) AS output_tokens,
       coalesce(p.cache_read_tokens, 0) AS cache_read_tokens,
       coalesce(p.cache_creation_tokens, 0) AS cache_creation_tokens
FROM per_period_model p
LEFT JOIN chat_model_configs cfg ON cfg.id = p.model_config_id
WHERE p.priced_messages + p.unpriced_messages + p.invalid_messages > 0
ORDER BY p.period_start, coalesce(p.cost_micros, 0) DESC, cfg.provider, cfg.model, p.model_config_id
