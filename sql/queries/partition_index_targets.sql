-- The partitions of table $1 (a partitioned table) for building index $2 on it one partition at a
-- time (migrations/partitioned_index.hpp): each partition (regclass text, quoted), whether it is
-- partitioned itself, the name its index gets (the parent index's name and the partition's,
-- shortened with the partition's oid past 63 bytes; quoted, and also schema-qualified: CREATE
-- INDEX takes no schema, the index goes to its table's), whether that index exists INVALID (a
-- failed build to drop first), and whether the partition has an index attached to $2 already (nothing to do: a resumed run, or the platform's own index).
WITH parts AS (
    SELECT c.oid, c.relkind, n.nspname,
           CASE WHEN octet_length(split_part($2, '.', -1) || '_' || c.relname) <= 63
                THEN split_part($2, '.', -1) || '_' || c.relname
                ELSE left(split_part($2, '.', -1), 40) || '_' || c.oid END AS index_name
    FROM pg_inherits AS h
    JOIN pg_class AS c ON c.oid = h.inhrelid
    JOIN pg_namespace AS n ON n.oid = c.relnamespace
    WHERE h.inhparent = to_regclass($1)
)
SELECT p.oid::regclass::text AS partition,
       p.relkind = 'p' AS partitioned,
       quote_ident(p.index_name) AS index_name,
       quote_ident(p.nspname) || '.' || quote_ident(p.index_name) AS qualified_index_name,
       EXISTS (SELECT 1 FROM pg_class AS i JOIN pg_index AS x ON x.indexrelid = i.oid
               WHERE i.relname = p.index_name AND i.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = p.nspname)
                 AND NOT x.indisvalid) AS invalid,
       EXISTS (SELECT 1 FROM pg_index AS x JOIN pg_inherits AS hi ON hi.inhrelid = x.indexrelid
               WHERE x.indrelid = p.oid AND hi.inhparent = to_regclass($2)) AS attached
FROM parts AS p
ORDER BY p.oid::regclass::text
