-- How many of the transactions open at a refresh's horizon ($1, their virtual transaction ids
-- from ledger_horizon.sql) are open still, and the oldest one's backend and start (NULL where
-- pg_stat_activity does not show them to this role), for the warning of a refresh held back.
SELECT count(*) AS still_open,
       (array_agg(l.pid ORDER BY a.xact_start NULLS LAST))[1] AS oldest_pid,
       min(a.xact_start)::text AS oldest_start
FROM pg_locks l
LEFT JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'virtualxid' AND l.granted AND l.virtualxid = ANY ($1::text[])
