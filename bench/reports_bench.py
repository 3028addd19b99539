#!/usr/bin/env python3
"""The cost reports on 5,000,000 messages: `summary` and `rollup`, with and without their indexes.

Usage: bench/reports_bench.py [--chatcost BUILD/src/chatcost] [--messages N] [--users N] [--runs N]

Starts a throwaway PostgreSQL (tests/harness/pg_cluster.py, shared_buffers 1GB), migrates a
database with `chatcost migrate up`, drops the report indexes (sql/migrations/*_report_indexes),
and generates with generate_series: --users users (user 0, "heavy", writes 2% of all messages,
the others share the rest evenly), 50 chats each (every tenth a fork of the one before), six
model configs (one never priced) and --messages messages spread evenly over 90 days ending
2026-11-01T00:00:00Z, half of them assistant messages with usage and a stored cost (2% of those
on the unpriced model and 1% without a model config: cost NULL). Then VACUUM ANALYZE, as
autovacuum would.

Then, without the report indexes (only the plain ones of the reference platform: chat_messages
(chat_id), chat_messages (created_at), chats (owner_id)) and again after building them with the
migration's own SQL, it times each report over the last 30 days (2026-10-02 to 2026-11-01):

  summary      chatcost summary --user heavy
  rollup-user  chatcost rollup --by user
  rollup-model chatcost rollup --by model
  rollup-day   chatcost rollup --by day

"ms" is the median client wall clock of --runs runs of the whole command (process start,
connection, schema check, every statement, rendering), after one warm-up run; "sql ms" is the
median of 5 executions of the report's main statement alone, timed by psql, with JIT off and a
custom plan as chatcost runs it; "buffers" are those of its EXPLAIN (ANALYZE, BUFFERS) (shared
hit / read, 8 kB pages), whose full output is written to bench/explain/<report>.<with|without>.txt.
The machine's load average is printed before and after: the figures are only as quiet as it.
"""
import argparse
import glob
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from bench_server import BenchServer  # noqa: E402

SINCE, UNTIL = "2026-10-02", "2026-11-01"
DATA_END = "2026-11-01T00:00:00Z"
CHATS_PER_USER = 50

# Deterministic ids, so that the generator needs no joins: kind 1 users, 2 chats, 3 model configs.
UUID = "('{kind}0000000-0000-4000-8000-' || lpad(to_hex({n}), 12, '0'))::uuid"

GENERATE = """
INSERT INTO users (id, username, name)
SELECT {user_id}, CASE WHEN u = 0 THEN 'heavy' ELSE 'user' || lpad(u::text, 4, '0') END, 'User ' || u
FROM generate_series(0, {users} - 1) AS u;

INSERT INTO chat_model_configs (id, provider, model, display_name, options)
SELECT {model_id}, provider, model, display_name, '{{}}'
FROM (VALUES (0, 'anthropic', 'claude-sonnet-4', 'Claude Sonnet 4'), (1, 'anthropic', 'claude-haiku-3.5', ''),
             (2, 'openai', 'gpt-4o', 'GPT-4o'), (3, 'openai', 'gpt-4o-mini', ''),
             (4, 'google', 'gemini-1.5-pro', 'Gemini'), (5, 'local', 'llama-3-70b', 'Llama (unpriced)'))
     AS m(n, provider, model, display_name);

INSERT INTO chats (id, owner_id, root_chat_id, parent_chat_id, title)
SELECT {chat_id}, {owner_id},
       CASE WHEN c % 10 = 9 THEN {parent_id} END, CASE WHEN c % 10 = 9 THEN {parent_id} END, 'Chat ' || c
FROM generate_series(0, {users} * {chats_per_user} - 1) AS c
ORDER BY c % 10 = 9, c;

-- h and k are two multiplicative hashes of the message number; prices are $/1M tokens.
INSERT INTO chat_messages (chat_id, model_config_id, created_at, role, input_tokens, output_tokens,
                           reasoning_tokens, cache_read_tokens, cache_creation_tokens, total_cost_micros)
SELECT {message_chat_id},
       CASE WHEN assistant AND model < 6 THEN {message_model_id} END,
       {created_at},
       CASE WHEN assistant THEN 'assistant' WHEN i % 100 = 0 THEN 'tool' ELSE 'user' END,
       CASE WHEN assistant THEN input END,
       CASE WHEN assistant THEN output END,
       CASE WHEN assistant AND model = 2 AND h % 4 = 0 THEN output / 2 END,
       CASE WHEN assistant THEN cache_read END,
       CASE WHEN assistant THEN cache_creation END,
       CASE WHEN assistant AND model < 5 THEN
           ceil(input * p.input_price + output * p.output_price + coalesce(cache_read, 0) * p.cache_read_price
                + coalesce(cache_creation, 0) * p.cache_write_price)::bigint END
FROM (
    SELECT i, h, k, day, i % 2 = 1 AS assistant,
           CASE WHEN (k / 2) % 50 = 0 THEN 0 ELSE 1 + h % ({users} - 1) END AS owner,
           {chat_of_owner} AS chat_of_owner,
           CASE WHEN {pick} < 30 THEN 0 WHEN {pick} < 50 THEN 1 WHEN {pick} < 70 THEN 2
                WHEN {pick} < 90 THEN 3 WHEN {pick} < 97 THEN 4 WHEN {pick} < 99 THEN 5 ELSE 6 END AS model,
           100 + h % 20000 AS input, 10 + (h / 7) % 2000 AS output,
           CASE WHEN h % 3 = 0 THEN (h / 11) % 50000 END AS cache_read,
           CASE WHEN h % 5 = 0 THEN (h / 13) % 5000 END AS cache_creation
    FROM (SELECT i, (i * 2654435761) % 4294967296 AS h, (i * 2246822519) % 4294967296 AS k,
                 (i - 1) * 90 / {messages} AS day
          FROM generate_series(1, {messages}) AS i) AS hashed
) AS g
LEFT JOIN (VALUES (0, 3.0, 15.0, 0.3, 3.75), (1, 0.8, 4.0, 0.08, 1.0), (2, 2.5, 10.0, 1.25, 0.0),
                  (3, 0.15, 0.6, 0.075, 0.0), (4, 1.25, 5.0, 0.3125, 0.0))
     AS p(model, input_price, output_price, cache_read_price, cache_write_price) USING (model);
"""

COMMANDS = [
    ("summary", ["summary", "--user", "heavy"], "report_summary"),
    ("rollup-user", ["rollup", "--by", "user"], "report_rollup_by_user"),
    ("rollup-model", ["rollup", "--by", "model"], "report_rollup_by_model"),
    ("rollup-day", ["rollup", "--by", "day"], "report_rollup_by_period"),
]

# The ledger phase (issue 17): every report over 30 and 90 days, whole command, with the ledger
# built ("ledger") and with chatcost_ledger_state.built_before set back to -infinity, which makes
# chatcost_usage() read every message of the range from chat_messages ("raw": the statement the
# reports ran before the ledger, through the same report indexes). The two alternate run by run.
LEDGER_COMMANDS = [
    ("summary 30d", ["summary", "--user", "heavy", "--since", "2026-10-02"]),
    ("summary 90d", ["summary", "--user", "heavy", "--since", "2026-08-03"]),
    ("rollup user 30d", ["rollup", "--by", "user", "--since", "2026-10-02"]),
    ("rollup user 90d", ["rollup", "--by", "user", "--since", "2026-08-03"]),
    ("rollup model 30d", ["rollup", "--by", "model", "--since", "2026-10-02"]),
    ("rollup model 90d", ["rollup", "--by", "model", "--since", "2026-08-03"]),
    ("rollup day 30d", ["rollup", "--by", "day", "--since", "2026-10-02"]),
    ("rollup day 90d", ["rollup", "--by", "day", "--since", "2026-08-03"]),
    ("rollup month 90d", ["rollup", "--by", "month", "--since", "2026-08-03"]),
    ("rollup day 30d Kolkata", ["rollup", "--by", "day", "--since", "2026-10-02", "--timezone", "Asia/Kolkata"]),
]


# --shape: "uniform" spreads every user's messages evenly over time and over the user's 50
# chats and the models (each message in a chat and hour of its own: the worst case for a ledger
# of sums per hour and chat); "sessions" gives each user one session a day, in one chat, within
# one hour, mostly on one model, as people use a chat application.
SHAPES = {
    "uniform": {
        "created_at": "timestamptz '{data_end}' - interval '90 days' + (i - 1) * (interval '90 days' / {messages})",
        "chat_of_owner": "(h / 1000) % {chats_per_user}",
        "pick": "h % 100",
    },
    "sessions": {
        "created_at": "timestamptz '{data_end}' - interval '90 days' + day * interval '1 day'"
                      " + ((owner * 7 + day * 5) % 24) * interval '1 hour' + ((h / 7) % 3600) * interval '1 second'",
        "chat_of_owner": "(day + {owner}) % {chats_per_user}",
        "pick": "(CASE WHEN h % 10 = 0 THEN h ELSE {owner} * 31 + day * 17 END) % 100",
    },
}


def generate_sql(users, messages, shape="uniform"):
    def uuid(kind, n):
        return UUID.format(kind=kind, n=n)
    # The owner as the generator computes it, for the shapes that pick a chat or model by owner.
    owner = f"(CASE WHEN (k / 2) % 50 = 0 THEN 0 ELSE 1 + h % ({users} - 1) END)"
    parts = {key: text.format(data_end=DATA_END, messages=messages, chats_per_user=CHATS_PER_USER, owner=owner)
             for key, text in SHAPES[shape].items()}
    return GENERATE.format(**parts,
        users=users, messages=messages, chats_per_user=CHATS_PER_USER, data_end=DATA_END,
        user_id=uuid(1, "u"), model_id=uuid(3, "n"), chat_id=uuid(2, "c"),
        owner_id=uuid(1, f"c / {CHATS_PER_USER}"), parent_id=uuid(2, "c - 1"),
        message_chat_id=uuid(2, f"owner * {CHATS_PER_USER} + chat_of_owner"), message_model_id=uuid(3, "model"))


class Bench(BenchServer):
    def __init__(self, args):
        super().__init__(args, "reports_bench")

    def setup(self):
        self.start_server()
        self.step("chatcost migrate up", lambda: self.chatcost("migrate", "up"))
        self.psql("".join(f"DROP INDEX {name};\n" for name in self.report_indexes()))
        # Nothing is built yet (chatcost_ledger_state.built_before is -infinity), so every hour is
        # read from chat_messages and the changes the insert trigger would log for these back-dated
        # messages are superseded by the first refresh: the bulk load skips logging them one by one.
        self.step(f"generate {self.args.messages:,} messages", lambda: self.psql(
            "ALTER TABLE chat_messages DISABLE TRIGGER chatcost_ledger_insert;\n"
            + generate_sql(self.args.users, self.args.messages, self.args.shape)
            + "ALTER TABLE chat_messages ENABLE TRIGGER chatcost_ledger_insert;\n"))
        self.step("VACUUM ANALYZE", lambda: self.psql("CHECKPOINT; VACUUM ANALYZE chat_messages; "
                                                       "VACUUM ANALYZE chats; VACUUM ANALYZE users;"))
        print("   pages, all-visible pages of chat_messages: " + self.psql(
            "SELECT relpages || ', ' || relallvisible FROM pg_class WHERE relname = 'chat_messages'"))

    def report_indexes_file(self):
        (path,) = glob.glob(os.path.join(ROOT, "sql", "migrations", "*_report_indexes.up.sql"))
        return path

    def report_indexes(self):
        with open(self.report_indexes_file(), encoding="utf-8") as f:
            return re.findall(r"CREATE INDEX CONCURRENTLY IF NOT EXISTS (\w+)", f.read())

    def build_indexes(self):
        with open(self.report_indexes_file(), encoding="utf-8") as f:
            self.psql(f.read())

    def sizes(self):
        rows = self.psql("""
            SELECT c.relname, pg_relation_size(c.oid)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relname IN ('chat_messages', 'chats', 'users')
               OR c.relname LIKE 'idx_chat%' OR c.relname = 'chat_messages_pkey'
            ORDER BY 1""")
        return [line.split("|") for line in rows.splitlines()]

    def explain(self, query_name, label, statement_args):
        """The statement's plan, EXPLAIN (ANALYZE, BUFFERS), into explain_dir/<label>.txt; then its own
        time: the median of 5 executions timed by psql (EXPLAIN ANALYZE's per-node timing inflates
        the total of these many-row plans severalfold, so its Execution Time is not the figure)."""
        with open(os.path.join(ROOT, "sql", "queries", query_name + ".sql"), encoding="utf-8") as f:
            sql = f.read()
        params = ", ".join("NULL" if a is None else "'" + str(a).replace("'", "''") + "'" for a in statement_args)
        # As chatcost runs it: one custom plan per execution (exec_params), JIT off (every chatcost connection, src/db/session.cpp).
        prologue = f"SET plan_cache_mode = force_custom_plan;\nSET jit = off;\nPREPARE q AS {sql};\n"
        text = self.psql(prologue + f"EXPLAIN (ANALYZE, BUFFERS) EXECUTE q({params});")
        os.makedirs(self.args.explain_dir, exist_ok=True)
        with open(os.path.join(self.args.explain_dir, f"{label}.txt"), "w", encoding="utf-8") as out:
            out.write(f"-- sql/queries/{query_name}.sql with ({params})\n{text}\n")
        top_buffers = re.search(r"Buffers: shared (?:hit=(\d+))?\s*(?:read=(\d+))?", text)
        hit = int(top_buffers.group(1) or 0) if top_buffers else 0
        read = int(top_buffers.group(2) or 0) if top_buffers else 0
        timed = self.psql(prologue + "\\timing on\n\\o /dev/null\n" + f"EXECUTE q({params});\n" * 5)
        execution = statistics.median(float(t) for t in re.findall(r"Time: ([\d.]+) ms", timed))
        return execution, hit, read

    def statement_args(self, query_name):
        since, until = SINCE + "T00:00:00Z", UNTIL + "T00:00:00Z"
        if query_name == "report_summary":
            heavy = self.psql("SELECT id FROM users WHERE username = 'heavy'")
            return [heavy, since, until]
        if query_name == "report_rollup_by_period":
            return [since, until, None, None, 0, "UTC", "day"]
        return [since, until, None, 10, 0]

    def measure(self, phase):
        results = {}
        for label, args, query_name in COMMANDS:
            command = [*args, "--since", SINCE, "--until", UNTIL, "--format", "json"]
            self.chatcost(*command)  # warm-up
            times = [self.chatcost(*command)[0] for _ in range(self.args.runs)]
            execution, hit, read = self.explain(query_name, f"{label}.{phase}", self.statement_args(query_name))
            results[label] = (statistics.median(times), min(times), max(times), execution, hit, read)
            print(f"   {phase:8} {label:13} median {statistics.median(times):8.1f} ms "
                  f"(min {min(times):.1f}, max {max(times):.1f}); sql {execution:.1f} ms, "
                  f"buffers hit {hit} read {read}", flush=True)
        if phase == "with":
            self.explain("report_unpriced_models", "unpriced-models.with",
                         [SINCE + "T00:00:00Z", UNTIL + "T00:00:00Z", None])
        else:
            self.explain("report_unpriced_models", "unpriced-models.without",
                         [SINCE + "T00:00:00Z", UNTIL + "T00:00:00Z", None])
        return results

    def build_floor(self):
        """The floor client (bench/floor_select1.c), built against this server's libpq."""
        binary = os.path.join(self.cluster.root, "floor_select1")
        include = subprocess.run([self.cluster.program("pg_config"), "--includedir"], capture_output=True,
                                 text=True, check=True).stdout.strip()
        subprocess.run(["cc", "-O2", "-o", binary, os.path.join(HERE, "floor_select1.c"), f"-I{include}", "-lpq"],
                       check=True)
        return binary

    def timed(self, command):
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG") and "DATABASE_URL" not in k}
        started = time.perf_counter()
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        elapsed = (time.perf_counter() - started) * 1000
        if result.returncode != 0:
            raise RuntimeError(f"{command[0]}: exit {result.returncode}\n{result.stderr}")
        return elapsed

    def refresh_ledger(self):
        self.chatcost("ledger", "refresh")
        print("   ledger rows, pending changes: " + self.psql(
            "SELECT (SELECT count(*) FROM chatcost_ledger) || ', ' || (SELECT count(*) FROM chatcost_ledger_changes)"))

    def ledger_phase(self):
        """Whole commands with the ledger and raw, alternating, beside the floor client."""
        floor = self.build_floor()
        conninfo = f"host={self.cluster.socket_dir} user=postgres dbname={self.dbname}"
        built = "UPDATE chatcost_ledger_state SET built_before = 'infinity'"
        unbuilt = "UPDATE chatcost_ledger_state SET built_before = '-infinity'"
        floor_times = []
        results = {}
        for label, args in LEDGER_COMMANDS:
            command = [self.args.chatcost, "-d", self.url, "--quiet", *args, "--until", UNTIL, "--format", "json"]
            ledger_times, raw_times = [], []
            for mode in ("ledger", "raw"):  # warm-up of each
                self.psql(built if mode == "ledger" else unbuilt)
                self.timed(command)
            for _ in range(self.args.runs):
                self.psql(built)
                ledger_times.append(self.timed(command))
                floor_times.append(self.timed([floor, conninfo]))
                self.psql(unbuilt)
                raw_times.append(self.timed(command))
            self.psql(built)
            results[label] = (statistics.median(ledger_times), statistics.median(raw_times))
            print(f"   {label:24} ledger {results[label][0]:8.1f} ms   raw {results[label][1]:8.1f} ms", flush=True)
        floor_ms = statistics.median(floor_times)
        print(f"\nfloor (connect + SELECT 1, C): median {floor_ms:.1f} ms over {len(floor_times)} runs")
        print("\n| report | ledger ms | raw ms | raw / ledger | ledger / floor |")
        print("| --- | --- | --- | --- | --- |")
        for label, (ledger_ms, raw_ms) in results.items():
            print(f"| {label} | {ledger_ms:.1f} | {raw_ms:.1f} | {raw_ms / ledger_ms:.1f}x | {ledger_ms / floor_ms:.2f}x |")

    def run(self):
        try:
            print("   load average: " + open("/proc/loadavg").read().strip(), flush=True)
            self.setup()
            counts = self.psql("SELECT count(*), count(*) FILTER (WHERE role = 'assistant'), "
                               "count(*) FILTER (WHERE role = 'assistant' AND created_at >= '" + SINCE + "' AND "
                               "created_at < '" + UNTIL + "') FROM chat_messages")
            heavy = self.psql("SELECT count(*) FROM chat_messages m JOIN chats c ON c.id = m.chat_id "
                              "JOIN users u ON u.id = c.owner_id WHERE u.username = 'heavy' AND m.role = "
                              "'assistant' AND m.created_at >= '" + SINCE + "' AND m.created_at < '" + UNTIL + "'")
            print(f"   messages, assistant, assistant in 30 days: {counts}; heavy user's in 30 days: {heavy}")
            if self.args.ledger_only:
                self.step("build the report indexes (CONCURRENTLY)", self.build_indexes)
                self.step("chatcost ledger refresh", self.refresh_ledger)
                self.step("time the reports with and without the ledger", self.ledger_phase)
                return
            without = self.step("time without the report indexes", lambda: self.measure("without"))
            self.step("build the report indexes (CONCURRENTLY)", self.build_indexes)
            with_ = self.step("time with the report indexes", lambda: self.measure("with"))
            print("   load average: " + open("/proc/loadavg").read().strip(), flush=True)
            print("\n| report | ms with | ms without | sql ms with | sql ms without | buffers with | buffers without |")
            print("| --- | --- | --- | --- | --- | --- | --- |")
            for label, _, _ in COMMANDS:
                w, wo = with_[label], without[label]
                print(f"| {label} | {w[0]:.1f} | {wo[0]:.1f} | {w[3]:.1f} | {wo[3]:.1f} | "
                      f"{w[4]} hit / {w[5]} read | {wo[4]} hit / {wo[5]} read |")
            print("\n| relation | MB |\n| --- | --- |")
            for name, size in self.sizes():
                print(f"| {name} | {int(size) / 1048576:.0f} |")
        finally:
            self.stop_server()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_binary = os.path.join(ROOT, "build-bench", "src", "chatcost")
    parser.add_argument("--chatcost", default=default_binary, help="the chatcost binary (a release build)")
    parser.add_argument("--messages", type=int, default=5_000_000)
    parser.add_argument("--users", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--explain-dir", default=os.path.join(HERE, "explain"))
    parser.add_argument("--keep", action="store_true", help="leave the server running (for psql)")
    parser.add_argument("--shape", choices=sorted(SHAPES), default="uniform",
                        help="how messages spread over time, chats and models (see SHAPES)")
    parser.add_argument("--ledger-only", action="store_true",
                        help="only the ledger figures: reports with the ledger, raw, and the floor client")
    Bench(parser.parse_args()).run()


if __name__ == "__main__":
    main()
