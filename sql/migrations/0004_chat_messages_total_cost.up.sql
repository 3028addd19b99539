-- The message's cost in micro-dollars: NULL = not priced (yet), 0 = free. No default, so
-- PostgreSQL only records the column in the catalog and rewrites nothing, however big the
-- table. History is priced by `chatcost backfill` in batches, never here.
ALTER TABLE chat_messages ADD COLUMN IF NOT EXISTS total_cost_micros bigint;
