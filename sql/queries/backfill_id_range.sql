-- The ids a backfill walks: the lowest and highest message id created in [$1, $2) (either
-- bound NULL: open). An empty range gives first_id 1, last_id 0.
SELECT coalesce(min(id), 1) AS first_id, coalesce(max(id), 0) AS last_id
FROM chat_messages
WHERE ($1::timestamptz IS NULL OR created_at >= $1::timestamptz)
  AND ($2::timestamptz IS NULL OR created_at < $2::timestamptz)
