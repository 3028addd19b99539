"""`chatcost backfill`: every message priced like an independent SQL oracle; killed and resumed;
beside a live application writer; one run at a time; bad data reported; recompute and dry run.

The data (tests/harness/backfill_data.py) has every price form the reference platform accepts:
nested and legacy keys, strings and numbers, zero, partial, none (price book), no config.
"""
import json
import os
import pty
import random
import signal
import subprocess
import threading
import time

import backfill_data as data
from clitest import CHATCOST, ChatcostTestCase, main

# What a message's cost is, per id, as one comparable value.
TABLE_DIGEST = """SELECT md5(string_agg(id || ':' || coalesce(total_cost_micros::text, '-'), ',' ORDER BY id))
FROM chat_messages"""


class Backfill(ChatcostTestCase):
    # -- helpers ------------------------------------------------------------------------------
    def migrated(self, messages, invalid=False, cost_log=False, name=None):
        """A fresh database, migrated by chatcost, with generated messages and the oracle view."""
        url = self.fresh_database(name)
        self.assert_exit(self.run_chatcost("-q", "-d", url, "migrate", "up"), 0)
        sql = data.setup_sql(messages, invalid=invalid) + data.ORACLE_SQL
        if cost_log:
            sql += data.COST_LOG_SQL
        self.sql(url, sql)
        return url

    def sql(self, url, statement):
        return self.cluster.psql(statement, url.rsplit("/", 1)[1])

    def value(self, url, statement):
        return self.sql(url, statement).strip()

    def backfill(self, url, *args, env=None, timeout=300):
        return self.run_chatcost("-d", url, "backfill", *args, env=env, timeout=timeout)

    def start(self, url, *args):
        return subprocess.Popen([CHATCOST, "-d", url, "backfill", *args], env=self.base_env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def assert_matches_oracle(self, url, where="true"):
        mismatches = self.value(url, data.MISMATCH_SQL + f" AND {where}")
        self.assertEqual(mismatches, "0", "messages whose cost differs from the oracle")
        self.assertEqual(self.value(url, data.REF_MISMATCH_SQL + f" AND {where}"), "0",
                         "messages whose cost and price ref disagree")

    def wait_for_sessions_to_end(self, url):
        """A killed process's server sessions linger a moment, holding the backfill lock: the next
        run would exit 8."""
        deadline = time.monotonic() + 15
        while self.value(url, """SELECT count(*) FROM pg_stat_activity
                                 WHERE datname = current_database() AND pid <> pg_backend_pid()""") != "0":
            self.assertLess(time.monotonic(), deadline, "the killed run's sessions did not end")
            time.sleep(0.01)

    def last_run(self, url):
        row = self.value(url, "SELECT row_to_json(r) FROM chatcost_backfill_runs AS r ORDER BY id DESC LIMIT 1")
        return json.loads(row) if row else None

    # -- names the book nearly has -------------------------------------------------------------
    def test_unpriced_config_names_get_a_did_you_mean(self):
        url = self.fresh_database()
        self.assert_exit(self.run_chatcost("-q", "-d", url, "migrate", "up"), 0)
        self.assert_exit(self.run_chatcost("-q", "-d", url, "seed", "apply"), 0)
        self.sql(url, """
            INSERT INTO users (id, username, name) VALUES ('a11ce000-0000-4000-8000-0000000000f1', 'ann', 'Ann');
            INSERT INTO chats (id, owner_id, title)
              VALUES ('c0000000-0000-4000-b000-0000000000f1', 'a11ce000-0000-4000-8000-0000000000f1', 'x');
            INSERT INTO chat_model_configs (id, provider, model, display_name, options) VALUES
              ('00000000-0000-4000-a000-0000000000f1', 'Anthropic', 'Claude-Sonnet-4-20250514', '', '{}'),
              ('00000000-0000-4000-a000-0000000000f2', 'anthropic', 'claude-sonnet-4-20250514', '', '{}');
            INSERT INTO chat_messages (id, chat_id, model_config_id, created_at, role, input_tokens) VALUES
              (1, 'c0000000-0000-4000-b000-0000000000f1', '00000000-0000-4000-a000-0000000000f1', now(),
               'assistant', 10),
              (2, 'c0000000-0000-4000-b000-0000000000f1', '00000000-0000-4000-a000-0000000000f2', now(),
               'assistant', 10);""")
        result = self.run_chatcost("-d", url, "--format", "json", "backfill")
        self.assert_exit(result, 0)
        report = result.json()
        self.assertEqual(report["rows_priced"], 1)  # the exact name only
        # Letter case alone keeps the first config unpriced: the report names the row it means.
        self.assertEqual(report["unpriced_name_suggestions"],
                         [{"provider": "Anthropic", "model": "Claude-Sonnet-4-20250514",
                           "did_you_mean": "anthropic/claude-sonnet-4-20250514"}])

    # -- every row like the oracle ----------------------------------------------------------------
    def test_every_message_equals_the_oracle(self):
        url = self.migrated(100_000)
        result = self.backfill(url, "--format", "json")
        self.assert_exit(result, 0)
        self.assertEqual(result.stderr, "", "nothing on stderr when it is not a terminal")
        self.assert_matches_oracle(url)
        summary = result.json()
        expected_priced = int(self.value(url, "SELECT count(expected) FROM backfill_oracle"))
        with_usage = int(self.value(url, """SELECT count(*) FROM chat_messages WHERE num_nonnulls(input_tokens,
            output_tokens, reasoning_tokens, cache_read_tokens, cache_creation_tokens) > 0"""))
        self.assertGreater(expected_priced, 60_000)
        self.assertEqual(summary["state"], "completed")
        self.assertEqual(summary["rows_scanned"], with_usage)
        self.assertEqual(summary["rows_priced"], expected_priced)
        self.assertEqual(summary["rows_written"], expected_priced)
        self.assertEqual(summary["rows_invalid"], 0)
        self.assertEqual(summary["rows_scanned"], summary["rows_priced"] + summary["rows_unpriced"])
        reasons = {r["reason"]: r["rows"] for r in summary["unpriced_by_reason"]}
        no_config = int(self.value(url, """SELECT count(*) FROM chat_messages WHERE model_config_id IS NULL
            AND num_nonnulls(input_tokens, output_tokens, reasoning_tokens, cache_read_tokens,
                             cache_creation_tokens) > 0"""))
        self.assertEqual(reasons["no_model_config"], no_config)
        self.assertIn("no_prices", reasons)              # config 09: no keys and no price book row
        self.assertIn("no_matching_category", reasons)   # config 13: only a cache write price
        by_model = {(m["provider"], m["model"]): m for m in summary["by_model"]}
        book_priced = self.value(url, f"""SELECT sum(total_cost_micros) FROM chat_messages
            WHERE model_config_id = '{data.config_id(8)}'""")
        self.assertEqual(by_model[("openai", "gpt-4.1")]["new_cost_micros"], int(book_priced))
        self.assertEqual(by_model[("local", "llama-3.1-8b")]["new_cost_micros"], 0)  # free, not unpriced
        self.assertLessEqual(summary["longest_batch_ms"], 1000)

        # Nothing left: a cron run writes nothing, and --quiet prints nothing at all.
        again = self.backfill(url, "--format", "json")
        self.assert_exit(again, 0)
        self.assertEqual(again.json()["rows_written"], 0)
        quiet = self.backfill(url, "--quiet")
        self.assert_exit(quiet, 0)
        self.assertEqual((quiet.stdout, quiet.stderr), ("", ""))
        self.assert_matches_oracle(url)

    # -- killed at random moments, resumed ------------------------------------------------------------
    def test_sigkill_at_random_moments_then_resume(self):
        url = self.migrated(60_000, cost_log=True)
        rng = random.Random(20261122)
        kills = 0
        for cycle in range(20):
            # Small batches, some rate-limited (mostly killed between batches), some not (mostly
            # killed inside a batch's read or transaction).
            args = ("--batch-size", "20") if cycle % 2 else ("--batch-size", "100", "--max-rate", "8000")
            process = self.start(url, *args)
            time.sleep(rng.uniform(0.08, 0.4))
            self.assertIsNone(process.poll(), f"cycle {cycle}: the run ended before it was killed")
            process.send_signal(signal.SIGKILL)
            process.communicate()
            kills += 1
            self.wait_for_sessions_to_end(url)
            run = self.last_run(url)
            if run:
                self.assertEqual(run["state"], "running", "killed runs are left as they were")
                self.assertLess(run["cursor_id"], run["last_id"], f"cycle {cycle} was not killed mid-run")
        self.assertEqual(kills, 20)
        final = self.backfill(url, "--format", "json")
        self.assert_exit(final, 0)
        summary = final.json()
        self.assertTrue(summary["resumed"])
        self.assertEqual(summary["state"], "completed")
        self.assert_matches_oracle(url)
        self.assertEqual(self.value(url, "SELECT count(*) FROM chatcost_backfill_runs"), "1", "one run, resumed")
        # No message priced twice, and every committed batch's counts went with its rows.
        writes, ids, overwritten = self.value(
            url, "SELECT count(*), count(DISTINCT id), count(old_cost) FROM cost_writes").split("|")
        self.assertEqual(writes, ids, "a message was priced twice")
        self.assertEqual(overwritten, "0", "a cost was overwritten")
        priced = self.value(url, "SELECT count(expected) FROM backfill_oracle")
        self.assertEqual(writes, priced)
        run = self.last_run(url)
        self.assertEqual(run["rows_written"], int(writes), "the run's counts disagree with the rows written")
        transactions = int(self.value(url, "SELECT count(DISTINCT txid) FROM cost_writes"))
        self.assertLessEqual(transactions, run["batches"])
        # Each priced row version was written by one of the logged batch transactions.
        self.assertEqual(self.value(url, """SELECT count(*) FROM chat_messages AS m
            WHERE m.total_cost_micros IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM cost_writes AS w WHERE w.id = m.id
                              AND w.txid % 4294967296 = m.xmin::text::bigint)"""), "0")

    # -- beside the application ---------------------------------------------------------------
    def test_application_writing_throughout_no_deadlock_no_lost_cost(self):
        url = self.migrated(30_000, cost_log=True)
        self.sql(url, "CREATE TABLE app_writes (id bigint PRIMARY KEY)")
        dbname = url.rsplit("/", 1)[1]
        writer = subprocess.Popen([self.cluster.program("psql"), "-X", "-q", "-h", self.cluster.socket_dir, "-U",
                                   "postgres", "-d", dbname], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True)
        stop = threading.Event()
        statements = [0]

        # Half of the writes go to the rows the backfill is about to read or write (just past its
        # cursor), where a race between its read and its write can actually happen.
        near_cursor = """(SELECT coalesce(max(cursor_id), 0) + 1 + floor(random() * 600)::bigint
                          FROM chatcost_backfill_runs)"""

        def write():
            rng = random.Random(7)
            while not stop.is_set():
                a, b = sorted(rng.sample(range(1, 30_000), 2))
                target = near_cursor if rng.random() < 0.5 else str(a)
                kind = rng.randrange(4)
                if kind == 0:  # the application prices a message itself
                    sql = f"""WITH u AS (UPDATE chat_messages SET total_cost_micros = -424242
                              WHERE id = {target} AND total_cost_micros IS NULL RETURNING id)
                              INSERT INTO app_writes SELECT id FROM u;"""
                elif kind == 1:  # new usage on a message not priced yet
                    sql = f"""UPDATE chat_messages SET input_tokens = coalesce(input_tokens, 0) + 1000
                              WHERE id = {target} AND total_cost_micros IS NULL;"""
                elif kind == 2:  # a new message
                    sql = f"""INSERT INTO chat_messages (chat_id, model_config_id, role, input_tokens, output_tokens)
                              VALUES ('00000000-0000-0000-0001-000000000001', '{data.config_id(1)}', 'assistant',
                                      {a}, {b});"""
                else:  # two rows locked in descending order, held a while: the far one first, so
                    # that the backfill may hold the near one and come to the far one while the
                    # application waits for the near one (a deadlock, unless the backfill gives way)
                    sql = f"""BEGIN; UPDATE chat_messages SET context_limit = context_limit + 1 WHERE id = {target} + 1200;
                              SELECT pg_sleep(0.03);
                              UPDATE chat_messages SET context_limit = context_limit + 1 WHERE id = {target};
                              SELECT pg_sleep(0.02); COMMIT;"""
                writer.stdin.write(sql + "\n")
                writer.stdin.flush()
                statements[0] += 1
                time.sleep(0.002)

        thread = threading.Thread(target=write)
        thread.start()
        try:
            time.sleep(0.3)
            result = self.backfill(url, "--batch-size", "2000", "--max-rate", "12000", "--format", "json")
        finally:
            stop.set()
            thread.join()
            writer.stdin.close()
            errors = writer.stderr.read()
            writer.stderr.close()
            writer.wait()
        self.assert_exit(result, 0)
        self.assertEqual(errors, "", "the application saw errors (a deadlock?)")
        self.assertGreater(statements[0], 200)
        summary = result.json()
        # The run's counts are what it committed: skipped writes are not counted as written.
        backfill_writes = self.value(url, "SELECT count(*) FROM cost_writes WHERE new_cost <> -424242")
        self.assertEqual(int(backfill_writes), summary["rows_written"])
        # The rows the application priced keep its cost; run again for the rows skipped meanwhile.
        self.assert_exit(self.backfill(url), 0)
        app_priced = self.value(url, "SELECT count(*) FROM app_writes")
        self.assertGreater(int(app_priced), 0)
        self.assertEqual(self.value(url, """SELECT count(*) FROM app_writes JOIN chat_messages USING (id)
            WHERE total_cost_micros IS DISTINCT FROM -424242"""), "0", "a cost written by the application was lost")
        self.assert_matches_oracle(url, "m.id NOT IN (SELECT id FROM app_writes)")
        self.assertEqual(self.value(url, """SELECT count(*) FROM (SELECT id FROM cost_writes WHERE new_cost <> -424242
            GROUP BY id HAVING count(*) > 1) AS twice"""), "0", "a message was priced twice")
        print(f"\n  writer: {statements[0]} statements; backfill skipped {summary['rows_skipped']} rows")

    # -- one at a time ------------------------------------------------------------------------------
    def test_second_backfill_exits_8_naming_the_holder_and_how_to_end_its_session(self):
        url = self.migrated(20_000)
        first = self.start(url, "--max-rate", "2000")
        try:
            time.sleep(0.3)
            at_once = self.backfill(url, "--wait-lock", "0")
            after_the_wait = self.backfill(url, "--wait-lock", "300ms")
            # The backfill lock's key, 0x63636266696c6c ("ccbfill"), as pg_locks splits it.
            holder = self.value(url, """SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
                                        AND classid = 6513506 AND objid = 1718185068""")
        finally:
            first.send_signal(signal.SIGINT)  # Ctrl-C: finishes the batch, keeps the cursor
            first.communicate()
        self.assertEqual(first.returncode, 130)
        for result, waited in ((at_once, ""), (after_the_wait, r" \(waited 300ms\)")):
            self.assert_exit(result, 8)
            lines = result.stderr.splitlines()
            self.assertEqual(len(lines), 2, result.stderr)
            self.assertRegex(lines[0], r"^chatcost: error: another backfill is running on this database: "
                                       rf"PostgreSQL backend pid {holder} \(application 'chatcost', "
                                       rf"connected since .*\) holds its lock{waited}$")
            # The pid to end when the process that held it is gone.
            self.assertRegex(lines[1], rf"^chatcost: hint: .*--wait-lock.*SELECT pg_terminate_backend\({holder}\)$")

    # -- bad data -------------------------------------------------------------------------------------
    def test_non_numeric_price_leaves_its_messages_null_and_exits_6(self):
        url = self.migrated(20_000, invalid=True)
        result = self.backfill(url, "--format", "json")
        self.assert_exit(result, 6)
        summary = result.json()
        self.assertEqual(summary["state"], "completed")
        abc = data.config_id(14)
        self.assertEqual(self.value(url, f"""SELECT count(*) FROM chat_messages WHERE model_config_id = '{abc}'
            AND total_cost_micros IS NOT NULL"""), "0")
        problems = {(p["model_config_id"], p["kind"]): p for p in summary["invalid"]}
        abc_rows = int(self.value(url, f"""SELECT count(*) FROM chat_messages WHERE model_config_id = '{abc}'
            AND num_nonnulls(input_tokens, output_tokens, reasoning_tokens, cache_read_tokens,
                             cache_creation_tokens) > 0 AND coalesce(input_tokens, 0) >= 0"""))
        self.assertEqual(problems[(abc, "config")]["rows"], abc_rows)
        self.assertIn('"abc" is not a decimal number', problems[(abc, "config")]["reason"])
        self.assertIn((data.config_id(15), "config"), problems)  # negative price
        self.assertIn((data.config_id(16), "config"), problems)  # 13 fractional digits
        # Message data: the lowest such message (id 3) has a negative token count.
        self.assertEqual(problems[(data.config_id(1), "message")]["reason"], "input_tokens is negative: -5")
        invalid = int(self.value(url, "SELECT count(*) FROM backfill_oracle WHERE invalid"))
        self.assertEqual(summary["rows_invalid"], invalid)
        self.assertEqual(sum(p["rows"] for p in summary["invalid"]), invalid)
        # Every other message is priced all the same.
        self.assert_matches_oracle(url)
        self.assertGreater(summary["rows_written"], 10_000)
        # The table format names the config and the reason; reported unchanged by the run before,
        # it is no longer a failure (the cron policy, tested below).
        again = self.backfill(url)
        self.assert_exit(again, 0)
        self.assertIn(abc, again.stdout)
        self.assertIn(f"model config {abc}: ", again.stderr)
        self.assertIn("not a new failure", again.stderr)

    # -- in cron ---------------------------------------------------------------------------------------
    def cron(self, url, *args):
        """`backfill --quiet --log-format json` as cron runs it: the result and its stderr events."""
        result = self.backfill(url, "--quiet", "--log-format", "json", *args)
        events = [json.loads(line) for line in result.stderr.splitlines()]
        return result, events

    def test_cron_a_known_bad_config_warns_a_new_one_exits_6(self):
        url = self.migrated(20_000, invalid=True)
        first, events = self.cron(url)
        self.assert_exit(first, 6)
        self.assertNotEqual(first.stdout, "", "new problems are news: the summary is printed")
        invalid = {(e["model_config_id"], e["kind"]): e for e in events if e["event"] == "backfill_invalid"}
        self.assertEqual(len(invalid), 4, events)  # configs 14, 15, 16; config 1's messages
        self.assertTrue(all(e["level"] == "warn" and e["new"] for e in invalid.values()), events)
        abc = data.config_id(14)
        self.assertIn('"abc" is not a decimal number', invalid[(abc, "config")]["reason"])
        [finished] = [e for e in events if e["event"] == "backfill_finished"]
        self.assertEqual(events[-1], finished)
        self.assertEqual((finished["exit_code"], finished["state"], finished["new_problems"]), (6, "completed", 4))
        self.assertGreater(finished["rows_written"], 10_000)
        self.assertEqual(finished["rows_invalid"], sum(e["rows"] for e in invalid.values()))

        # Five minutes later: nothing new. Exit 0, nothing on stdout, each bad config warned again.
        second, events = self.cron(url)
        self.assert_exit(second, 0)
        self.assertEqual(second.stdout, "")
        again = {(e["model_config_id"], e["kind"]): e for e in events if e["event"] == "backfill_invalid"}
        self.assertEqual(set(again), set(invalid))
        self.assertFalse(any(e["new"] for e in again.values()), events)
        [finished] = [e for e in events if e["event"] == "backfill_finished"]
        self.assertEqual((finished["exit_code"], finished["rows_written"], finished["new_problems"]), (0, 0, 0))
        # Without JSON logs, --quiet is silent altogether.
        self.assertEqual(self.backfill(url, "--quiet").__dict__, {"code": 0, "stdout": "", "stderr": ""})

        # A config that turns bad anew (edited, even to another bad price) is a failure again.
        negative = data.config_id(15)
        self.sql(url, f"""UPDATE chat_model_configs SET updated_at = now(),
            options = '{{"input_price_per_million_tokens": -7}}' WHERE id = '{negative}'""")
        third, events = self.cron(url)
        self.assert_exit(third, 6)
        self.assertIn(negative, third.stdout)
        news = {e["model_config_id"] for e in events if e["event"] == "backfill_invalid" and e["new"]}
        self.assertEqual(news, {negative})
        self.assertEqual(events[-1]["exit_code"], 6)
        # And the next run, with it unchanged, is quiet again.
        fourth, events = self.cron(url)
        self.assert_exit(fourth, 0)
        self.assertEqual(fourth.stdout, "")

    # -- recompute and dry run ---------------------------------------------------------------------------
    def test_recompute_after_a_price_change_and_dry_run_writes_nothing(self):
        url = self.migrated(20_000)
        self.assert_exit(self.backfill(url), 0)
        sonnet = data.config_id(1)
        self.sql(url, f"""UPDATE chat_model_configs SET options = jsonb_set(options,
            '{{cost,input_price_per_million_tokens}}', '"3.5"') WHERE id = '{sonnet}'""")
        before = self.value(url, TABLE_DIGEST)
        runs_before = self.value(url, "SELECT count(*) FROM chatcost_backfill_runs")
        old_total = int(self.value(url, f"SELECT sum(total_cost_micros) FROM chat_messages WHERE model_config_id = '{sonnet}'"))
        new_total = int(self.value(url, f"""SELECT sum(o.expected) FROM backfill_oracle AS o JOIN chat_messages AS m
            USING (id) WHERE m.model_config_id = '{sonnet}'"""))
        changed = int(self.value(url, f"""SELECT count(*) FROM backfill_oracle AS o JOIN chat_messages AS m USING (id)
            WHERE m.model_config_id = '{sonnet}' AND m.total_cost_micros IS DISTINCT FROM o.expected"""))
        # Every priced message of the config is written: if not its cost (no input tokens), the
        # price behind it changed (a config's prices are part of its price ref).
        repriced = int(self.value(url, f"""SELECT count(*) FROM backfill_oracle AS o JOIN chat_messages AS m
            USING (id) WHERE m.model_config_id = '{sonnet}' AND o.expected IS NOT NULL"""))
        self.assertGreater(repriced, changed)
        self.assertGreater(new_total, old_total)

        dry = self.backfill(url, "--recompute", "--dry-run", "--format", "json")
        self.assert_exit(dry, 0)
        self.assertEqual(self.value(url, TABLE_DIGEST), before, "--dry-run wrote to chat_messages")
        self.assertEqual(self.value(url, "SELECT count(*) FROM chatcost_backfill_runs"), runs_before)
        for report in (dry.json(),):
            self.assertTrue(report["dry_run"])
            self.assertIsNone(report["run_id"])
            model = {(m["provider"], m["model"]): m for m in report["by_model"]}[("anthropic", "claude-sonnet-4")]
            self.assertEqual((model["old_cost_micros"], model["new_cost_micros"]), (old_total, new_total))
            self.assertEqual(model["rows_written"], repriced)
            self.assertEqual(report["rows_written"], repriced)

        plain_dry = self.backfill(url, "--dry-run", "--format", "json")  # nothing NULL is priceable
        self.assertEqual(plain_dry.json()["rows_written"], 0)

        self.sql(url, "CREATE TABLE costs_before AS SELECT id, total_cost_micros FROM chat_messages")
        result = self.backfill(url, "--recompute", "--format", "json")
        self.assert_exit(result, 0)
        self.assert_matches_oracle(url)
        report = result.json()
        model = {(m["provider"], m["model"]): m for m in report["by_model"]}[("anthropic", "claude-sonnet-4")]
        self.assertEqual((model["old_cost_micros"], model["new_cost_micros"]), (old_total, new_total))
        self.assertEqual(report["rows_written"], repriced)
        self.assertEqual(self.value(url, """SELECT count(*) FROM chat_messages AS m JOIN costs_before AS b USING (id)
            WHERE m.total_cost_micros IS DISTINCT FROM b.total_cost_micros"""), str(changed))
        others = [m for m in report["by_model"] if m["model"] != "claude-sonnet-4"]
        self.assertTrue(all(m["rows_written"] == 0 and m["old_cost_micros"] == m["new_cost_micros"] for m in others))

    def test_recompute_within_a_range_only(self):
        url = self.migrated(20_000)
        self.assert_exit(self.backfill(url), 0)
        # Every price of config 02 doubles; only January 2 is recomputed.
        self.sql(url, f"""UPDATE chat_model_configs SET options = '{{"cost": {{"input_price_per_million_tokens": 30,
            "output_price_per_million_tokens": 150, "cache_read_price_per_million_tokens": 3,
            "cache_write_price_per_million_tokens": 37.5}}}}' WHERE id = '{data.config_id(2)}'""")
        result = self.backfill(url, "--recompute", "--since", "2025-01-01T12:00:00Z", "--until", "2025-01-02",
                               "--format", "json")
        self.assert_exit(result, 0)
        inside = "m.created_at >= '2025-01-01T12:00:00Z' AND m.created_at < '2025-01-02'"
        self.assert_matches_oracle(url, inside)
        stale = self.value(url, data.MISMATCH_SQL + f" AND NOT ({inside})")
        self.assertGreater(int(stale), 0, "messages outside the range were recomputed")
        self.assertEqual(result.json()["since"], "2025-01-01T12:00:00Z")

    # -- interrupted, resumed ------------------------------------------------------------------------------
    def test_sigterm_exits_130_and_the_next_run_resumes(self):
        url = self.migrated(30_000)
        process = self.start(url, "--max-rate", "5000", "--format", "json")
        time.sleep(1.0)
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=30)
        self.assertEqual(process.returncode, 130, stderr)
        summary = json.loads(stdout)
        self.assertEqual(summary["state"], "interrupted")
        run = self.last_run(url)
        self.assertEqual(run["state"], "interrupted")
        self.assertGreater(run["cursor_id"], 0)
        self.assertLess(run["cursor_id"], run["last_id"])
        self.assertEqual(summary["cursor_id"], run["cursor_id"])
        written_before = run["rows_written"]

        result = self.backfill(url, "--format", "json")
        self.assert_exit(result, 0)
        resumed = result.json()
        self.assertTrue(resumed["resumed"])
        self.assertEqual(resumed["run_id"], run["id"])
        self.assertEqual(resumed["state"], "completed")
        self.assert_matches_oracle(url)
        self.assertEqual(resumed["rows_written"], int(self.value(url, "SELECT count(expected) FROM backfill_oracle")))
        self.assertGreater(resumed["rows_written"], written_before)

        status = self.run_chatcost("-d", url, "--format", "json", "backfill", "status")
        self.assert_exit(status, 0)
        runs = status.json()["runs"]
        self.assertEqual(runs[0]["state"], "completed")
        self.assertEqual(runs[0]["cursor_id"], run["last_id"])
        self.assertIsNone(status.json()["running_now"])

    # -- output --------------------------------------------------------------------------------------------
    def test_json_logs_one_object_per_batch_and_event(self):
        url = self.migrated(5_000)
        result = self.backfill(url, "--batch-size", "500", "--log-format", "json", "--format", "json")
        self.assert_exit(result, 0)
        events = [json.loads(line) for line in result.stderr.splitlines()]
        names = [e["event"] for e in events]
        self.assertEqual(names[0], "backfill_started")
        batches = [e for e in events if e["event"] == "backfill_batch"]
        self.assertEqual(len(batches), result.json()["batches"])
        self.assertTrue(all(b["rows"] <= 500 for b in batches))
        self.assertEqual(batches[-1]["cursor_id"], batches[-1]["last_id"])

    def test_progress_line_on_a_terminal(self):
        url = self.migrated(20_000)
        terminal, stderr = pty.openpty()
        env = self.base_env()
        env["TERM"] = "xterm"
        process = subprocess.Popen([CHATCOST, "-d", url, "backfill", "--batch-size", "1000"], env=env,
                                   stdout=subprocess.PIPE, stderr=stderr)
        os.close(stderr)
        shown = b""
        while True:
            try:
                chunk = os.read(terminal, 4096)
            except OSError:  # EIO: the process has closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        os.close(terminal)
        stdout, _ = process.communicate()
        self.assertEqual(process.returncode, 0)
        text = shown.decode()
        self.assertRegex(text, r"\rbackfill: [\d,]+ rows, [\d,]+ written, [\d,]+ rows/s, \d+% of ids, ETA ")
        self.assertTrue(text.endswith("\r\x1b[K"), "the progress line is cleared before the report")
        self.assertIn(b"Rows written", stdout)

    def test_status_shows_a_killed_run(self):
        url = self.migrated(20_000)
        process = self.start(url, "--max-rate", "3000")
        time.sleep(0.8)
        process.send_signal(signal.SIGKILL)
        process.communicate()
        self.wait_for_sessions_to_end(url)
        status = self.run_chatcost("-d", url, "backfill", "status", "--format", "json")
        self.assert_exit(status, 0)
        runs = status.json()["runs"]
        self.assertEqual(runs[0]["state"], "killed")
        table = self.run_chatcost("-d", url, "backfill", "status")
        self.assertIn("killed", table.stdout)

    def test_needs_a_migrated_database(self):
        url = self.fresh_database()
        result = self.backfill(url)
        self.assert_exit(result, 7)
        self.assertIn("migrate up", result.stderr)

    def test_bad_flags_are_usage_errors(self):
        url = self.migrated(10)
        self.assert_exit(self.backfill(url, "--since", "2025-02-30"), 2)
        self.assert_exit(self.backfill(url, "--since", "2025-02-02", "--until", "2025-02-01"), 2)
        self.assert_exit(self.backfill(url, "--max-rate", "0"), 2)
        self.assert_exit(self.backfill(url, "--batch-size", "0"), 2)


if __name__ == "__main__":
    main()
