-- Marks every unfinished backfill run other than $1 as superseded: a run with other options
-- has started, and the old cursor no longer describes what is left to do.
UPDATE chatcost_backfill_runs
SET state = 'superseded', updated_at = now()
WHERE state IN ('running', 'interrupted') AND id <> $1
