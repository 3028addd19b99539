-- Takes the session-level advisory lock $1 if it is free; never waits (see db/advisory_lock.hpp).
SELECT pg_try_advisory_lock($1) AS acquired
