#!/usr/bin/env python3
"""`chatcost budget check` over 10,000 users with budgets, beside the raw statement.

Usage: bench/budget_bench.py [--chatcost BUILD/src/chatcost] [--messages N] [--users N] [--runs N]
                             [--no-refresh] [--keep]

Starts a throwaway PostgreSQL (tests/harness/pg_cluster.py, shared_buffers 1GB), migrates a
database with `chatcost migrate up` and generates with generate_series: --users users, 5 chats
each, and --messages messages spread evenly over the 90 days that end at 2026-11-01T00:00:00Z,
half of them assistant messages with usage and a stored cost (1% unpriced: cost NULL), in
bursts of 20 consecutive messages per chat (a conversation), chats picked by a multiplicative hash. Budgets: the default one ($50 a month, UTC, soft 80%), and
own budgets for every tenth user ($20 a week in Europe/Paris, soft 90%), so the check reads two
calendars. Then `chatcost ledger refresh` folds the hours (unless --no-refresh: the ledger is
then never built and chatcost_usage reads the raw messages), and VACUUM ANALYZE.

Timed at --at 2026-10-31T12:00:00Z (the month so far: 30.5 of the 90 days):

  check          chatcost budget check --all --format json: the whole command (process start,
                 connection, schema check, the statement, rendering 10,000 rows), client wall clock
  check sql      sql/queries/budget_check.sql alone, timed by psql (JIT off, a custom plan)
  raw sql        the reference approach: sum chat_messages per owner over the same month, one
                 statement (no budgets, no weeks, no zones: the least a raw check must do)

Medians of --runs runs after one warm-up; the ratio is raw sql / check sql. The machine's load
average is printed before and after: the figures are only as quiet as it.
"""
import argparse
import json
import os
import re
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from bench_server import BenchServer  # noqa: E402

DATA_END = "2026-11-01T00:00:00Z"
CHECK_AT = "2026-10-31T12:00:00Z"
MONTH_START = "2026-10-01T00:00:00Z"
CHATS_PER_USER = 5
# Chats are bursty: each run of BURST consecutive messages (a minute or less at a few million
# messages over 90 days) goes to one chat, as a conversation does, so that the ledger's hours hold
# several messages each rather than one.
BURST = 20


UUID = "('{kind}0000000-0000-4000-8000-' || lpad(to_hex({n}), 12, '0'))::uuid"

GENERATE = """
INSERT INTO users (id, username, name)
SELECT {user_id}, 'user' || lpad(u::text, 5, '0'), 'User ' || u
FROM generate_series(0, {users} - 1) AS u;

INSERT INTO chats (id, owner_id, title)
SELECT {chat_id}, {owner_id}, 'Chat ' || c
FROM generate_series(0, {users} * {chats_per_user} - 1) AS c;

INSERT INTO chat_messages (chat_id, created_at, role, input_tokens, output_tokens, total_cost_micros)
SELECT {message_chat_id},
       timestamptz '{data_end}' - interval '90 days' + (i - 1) * (interval '90 days' / {messages}),
       CASE WHEN i % 2 = 1 THEN 'assistant' ELSE 'user' END,
       CASE WHEN i % 2 = 1 THEN 100 + h % 20000 END,
       CASE WHEN i % 2 = 1 THEN 10 + (h / 7) % 2000 END,
       CASE WHEN i % 2 = 1 AND h % 100 <> 0 THEN 1 + h % 90000 END
FROM (SELECT i, (i * 2654435761) % 4294967296 AS h FROM generate_series(1, {messages}) AS i) AS hashed;

INSERT INTO chatcost_budgets (user_id, amount_micros, period, soft_percent, time_zone)
VALUES (NULL, 50000000, 'month', 80, 'UTC');
INSERT INTO chatcost_budgets (user_id, amount_micros, period, soft_percent, time_zone)
SELECT {user_id}, 20000000, 'week', 90, 'Europe/Paris'
FROM generate_series(0, {users} - 1, 10) AS u;
"""

# The reference approach: every priced assistant message of the month, summed per owner.
RAW_STATEMENT = """
SELECT c.owner_id, sum(m.total_cost_micros) AS spend_micros,
       count(*) FILTER (WHERE m.total_cost_micros IS NULL) AS unpriced_messages
FROM chat_messages m
JOIN chats c ON c.id = m.chat_id
WHERE m.role = 'assistant' AND m.created_at >= $1::timestamptz AND m.created_at < $2::timestamptz
GROUP BY c.owner_id
"""


def generate_sql(users, messages):
    def uuid(kind, n):
        return UUID.format(kind=kind, n=n)
    return GENERATE.format(
        users=users, messages=messages, chats_per_user=CHATS_PER_USER, data_end=DATA_END,
        user_id=uuid(1, "u"), chat_id=uuid(2, "c"), owner_id=uuid(1, f"c / {CHATS_PER_USER}"),
        message_chat_id=uuid(2, f"((i / {BURST}) * 2654435761 % 4294967296) % ({users} * {CHATS_PER_USER})"))


class Bench(BenchServer):
    ok_codes = (0, 3)  # budget check: 3 when someone is over

    def __init__(self, args):
        super().__init__(args, "budget_bench")

    def setup(self):
        self.start_server()
        self.step("chatcost migrate up", lambda: self.chatcost("migrate", "up"))
        self.step(f"generate {self.args.messages:,} messages, {self.args.users:,} users", lambda: self.psql(
            generate_sql(self.args.users, self.args.messages)))
        if not self.args.no_refresh:
            self.step("chatcost ledger refresh", lambda: self.chatcost("ledger", "refresh"))
        self.step("VACUUM ANALYZE", lambda: self.psql("CHECKPOINT; VACUUM ANALYZE;"))

    def statement_ms(self, sql, params):
        """The median of --runs executions timed by psql, as chatcost runs it: a custom plan, JIT off."""
        args = ", ".join("'" + p + "'" for p in params)
        prologue = f"SET plan_cache_mode = force_custom_plan;\nSET jit = off;\nPREPARE q AS {sql};\n"
        timed = self.psql(prologue + "\\timing on\n\\o /dev/null\n" + f"EXECUTE q({args});\n" * (self.args.runs + 1))
        times = [float(t) for t in re.findall(r"Time: ([\d.]+) ms", timed)][1:]  # the first warms up
        return statistics.median(times)

    def run(self):
        try:
            print("   load average: " + open("/proc/loadavg").read().strip(), flush=True)
            self.setup()
            print("   messages, assistant messages this month: " + self.psql(
                f"SELECT count(*) || ', ' || count(*) FILTER (WHERE role = 'assistant' AND created_at >= "
                f"'{MONTH_START}' AND created_at < '{CHECK_AT}') FROM chat_messages"))
            print("   ledger rows, changes waiting: " + self.psql(
                "SELECT (SELECT count(*) FROM chatcost_ledger) || ', ' || (SELECT count(*) FROM chatcost_ledger_changes)"))
            command = ["budget", "check", "--at", CHECK_AT, "--all", "--format", "json"]
            _, output = self.chatcost(*command)  # warm-up
            users = len(json.loads(output)["users"])
            times = [self.chatcost(*command)[0] for _ in range(self.args.runs)]
            with open(os.path.join(ROOT, "sql", "queries", "budget_check.sql"), encoding="utf-8") as f:
                check_sql = self.statement_ms(f.read(), [CHECK_AT])
            raw_sql = self.statement_ms(RAW_STATEMENT, [MONTH_START, CHECK_AT])
            print("   load average: " + open("/proc/loadavg").read().strip(), flush=True)
            print(f"\nusers checked: {users:,}; runs: {self.args.runs}; ledger refreshed: {not self.args.no_refresh}")
            print("| what | median ms |\n| --- | --- |")
            print(f"| chatcost budget check (whole command) | {statistics.median(times):.1f} |")
            print(f"| budget_check.sql | {check_sql:.1f} |")
            print(f"| raw sum over chat_messages per owner | {raw_sql:.1f} |")
            print(f"\nratio raw / budget_check.sql: {raw_sql / check_sql:.1f}x")
        finally:
            self.stop_server()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_binary = os.path.join(ROOT, "build-bench", "src", "chatcost")
    parser.add_argument("--chatcost", default=default_binary, help="the chatcost binary (a release build)")
    parser.add_argument("--messages", type=int, default=4_000_000)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-refresh", action="store_true", help="leave the ledger unbuilt")
    parser.add_argument("--keep", action="store_true", help="leave the server running (for psql)")
    Bench(parser.parse_args()).run()


if __name__ == "__main__":
    main()
