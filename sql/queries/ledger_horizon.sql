-- Where `chatcost ledger refresh` may build to: this transaction's start (now()) and the
-- transactions open at that moment, by virtual transaction id. Every transaction holds a lock on
-- its own virtual id until it ends, with or without a transaction id (CREATE INDEX CONCURRENTLY
-- waits on the same locks). Once none of them is open (ledger_open_transactions.sql), every
-- transaction still to commit began after now(), and a message it inserts is logged by the insert
-- trigger unless it is dated at or after its start less chatcost_ledger_margin(): later than any
-- hour refresh builds (ledger_next_chunk.sql stops at now() less the margin).
SELECT now()::text AS horizon,
       coalesce(array_agg(l.virtualxid) FILTER (WHERE l.virtualxid IS NOT NULL), '{}')::text[] AS open_transactions
FROM pg_locks l
WHERE l.locktype = 'virtualxid' AND l.granted AND l.pid IS DISTINCT FROM pg_backend_pid()
