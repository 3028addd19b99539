-- Every chat message with its token usage. On a live platform this table has hundreds of
-- millions of rows: later changes to it add columns without defaults and build indexes
-- CONCURRENTLY (see 0004 and 0005).
CREATE TABLE chat_messages (
    id bigserial PRIMARY KEY,
    chat_id uuid NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    model_config_id uuid REFERENCES chat_model_configs (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    role text NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    input_tokens bigint,
    output_tokens bigint,
    total_tokens bigint,
    reasoning_tokens bigint,
    cache_creation_tokens bigint,
    cache_read_tokens bigint,
    context_limit bigint
);
