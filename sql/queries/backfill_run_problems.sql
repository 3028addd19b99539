-- Run $1's unpriceable messages per model config and kind.
SELECT model_config_id, kind, rows, first_message_id, reason
FROM chatcost_backfill_run_problems
WHERE run_id = $1
ORDER BY model_config_id, kind
