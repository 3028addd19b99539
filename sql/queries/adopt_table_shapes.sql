-- The shape of the tables `chatcost migrate up --adopt` checks ($1: their names, resolved through
-- the search_path as chatcost's other statements resolve them; a name that resolves to nothing
-- gives no rows). One row per table that exists ('table': its kind), per column ('column': its
-- type as format_type prints it), per primary key, unique and foreign key constraint
-- ('constraint': p, u or f, then the referenced table for f; its columns in key order), and per
-- index ('index': flags unique, partial, invalid; its key columns in order, '' for an
-- expression). Column lists are quote_ident names joined by ', '.
WITH wanted AS (
    SELECT name, to_regclass(quote_ident(name)) AS oid
    FROM unnest($1::text[]) AS name
),
tables AS (
    SELECT w.name, c.oid, c.relkind
    FROM wanted AS w
    JOIN pg_class AS c ON c.oid = w.oid
)
SELECT t.name AS table_name,
       'table' AS kind,
       t.name AS name,
       CASE t.relkind
           WHEN 'r' THEN 'table' WHEN 'p' THEN 'partitioned table' WHEN 'v' THEN 'view'
           WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' ELSE 'relation'
       END AS detail,
       '' AS columns
FROM tables AS t
UNION ALL
SELECT t.name, 'column', a.attname, format_type(a.atttypid, a.atttypmod), ''
FROM tables AS t
JOIN pg_attribute AS a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT t.name, 'constraint', con.conname,
       con.contype::text || coalesce(' ' || (SELECT r.relname FROM pg_class AS r WHERE r.oid = con.confrelid), ''),
       coalesce((SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.position)
                 FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, position)
                 JOIN pg_attribute AS a ON a.attrelid = con.conrelid AND a.attnum = k.attnum), '')
FROM tables AS t
JOIN pg_constraint AS con ON con.conrelid = t.oid AND con.contype IN ('p', 'u', 'f')
UNION ALL
SELECT t.name, 'index', ic.relname,
       concat_ws(' ', CASE WHEN i.indisunique THEN 'unique' END,
                      CASE WHEN i.indpred IS NOT NULL THEN 'partial' END,
                      CASE WHEN NOT i.indisvalid THEN 'invalid' END),
       coalesce((SELECT string_agg(coalesce(quote_ident(a.attname), ''), ', ' ORDER BY k.position)
                 FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
                 LEFT JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                 WHERE k.position <= i.indnkeyatts), '')
FROM tables AS t
JOIN pg_index AS i ON i.indrelid = t.oid
JOIN pg_class AS ic ON ic.oid = i.indexrelid
ORDER BY 1, 2, 3
