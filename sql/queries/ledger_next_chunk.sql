-- Where the next step of `chatcost ledger refresh` builds to: the hour of the first assistant
-- message not built yet plus $1 (an interval), at most the bound: the hour of the horizon $2
-- (ledger_horizon.sql, once the transactions open then have ended) less chatcost_ledger_margin(),
-- before which no message can arrive that the insert trigger does not log. The bound itself when
-- nothing is left before it; built_before when it is there already (nothing to build). As
-- ledger_status.sql prints it: RFC 3339 UTC, or '-infinity'.
WITH bound AS (
    SELECT chatcost_ledger_hour($2::timestamptz - chatcost_ledger_margin()) AS at
)
SELECT CASE WHEN isfinite(u.build_until)
            THEN to_char(u.build_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            ELSE u.build_until::text END AS build_until
FROM (SELECT CASE WHEN s.built_before >= b.at THEN s.built_before
                  WHEN n.first_created IS NULL OR chatcost_ledger_hour(n.first_created) + $1::interval >= b.at
                      THEN b.at
                  ELSE chatcost_ledger_hour(n.first_created) + $1::interval
             END AS build_until
      FROM chatcost_ledger_state s
      CROSS JOIN bound b
      LEFT JOIN LATERAL (SELECT min(m.created_at) AS first_created
                         FROM chat_messages m
                         WHERE m.role = 'assistant' AND m.created_at >= s.built_before
                           AND m.created_at < b.at) AS n ON true) AS u
