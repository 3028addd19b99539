-- chatcost:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS idx_chat_messages_created_at;
DROP INDEX CONCURRENTLY IF EXISTS idx_chat_messages_chat_id;
