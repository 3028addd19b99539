-- Records a migration that stopped part-way without a transaction: $1 version, $2 name,
-- $3 checksum, $4 duration in ms, $5 the failed statement (1-based), $6 SQLSTATE, $7 message.
INSERT INTO chatcost_schema_migrations
    (version, name, checksum, state, applied_at, duration_ms, failed_statement, sqlstate, error)
VALUES ($1, $2, $3, 'failed', now(), $4, $5, $6, $7)
ON CONFLICT (version) DO UPDATE
SET name = excluded.name,
    checksum = excluded.checksum,
    state = 'failed',
    applied_at = excluded.applied_at,
    duration_ms = excluded.duration_ms,
    failed_statement = excluded.failed_statement,
    sqlstate = excluded.sqlstate,
    error = excluded.error
