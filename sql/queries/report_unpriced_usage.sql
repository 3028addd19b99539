-- `chatcost unpriced`: the unpriced usage over [$1, $2) per model config, most messages first:
-- assistant messages with some token column set and total_cost_micros NULL, invalid usage apart
-- (the one predicate of every report query, tests/unit/test_ledger_invalid_usage.cpp). Messages without a
-- model config are one row (model_config_id NULL). The token sums are capped at the bigint
-- range; latest_created_us (epoch microseconds) is the newest message, at which the client
-- asks the price catalog (ledger/price_catalog) which price is in force: why a config is
-- unpriced is decided there, by the engine's rules, not here.
SELECT m.model_config_id::text AS model_config_id,
       coalesce(nullif(cfg.display_name, ''), cfg.model) AS display_name,
       cfg.provider,
       cfg.model,
       count(*) AS unpriced_messages,
       least(coalesce(sum(m.input_tokens), 0), 9223372036854775807)::bigint AS input_tokens,
       least(coalesce(sum(m.output_tokens), 0), 9223372036854775807)::bigint AS output_tokens,
       least(coalesce(sum(m.reasoning_tokens), 0), 9223372036854775807)::bigint AS reasoning_tokens,
       least(coalesce(sum(m.cache_read_tokens), 0), 9223372036854775807)::bigint AS cache_read_tokens,
       least(coalesce(sum(m.cache_creation_tokens), 0), 9223372036854775807)::bigint AS cache_write_tokens,
       (extract(epoch FROM max(m.created_at)) * 1000000)::bigint AS latest_created_us
FROM chat_messages m
CROSS JOIN LATERAL (SELECT chatcost_usage_invalid(m.input_tokens, m.output_tokens, m.reasoning_tokens,
                                                  m.cache_read_tokens, m.cache_creation_tokens,
                                                  m.total_cost_micros) AS usage_invalid) AS checked
LEFT JOIN chat_model_configs cfg ON cfg.id = m.model_config_id
WHERE m.role = 'assistant'
  AND m.total_cost_micros IS NULL
  AND NOT checked.usage_invalid
  AND (m.input_tokens IS NOT NULL OR m.output_tokens IS NOT NULL
       OR m.reasoning_tokens IS NOT NULL OR m.cache_creation_tokens IS NOT NULL
       OR m.cache_read_tokens IS NOT NULL)
  AND m.created_at >= $1::timestamptz
  AND m.created_at < $2::timestamptz
GROUP BY m.model_config_id, cfg.display_name, cfg.provider, cfg.model
ORDER BY count(*) DESC, cfg.provider NULLS LAST, cfg.model, m.model_config_id
