-- `chatcost budget unset`: the budget of user $1 (a uuid) or, with $1 NULL, the default budget,
-- removed; no row when there was none.
DELETE FROM chatcost_budgets
WHERE ($1::uuid IS NULL AND user_id IS NULL) OR user_id = $1::uuid
RETURNING amount_micros
