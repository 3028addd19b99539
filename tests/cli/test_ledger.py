"""`chatcost ledger refresh` and `ledger status` (issue 17, item 1): the ledger of migration 0013.

The promise: chatcost_usage(since, until, zone, unit), which every report reads, equals the same sums
computed from the raw messages at every moment: before any refresh, after one, with changes pending
(updates, deletes, inserts, a deleted chat), while the application writes and refreshes run, and after
a refresh killed half-way. The raw sums are computed here, by test_raw_usage below, written from the
rules (DESIGN.md section 2 rule 11 for invalid usage) and not from the migration's functions; both are
compared with EXCEPT ALL both ways in ONE statement, so in one snapshot.

The fixture is 2025 (in the past, so a first build runs in several chunks), with the daylight saving
days of New York (2025-03-09, 2025-11-02) and Lord Howe (2025-04-06, 2025-10-05, half an hour), and
messages on whole hours, quarter hours and in between (Kolkata +05:30, Kathmandu +05:45).
"""
import json
import os
import random
import signal
import subprocess
import threading
import time

from clitest import CHATCOST, ChatcostTestCase, main

LOCK_KEY = int.from_bytes(b"ccledger", "big")
USER = "1ed0e000-0000-4000-8000-000000000001"
CHATS = [f"1ed0c000-0000-4000-8000-0000000000{n:02d}" for n in range(1, 9)]
CONFIGS = [f"1ed0f000-0000-4000-8000-0000000000{n:02d}" for n in range(1, 4)]

ZONES = ["UTC", "Asia/Kolkata", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"]
UNITS = ["none", "hour", "day", "week", "month"]
RANGES = [
    ("2025-01-01 00:00:00+00", "2026-01-01 00:00:00+00"),  # all of it
    ("2025-03-09 00:00:00-05", "2025-03-10 00:00:00-04"),  # New York's spring-forward day
    ("2025-11-02 00:00:00-04", "2025-11-03 00:00:00-05"),  # New York's fall-back day
    ("2025-04-05 13:00:00+00", "2025-04-07 00:00:00+10"),  # Lord Howe's fall-back (30 minutes)
    ("2025-06-15 10:17:23.5+00", "2025-10-05 05:45:00+05:45"),  # bounds inside hours
]

# The raw sums, from the rules: assistant messages in [since, until) per (period, chat, model config);
# invalid usage (a token count negative or above 10^12, reasoning above output, a cost outside
# [0, 10^13]) counts only as invalid; unpriced = no cost with some token column set.
RAW_USAGE_SQL = """
CREATE FUNCTION test_raw_usage(p_since timestamptz, p_until timestamptz, p_zone text, p_unit text)
RETURNS TABLE (period_start timestamp, chat_id uuid, model_config_id uuid, assistant_messages bigint,
               priced_messages bigint, unpriced_messages bigint, invalid_messages bigint, cost_micros numeric,
               input_tokens numeric, output_tokens numeric, reasoning_tokens numeric, cache_read_tokens numeric,
               cache_creation_tokens numeric)
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN p_unit = 'none' THEN NULL ELSE date_trunc(p_unit, m.created_at AT TIME ZONE p_zone) END,
           m.chat_id, m.model_config_id, count(*),
           count(*) FILTER (WHERE NOT m.bad AND m.total_cost_micros IS NOT NULL),
           count(*) FILTER (WHERE NOT m.bad AND m.total_cost_micros IS NULL
                              AND coalesce(m.input_tokens, m.output_tokens, m.reasoning_tokens, m.cache_read_tokens,
                                           m.cache_creation_tokens) IS NOT NULL),
           count(*) FILTER (WHERE m.bad),
           coalesce(sum(m.total_cost_micros) FILTER (WHERE NOT m.bad), 0),
           coalesce(sum(m.input_tokens) FILTER (WHERE NOT m.bad), 0),
           coalesce(sum(m.output_tokens) FILTER (WHERE NOT m.bad), 0),
           coalesce(sum(m.reasoning_tokens) FILTER (WHERE NOT m.bad), 0),
           coalesce(sum(m.cache_read_tokens) FILTER (WHERE NOT m.bad), 0),
           coalesce(sum(m.cache_creation_tokens) FILTER (WHERE NOT m.bad), 0)
    FROM (SELECT cm.*,
                 coalesce(cm.input_tokens < 0 OR cm.input_tokens > 1000000000000
                          OR cm.output_tokens < 0 OR cm.output_tokens > 1000000000000
                          OR cm.reasoning_tokens < 0 OR cm.reasoning_tokens > 1000000000000
                          OR cm.cache_read_tokens < 0 OR cm.cache_read_tokens > 1000000000000
                          OR cm.cache_creation_tokens < 0 OR cm.cache_creation_tokens > 1000000000000
                          OR cm.reasoning_tokens > cm.output_tokens
                          OR cm.total_cost_micros < 0 OR cm.total_cost_micros > 10000000000000, false) AS bad
          FROM chat_messages cm
          WHERE cm.role = 'assistant' AND cm.created_at >= p_since AND cm.created_at < p_until) AS m
    GROUP BY 1, 2, 3
$$;
"""


def platform_sql():
    chats = ", ".join(f"('{c}', '{USER}')" for c in CHATS)
    configs = ", ".join(f"('{c}', 'acme', 'model-{i}')" for i, c in enumerate(CONFIGS))
    return f"""
INSERT INTO users (id, username) VALUES ('{USER}', 'ledger');
INSERT INTO chats (id, owner_id) VALUES {chats};
INSERT INTO chat_model_configs (id, provider, model) VALUES {configs};
"""


def messages_sql(count, seed, start="2025-01-01 00:00:00+00", quarters=35040):
    """`count` messages from `start` over `quarters` quarter hours (35040: a year): half exactly on a
    quarter hour, the rest inside one; 15% user messages; some invalid, unpriced or without usage."""
    chats = "(ARRAY[" + ", ".join(f"'{c}'::uuid" for c in CHATS) + "])"
    configs = "(ARRAY[" + ", ".join(f"'{c}'::uuid" for c in CONFIGS) + ", NULL])"
    return f"""
SELECT setseed({seed});
INSERT INTO chat_messages (chat_id, model_config_id, created_at, role, input_tokens, output_tokens,
                           reasoning_tokens, cache_read_tokens, cache_creation_tokens, total_cost_micros)
SELECT {chats}[1 + floor(random() * {len(CHATS)})::int],
       {configs}[1 + floor(random() * {len(CONFIGS) + 1})::int],
       timestamptz '{start}' + floor(random() * {quarters}) * interval '15 minutes'
           + CASE WHEN random() < 0.5 THEN interval '0' ELSE floor(random() * 900000000) * interval '1 microsecond' END,
       CASE WHEN random() < 0.85 THEN 'assistant' ELSE 'user' END,
       CASE WHEN random() < 0.03 THEN -5 WHEN random() < 0.05 THEN NULL ELSE floor(random() * 5000)::bigint END,
       CASE WHEN random() < 0.05 THEN NULL ELSE floor(random() * 800)::bigint + 20 END,
       CASE WHEN random() < 0.02 THEN 5000 ELSE floor(random() * 20)::bigint END,
       CASE WHEN random() < 0.3 THEN NULL ELSE floor(random() * 300)::bigint END,
       CASE WHEN random() < 0.5 THEN NULL ELSE floor(random() * 100)::bigint END,
       CASE WHEN random() < 0.2 THEN NULL WHEN random() < 0.01 THEN 20000000000000
            ELSE floor(random() * 100000)::bigint END
FROM generate_series(1, {count}) AS g;
"""


def comparison_sql(combos):
    """One statement (one snapshot): per (zone, unit, since, until), the rows of chatcost_usage not in
    the raw sums plus the raw rows not in chatcost_usage, and how many raw rows there are."""
    values = ", ".join(f"('{z}', '{u}', timestamptz '{s}', timestamptz '{t}')" for z, u, s, t in combos)
    return f"""
SELECT string_agg(format('%s %s [%s, %s): %s different of %s', c.zone, c.unit, c.since, c.until, d.different,
                         d.raw_rows), E'\\n' ORDER BY c.zone, c.unit, c.since)
       FILTER (WHERE d.different <> 0),
       min(d.raw_rows)
FROM (VALUES {values}) AS c(zone, unit, since, until)
CROSS JOIN LATERAL (
    WITH ledger AS MATERIALIZED (SELECT * FROM chatcost_usage(c.since, c.until, c.zone, c.unit)),
         raw AS MATERIALIZED (SELECT * FROM test_raw_usage(c.since, c.until, c.zone, c.unit))
    SELECT (SELECT count(*) FROM (TABLE ledger EXCEPT ALL TABLE raw) AS a)
           + (SELECT count(*) FROM (TABLE raw EXCEPT ALL TABLE ledger) AS b) AS different,
           (SELECT count(*) FROM raw) AS raw_rows) AS d
"""


# The application's changes in the concurrent test, on the messages `where` names.
WRITER_CHANGES = [
    "UPDATE chat_messages SET total_cost_micros = coalesce(total_cost_micros, 0) + 7 WHERE {where}",
    "UPDATE chat_messages SET input_tokens = -1 WHERE {where}",
    "UPDATE chat_messages SET created_at = created_at + interval '37 minutes' WHERE {where}",
    "UPDATE chat_messages SET created_at = created_at - interval '3 days' WHERE {where}",
    "UPDATE chat_messages SET role = CASE role WHEN 'assistant' THEN 'user' ELSE 'assistant' END WHERE {where}",
    f"UPDATE chat_messages SET model_config_id = '{CONFIGS[2]}' WHERE {{where}}",
    "DELETE FROM chat_messages WHERE {where}",
]

ALL_COMBOS = [(z, u, s, t) for z in ZONES for u in UNITS for s, t in RANGES]
# A lighter set for the concurrent test: every zone once, both ways of using the ledger (whole hours
# and the raw edges), a whole year and a DST day.
QUICK_COMBOS = [("UTC", "none", *RANGES[0]), ("America/New_York", "day", *RANGES[2]),
                ("Australia/Lord_Howe", "week", *RANGES[3]), ("Asia/Kathmandu", "month", *RANGES[4]),
                ("Asia/Kolkata", "day", *RANGES[0])]

# Changes of every kind the ledger must follow, each its own statement.
MUTATIONS = [
    # costs written (a backfill), tokens changed, a message made invalid and one made valid again
    "UPDATE chat_messages SET total_cost_micros = coalesce(total_cost_micros, 0) + 7 WHERE id % 11 = 0",
    "UPDATE chat_messages SET input_tokens = input_tokens + 3, output_tokens = NULL WHERE id % 13 = 1",
    "UPDATE chat_messages SET reasoning_tokens = 99999 WHERE id % 17 = 2",
    "UPDATE chat_messages SET input_tokens = 10 WHERE input_tokens < 0 AND id % 2 = 0",
    # moved in time: across an hour, a day, a DST change; role and model config changed
    "UPDATE chat_messages SET created_at = created_at + interval '37 minutes' WHERE id % 19 = 3",
    "UPDATE chat_messages SET created_at = created_at - interval '1 day 30 minutes' WHERE id % 23 = 4",
    "UPDATE chat_messages SET created_at = timestamptz '2025-11-02 05:30:00+00' WHERE id % 97 = 5",
    "UPDATE chat_messages SET role = CASE role WHEN 'assistant' THEN 'user' ELSE 'assistant' END WHERE id % 29 = 6",
    f"UPDATE chat_messages SET model_config_id = '{CONFIGS[0]}' WHERE id % 31 = 7",
    f"UPDATE chat_messages SET chat_id = '{CHATS[1]}' WHERE id % 37 = 8",
    # deleted: some messages, then a whole chat (its messages go by the cascade)
    "DELETE FROM chat_messages WHERE id % 41 = 9",
    f"DELETE FROM chats WHERE id = '{CHATS[7]}'",
    # new messages: on an hour, on a Lord Howe half hour, now, in the future
    f"""INSERT INTO chat_messages (chat_id, model_config_id, created_at, role, input_tokens, output_tokens,
                                   total_cost_micros)
        VALUES ('{CHATS[0]}', '{CONFIGS[1]}', '2025-03-09 07:00:00+00', 'assistant', 5, 6, 700),
               ('{CHATS[0]}', NULL, '2025-10-04 15:30:00+00', 'assistant', 1, 2, NULL),
               ('{CHATS[2]}', '{CONFIGS[2]}', now(), 'assistant', 3, 4, 50),
               ('{CHATS[3]}', '{CONFIGS[2]}', '2027-01-01 00:00:00+00', 'assistant', 3, 4, 50)""",
]


class LedgerTest(ChatcostTestCase):
    count = 0

    def fresh(self, messages, seed=0.5):
        type(self).count += 1
        name = f"ledger_{type(self).count}"
        url = self.cluster.create_database(name)
        # The comparisons' statements are big: JIT would compile them for seconds (the reports and
        # the refresh turn it off for themselves).
        self.cluster.psql(f"ALTER DATABASE {name} SET jit = off")
        self.assert_exit(self.run_chatcost("-q", "-d", url, "migrate", "up"), 0)
        # Analyzed, as a live table is: without statistics the planner joins the hours read raw to
        # every message (minutes instead of milliseconds).
        self.cluster.psql(RAW_USAGE_SQL + platform_sql() + messages_sql(messages, seed) + "ANALYZE chat_messages;",
                          name)
        return url

    def sql(self, url, statement):
        return self.cluster.psql(statement, url.rsplit("/", 1)[1])

    def ledger(self, url, *args, timeout=600):
        return self.run_chatcost("-d", url, "ledger", *args, timeout=timeout)

    def refresh(self, url, *args):
        result = self.ledger(url, "--format", "json", "refresh", *args)
        self.assert_exit(result, 0)
        return result.json()

    def status(self, url):
        result = self.ledger(url, "--format", "json", "status")
        self.assert_exit(result, 0)
        return result.json()

    def assert_exact(self, url, combos=ALL_COMBOS, when=""):
        different, least_raw_rows = self.sql(url, comparison_sql(combos)).split("|")
        self.assertEqual(different, "", f"chatcost_usage differs from the raw sums {when}:\n{different}")
        return int(least_raw_rows)

    def assert_built_to_horizon(self, url, built_before):
        """A refresh builds up to the hour of its start less the ten-minute margin (migration 0013):
        a whole UTC hour, between an hour and ten minutes ago and now."""
        self.assertRegex(built_before, r"^\d{4}-\d\d-\d\dT\d\d:00:00Z$")
        self.assertEqual(self.sql(url, f"SELECT timestamptz '{built_before}' BETWEEN now() - interval '70 minutes' "
                                       "AND now() - interval '10 minutes'"), "t", built_before)

    def test_exact_before_after_refresh_with_changes_pending_and_after_a_second_refresh(self):
        url = self.fresh(20_000)
        self.assertGreater(self.assert_exact(url, when="before any refresh"), 0, "each range has messages")
        first = self.refresh(url, "--chunk-days", "30")
        self.assertGreater(first["steps"], 10, first)  # a year in chunks of 30 days
        self.assert_built_to_horizon(url, first["built_before"])
        self.assertEqual(first["state"], "completed")
        self.assertGreater(first["hours_built"], 1000)
        self.assertGreater(first["rows_written"], first["hours_built"] - 1)
        self.assertGreater(first["changes_superseded"], 0, "the fixture's own inserts, read from the messages")
        self.assert_exact(url, when="after the first refresh")
        for statement in MUTATIONS:
            self.sql(url, statement)
        pending = int(self.sql(url, "SELECT count(*) FROM chatcost_ledger_changes"))
        self.assertGreater(pending, 100)
        self.assert_exact(url, when="with changes pending")
        second = self.refresh(url, "--fold-batch", "97")  # several folding steps
        self.assertEqual(second["changes_folded"], pending)
        self.assertEqual(second["steps"], -(-pending // 97))  # full batches, and the rest
        self.assertEqual(second["hours_built"], 0)
        self.assertGreater(second["rows_pruned"], 0, "the deleted chat's rows")
        self.assertEqual(self.sql(url, "SELECT count(*) FROM chatcost_ledger_changes"), "0")
        self.assertEqual(self.sql(url, "SELECT count(*) FROM chatcost_ledger WHERE assistant_messages = 0"), "0")
        self.assertEqual(self.sql(url, f"SELECT count(*) FROM chatcost_ledger WHERE chat_id = '{CHATS[7]}'"), "0")
        self.assert_exact(url, when="after the second refresh")

    def test_exact_at_every_moment_under_concurrent_writes_and_refreshes(self):
        url = self.fresh(5_000, seed=0.25)
        dbname = url.rsplit("/", 1)[1]
        writer = subprocess.Popen([self.cluster.program("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h",
                                   self.cluster.socket_dir, "-U", "postgres", "-d", dbname],
                                  stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        stop = threading.Event()
        refreshes = []

        def write():
            rng = random.Random(3)
            spare_chats = 0
            while not stop.is_set():
                # Transactions of several statements that straddle the refreshes' snapshots: a change
                # of some kind to a few messages, a pause, new messages.
                low = rng.randint(1, 5_000)
                statement = rng.choice(WRITER_CHANGES).format(where=f"id BETWEEN {low} AND {low + 40}")
                writer.stdin.write(f"BEGIN;\n{statement};\nSELECT pg_sleep(0.01);\n")
                writer.stdin.write(messages_sql(rng.randint(1, 30), rng.random()))
                if rng.random() < 0.05:  # some messages moved to a new chat; the last such chat deleted
                    spare_chats += 1
                    chat = f"1ed0d000-0000-4000-8000-{spare_chats:012d}"
                    writer.stdin.write(f"""INSERT INTO chats (id, owner_id) VALUES ('{chat}', '{USER}');
                        UPDATE chat_messages SET chat_id = '{chat}' WHERE id BETWEEN {low} AND {low + 60};
                        DELETE FROM chats WHERE id::text LIKE '1ed0d000-%' AND id <> '{chat}';\n""")
                writer.stdin.write("COMMIT;\n")
                writer.stdin.flush()
                time.sleep(0.005)

        def refresh_repeatedly():
            for args in (("--chunk-days", "20", "--fold-batch", "50"),) * 4 + (("--fold-batch", "300"),) * 4:
                refreshes.append(self.ledger(url, "--quiet", "--format", "json", "refresh", "--wait-lock", "30s",
                                             *args))

        threads = [threading.Thread(target=write), threading.Thread(target=refresh_repeatedly)]
        for thread in threads:
            thread.start()
        checks = 0
        try:
            while threads[1].is_alive() or checks < 20:
                self.assert_exact(url, QUICK_COMBOS, when=f"at check {checks}, while writing and refreshing")
                checks += 1
        finally:
            stop.set()
            threads[0].join()
            threads[1].join()
            _, errors = writer.communicate()
        self.assertEqual(writer.returncode, 0, errors)
        for result in refreshes:
            self.assert_exit(result, 0)
        self.assertTrue(any(r.json()["steps"] > 1 for r in refreshes))
        self.assertGreater(int(self.sql(url, "SELECT count(*) FROM chatcost_ledger_changes")), 0,
                           "the writer left changes pending")
        self.assert_exact(url, when="after the writer stopped")
        self.refresh(url)
        self.assert_exact(url, when="after a last refresh")

    def test_a_killed_first_build_resumes_exactly(self):
        url = self.fresh(150_000, seed=0.75)
        process = subprocess.Popen([CHATCOST, "-d", url, "ledger", "refresh", "--chunk-days", "1"],
                                   env=self.base_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        # Killed once some steps have committed: built_before is a time, neither end.
        while self.status(url)["built_before"] == "nothing yet":
            self.assertIsNone(process.poll(), "the refresh ended before it could be killed")
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.communicate()
        built = self.status(url)["built_before"]
        self.assertNotEqual(built, "nothing yet")
        self.assert_exact(url, when=f"after the kill, built before {built}")
        self.sql(url, MUTATIONS[4] + ";" + MUTATIONS[10])  # changes on both sides of built_before
        self.assert_exact(url, when="after the kill, with changes on both sides")
        rerun = self.refresh(url, "--chunk-days", "60", "--wait-lock", "30s")
        self.assert_built_to_horizon(url, rerun["built_before"])
        self.assert_exact(url, when="after the rerun")

    def test_a_rebuild_replaces_the_ledger_rows(self):
        # Writes the triggers did not see (straight into a partition, or with the triggers off) are
        # mended by setting built_before back and refreshing (ARCHITECTURE.md "The ledger"): the
        # hours built again must hold the messages' sums, not those plus the old rows.
        url = self.fresh(3_000)
        self.refresh(url, "--chunk-days", "60")
        self.sql(url, "ALTER TABLE chat_messages DISABLE TRIGGER USER;" + messages_sql(200, 0.3)
                 + MUTATIONS[0] + "; ALTER TABLE chat_messages ENABLE TRIGGER USER")
        different, _ = self.sql(url, comparison_sql(QUICK_COMBOS)).split("|")
        self.assertNotEqual(different, "", "the ledger missed those writes")
        self.sql(url, "UPDATE chatcost_ledger_state SET built_before = '-infinity'")
        self.assert_exact(url, QUICK_COMBOS, when="with the ledger set back")
        rebuilt = self.refresh(url, "--chunk-days", "60")
        self.assertGreater(rebuilt["steps"], 3)
        self.assert_exact(url, when="after the rebuild")
        self.assertEqual(self.sql(url, "SELECT count(*) FROM chatcost_ledger WHERE assistant_messages = 0"), "0")

    def test_one_refresh_at_a_time(self):
        url = self.fresh(500)
        dbname = url.rsplit("/", 1)[1]
        holder = subprocess.Popen([self.cluster.program("psql"), "-X", "-q", "-A", "-t", "-h", self.cluster.socket_dir, "-U",
                                   "postgres", "-d", dbname], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        try:
            holder.stdin.write(f"SELECT pg_advisory_lock({LOCK_KEY});\n\\echo locked\n")
            holder.stdin.flush()
            self.assertEqual(holder.stdout.readline().strip(), "")  # pg_advisory_lock's void
            self.assertEqual(holder.stdout.readline().strip(), "locked")
            refused = self.ledger(url, "refresh", "--wait-lock", "0")
            self.assert_exit(refused, 8)
            self.assertIn("another ledger refresh holds the lock", refused.stderr)
            self.assertIn("held by pid", refused.stderr)
            self.assertEqual(self.status(url)["built_before"], "nothing yet", "nothing was done")
            # --wait-lock waits for the holder to let go.
            waiting = subprocess.Popen([CHATCOST, "-d", url, "--format", "json", "ledger", "refresh", "--wait-lock",
                                        "60s"], env=self.base_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       text=True)
            time.sleep(0.5)
            self.assertIsNone(waiting.poll(), "it waits")
            holder.stdin.write(f"SELECT pg_advisory_unlock({LOCK_KEY});\n")
            holder.stdin.flush()
            stdout, stderr = waiting.communicate(timeout=120)
            self.assertEqual(waiting.returncode, 0, stderr)
            self.assert_built_to_horizon(url, json.loads(stdout)["built_before"])
        finally:
            holder.communicate()

    def test_status_before_and_after(self):
        url = self.fresh(2_000)
        before = self.ledger(url, "status")
        self.assert_exit(before, 0)
        self.assertIn("nothing yet", before.stdout)
        self.assertIn("run chatcost ledger refresh (cron: every 5 minutes)", before.stderr)
        report = self.status(url)
        self.assertEqual(report["built_before"], "nothing yet")
        self.assertIsNone(report["refreshed_at"])
        self.assertGreater(report["pending_changes"], 0, "the fixture's inserts")
        self.assertEqual(report["hint"], "run chatcost ledger refresh (cron: every 5 minutes)")
        self.refresh(url)
        self.sql(url, "ANALYZE chatcost_ledger")
        after = self.status(url)
        self.assert_built_to_horizon(url, after["built_before"])
        self.assertRegex(after["refreshed_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertEqual(after["pending_changes"], 0)
        self.assertEqual(after["ledger_rows_estimate"], int(self.sql(url, "SELECT count(*) FROM chatcost_ledger")))
        self.assertIsNone(after["hint"])
        table = self.ledger(url, "status")
        self.assert_exit(table, 0)
        self.assertIn(after["built_before"], table.stdout)
        self.assertNotIn("ledger refresh", table.stderr)
        self.sql(url, MUTATIONS[0])
        self.assertGreater(self.status(url)["pending_changes"], 0)
        csv = self.ledger(url, "--format", "csv", "status")
        self.assert_exit(csv, 0)
        lines = csv.stdout.splitlines()
        self.assertEqual(lines[:2], ["key,value", f"built_before,{after['built_before']}"])
        self.assertIn(f"pending_changes,{self.status(url)['pending_changes']}", lines)

    def test_quiet_for_cron_and_json_events(self):
        url = self.fresh(2_000)
        quiet = self.ledger(url, "--quiet", "refresh", "--chunk-days", "60")
        self.assert_exit(quiet, 0)
        self.assertEqual(quiet.stderr, "")
        self.assertEqual(quiet.stdout, "")
        self.sql(url, MUTATIONS[0])
        logged = self.ledger(url, "--log-format", "json", "--format", "json", "refresh", "--fold-batch", "10")
        self.assert_exit(logged, 0)
        events = [json.loads(line) for line in logged.stderr.splitlines()]
        steps = [e for e in events if e["event"] == "ledger_step"]
        self.assertEqual(len(steps), logged.json()["steps"])
        self.assertEqual(sum(e["folded"] for e in steps), logged.json()["changes_folded"])
        self.assertTrue(all({"built_before", "folded", "superseded", "written"} <= e.keys() for e in steps))
        finished = events[-1]
        self.assertEqual(finished["event"], "ledger_refresh_finished")
        self.assertEqual((finished["exit_code"], finished["folded"], finished["built_before"]),
                         (0, logged.json()["changes_folded"], logged.json()["built_before"]))
        self.assert_built_to_horizon(url, finished["built_before"])
        quiet_json = self.ledger(url, "--quiet", "--log-format", "json", "refresh")
        self.assert_exit(quiet_json, 0)
        self.assertEqual([json.loads(line)["event"] for line in quiet_json.stderr.splitlines()],
                         ["ledger_refresh_finished"])
        table = self.ledger(url, "refresh")
        self.assert_exit(table, 0)
        self.assertIn("Changes folded", table.stdout)
        csv = self.ledger(url, "--format", "csv", "refresh")
        self.assert_exit(csv, 0)
        self.assertEqual(csv.stdout.splitlines()[:3], ["key,value", "state,completed", "steps,1"])

    def test_a_transaction_open_at_the_start_holds_the_build_back(self):
        # Refresh builds only hours before its start once every transaction open then has ended
        # (a message such a transaction inserts, dated at its start, is not logged): while one is
        # open it folds the changes, builds nothing, says who holds it, and the reports stay exact.
        url = self.fresh(2_000)
        holder = subprocess.Popen([self.cluster.program("psql"), "-X", "-q", "-At", "-d", url], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            holder.stdin.write("BEGIN;\nSELECT 1;\n")
            holder.stdin.flush()
            self.assertEqual(holder.stdout.readline().strip(), "1")
            self.sql(url, MUTATIONS[0])
            held = self.ledger(url, "--format", "json", "refresh", "--wait-transactions", "1s")
            self.assert_exit(held, 0)
            self.assertIn("built nothing new: 1 transaction(s) open when the refresh began are open still",
                          held.stderr)
            self.assertEqual(held.json()["built_before"], "nothing yet")
            self.assertEqual(held.json()["hours_built"], 0)
            self.assert_exact(url, QUICK_COMBOS, when="with the build held back")
        finally:
            holder.stdin.write("COMMIT;\n")
            holder.communicate(timeout=60)
        built = self.refresh(url)
        self.assert_built_to_horizon(url, built["built_before"])
        self.assert_exact(url, QUICK_COMBOS, when="after the transaction ended")

    def test_refresh_and_status_need_the_ledger_migration(self):
        url = self.cluster.create_database("ledger_unmigrated")
        self.assert_exit(self.run_chatcost("-q", "-d", url, "migrate", "up", "--to", "12"), 0)
        for args in (("refresh",), ("status",)):
            result = self.ledger(url, *args)
            self.assert_exit(result, 7)
            self.assertIn("migrate up", result.stderr)


class LedgerOnStandby(ChatcostTestCase):
    def test_refresh_refuses_on_a_standby_and_status_works(self):
        url = self.cluster.create_database("ledger_standby")
        self.assert_exit(self.run_chatcost("-q", "-d", url, "migrate", "up"), 0)
        self.cluster.psql(platform_sql() + messages_sql(200, 0.5), "ledger_standby")
        self.assert_exit(self.run_chatcost("-q", "-d", url, "ledger", "refresh"), 0)
        standby = self.cluster.start_standby()
        try:
            self.cluster.wait_for_replay(standby)
            standby_url = standby.url("ledger_standby")
            refused = self.run_chatcost("-d", standby_url, "ledger", "refresh")
            self.assert_exit(refused, 5)
            self.assertIn("is a standby", refused.stderr)
            status = self.run_chatcost("-d", standby_url, "--format", "json", "ledger", "status")
            self.assert_exit(status, 0)
            self.assertRegex(status.json()["built_before"], r"^\d{4}-\d\d-\d\dT\d\d:00:00Z$")
        finally:
            standby.stop()


if __name__ == "__main__":
    main()
