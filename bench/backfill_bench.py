#!/usr/bin/env python3
"""Pricing history: `chatcost backfill` beside the reference platform's one-shot UPDATE and a
plain-SQL keyset loop, on the same 1,000,000 generated messages.

Usage: bench/backfill_bench.py [--chatcost BUILD/src/chatcost] [--messages N] [--rounds N]
                               [--explain-only]

Starts a throwaway PostgreSQL (tests/harness/pg_cluster.py) configured like a production server
(fsync, synchronous_commit and full_page_writes on; shared_buffers 1GB; max_wal_size 8GB),
migrates a database `seed` with `chatcost migrate up` (all indexes: the reference platform's,
the reports', backfill's partial index), loads --messages messages with
tests/harness/backfill_data.py (every price form the reference accepts: nested and legacy keys,
strings and numbers, zero, partial, price book only, none, no config; no invalid data, which
would abort the one-shot UPDATE), then VACUUM ANALYZE.

Each round copies `seed` (CREATE DATABASE ... TEMPLATE, so every approach starts from the same
pages) and runs, in turn:

  chatcost   chatcost backfill --format json (default settings: adaptive batches, 200 ms target)
  one-shot   the reference migration's UPDATE (000435_add_cost_to_chat_messages.up.sql) with
             ROUND replaced by CEIL, as one statement
  sql-loop   the same pricing SQL in a DO block walking the primary key in batches of 5,000
             (keyset, COMMIT per batch)

"rows" are the costs written; rows/s = rows / wall-clock seconds of the whole command (process
start, connection, every statement, commit). The one-shot UPDATE and the loop price nothing from
the price book (the reference reads model configs only), so they write fewer rows than chatcost;
"candidates/s" divides the same 1,000,000-message job (every message with usage) by the time, for
a comparison of elapsed time alone. "longest tx" is the longest transaction holding row locks:
for chatcost its longest batch (BEGIN to COMMIT, measured by the client), for the loop its
longest batch (clock_timestamp() around UPDATE + COMMIT), for the one-shot UPDATE the whole
statement. Each result is checked against the SQL oracle of tests/harness/backfill_data.py.

Finally, on a fully priced copy, it shows why backfill's partial index exists: EXPLAIN (ANALYZE,
BUFFERS) of backfill's batch read, and the time of a cron run with nothing to do, with the index
and without it (the output goes to bench/explain/backfill_*.txt).
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "harness"))
import backfill_data as data  # noqa: E402
from pg_cluster import PostgresCluster  # noqa: E402

SERVER_SETTINGS = """
fsync = on
synchronous_commit = on
full_page_writes = on
shared_buffers = '1GB'
maintenance_work_mem = '512MB'
max_wal_size = '8GB'
checkpoint_timeout = '30min'
"""

# The reference platform's backfill (coder/coderd/database/migrations/
# 000435_add_cost_to_chat_messages.up.sql), unchanged but for CEIL in place of ROUND, which is
# what its live code does. {range} restricts it to a batch for the loop.
REFERENCE_UPDATE = """
WITH message_costs AS (
    SELECT msg.id,
           CEIL(COALESCE(msg.input_tokens, 0)::numeric * COALESCE(pricing.input_price, 0)
              + COALESCE(msg.output_tokens, 0)::numeric * COALESCE(pricing.output_price, 0)
              + COALESCE(msg.cache_read_tokens, 0)::numeric * COALESCE(pricing.cache_read_price, 0)
              + COALESCE(msg.cache_creation_tokens, 0)::numeric * COALESCE(pricing.cache_write_price, 0)
           )::bigint AS total_cost_micros
    FROM chat_messages AS msg
    JOIN chat_model_configs AS cfg ON cfg.id = msg.model_config_id
    CROSS JOIN LATERAL (
        SELECT COALESCE((cfg.options -> 'cost' ->> 'input_price_per_million_tokens')::numeric,
                        (cfg.options ->> 'input_price_per_million_tokens')::numeric) AS input_price,
               COALESCE((cfg.options -> 'cost' ->> 'output_price_per_million_tokens')::numeric,
                        (cfg.options ->> 'output_price_per_million_tokens')::numeric) AS output_price,
               COALESCE((cfg.options -> 'cost' ->> 'cache_read_price_per_million_tokens')::numeric,
                        (cfg.options ->> 'cache_read_price_per_million_tokens')::numeric) AS cache_read_price,
               COALESCE((cfg.options -> 'cost' ->> 'cache_write_price_per_million_tokens')::numeric,
                        (cfg.options ->> 'cache_write_price_per_million_tokens')::numeric) AS cache_write_price
    ) AS pricing
    WHERE msg.total_cost_micros IS NULL {range}
      AND (msg.input_tokens IS NOT NULL OR msg.output_tokens IS NOT NULL OR msg.reasoning_tokens IS NOT NULL
           OR msg.cache_creation_tokens IS NOT NULL OR msg.cache_read_tokens IS NOT NULL)
      AND (pricing.input_price IS NOT NULL OR pricing.output_price IS NOT NULL
           OR pricing.cache_read_price IS NOT NULL OR pricing.cache_write_price IS NOT NULL)
      AND ((msg.input_tokens IS NOT NULL AND pricing.input_price IS NOT NULL)
           OR (msg.output_tokens IS NOT NULL AND pricing.output_price IS NOT NULL)
           OR (msg.cache_read_tokens IS NOT NULL AND pricing.cache_read_price IS NOT NULL)
           OR (msg.cache_creation_tokens IS NOT NULL AND pricing.cache_write_price IS NOT NULL))
)
UPDATE chat_messages AS msg
SET total_cost_micros = message_costs.total_cost_micros
FROM message_costs
WHERE msg.id = message_costs.id"""

# The obvious plain-SQL batching of the same statement: walk the primary key 5,000 candidates at
# a time, one transaction per batch, and report the longest batch.
SQL_LOOP = """
DO $loop$
DECLARE
    cursor_id bigint := 0;
    batch_end bigint;
    started timestamptz;
    longest interval := '0';
    batches bigint := 0;
BEGIN
    LOOP
        started := clock_timestamp();
        SELECT max(id) INTO batch_end FROM (
            SELECT id FROM chat_messages
            WHERE id > cursor_id AND total_cost_micros IS NULL
              AND (input_tokens IS NOT NULL OR output_tokens IS NOT NULL OR reasoning_tokens IS NOT NULL
                   OR cache_read_tokens IS NOT NULL OR cache_creation_tokens IS NOT NULL)
            ORDER BY id LIMIT 5000) AS batch;
        EXIT WHEN batch_end IS NULL;
        EXECUTE $sql${update}$sql$ USING cursor_id, batch_end;
        COMMIT;
        longest := greatest(longest, clock_timestamp() - started);
        batches := batches + 1;
        cursor_id := batch_end;
    END LOOP;
    RAISE NOTICE 'batches=% longest_ms=%', batches, round(extract(epoch FROM longest) * 1000);
END
$loop$"""

# A price history for every book row (issue 16): two changes after its first period, the second
# back to the first prices, so that the catalog holds three periods per book price and every
# cost refers to one, while the price in force for the generated messages (which predate every
# period: the earliest is used) stays the one the oracle reads from ai_model_prices.
HISTORY_SQL = """
BEGIN;
SELECT set_config('chatcost.effective_from', (now() + interval '1 hour')::text, true);
UPDATE ai_model_prices SET input_price = input_price + 1;
COMMIT;
BEGIN;
SELECT set_config('chatcost.effective_from', (now() + interval '2 hours')::text, true);
UPDATE ai_model_prices SET input_price = input_price - 1;
COMMIT;
"""

READ_PENDING = open(os.path.join(ROOT, "sql", "queries", "backfill_read_pending.sql"), encoding="utf-8").read()


class Bench:
    def __init__(self, args):
        self.args = args
        self.cluster = PostgresCluster().start()
        with open(os.path.join(self.cluster.data, "postgresql.conf"), "a", encoding="utf-8") as conf:
            conf.write(SERVER_SETTINGS)
        self.cluster.restart()

    def psql(self, sql, dbname, timed=False):
        started = time.monotonic()
        result = subprocess.run([self.cluster.program("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                                 "-h", self.cluster.socket_dir, "-U", "postgres", "-d", dbname, "-c", sql],
                                capture_output=True, text=True, check=False)
        took = time.monotonic() - started
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr}")
        return (result, took) if timed else result.stdout.strip()

    def chatcost(self, dbname, *args):
        started = time.monotonic()
        result = subprocess.run([self.args.chatcost, "-d", self.cluster.url(dbname), *args],
                                capture_output=True, text=True, check=False)
        took = time.monotonic() - started
        if result.returncode != 0:
            raise RuntimeError(f"chatcost {' '.join(args)} failed ({result.returncode}): {result.stderr}")
        return result, took

    def copy(self, name):
        self.psql(f"DROP DATABASE IF EXISTS {name}", "postgres")
        self.psql(f"CREATE DATABASE {name} TEMPLATE seed STRATEGY FILE_COPY", "postgres")
        self.psql("CHECKPOINT", "postgres")

    def seed(self):
        started = time.monotonic()
        self.psql("CREATE DATABASE seed", "postgres")
        self.chatcost("seed", "-q", "migrate", "up")
        self.psql(data.setup_sql(self.args.messages) + data.ORACLE_SQL, "seed")
        self.psql(HISTORY_SQL, "seed")
        self.psql("VACUUM ANALYZE", "seed")
        counts = self.psql("""SELECT count(*), count(*) FILTER (WHERE num_nonnulls(input_tokens, output_tokens,
            reasoning_tokens, cache_read_tokens, cache_creation_tokens) > 0) FROM chat_messages""", "seed")
        self.messages, self.candidates = (int(x) for x in counts.split("|"))
        self.expected = int(self.psql("SELECT count(expected) FROM backfill_oracle", "seed"))
        periods = self.psql("SELECT count(*) FROM chatcost_price_periods", "seed")
        print(f"seed: {self.messages:,} messages, {self.candidates:,} with usage, {self.expected:,} priceable, "
              f"{periods} price periods; "
              f"{time.monotonic() - started:.0f} s", flush=True)

    # -- the three approaches -------------------------------------------------------------------------
    def run_chatcost(self, db):
        result, took = self.chatcost(db, "--format", "json", "backfill")
        summary = json.loads(result.stdout)
        return took, summary["rows_written"], summary["longest_batch_ms"], summary["batches"]

    def run_one_shot(self, db):
        result, took = self.psql(REFERENCE_UPDATE.format(range=""), db, timed=True)
        rows = int(self.psql("SELECT count(total_cost_micros) FROM chat_messages", db))
        return took, rows, took * 1000, 1

    def run_sql_loop(self, db):
        update = REFERENCE_UPDATE.format(range="AND msg.id > $1 AND msg.id <= $2")
        result, took = self.psql(SQL_LOOP.format(update=update), db, timed=True)
        match = re.search(r"batches=(\d+) longest_ms=(\d+)", result.stderr)
        rows = int(self.psql("SELECT count(total_cost_micros) FROM chat_messages", db))
        return took, rows, int(match.group(2)), int(match.group(1))

    def check(self, db, name):
        # chatcost must equal the oracle everywhere; the reference only where it prices at all.
        where = "true" if name == "chatcost" else "m.total_cost_micros IS NOT NULL"
        wrong = self.psql(data.MISMATCH_SQL + f" AND {where}", db)
        if wrong != "0":
            raise RuntimeError(f"{name}: {wrong} messages differ from the oracle")
        # chatcost writes the price behind every cost with it, and only then.
        if name == "chatcost":
            unreferenced = self.psql(data.REF_MISMATCH_SQL, db)
            if unreferenced != "0":
                raise RuntimeError(f"chatcost: {unreferenced} costs without their price ref (or the reverse)")

    def compare(self):
        approaches = [("chatcost", self.run_chatcost), ("one-shot", self.run_one_shot),
                      ("sql-loop", self.run_sql_loop)]
        results = {name: [] for name, _ in approaches}
        for round_number in range(1, self.args.rounds + 1):
            for name, run in approaches:
                self.copy("run")
                took, rows, longest_ms, batches = run("run")
                self.check("run", name)
                results[name].append((took, rows, longest_ms, batches))
                print(f"round {round_number} {name:9} {took:7.2f} s  {rows:>9,} rows  {rows / took:>9,.0f} rows/s  "
                      f"longest tx {longest_ms:>7,.0f} ms  {batches:>5} batches", flush=True)
        print()
        print("| approach | seconds (median) | rows written | rows/s | candidates/s | longest tx (ms, worst) | batches |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        medians = {}
        for name, runs in results.items():
            took = statistics.median(r[0] for r in runs)
            rows = runs[0][1]
            medians[name] = (took, rows)
            longest = max(r[2] for r in runs)
            print(f"| {name} | {took:.2f} | {rows:,} | {rows / took:,.0f} | {self.candidates / took:,.0f} | "
                  f"{longest:,.0f} | {runs[0][3]} |")
        (c_took, c_rows), (o_took, o_rows) = medians["chatcost"], medians["one-shot"]
        print(f"\nchatcost / one-shot: rows/s {(c_rows / c_took) / (o_rows / o_took):.2f}, "
              f"elapsed {o_took / c_took:.2f} (one-shot seconds / chatcost seconds)")

    # -- the partial index ---------------------------------------------------------------------------
    def explain(self):
        os.makedirs(os.path.join(HERE, "explain"), exist_ok=True)
        self.copy("priced")
        self.chatcost("priced", "-q", "backfill")
        self.psql("VACUUM ANALYZE chat_messages", "priced")
        # The batch read as the runner sends it: after cursor 0, up to the last id, 1,000 rows, no range.
        last_id = self.psql("SELECT max(id) FROM chat_messages", "priced")
        read = re.sub(r"--.*", "", READ_PENDING)
        for n, value in (("5", "NULL"), ("4", "NULL"), ("3", "1000"), ("2", last_id), ("1", "0")):
            read = read.replace(f"${n}::timestamptz", f"{value}::timestamptz").replace(f"${n}", value)
        for label, setup in (("with_index", None),
                             ("without_index", "DROP INDEX idx_chat_messages_cost_pending")):
            if setup:
                self.psql(setup, "priced")
            plan = self.psql(f"EXPLAIN (ANALYZE, BUFFERS) {read}", "priced")
            timings = []
            for _ in range(3):
                _, took = self.chatcost("priced", "-q", "backfill")
                timings.append(took)
            path = os.path.join(HERE, "explain", f"backfill_read_{label}.txt")
            with open(path, "w", encoding="utf-8") as out:
                out.write(f"-- backfill_read_pending.sql on {self.messages:,} messages, all priced that can be\n")
                out.write(plan + "\n")
            execution = re.search(r"Execution Time: ([\d.]+) ms", plan).group(1)
            print(f"{label}: batch read {execution} ms (EXPLAIN in {os.path.relpath(path, ROOT)}); "
                  f"cron run with nothing to do: {statistics.median(timings):.2f} s (median of 3)", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chatcost", default=os.path.join(ROOT, "build", "src", "chatcost"))
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--explain-only", action="store_true")
    args = parser.parse_args()
    args.chatcost = os.path.abspath(args.chatcost)
    bench = Bench(args)
    try:
        bench.seed()
        if not args.explain_only:
            bench.compare()
        bench.explain()
    finally:
        bench.cluster.stop()


if __name__ == "__main__":
    main()
