#!/usr/bin/env python3
"""Stress: SIGKILL a `chatcost backfill` at random moments, many times, then resume it to the end.

A throwaway PostgreSQL server, a database of --rows generated messages (tests/harness/
backfill_data.py: every price form, the SQL oracle, a trigger logging every cost write), then
--cycles cycles: start `chatcost backfill` with varied settings, sleep 50-400 ms, SIGKILL it.
Half the cycles are throttled (--max-rate, mostly killed between batches), half are not (tiny
fixed batches back to back, mostly killed inside a read or a batch transaction). After every
kill the database must be as a committed batch left it; a final run must complete the same run
and leave every message equal to the oracle, each priced exactly once.

Usage: backfill_kill_resume.py [--cycles N] [--rows N] [--chatcost PATH] [--seed S] [--keep]
On demand: 100 cycles (the default); CI (.ci/run): --cycles 10. See tests/stress/README.md.
Exit 0: every check held; 1: a check failed (the cycle and the check are named); 2: bad arguments.
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "harness"))
import backfill_data as data  # noqa: E402
from clitest import CONNECTION_VARIABLES  # noqa: E402
from pg_cluster import PostgresCluster  # noqa: E402

DEFAULT_SEED = 20261122
DBNAME = "stress"
# The kill comes at most 400 ms after the start; a run lives a little longer than its sleep.
SLEEP_RANGE = (0.05, 0.40)
LONGEST_LIFE = 0.5
THROTTLED_BATCH_SIZES = (20, 50, 100, 200, 500)
UNTHROTTLED_BATCH_SIZES = (1, 2, 5, 10, 20)
# What an unthrottled cycle is assumed to scan before one has been seen (rows).
UNTHROTTLED_GUESS = 1000
# The server's log line for a client that vanished inside BEGIN ... COMMIT: mostly a batch's
# write transaction (batch reads run outside any transaction block; the run's opening and the
# schema check are the only other, short, transactions).
OPEN_TRANSACTION_LOST = "unexpected EOF on client connection with an open transaction"

# What chatcost backfill reads: cost NULL and some token column set (backfill_read_pending.sql).
PENDING = """total_cost_micros IS NULL AND (input_tokens IS NOT NULL OR output_tokens IS NOT NULL
    OR reasoning_tokens IS NOT NULL OR cache_read_tokens IS NOT NULL OR cache_creation_tokens IS NOT NULL)"""

# One row after each kill: the runs, the last run, and what the cost log says so far.
STATE_SQL = """
SELECT json_build_object(
    'runs', (SELECT count(*) FROM chatcost_backfill_runs),
    'run', (SELECT row_to_json(r) FROM (SELECT id, state, cursor_id, last_id, rows_scanned, rows_written
                                        FROM chatcost_backfill_runs ORDER BY id DESC LIMIT 1) AS r),
    'priced_past_cursor', (SELECT count(*) FROM chat_messages
                           WHERE id > coalesce((SELECT cursor_id FROM chatcost_backfill_runs
                                                ORDER BY id DESC LIMIT 1), 0)
                             AND total_cost_micros IS NOT NULL),
    'writes', (SELECT count(*) FROM cost_writes),
    'distinct_ids', (SELECT count(DISTINCT id) FROM cost_writes),
    'overwritten', (SELECT count(old_cost) FROM cost_writes))
"""


class check_failed(Exception):
    pass


def check(condition, where, what):
    if not condition:
        raise check_failed(f"{where}: {what}")


# -- setup ------------------------------------------------------------------------------------------
def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cycles", type=int, default=100, help="kill-and-resume cycles (default 100)")
    parser.add_argument("--rows", type=int, default=200_000, help="generated messages (default 200000)")
    parser.add_argument("--chatcost", default=os.path.join(ROOT, "build", "src", "chatcost"),
                        help="the binary (default: build/src/chatcost in this checkout)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--keep", action="store_true", help="keep the server's directory for inspection")
    args = parser.parse_args()
    if args.cycles < 1 or args.rows < 1000:
        parser.error("--cycles must be at least 1 and --rows at least 1000")
    args.chatcost = os.path.abspath(args.chatcost)
    if not (os.path.isfile(args.chatcost) and os.access(args.chatcost, os.X_OK)):
        parser.error(f"no chatcost binary at {args.chatcost}: "
                     "build it (./scripts/build) or pass --chatcost PATH")
    return args


class stress_db:
    """The server, the database and the chatcost binary, with the helpers every cycle uses."""

    def __init__(self, cluster, chatcost, scratch):
        self.cluster = cluster
        self.chatcost = chatcost
        self.url = cluster.create_database(DBNAME)
        self.env = {k: v for k, v in os.environ.items() if k not in CONNECTION_VARIABLES}
        self.env["XDG_DATA_HOME"] = os.path.join(scratch, "xdg")  # never the user's embedded db
        self.log_path = os.path.join(cluster.root, "server.log")
        self.log_offset = 0

    def sql(self, statement):
        return self.cluster.psql(statement, DBNAME)

    def json(self, statement):
        return json.loads(self.sql(statement))

    def run(self, *args, timeout=900):
        return subprocess.run([self.chatcost, "-d", self.url, *args], env=self.env, capture_output=True,
                              text=True, timeout=timeout, check=False)

    def start_backfill(self, args):
        return subprocess.Popen([self.chatcost, "-d", self.url, "backfill", *args], env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def wait_for_sessions_to_end(self, where):
        # A killed client's backends exit when they notice; until then the backfill lock is held
        # and the next run would exit 8 at once.
        deadline = time.monotonic() + 15
        while self.sql(f"""SELECT count(*) FROM pg_stat_activity WHERE datname = '{DBNAME}'
                           AND pid <> pg_backend_pid()""") != "0":
            check(time.monotonic() < deadline, where,
                  "the killed run's server sessions did not end within 15 s")
            time.sleep(0.01)

    def new_log_lines(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as log:
            log.seek(self.log_offset)
            text = log.read()
            self.log_offset = log.tell()
        return text


def load(db, rows):
    migrated = db.run("-q", "migrate", "up")
    if migrated.returncode != 0:
        raise check_failed(f"setup: chatcost migrate up exited {migrated.returncode}: "
                           f"{migrated.stderr.strip()}")
    # ANALYZE: a table just loaded has no statistics until autovacuum comes by; without them the
    # read of a batch scans the whole pending index (about 100 ms a batch at 200,000 rows), and
    # the pace of every cycle would depend on when autovacuum ran.
    db.sql(data.setup_sql(rows) + data.ORACLE_SQL + data.COST_LOG_SQL + "\nANALYZE;")
    return int(db.sql(f"SELECT count(*) FROM chat_messages WHERE {PENDING}"))


# -- the cycles -----------------------------------------------------------------------------------
class planner:
    """Each cycle's settings, such that the run cannot finish before the cycles run out. Even
    cycles are throttled, at a rate computed so that all of them together scan at most an
    eighth of the rows (a run scans at most its rate times its life, plus one batch, which the
    rate caps at a fifth of a second's worth). Odd cycles are unthrottled, which nothing bounds:
    one runs only while what is left to scan exceeds what the remaining cycles could scan
    (throttled: their bound; unthrottled: twice the mean seen so far); otherwise it is throttled
    too, and counted as guarded."""

    def __init__(self, rng, cycles, pending):
        self.rng = rng
        self.cycles = cycles
        throttled = (cycles + 1) // 2
        self.max_rate = max(50, min(20_000, int(pending / (8 * throttled * (LONGEST_LIFE + 0.2)))))
        self.unthrottled_seen = []
        self.guarded = 0

    def unthrottled_mean(self):
        seen = self.unthrottled_seen
        return sum(seen) / len(seen) if seen else UNTHROTTLED_GUESS

    def could_still_scan(self, cycle):
        unthrottled = sum(1 for c in range(cycle, self.cycles) if c % 2 == 1)
        throttled = self.cycles - cycle - unthrottled
        return unthrottled * 2 * self.unthrottled_mean() + throttled * self.max_rate * (LONGEST_LIFE + 0.2)

    def settings(self, cycle, left_to_scan):
        if cycle % 2 == 1:
            if left_to_scan > self.could_still_scan(cycle):
                return "unthrottled", ["--batch-size", str(self.rng.choice(UNTHROTTLED_BATCH_SIZES))]
            self.guarded += 1
        rate = int(self.max_rate * self.rng.uniform(0.5, 1.0))
        batch = self.rng.choice(THROTTLED_BATCH_SIZES)
        return "throttled", ["--batch-size", str(batch), "--max-rate", str(rate)]

    def observe(self, kind, scanned):
        if kind == "unthrottled":
            self.unthrottled_seen.append(scanned)


def check_after_kill(db, where, state, previous):
    """The database is as the last committed batch left it; returns what the next cycle compares with."""
    run = state["run"]
    if run is None:  # killed before its run was opened: nothing may have been written
        check(previous is None, where, "the backfill run row disappeared")
        check(state["writes"] == 0, where, "costs were written without a run row")
        return None
    check(state["runs"] == 1, where, f"{state['runs']} run rows: a killed run was not resumed")
    check(previous is None or run["id"] == previous["id"], where, "the run was not resumed (a new run id)")
    check(run["state"] == "running", where, f"the killed run's state is {run['state']!r}, not 'running'")
    check(run["cursor_id"] < run["last_id"], where,
          f"cursor_id {run['cursor_id']} is not below last_id {run['last_id']}: the run had finished")
    check(previous is None or run["cursor_id"] >= previous["cursor_id"], where,
          f"the cursor went back from {previous and previous['cursor_id']} to {run['cursor_id']}")
    check(state["priced_past_cursor"] == 0, where,
          f"messages past cursor_id {run['cursor_id']} that have a cost: {state['priced_past_cursor']} "
          "(a batch committed without its cursor)")
    check(state["writes"] == state["distinct_ids"], where,
          f"a message was priced twice: {state['writes']} cost writes for {state['distinct_ids']} messages")
    check(state["overwritten"] == 0, where, f"{state['overwritten']} costs were overwritten")
    check(run["rows_written"] == state["writes"], where,
          f"the run counts {run['rows_written']} rows written, the cost log {state['writes']}: "
          "a batch's counts were not committed with its rows")
    return run


def one_cycle(db, plan, rng, cycle, total, left_to_scan, previous):
    where = f"cycle {cycle + 1} of {total}"
    kind, args = plan.settings(cycle, left_to_scan)
    where += f" ({' '.join(args)})"
    process = db.start_backfill(args)
    time.sleep(rng.uniform(*SLEEP_RANGE))
    code = process.poll()
    if code is not None:
        _, stderr = process.communicate()
        raise check_failed(f"{where}: the run ended before it was killed (exit {code}): {stderr.strip()}")
    process.send_signal(signal.SIGKILL)
    process.communicate()
    check(process.returncode == -signal.SIGKILL, where, f"exit status {process.returncode}, not SIGKILL")
    db.wait_for_sessions_to_end(where)
    in_transaction = OPEN_TRANSACTION_LOST in db.new_log_lines()
    run = check_after_kill(db, where, db.json(STATE_SQL), previous)
    scanned = (run["rows_scanned"] if run else 0) - (previous["rows_scanned"] if previous else 0)
    plan.observe(kind, scanned)
    return run, kind, in_transaction


def cycles(db, args, rng, pending, started):
    plan = planner(rng, args.cycles, pending)
    print(f"throttled cycles: --max-rate up to {plan.max_rate} rows/s; unthrottled: --batch-size "
          f"{'/'.join(map(str, UNTHROTTLED_BATCH_SIZES))}", flush=True)
    figures = {"kills": 0, "in_transaction": 0, "unthrottled": 0, "throttled": 0}
    run = None
    for cycle in range(args.cycles):
        left = pending - (run["rows_scanned"] if run else 0)
        run, kind, in_transaction = one_cycle(db, plan, rng, cycle, args.cycles, left, run)
        figures["kills"] += 1
        figures[kind] += 1
        figures["in_transaction"] += in_transaction
        if (cycle + 1) % 10 == 0 or cycle + 1 == args.cycles:
            cursor = f"cursor {run['cursor_id']:,} of {run['last_id']:,}" if run else "no run row yet"
            written = run["rows_written"] if run else 0
            print(f"cycle {cycle + 1:>4}/{args.cycles}: {cursor}, {written:,} priced, "
                  f"{figures['in_transaction']} kills inside a transaction, "
                  f"{time.monotonic() - started:.1f} s", flush=True)
    figures["guarded"] = plan.guarded
    figures["run"] = run
    return figures


# -- the end --------------------------------------------------------------------------------------------
def final_run(db, run):
    where = "final run"
    check(run is not None, where, "no cycle got as far as opening a run: nothing to resume (more --rows?)")
    priced_before = int(db.sql("SELECT count(*) FROM cost_writes"))
    started = time.monotonic()
    result = db.run("backfill", "--format", "json")
    seconds = time.monotonic() - started
    check(result.returncode == 0, where, f"exit {result.returncode}: {result.stderr.strip()}")
    summary = json.loads(result.stdout)
    check(summary["resumed"] is True, where, "the final run did not resume the killed run")
    check(summary["run_id"] == run["id"], where,
          f"run id {summary['run_id']}, not the killed run's {run['id']}")
    check(summary["state"] == "completed", where, f"state {summary['state']!r}, not 'completed'")
    return summary, priced_before, seconds


def check_final(db, summary):
    where = "after the final run"
    mismatches = int(db.sql(data.MISMATCH_SQL))
    check(mismatches == 0, where,
          f"messages whose cost differs from the exact rule (the SQL oracle): {mismatches}")
    runs = int(db.sql("SELECT count(*) FROM chatcost_backfill_runs"))
    check(runs == 1, where, f"{runs} run rows, not exactly one")
    writes, ids, overwritten, expected = map(int, db.sql(
        """SELECT (SELECT count(*) FROM cost_writes), (SELECT count(DISTINCT id) FROM cost_writes),
                  (SELECT count(old_cost) FROM cost_writes),
                  (SELECT count(expected) FROM backfill_oracle)""").split("|"))
    check(writes == ids, where, f"a message was priced twice: {writes} cost writes for {ids} messages")
    check(writes == expected, where, f"{writes} cost writes, but the oracle prices {expected} messages")
    check(overwritten == 0, where, f"{overwritten} costs were overwritten")
    run = db.json("SELECT row_to_json(r) FROM chatcost_backfill_runs AS r")
    check(run["state"] == "completed", where, f"the run row's state is {run['state']!r}")
    check(run["rows_written"] == writes, where,
          f"the run counts {run['rows_written']} rows written, the cost log {writes}")
    check(summary["rows_written"] == writes, where,
          f"the report says {summary['rows_written']} rows written, the cost log {writes}")
    # Each priced row's current version was written by one of the logged transactions.
    unlogged = int(db.sql("""SELECT count(*) FROM chat_messages AS m WHERE m.total_cost_micros IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM cost_writes AS w WHERE w.id = m.id
                        AND w.txid % 4294967296 = m.xmin::text::bigint)"""))
    check(unlogged == 0, where, f"{unlogged} priced messages were not written by a logged backfill batch")
    # Every cost carries the ref of the price behind it, written with it (issue 16), and only a cost.
    unreferenced = int(db.sql(data.REF_MISMATCH_SQL))
    check(unreferenced == 0, where, f"{unreferenced} messages whose cost and price ref disagree")
    return writes


# -- main ------------------------------------------------------------------------------------------------
def keep_server(cluster):
    """Stops the server but leaves its directory; says how to look at it."""
    pg_ctl = cluster.program("pg_ctl")
    subprocess.run(cluster._as_server_cmd([pg_ctl, "stop", "-D", cluster.data, "-m", "fast", "-w", "-s"]),
                   check=False, capture_output=True)
    start = f"{pg_ctl} start -D {cluster.data} -l {cluster.root}/server.log"
    if cluster.account:
        start = f"su {cluster.account.pw_name} -s /bin/sh -c '{start}'"
    print(f"kept: {cluster.root}\n  start it: {start}\n  then: psql '{cluster.url(DBNAME)}'")
    cluster.root = None  # so that stop() leaves it


def print_figures(args, figures, summary, priced_before, final_seconds, writes, total):
    lines = [
        ("cycles", f"{args.cycles} ({figures['unthrottled']} unthrottled, {figures['throttled']} throttled, "
                   f"{figures['guarded']} of which by the guard)"),
        ("rows", f"{args.rows:,} messages, {writes:,} priced (equal to the oracle, each once)"),
        ("kills", f"{figures['kills']} ({figures['in_transaction']} inside an open transaction)"),
        ("priced before the final run", f"{priced_before:,}"),
        ("final run", f"{summary['rows_per_second']:,} rows/s ({summary['elapsed_seconds']} s; "
                      f"{final_seconds:.1f} s with start-up)"),
        ("total", f"{total:.1f} s"),
        ("seed", str(args.seed)),
    ]
    print("\npassed: every check held")
    for label, value in lines:
        print(f"  {label + ':':<29}{value}")


def stress(args, cluster, scratch, started):
    db = stress_db(cluster, args.chatcost, scratch)
    pending = load(db, args.rows)
    print(f"loaded {args.rows:,} messages ({pending:,} to scan) in {time.monotonic() - started:.1f} s",
          flush=True)
    rng = random.Random(args.seed)
    figures = cycles(db, args, rng, pending, started)
    summary, priced_before, final_seconds = final_run(db, figures["run"])
    writes = check_final(db, summary)
    print_figures(args, figures, summary, priced_before, final_seconds, writes, time.monotonic() - started)


def main():
    args = parse_args()
    print(f"backfill kill-and-resume stress: {args.cycles} cycles, {args.rows:,} rows, seed {args.seed} "
          f"(replay: --seed {args.seed}), {args.chatcost}", flush=True)
    scratch = tempfile.mkdtemp(prefix="chatcost-stress-")
    cluster = PostgresCluster()
    started = time.monotonic()
    try:
        cluster.start()
        stress(args, cluster, scratch, started)
        return 0
    except check_failed as failure:
        print(f"\nFAILED: {failure}\nseed {args.seed}: replay with --seed {args.seed} --cycles {args.cycles} "
              f"--rows {args.rows}", file=sys.stderr)
        return 1
    finally:
        if args.keep and cluster.root:
            keep_server(cluster)
        cluster.stop()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
