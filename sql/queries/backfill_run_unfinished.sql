-- Unfinished backfill runs, newest first, and whether each has the options of the run about to
-- start ($1 mode, $2 since, $3 until): the newest that has them is resumed, the others are
-- superseded. Read while holding the backfill lock, so no other process is working on them.
SELECT id,
       mode = $1 AND since_at IS NOT DISTINCT FROM $2::timestamptz
           AND until_at IS NOT DISTINCT FROM $3::timestamptz AS same_options
FROM chatcost_backfill_runs
WHERE state IN ('running', 'interrupted')
ORDER BY id DESC
