-- The bookkeeping rows of chatcost_schema_migrations (run only when the table exists).
SELECT version,
       name,
       checksum,
       state,
       to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS applied_at,
       duration_ms,
       failed_statement,
       sqlstate,
       error
FROM chatcost_schema_migrations
ORDER BY version
