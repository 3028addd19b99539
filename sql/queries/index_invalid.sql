-- The index named $1 (resolved like in a statement), quoted for use in DDL, when it exists and
-- is INVALID: what a failed CREATE INDEX CONCURRENTLY leaves behind.
SELECT i.indexrelid::regclass::text AS index_name
FROM pg_index AS i
WHERE i.indexrelid = to_regclass($1)
  AND NOT i.indisvalid
