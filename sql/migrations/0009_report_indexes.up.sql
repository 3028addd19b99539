-- chatcost:no-transaction
-- The indexes of the cost reports (`summary`, `rollup`), justified by the EXPLAIN output in
-- bench/explain/ and the figures in bench/README.md. All three are partial (assistant
-- messages: the only ones reports read) and covering (INCLUDE every column a report reads), so
-- the reports are index-only scans that never touch the table's heap. Built CONCURRENTLY, so
-- the application keeps writing meanwhile; IF NOT EXISTS makes a re-run after a failure safe.

-- `summary`: one user's messages, chat by chat (chats via idx_chats_owner_id), in a date range.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_chat_messages_report_chat_time
    ON chat_messages (chat_id, created_at)
    INCLUDE (model_config_id, total_cost_micros, input_tokens, output_tokens, reasoning_tokens,
             cache_creation_tokens, cache_read_tokens)
    WHERE role = 'assistant';

-- `rollup`: every assistant message in a date range, whatever its chat.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_chat_messages_report_time
    ON chat_messages (created_at)
    INCLUDE (chat_id, model_config_id, total_cost_micros, input_tokens, output_tokens, reasoning_tokens,
             cache_creation_tokens, cache_read_tokens)
    WHERE role = 'assistant';

-- `rollup`'s list of unpriced models: only the unpriced messages, few once backfill has run.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_chat_messages_report_unpriced
    ON chat_messages (created_at)
    INCLUDE (chat_id, model_config_id)
    WHERE role = 'assistant'
      AND total_cost_micros IS NULL
      AND (input_tokens IS NOT NULL OR output_tokens IS NOT NULL OR reasoning_tokens IS NOT NULL
           OR cache_creation_tokens IS NOT NULL OR cache_read_tokens IS NOT NULL);
