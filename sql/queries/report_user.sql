-- The user a summary is for: by id ($2, when the text given is a UUID; else NULL) or by
-- username ($1). An id match wins over a username that happens to look like one.
SELECT id::text AS id, username, name
FROM users
WHERE username = $1 OR id = $2::uuid
ORDER BY id = $2::uuid DESC NULLS LAST
LIMIT 1
