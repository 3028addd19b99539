-- A new backfill run ($1 mode, $2 since, $3 until) walking ids $4..$5; its cursor starts just
-- before $4.
INSERT INTO chatcost_backfill_runs (mode, state, since_at, until_at, first_id, cursor_id, last_id, pid,
                                    application_name)
VALUES ($1, 'running', $2::timestamptz, $3::timestamptz, $4, $4::bigint - 1, $5, pg_backend_pid(),
        current_setting('application_name'))
RETURNING id, first_id, cursor_id, last_id
