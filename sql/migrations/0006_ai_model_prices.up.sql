-- The price book: micro-dollars per 1,000,000 tokens (3000000 = $3/M) for a provider's model.
-- NULL = unknown for that category, 0 = free. `chatcost seed apply` keeps it up to date.
CREATE TABLE ai_model_prices (
    provider text NOT NULL,
    model text NOT NULL,
    input_price bigint CHECK (input_price >= 0),
    output_price bigint CHECK (output_price >= 0),
    cache_read_price bigint CHECK (cache_read_price >= 0),
    cache_write_price bigint CHECK (cache_write_price >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, model)
);
