-- The IANA time zone a report is asked for, spelled as the database spells it; no row when
-- the database does not know it. Matched case-insensitively, as PostgreSQL reads zone names.
-- pg_timezone_names reads the whole zone directory (some 30 ms), so callers skip it for 'UTC'.
SELECT name
FROM pg_timezone_names
WHERE lower(name) = lower($1)
ORDER BY name = $1 DESC, name
LIMIT 1
