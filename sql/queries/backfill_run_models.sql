-- Run $1's per-model counts and cost sums (numeric sums as text).
SELECT provider, model, rows, rows_written, old_cost_micros::text AS old_cost_micros,
       new_cost_micros::text AS new_cost_micros
FROM chatcost_backfill_run_models
WHERE run_id = $1
ORDER BY provider, model
