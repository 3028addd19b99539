-- The limits of the current batch transaction: statement_timeout $1 (e.g. '240ms': the server
-- cancels a batch write that runs longer, and the run retries it smaller) and lock_timeout $2
-- (e.g. '50ms': how long the write may wait for a row the application holds).
SELECT set_config('statement_timeout', $1, true), set_config('lock_timeout', $2, true)
