-- chatcost:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS idx_chat_messages_report_unpriced;
DROP INDEX CONCURRENTLY IF EXISTS idx_chat_messages_report_time;
DROP INDEX CONCURRENTLY IF EXISTS idx_chat_messages_report_chat_time;
