-- The newest $1 backfill runs for `chatcost backfill status`, timestamps as RFC 3339 in UTC.
SELECT id, mode, state,
       replace(to_char(since_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '.000000Z', 'Z') AS since_at,
       replace(to_char(until_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '.000000Z', 'Z') AS until_at,
       first_id, cursor_id, last_id, rows_scanned, rows_priced, rows_written, rows_unchanged,
       rows_unpriced_no_model_config, rows_unpriced_no_prices, rows_unpriced_no_matching_category,
       rows_invalid, rows_skipped, batches, longest_batch_ms,
       to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS started_at,
       to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at,
       to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS finished_at,
       pid, application_name
FROM chatcost_backfill_runs
ORDER BY id DESC
LIMIT $1
