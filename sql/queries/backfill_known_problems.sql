-- Which of a run's problems ($3 config ids, $4 kinds, $5 reasons, $6 first message ids, $7 rows;
-- arrays of the same length) the newest completed run of mode $1 other than run $2 (NULL: a
-- dry run) recorded already, unchanged since: a config's price with the same reason, the config
-- not updated since that run started (a config updated meanwhile counts as new, whatever its
-- reason); messages' own data with the same reason, first message and count. Reported once,
-- these are not news for cron (see man chatcost-backfill, EXIT STATUS).
WITH previous AS (
    SELECT id, started_at
    FROM chatcost_backfill_runs
    WHERE state = 'completed' AND mode = $1 AND id IS DISTINCT FROM $2::bigint
    ORDER BY id DESC
    LIMIT 1
)
SELECT now_seen.config_id AS model_config_id, now_seen.kind
FROM unnest($3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[])
         AS now_seen(config_id, kind, reason, first_id, rows)
JOIN previous ON true
JOIN chatcost_backfill_run_problems AS seen
  ON seen.run_id = previous.id
 AND seen.model_config_id = now_seen.config_id
 AND seen.kind = now_seen.kind
 AND seen.reason = now_seen.reason
LEFT JOIN chat_model_configs AS config ON config.id::text = now_seen.config_id
WHERE CASE
          WHEN now_seen.kind = 'config' THEN config.updated_at <= previous.started_at
          ELSE seen.first_message_id = now_seen.first_id AND seen.rows = now_seen.rows
      END
ORDER BY 1, 2
