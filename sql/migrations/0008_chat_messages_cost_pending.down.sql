-- chatcost:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS idx_chat_messages_cost_pending;
