-- `chatcost budget list`: every budget, the default first, then by username; a budget whose user
-- is no longer in users has NULL username and name (no foreign key: see migration 0014).
SELECT b.user_id::text AS user_id,
       u.username,
       u.name,
       b.user_id IS NOT NULL AND u.id IS NULL AS user_missing,
       b.amount_micros,
       b.period,
       b.soft_percent,
       b.time_zone,
       to_char(b.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at
FROM chatcost_budgets b
LEFT JOIN users u ON u.id = b.user_id
ORDER BY b.user_id IS NOT NULL, u.username NULLS LAST, b.user_id
