-- Records one batch of run $1 in the batch's own transaction: the new cursor $2 and the
-- batch's counts, added to the run's. $3 scanned, $4 priced, $5 written, $6 unchanged,
-- $7..$9 unpriced (no model config, no prices, no matching category), $10 invalid,
-- $11 skipped, $12 the longest batch so far in milliseconds.
UPDATE chatcost_backfill_runs
SET cursor_id = $2,
    rows_scanned = rows_scanned + $3,
    rows_priced = rows_priced + $4,
    rows_written = rows_written + $5,
    rows_unchanged = rows_unchanged + $6,
    rows_unpriced_no_model_config = rows_unpriced_no_model_config + $7,
    rows_unpriced_no_prices = rows_unpriced_no_prices + $8,
    rows_unpriced_no_matching_category = rows_unpriced_no_matching_category + $9,
    rows_invalid = rows_invalid + $10,
    rows_skipped = rows_skipped + $11,
    batches = batches + 1,
    longest_batch_ms = greatest(longest_batch_ms, $12),
    updated_at = now()
WHERE id = $1 AND state = 'running'
