-- chatcost's own bookkeeping: one row per migration applied (or failed part-way, for a
-- migration that runs without a transaction). `chatcost migrate` owns this table.
CREATE TABLE chatcost_schema_migrations (
    version bigint PRIMARY KEY CHECK (version > 0),
    name text NOT NULL,
    -- SHA-256 (hex) of the up file with its line endings normalised to LF.
    checksum text NOT NULL,
    state text NOT NULL CHECK (state IN ('applied', 'failed')),
    -- When the row was written: applied, or failed.
    applied_at timestamptz NOT NULL DEFAULT now(),
    duration_ms bigint CHECK (duration_ms >= 0),
    -- For state 'failed': which statement (1-based) failed, its SQLSTATE and message.
    failed_statement bigint,
    sqlstate text,
    error text,
    CHECK ((state = 'failed') = (failed_statement IS NOT NULL))
);
