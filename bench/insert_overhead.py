#!/usr/bin/env python3
"""What chatcost's ledger costs the application's inserts: pgbench on two databases of one server,
without and with the ledger's triggers (issue 17, item 1).

Usage: bench/insert_overhead.py [--chatcost BUILD/src/chatcost] [--messages N] [--rounds N]
                                [--seconds N] [--clients N] [--threads N] [--reference]
                                [--migrations-dir DIR] [--variant NAME=FILE ...]

Starts a throwaway PostgreSQL (tests/harness/pg_cluster.py) configured like a production server
(fsync, full_page_writes and synchronous_commit on; shared_buffers 512MB; no checkpoint during
the runs) and builds a database `seed` with `chatcost migrate up --to 12` (the platform's tables
and chatcost's indexes, prices and price history, but no ledger) holding the data of
bench/reports_bench.py: --users users with 50 chats each, six model configs and --messages
messages over 90 days. From it, by CREATE DATABASE ... TEMPLATE (the same pages):

  platform   the seed as it is: chat_messages without the ledger's triggers
  chatcost   `chatcost migrate up` (the ledger, migration 0013, and every later migration), then
             `chatcost ledger refresh`, so that the ledger is built as cron keeps it
  reference  with --reference: `chatcost migrate down --to 5`, the reference platform's schema
             alone (its tables and plain indexes; none of chatcost's indexes, tables or triggers)
  NAME       with --variant NAME=FILE: chatcost's, then the SQL in FILE (psql), for example a
             change to the ledger's trigger function measured before it goes into a migration

Then VACUUM ANALYZE and CHECKPOINT. Each series runs pgbench (-M prepared, --clients clients,
--threads threads, --seconds seconds) on every database in turn, --rounds rounds, the order
reversed every other round so that a drift of the machine's load falls on both alike. Series:

  assistant, commit on    one assistant message per transaction, as the application writes it
                          when a reply ends: a random chat and model, created_at now(), tokens
                          and a cost (bench/insert_overhead.py ASSISTANT_SCRIPT)
  pair, commit on         a user message and the assistant's reply, two INSERTs in one
                          transaction (the user message's statement fires the trigger too)
  assistant, commit off   the first again with synchronous_commit = off (PGOPTIONS): no WAL
                          flush per commit, which exposes the CPU the trigger costs

"tps" is pgbench's figure (excluding connection time); the table gives each database's median
and the ratio of the medians, chatcost / platform (1.00: no cost; the issue allows down to 0.95).

During every run a sampler connected to the same database reads pg_stat_activity every 100 ms
(one transaction per sample) and counts the active client backends by wait event; for a Lock
wait it looks up the relation of the lock not granted, or of the tuple lock the backend holds
while it waits for a transaction (a row lock), and counts the waits on a chatcost_* relation:
the issue requires that no two application inserts wait on the same row of chatcost's. It also
checks that chatcost_ledger_changes has no index at all (so no unique check, no key to wait on)
and that the ledger's triggers are statement triggers; after the runs it counts the rows of
chatcost_ledger_changes against the assistant messages inserted.

Finally, on every database, the trigger's own time: EXPLAIN ANALYZE of 200 single-row assistant
inserts and 200 user-message inserts in one rolled-back transaction; "Trigger
chatcost_ledger_insert: time" is the time of the statement trigger (plpgsql, the deltas, the
append), beside the whole statement's Execution Time.

The load average is printed before and after: the figures are only as quiet as the machine.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "harness"))
sys.path.insert(0, HERE)
from pg_cluster import PostgresCluster  # noqa: E402
from reports_bench import CHATS_PER_USER, generate_sql  # noqa: E402

SERVER_SETTINGS = """
fsync = on
synchronous_commit = on
full_page_writes = on
shared_buffers = '512MB'
maintenance_work_mem = '512MB'
max_wal_size = '8GB'
checkpoint_timeout = '30min'
"""

# The ids of bench/reports_bench.py: kind 2 chats, kind 3 model configs (0 to 5).
CHAT_ID = "('20000000-0000-4000-8000-' || lpad(to_hex(:chat::bigint), 12, '0'))::uuid"
MODEL_ID = "('30000000-0000-4000-8000-' || lpad(to_hex(:model::bigint), 12, '0'))::uuid"

# What the application writes when a reply ends: the usage and the cost it priced (micro-dollars
# at $3/M input, $15/M output, $0.30/M cache reads).
ASSISTANT_SET = """\\set chat random(0, {chats} - 1)
\\set model random(0, 5)
\\set input random(100, 20000)
\\set output random(10, 2000)
\\set cache_read random(0, 50000)
"""
ASSISTANT_INSERT = f"""INSERT INTO chat_messages (chat_id, model_config_id, created_at, role, input_tokens, output_tokens, total_tokens, cache_read_tokens, total_cost_micros) VALUES ({CHAT_ID}, {MODEL_ID}, now(), 'assistant', :input::bigint, :output::bigint, :input::bigint + :output::bigint, :cache_read::bigint, :input::bigint * 3 + :output::bigint * 15 + :cache_read::bigint * 3 / 10);
"""
USER_INSERT = f"""INSERT INTO chat_messages (chat_id, created_at, role) VALUES ({CHAT_ID}, now(), 'user');
"""
ASSISTANT_SCRIPT = ASSISTANT_SET + ASSISTANT_INSERT
PAIR_SCRIPT = ASSISTANT_SET + "BEGIN;\n" + USER_INSERT + ASSISTANT_INSERT + "END;\n"

SERIES = [
    ("assistant", "on"),
    ("pair", "on"),
    ("assistant", "off"),
]

# One sample per transaction (pg_stat_activity is read once per transaction): the active client
# backends of this database by wait event, and the Lock waits with the relation they wait on
# (the lock not granted, or the tuple lock held while waiting for the holder's transaction).
SAMPLER = """
DO $sampler$
DECLARE
    deadline timestamptz := clock_timestamp() + interval '{seconds} seconds';
    samples bigint := 0;
    waits jsonb := '{{}}';
    lock_waits jsonb := '{{}}';
    chatcost_lock_waits bigint := 0;
    r record;
BEGIN
    WHILE clock_timestamp() < deadline LOOP
        PERFORM pg_stat_clear_snapshot();
        FOR r IN
            SELECT coalesce(a.wait_event_type || ':' || a.wait_event, 'CPU') AS event, a.wait_event_type,
                   (SELECT string_agg(DISTINCT c.relname, ',')
                    FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                    WHERE l.pid = a.pid AND (NOT l.granted OR l.locktype = 'tuple')) AS relations
            FROM pg_stat_activity a
            WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
              AND a.backend_type = 'client backend' AND a.state = 'active'
        LOOP
            waits := jsonb_set(waits, ARRAY[r.event], to_jsonb(coalesce((waits ->> r.event)::bigint, 0) + 1));
            IF r.wait_event_type = 'Lock' THEN
                lock_waits := jsonb_set(lock_waits, ARRAY[r.event || '@' || coalesce(r.relations, '-')],
                    to_jsonb(coalesce((lock_waits ->> (r.event || '@' || coalesce(r.relations, '-')))::bigint, 0) + 1));
                IF r.relations LIKE '%chatcost%' THEN
                    chatcost_lock_waits := chatcost_lock_waits + 1;
                END IF;
            END IF;
        END LOOP;
        samples := samples + 1;
        COMMIT;
        PERFORM pg_sleep(0.1);
    END LOOP;
    RAISE NOTICE 'samples=% chatcost_lock_waits=% waits=% lock_waits=%', samples, chatcost_lock_waits, waits,
        lock_waits;
END
$sampler$"""

TRIGGER_TIMING_ROUNDS = 200


class Bench:
    def __init__(self, args):
        self.args = args
        self.cluster = None
        self.variants = dict(v.split("=", 1) for v in args.variant)
        self.databases = (["platform", "chatcost"] + list(self.variants)
                          + (["reference"] if args.reference else []))
        self.scripts_dir = tempfile.mkdtemp(prefix="insert-overhead-")

    # -- helpers ---------------------------------------------------------------------------------------
    def psql(self, sql, dbname, check=True):
        result = subprocess.run([self.cluster.program("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                                 "-h", self.cluster.socket_dir, "-U", "postgres", "-d", dbname],
                                input=sql, capture_output=True, text=True, check=False)
        if check and result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr}")
        return result

    def query(self, sql, dbname):
        return self.psql(sql, dbname).stdout.strip()

    def chatcost(self, dbname, *args):
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG") and "DATABASE_URL" not in k}
        extra = []
        if self.args.migrations_dir and args[0] == "migrate":
            extra = ["--migrations-dir", self.args.migrations_dir]
        result = subprocess.run([self.args.chatcost, "-d", self.cluster.url(dbname), "--quiet", *args, *extra],
                                env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"chatcost {' '.join(args)}: exit {result.returncode}\n{result.stderr}")
        return result.stdout

    def step(self, what, action):
        print(f"-- {what} ...", flush=True)
        started = time.perf_counter()
        value = action()
        print(f"   {what}: {time.perf_counter() - started:.1f} s", flush=True)
        return value

    @staticmethod
    def load():
        return open("/proc/loadavg", encoding="ascii").read().split()[:3]

    # -- setup -----------------------------------------------------------------------------------------
    def setup(self):
        self.cluster = PostgresCluster().start()
        with open(os.path.join(self.cluster.data, "postgresql.conf"), "a", encoding="utf-8") as conf:
            conf.write(SERVER_SETTINGS)
        self.cluster.restart()
        self.query("CREATE DATABASE seed", "postgres")
        self.step("chatcost migrate up --to 12 (seed)", lambda: self.chatcost("seed", "migrate", "up", "--to", "12"))
        self.step(f"generate {self.args.messages:,} messages", lambda: self.psql(
            generate_sql(self.args.users, self.args.messages), "seed"))
        self.query("CHECKPOINT", "postgres")
        for name in self.databases:
            self.query(f"CREATE DATABASE \"{name}\" TEMPLATE seed STRATEGY FILE_COPY", "postgres")
        self.query("DROP DATABASE seed", "postgres")
        for name in ["chatcost", *self.variants]:
            self.step(f"chatcost migrate up ({name})", lambda name=name: self.chatcost(name, "migrate", "up"))
            if name in self.variants:
                with open(self.variants[name], encoding="utf-8") as f:
                    self.psql(f.read(), name)
            self.step(f"chatcost ledger refresh ({name})", lambda name=name: self.chatcost(name, "ledger", "refresh"))
        if self.args.reference:
            self.step("chatcost migrate down --to 5 (reference)",
                      lambda: self.chatcost("reference", "migrate", "down", "--to", "5"))
        for name in self.databases:
            self.step(f"VACUUM ANALYZE ({name})", lambda name=name: self.query("VACUUM ANALYZE", name))
        self.query("CHECKPOINT", "postgres")
        for name in self.databases:
            print(f"   {name}: " + self.query(
                "SELECT 'triggers on chat_messages ' || (SELECT count(*) FROM pg_trigger WHERE "
                "tgrelid = 'chat_messages'::regclass AND NOT tgisinternal) || ', indexes on chat_messages ' || "
                "(SELECT count(*) FROM pg_index WHERE indrelid = 'chat_messages'::regclass) || ', messages ' || "
                "(SELECT count(*) FROM chat_messages)", name), flush=True)
        print("   chatcost: " + self.query("""
            SELECT 'ledger rows ' || (SELECT count(*) FROM chatcost_ledger)
                || ', changes waiting ' || (SELECT count(*) FROM chatcost_ledger_changes)
                || ', indexes on chatcost_ledger_changes ' || (SELECT count(*) FROM pg_index
                   WHERE indrelid = 'chatcost_ledger_changes'::regclass)
                || ', row-level ledger triggers ' || (SELECT count(*) FROM pg_trigger
                   WHERE tgrelid = 'chat_messages'::regclass AND tgname LIKE 'chatcost%' AND tgtype & 1 = 1)
                || ', statement-level ' || (SELECT count(*) FROM pg_trigger
                   WHERE tgrelid = 'chat_messages'::regclass AND tgname LIKE 'chatcost%' AND tgtype & 1 = 0)""",
            "chatcost"), flush=True)
        chats = self.args.users * CHATS_PER_USER
        for name, script in (("assistant", ASSISTANT_SCRIPT), ("pair", PAIR_SCRIPT)):
            with open(os.path.join(self.scripts_dir, f"{name}.sql"), "w", encoding="utf-8") as out:
                out.write(script.format(chats=chats))
        self.started_at = self.query("SELECT now()", "chatcost")

    # -- one pgbench run, sampled ------------------------------------------------------------------------
    def sample(self, dbname, seconds, into):
        result = self.psql(SAMPLER.format(seconds=seconds), dbname, check=False)
        match = re.search(r"samples=(\d+) chatcost_lock_waits=(\d+) waits=(\{.*?\}) lock_waits=(\{.*?\})",
                          result.stderr)
        into.append(match.groups() if match else ("0", "0", "{}", "{}"))

    def pgbench(self, dbname, script, commit):
        env = dict(os.environ)
        env["PGOPTIONS"] = f"-c synchronous_commit={commit}"
        sampled = []
        sampler = threading.Thread(target=self.sample, args=(dbname, self.args.seconds, sampled))
        sampler.start()
        result = subprocess.run([self.cluster.program("pgbench"), "-n", "-M", "prepared",
                                 "-c", str(self.args.clients), "-j", str(self.args.threads),
                                 "-T", str(self.args.seconds), "-f", os.path.join(self.scripts_dir, f"{script}.sql"),
                                 "-h", self.cluster.socket_dir, "-U", "postgres", dbname],
                                capture_output=True, text=True, env=env, check=False)
        sampler.join()
        if result.returncode != 0:
            raise RuntimeError(f"pgbench failed on {dbname}: {result.stderr}{result.stdout}")
        tps = float(re.search(r"tps = ([\d.]+) \(without initial connection time\)", result.stdout).group(1))
        failed = re.search(r"number of failed transactions: (\d+)", result.stdout)
        if failed and int(failed.group(1)) != 0:
            raise RuntimeError(f"pgbench on {dbname}: {failed.group(1)} failed transactions")
        return tps, sampled[0]

    def series(self, script, commit):
        tps = {name: [] for name in self.databases}
        samples = {name: [0, 0, {}, {}] for name in self.databases}
        for round_number in range(1, self.args.rounds + 1):
            order = self.databases if round_number % 2 else list(reversed(self.databases))
            line = []
            for name in order:
                value, (count, chatcost_waits, waits, lock_waits) = self.pgbench(name, script, commit)
                tps[name].append(value)
                total = samples[name]
                total[0] += int(count)
                total[1] += int(chatcost_waits)
                for key, number in parse_counts(waits).items():
                    total[2][key] = total[2].get(key, 0) + number
                for key, number in parse_counts(lock_waits).items():
                    total[3][key] = total[3].get(key, 0) + number
                line.append(f"{name} {value:8.1f}")
            print(f"   {script:9} commit {commit:3} round {round_number}: " + "  ".join(line) +
                  f"   (load {' '.join(self.load())})", flush=True)
        return tps, samples

    # -- the trigger's own time ----------------------------------------------------------------------------
    def trigger_time(self, dbname):
        """EXPLAIN ANALYZE of single-row inserts, an assistant message then a user message, in one
        rolled-back transaction: the ledger trigger's time for each kind (median, ms) and the whole
        statement's."""
        chats = self.args.users * CHATS_PER_USER
        statements = ["BEGIN;"]
        for i in range(TRIGGER_TIMING_ROUNDS):
            chat, model = (i * 7919) % chats, i % 6
            for template in (ASSISTANT_INSERT, USER_INSERT):
                insert = (template.replace(":chat", str(chat)).replace(":model", str(model))
                          .replace(":input", str(100 + i)).replace(":output", str(10 + i))
                          .replace(":cache_read", str(i)))
                statements.append("EXPLAIN (ANALYZE, SUMMARY ON) " + insert)
        statements.append("ROLLBACK;")
        plans = self.query("\n".join(statements), dbname).split("Insert on chat_messages")[1:]

        def median_of(pattern, selected):
            found = [re.search(pattern, plan) for plan in selected]
            return statistics.median(float(m.group(1)) for m in found) if all(found) else None
        trigger = r"Trigger chatcost_ledger_insert: time=([\d.]+)"
        execution = r"Execution Time: ([\d.]+) ms"
        return (median_of(trigger, plans[0::2]), median_of(trigger, plans[1::2]),
                median_of(execution, plans[0::2]), median_of(execution, plans[1::2]))

    # -- the run -------------------------------------------------------------------------------------------
    def run(self):
        before = self.load()
        print(f"   load average: {' '.join(before)}", flush=True)
        try:
            self.setup()
            results = []
            for script, commit in SERIES:
                tps, samples = self.step(f"{script}, synchronous_commit = {commit}",
                                         lambda script=script, commit=commit: self.series(script, commit))
                results.append((script, commit, tps, samples))
            after = self.load()
            print(f"   load average: {' '.join(after)}", flush=True)
            ledgers = {}
            for name in ["chatcost", *self.variants]:
                ledgers[name] = self.query(f"""
                    SELECT (SELECT count(*) FROM chatcost_ledger_changes) || '|'
                        || (SELECT count(*) FROM chat_messages WHERE role = 'assistant'
                            AND created_at >= '{self.started_at}') || '|'
                        || pg_size_pretty(pg_total_relation_size('chatcost_ledger_changes'))""", name).split("|")
            timings = {name: self.trigger_time(name) for name in self.databases}
            self.report(results, before, after, ledgers, timings)
        finally:
            shutil.rmtree(self.scripts_dir, ignore_errors=True)
            if self.cluster and not self.args.keep:
                self.cluster.stop()
            elif self.cluster:
                print(f"kept: {self.cluster.url('chatcost')}")

    def report(self, results, before, after, ledgers, timings):
        others = [name for name in self.databases if name != "platform"]
        head = "| series | platform tps | " + " | ".join(f"{name} tps | {name} / platform" for name in others) + " |"
        print("\n" + head)
        print("|" + " --- |" * (1 + 1 + 2 * len(others)))
        for script, commit, tps, _ in results:
            platform = statistics.median(tps["platform"])
            cells = [f"{script}, synchronous_commit {commit}", fmt_runs(tps["platform"])]
            for name in others:
                cells += [fmt_runs(tps[name]), f"**{statistics.median(tps[name]) / platform:.3f}**"]
            print("| " + " | ".join(cells) + " |")
        print(f"\ntps: median (min - max) of {self.args.rounds} rounds x {self.args.seconds} s per database and "
              f"series, -c {self.args.clients} -j {self.args.threads}, -M prepared; load average before "
              f"{' '.join(before)}, after {' '.join(after)}")
        for name, (changes, inserted, size) in ledgers.items():
            print(f"\n{name}: chatcost_ledger_changes after the runs: {int(changes):,} rows ({size}) for "
                  f"{int(inserted):,} assistant messages inserted")
        print("\n| series | database | samples | active backends by wait event | Lock waits | on chatcost_* |")
        print("| --- | --- | --- | --- | --- | --- |")
        for script, commit, _, samples in results:
            for name in self.databases:
                count, chatcost_waits, waits, lock_waits = samples[name]
                events = ", ".join(f"{k} {v}" for k, v in sorted(waits.items(), key=lambda kv: -kv[1]))
                locks = ", ".join(f"{k} {v}" for k, v in sorted(lock_waits.items(), key=lambda kv: -kv[1])) or "none"
                print(f"| {script}, commit {commit} | {name} | {count} | {events} | {locks} | {chatcost_waits} |")
        print(f"\nEXPLAIN ANALYZE of {TRIGGER_TIMING_ROUNDS} single-row inserts of each kind, one transaction, "
              "medians in ms:\n")
        print("| database | ledger trigger, assistant insert | ledger trigger, user insert | "
              "assistant insert | user insert |")
        print("| --- | --- | --- | --- | --- |")
        for name, values in timings.items():
            print(f"| {name} | " + " | ".join("-" if v is None else f"{v:.3f}" for v in values) + " |")


def parse_counts(text):
    return {k: int(v) for k, v in re.findall(r'"([^"]+)": (\d+)', text)}


def fmt_runs(values):
    return f"{statistics.median(values):,.0f} ({min(values):,.0f} - {max(values):,.0f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chatcost", default=os.path.join(ROOT, "build", "src", "chatcost"))
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--reference", action="store_true",
                        help="a third database with the reference platform's schema alone (migrate down --to 5)")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME=FILE",
                        help="another database: chatcost's, then the SQL in FILE")
    parser.add_argument("--migrations-dir", help="use these migrations, not the ones compiled in")
    parser.add_argument("--keep", action="store_true", help="leave the server running (for psql)")
    args = parser.parse_args()
    args.chatcost = os.path.abspath(args.chatcost)
    Bench(args).run()


if __name__ == "__main__":
    main()
