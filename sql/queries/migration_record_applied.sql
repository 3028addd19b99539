-- Records a migration as applied ($1 version, $2 name, $3 checksum, $4 duration in ms),
-- replacing the row of an earlier failed attempt.
INSERT INTO chatcost_schema_migrations (version, name, checksum, state, applied_at, duration_ms)
VALUES ($1, $2, $3, 'applied', now(), $4)
ON CONFLICT (version) DO UPDATE
SET name = excluded.name,
    checksum = excluded.checksum,
    state = 'applied',
    applied_at = excluded.applied_at,
    duration_ms = excluded.duration_ms,
    failed_statement = NULL,
    sqlstate = NULL,
    error = NULL
