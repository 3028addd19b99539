-- The backfill connection's settings. Timeouts ($1 statement_timeout, $2 lock_timeout, e.g.
-- '5000ms'): every batch transaction is short, so a statement that runs long or waits long for
-- a lock is cancelled, the batch rolls back, and the run retries it. synchronous_commit off: a
-- batch commits its rows and the run's cursor together, so a batch lost in a server crash is
-- lost whole and simply priced again by the next run; waiting for each commit's WAL flush
-- would only slow the run (never the application, whose own commits stay synchronous).
-- Returns the server's deadlock_timeout in milliseconds (see backfill_write_batch.sql).
SELECT set_config('statement_timeout', $1, false),
       set_config('lock_timeout', $2, false),
       set_config('synchronous_commit', 'off', false),
       (extract(epoch FROM current_setting('deadlock_timeout')::interval) * 1000)::bigint AS deadlock_timeout_ms
