-- Records a migration as adopted ($1 version, $2 name, $3 checksum): `migrate up --adopt` found
-- the objects it creates already made by the platform and ran none of its statements, so it
-- has no duration.
INSERT INTO chatcost_schema_migrations (version, name, checksum, state, applied_at)
VALUES ($1, $2, $3, 'adopted', now())
