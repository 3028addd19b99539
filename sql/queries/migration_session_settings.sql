-- The migration connection's timeouts: each statement waits at most $1 (e.g. '5000ms') for a
-- lock; no statement timeout, since an index build on a big table may take hours.
SELECT set_config('lock_timeout', $1, false), set_config('statement_timeout', '0', false)
