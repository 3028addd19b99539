-- After a refresh has folded changes: the rows it deleted are dead until vacuumed, and every
-- report reads chatcost_ledger_changes whole (it has no index, so that appending stays cheap).
-- Autovacuum would come later; this keeps the table as small as the changes still pending. A
-- role that does not own the table gets a warning from the server, not an error.
VACUUM chatcost_ledger_changes
