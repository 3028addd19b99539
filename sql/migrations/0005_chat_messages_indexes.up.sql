-- chatcost:no-transaction
-- Built CONCURRENTLY, so the application keeps writing while they build; such a build cannot
-- run inside a transaction, hence the marker above. IF NOT EXISTS makes a re-run after a
-- failure safe (chatcost drops an INVALID index left by a failed build before it retries).

-- The foreign key's side: the cascade when a chat is deleted, and per-chat reports.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_chat_messages_chat_id ON chat_messages (chat_id);

-- Date ranges (reports, backfill --since/--until), as on the reference platform.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_chat_messages_created_at ON chat_messages (created_at);
