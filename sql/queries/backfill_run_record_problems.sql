-- Adds one batch's unpriceable messages to run $1, per model config and kind ($2 config ids,
-- $3 kinds, $4 rows, $5 the lowest message id, $6 its reason; arrays of the same length).
INSERT INTO chatcost_backfill_run_problems AS t (run_id, model_config_id, kind, rows, first_message_id, reason)
SELECT $1, u.config_id, u.kind, u.rows, u.first_id, u.reason
FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[]) AS u(config_id, kind, rows, first_id, reason)
ON CONFLICT (run_id, model_config_id, kind) DO UPDATE
SET rows = t.rows + excluded.rows,
    first_message_id = least(t.first_message_id, excluded.first_message_id),
    reason = CASE WHEN excluded.first_message_id < t.first_message_id THEN excluded.reason ELSE t.reason END
