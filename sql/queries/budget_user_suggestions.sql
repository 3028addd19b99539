-- "Did you mean" for a --user that names no user: usernames equal to $1 but for letter case, or
-- containing it ($2: ledger/like_pattern's contains_pattern of $1), the closest in length first.
-- One pass over users, only after the exact look-up (report_user.sql) found nobody.
SELECT username
FROM users
WHERE lower(username) = lower($1) OR lower(username) LIKE lower($2)
ORDER BY lower(username) = lower($1) DESC, length(username), username
LIMIT 3
