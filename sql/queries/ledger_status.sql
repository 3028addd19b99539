-- `chatcost ledger status`: how far the ledger is built, when a refresh last ran, the changes
-- waiting to be folded (counted: the table is small between refreshes run by cron) and the
-- ledger's rows as the planner estimates them (reltuples: -1 before the table was first
-- analyzed; counting them would read the whole ledger).
SELECT CASE WHEN isfinite(s.built_before)
            THEN to_char(s.built_before AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            ELSE s.built_before::text END AS built_before,
       to_char(s.refreshed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS refreshed_at,
       (SELECT count(*) FROM chatcost_ledger_changes) AS pending_changes,
       (SELECT CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END
        FROM pg_class c
        WHERE c.oid = 'chatcost_ledger'::regclass) AS ledger_rows_estimate
FROM chatcost_ledger_state s
