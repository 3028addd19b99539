-- `chatcost rollup --by day|week|month --breakdown`: the models under each period: cost,
-- message counts and tokens per calendar period ($5: 'day', 'week' or 'month', in the time zone
-- $4, as report_rollup_by_period.sql counts them) and model config, over [$1, $2), assistant
-- messages only, of the users whose username or name matches $3 (an ILIKE pattern escaped with
-- '\'; NULL: every user). Messages without a model config are one row per period (model columns
-- NULL). Only (period, model) pairs with usage; by period, then cost descending, provider, model.
-- The sums come from chatcost_usage() (migration 0013): the ledger plus the changes it has not
-- folded and the hours it cannot use, read in this statement's one snapshot, so exactly the sums
-- of the raw messages. Invalid usage (DESIGN.md section 2 rule 11) is left out of every sum and
-- count but invalid_messages there. Sums stay numeric, exact; the caller reports one past int64.
WITH per_period_model AS (
    SELECT m.period_start,
           m.model_config_id,
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
    CROSS JOIN LATERAL chatcost_usage($1, $2, $4::text, $5::text, selected.chat_ids) AS m
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
