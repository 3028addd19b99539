-- Releases the session-level advisory lock $1 taken by this connection.
SELECT pg_advisory_unlock($1) AS released
