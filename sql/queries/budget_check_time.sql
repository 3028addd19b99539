-- The time `chatcost budget check` checks at when no --at is given: now(), the transaction's
-- start, as budget_check.sql reads it; RFC 3339 UTC with its microseconds.
SELECT rtrim(rtrim(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '0'), '.') || 'Z'
