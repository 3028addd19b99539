-- Adds one batch's per-model counts and cost sums to run $1 ($2 providers, $3 models,
-- $4 rows, $5 rows written, $6 old cost, $7 new cost; arrays of the same length).
INSERT INTO chatcost_backfill_run_models AS t (run_id, provider, model, rows, rows_written,
                                               old_cost_micros, new_cost_micros)
SELECT $1, u.provider, u.model, u.rows, u.rows_written, u.old_cost, u.new_cost
FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::numeric[], $7::numeric[])
     AS u(provider, model, rows, rows_written, old_cost, new_cost)
ON CONFLICT (run_id, provider, model) DO UPDATE
SET rows = t.rows + excluded.rows,
    rows_written = t.rows_written + excluded.rows_written,
    old_cost_micros = t.old_cost_micros + excluded.old_cost_micros,
    new_cost_micros = t.new_cost_micros + excluded.new_cost_micros
