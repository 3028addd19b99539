-- Ends the work on run $1: state $2 ('completed', or 'interrupted': resumable), the longest
-- batch $3 in milliseconds.
UPDATE chatcost_backfill_runs
SET state = $2,
    finished_at = CASE WHEN $2 = 'completed' THEN now() END,
    longest_batch_ms = greatest(longest_batch_ms, $3),
    updated_at = now()
WHERE id = $1
