-- Removes a migration's bookkeeping row once its down migration has run ($1 version).
DELETE FROM chatcost_schema_migrations WHERE version = $1
