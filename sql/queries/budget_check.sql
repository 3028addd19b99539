-- `chatcost budget check`: every user in users with a budget, their own or else the default (the
-- own row wins whole), and what they spent in the calendar period of their budget that holds
-- the check's time $1 (NULL: now(), the transaction's start), from the period's start to $1.
--
-- Periods start at local midnight in the budget's zone (date_trunc: the 1st of the month, an
-- ISO week's Monday, the day) and end one calendar unit later, so a DST month is an hour shorter
-- or longer. Spend is read through chatcost_usage (migration 0013: the ledger's folded hours
-- plus the raw hours after them), once per distinct (period, zone) of the budgets, and grouped
-- per owner: the check reads no message the ledger has folded. Invalid usage is counted apart
-- by chatcost_usage and in no sum. spend_micros is the priced messages' cost, saturated at the
-- bigint range (above any budget, so the state stays right).
WITH check_time AS (
    SELECT coalesce($1::timestamptz, now()) AS at
),
budgeted AS (
    SELECT u.id AS user_id, u.username, u.name, own.id IS NOT NULL AS own_budget,
           coalesce(own.id, dflt.id) AS budget_id
    FROM users u
    LEFT JOIN chatcost_budgets own ON own.user_id = u.id
    LEFT JOIN chatcost_budgets dflt ON dflt.user_id IS NULL
    WHERE own.id IS NOT NULL OR dflt.id IS NOT NULL
),
calendars AS (
    -- Every (period, zone) of a budget, numbered: a tiny table, read whole (a budget of a user
    -- gone since may add a calendar nobody uses; cheaper than reading the users twice).
    SELECT row_number() OVER (ORDER BY period, time_zone) AS calendar, period, time_zone
    FROM (SELECT DISTINCT period, time_zone FROM chatcost_budgets) AS distinct_calendars
),
periods AS (
    SELECT cal.calendar, cal.period, cal.time_zone, t.at,
           date_trunc(cal.period, t.at AT TIME ZONE cal.time_zone) AT TIME ZONE cal.time_zone AS period_start,
           (date_trunc(cal.period, t.at AT TIME ZONE cal.time_zone) + ('1 ' || cal.period)::interval)
               AT TIME ZONE cal.time_zone AS period_end
    FROM calendars cal
    CROSS JOIN check_time t
),
-- Worked out once per calendar, not once per user: epoch microseconds, and the zone's UTC offsets
-- at the bounds (east +), to show them as local RFC 3339.
bounds AS (
    SELECT p.*,
           (extract(epoch FROM p.at) * 1000000)::bigint AS at_us,
           (extract(epoch FROM p.period_start) * 1000000)::bigint AS period_start_us,
           (extract(epoch FROM p.period_end) * 1000000)::bigint AS period_end_us,
           extract(epoch FROM (p.period_start AT TIME ZONE p.time_zone) - (p.period_start AT TIME ZONE 'UTC'))::bigint
               AS period_start_offset,
           extract(epoch FROM (p.period_end AT TIME ZONE p.time_zone) - (p.period_end AT TIME ZONE 'UTC'))::bigint
               AS period_end_offset
    FROM periods p
),
spend AS (
    SELECT bd.calendar, c.owner_id,
           sum(u.cost_micros) AS cost_micros,
           sum(u.priced_messages) AS priced_messages,
           sum(u.unpriced_messages) AS unpriced_messages,
           sum(u.invalid_messages) AS invalid_messages
    FROM bounds bd
    CROSS JOIN LATERAL chatcost_usage(bd.period_start, bd.at, 'UTC', 'none') u
    JOIN chats c ON c.id = u.chat_id
    GROUP BY bd.calendar, c.owner_id
)
SELECT bu.user_id::text AS user_id,
       bu.username,
       bu.name,
       bu.own_budget,
       b.amount_micros,
       b.period,
       b.soft_percent,
       b.time_zone,
       bd.at_us,
       bd.period_start_us,
       bd.period_end_us,
       bd.period_start_offset,
       bd.period_end_offset,
       least(coalesce(s.cost_micros, 0), 9223372036854775807)::bigint AS spend_micros,
       coalesce(s.priced_messages, 0)::bigint AS priced_messages,
       coalesce(s.unpriced_messages, 0)::bigint AS unpriced_messages,
       coalesce(s.invalid_messages, 0)::bigint AS invalid_messages
FROM budgeted bu
JOIN chatcost_budgets b ON b.id = bu.budget_id
JOIN bounds bd ON bd.period = b.period AND bd.time_zone = b.time_zone
LEFT JOIN spend s ON s.owner_id = bu.user_id AND s.calendar = bd.calendar
ORDER BY bu.username, bu.user_id
