-- Whether the server is a hot standby (in recovery: read-only): chatcost's writing commands
-- refuse to start there.
SELECT pg_is_in_recovery()
