-- The privileges the current role lacks, of those a command needs (src/db/required_privileges.cpp):
-- arrays of the same length, fixed text from the code: $1 the privilege (SELECT, INSERT, UPDATE,
-- USAGE), $2 the table or sequence, $3 one column or '' for the whole table, $4 'table' or
-- 'sequence'. One row per missing privilege, in the order given: its position (1-based) in the
-- arrays, and the role's name.
-- has_*_privilege count what the role holds directly, through PUBLIC and through the roles it
-- inherits from, as the statements themselves will. A name that to_regclass cannot resolve (no
-- such object, or no USAGE on its schema) counts as missing; CASE keeps the has_* functions from
-- ever seeing it.
SELECT current_user AS role_name, w.position
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY
     AS w(privilege, object, column_name, kind, position)
WHERE NOT coalesce(
    CASE
        WHEN to_regclass(w.object) IS NULL THEN false
        WHEN w.kind = 'sequence' THEN has_sequence_privilege(to_regclass(w.object), w.privilege)
        WHEN w.column_name <> '' THEN has_column_privilege(to_regclass(w.object), w.column_name, w.privilege)
        ELSE has_table_privilege(to_regclass(w.object), w.privilege)
    END,
    false)
ORDER BY w.position
