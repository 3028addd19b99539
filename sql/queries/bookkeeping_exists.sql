-- Whether chatcost's migration bookkeeping exists in this database.
SELECT to_regclass('chatcost_schema_migrations') IS NOT NULL AS exists
