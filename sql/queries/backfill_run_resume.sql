-- Resumes run $1 where its cursor stopped, extending it to messages up to id $2 added since.
UPDATE chatcost_backfill_runs
SET state = 'running',
    last_id = greatest(last_id, $2),
    pid = pg_backend_pid(),
    application_name = current_setting('application_name'),
    updated_at = now()
WHERE id = $1
RETURNING id, first_id, cursor_id, last_id, rows_scanned, rows_priced, rows_written, rows_unchanged,
          rows_unpriced_no_model_config, rows_unpriced_no_prices, rows_unpriced_no_matching_category,
          rows_invalid, rows_skipped, batches, longest_batch_ms
