-- chatcost backfill's bookkeeping: one row per run with its cursor, so that a run killed at
-- any moment resumes exactly where it stopped. Each batch commits its priced messages and
-- the new cursor and counts in the same transaction (see src/db/backfill_run_store.hpp).
CREATE TABLE chatcost_backfill_runs (
    id bigserial PRIMARY KEY,
    -- backfill: price messages whose cost is NULL; recompute: re-price messages in the range.
    mode text NOT NULL CHECK (mode IN ('backfill', 'recompute')),
    -- running: a process is working on it, or was killed (no one holds the backfill lock);
    -- interrupted: stopped by SIGINT/SIGTERM or an error, resumable; completed: done.
    -- superseded: left unfinished, then a run with other options started.
    state text NOT NULL CHECK (state IN ('running', 'interrupted', 'completed', 'superseded')),
    -- The --since/--until range (created_at), NULL when open.
    since_at timestamptz,
    until_at timestamptz,
    -- Every message with first_id <= id <= cursor_id has been dealt with; the run goes on
    -- to last_id, the highest id in the range when the run (re)started.
    first_id bigint NOT NULL,
    cursor_id bigint NOT NULL,
    last_id bigint NOT NULL,
    -- Messages read (cost NULL, or any for recompute, and some token column set), and what
    -- became of them: priced by the engine (then written, or unchanged: recompute found the
    -- stored cost right), unpriced by reason, invalid, or skipped.
    rows_scanned bigint NOT NULL DEFAULT 0,
    rows_priced bigint NOT NULL DEFAULT 0,
    rows_written bigint NOT NULL DEFAULT 0,
    rows_unchanged bigint NOT NULL DEFAULT 0,
    rows_unpriced_no_model_config bigint NOT NULL DEFAULT 0,
    rows_unpriced_no_prices bigint NOT NULL DEFAULT 0,
    rows_unpriced_no_matching_category bigint NOT NULL DEFAULT 0,
    rows_invalid bigint NOT NULL DEFAULT 0,    -- bad data: left as they were, see _problems
    rows_skipped bigint NOT NULL DEFAULT 0,    -- changed or locked by someone else meanwhile
    batches bigint NOT NULL DEFAULT 0,
    longest_batch_ms bigint NOT NULL DEFAULT 0,
    started_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    -- The process that last worked on the run, for `backfill status`.
    pid bigint,
    application_name text,
    CHECK (first_id <= cursor_id + 1),
    CHECK ((state = 'completed') = (finished_at IS NOT NULL))
);

-- Per model (the config's provider and model): the messages a run priced and what they cost
-- before (recompute; NULL counts 0) and after. Sums of int64 costs, hence numeric.
CREATE TABLE chatcost_backfill_run_models (
    run_id bigint NOT NULL REFERENCES chatcost_backfill_runs (id) ON DELETE CASCADE,
    provider text NOT NULL,
    model text NOT NULL,
    rows bigint NOT NULL DEFAULT 0,          -- priced by the engine, or (recompute) held a cost
    rows_written bigint NOT NULL DEFAULT 0,  -- of which the stored cost changed
    old_cost_micros numeric NOT NULL DEFAULT 0,
    new_cost_micros numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, provider, model)
);

-- Messages a run could not price because of bad data, per model config and kind: 'config' (a
-- price in the config does not parse: all its messages) or 'message' (the message's own data:
-- a negative token count, a cost past int64). reason is that of the lowest message id.
CREATE TABLE chatcost_backfill_run_problems (
    run_id bigint NOT NULL REFERENCES chatcost_backfill_runs (id) ON DELETE CASCADE,
    -- '' for messages without a model config (a negative token count).
    model_config_id text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('config', 'message')),
    rows bigint NOT NULL,
    first_message_id bigint NOT NULL,
    reason text NOT NULL,
    PRIMARY KEY (run_id, model_config_id, kind)
);
