-- The settings of `chatcost ledger refresh`'s connection ($1 statement_timeout, $2 lock_timeout,
-- e.g. '3600000ms'). A step is one statement: a first build over a big history may run for
-- minutes, so its limit is generous, while a lock it waits for (a migration holding the table)
-- is given up soon, and the next cron run tries again. JIT off: it costs more than it saves on
-- the step's aggregate (src/db/session.cpp says why; off there already). TimeZone UTC: a chunk of N days
-- (ledger_next_chunk.sql) is then N x 24 hours, whole UTC hours, even across a DST change or in
-- a half-hour zone, and built_before comes back in UTC.
SELECT set_config('statement_timeout', $1, false),
       set_config('lock_timeout', $2, false),
       set_config('jit', 'off', false),
       set_config('TimeZone', 'UTC', false)
