-- The instants of a report's range [since, until) (DESIGN.md section 4). Each bound is a date
-- ($1 since, $3 until: midnight of that date in the time zone $5), an instant ($2, $4: RFC 3339
-- with an offset), or neither, for the default: until = now(), since = until - 30 days on the
-- calendar of $5 (the same wall-clock time 30 days earlier, whatever DST does in between).
-- Each comes back as epoch microseconds and its UTC offset in $5 (seconds, east positive).
WITH until_bound AS (
    SELECT coalesce($4::timestamptz, ($3::date)::timestamp AT TIME ZONE $5, now()) AS until_at
),
bounds AS (
    SELECT coalesce($2::timestamptz,
                    ($1::date)::timestamp AT TIME ZONE $5,
                    ((u.until_at AT TIME ZONE $5) - interval '30 days') AT TIME ZONE $5) AS since_at,
           u.until_at
    FROM until_bound u
)
SELECT (extract(epoch FROM since_at) * 1000000)::bigint AS since_micros,
       extract(epoch FROM (since_at AT TIME ZONE $5) - (since_at AT TIME ZONE 'UTC'))::integer AS since_offset,
       (extract(epoch FROM until_at) * 1000000)::bigint AS until_micros,
       extract(epoch FROM (until_at AT TIME ZONE $5) - (until_at AT TIME ZONE 'UTC'))::integer AS until_offset
FROM bounds
