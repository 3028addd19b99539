-- Who holds the session-level advisory lock $1 (a bigint key) in this database.
SELECT l.pid,
       coalesce(a.application_name, '') AS application_name,
       coalesce(to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), '') AS since
FROM pg_locks AS l
LEFT JOIN pg_stat_activity AS a ON a.pid = l.pid
WHERE l.locktype = 'advisory'
  AND l.granted
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid = (($1::bigint >> 32) & 4294967295)::bigint::oid
  AND l.objid = ($1::bigint & 4294967295)::oid
  AND l.objsubid = 1
ORDER BY l.pid
