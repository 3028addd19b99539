-- `chatcost budget set`: a budget made, or replaced whole (a flag left out takes its default), for
-- user $1 (a uuid) or, with $1 NULL, the default budget: at most one row per scope
-- (chatcost_budgets_one_per_scope, NULLS NOT DISTINCT). A budget set as it already is writes
-- nothing (no row version, updated_at kept) and returns no row; else one row: whether it was new.
INSERT INTO chatcost_budgets AS b (user_id, amount_micros, period, soft_percent, time_zone, updated_at)
VALUES ($1::uuid, $2::bigint, $3::text, $4::bigint, $5::text, now())
ON CONFLICT ON CONSTRAINT chatcost_budgets_one_per_scope DO UPDATE
SET amount_micros = EXCLUDED.amount_micros,
    period = EXCLUDED.period,
    soft_percent = EXCLUDED.soft_percent,
    time_zone = EXCLUDED.time_zone,
    updated_at = EXCLUDED.updated_at
WHERE (b.amount_micros, b.period, b.soft_percent, b.time_zone)
      IS DISTINCT FROM (EXCLUDED.amount_micros, EXCLUDED.period, EXCLUDED.soft_percent, EXCLUDED.time_zone)
RETURNING xmax = 0 AS created
