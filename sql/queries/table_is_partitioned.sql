-- Whether the table named $1 (resolved like in a statement) is a partitioned table.
SELECT coalesce((SELECT relkind = 'p' FROM pg_class WHERE oid = to_regclass($1)), false)
