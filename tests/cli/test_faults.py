"""Faults: the server restarted under a backfill, locks and timeouts that outlast its retries,
and the connection cut (pg_terminate_backend) under `migrate up` and `seed apply`.

Each test proves that nothing is lost or half-done: costs equal the independent SQL oracle of
tests/harness/backfill_data.py, no message is priced twice (a trigger logs every cost write),
no migration is half-applied, no price book half-written, and a rerun completes.
"""
import json
import os
import subprocess
import time

import backfill_data as data
from clitest import CHATCOST, SOURCE_ROOT, ChatcostTestCase, main

# A cost per message as one comparable value, and the price book the same way.
COSTS_DIGEST = """SELECT md5(string_agg(id || ':' || coalesce(total_cost_micros::text, '-'), ',' ORDER BY id))
FROM chat_messages"""
# A few messages, in a schema migrated only part of the way (no cost column, no price book).
EARLY_MESSAGES = """
INSERT INTO users (id, username) VALUES ('00000000-0000-0000-0000-000000000001', 'early');
INSERT INTO chats (id, owner_id) VALUES ('00000000-0000-0000-0001-000000000001', '00000000-0000-0000-0000-000000000001');
INSERT INTO chat_messages (chat_id, role, input_tokens, output_tokens)
SELECT '00000000-0000-0000-0001-000000000001', 'assistant', i, 2 * i FROM generate_series(1, 100) AS i;
"""
BOOK_DIGEST = """SELECT md5(string_agg(concat_ws('|', provider, model, input_price, output_price, cache_read_price,
    cache_write_price, updated_at), ',' ORDER BY provider, model)) FROM ai_model_prices"""


class HeldLock:
    """A psql session that runs `statements` in an open transaction and keeps it open until
    released: the conflicting lock a test holds against chatcost."""

    def __init__(self, cluster, dbname, statements):
        self.process = subprocess.Popen(
            [cluster.program("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", cluster.socket_dir,
             "-U", "postgres", "-d", dbname],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.process.stdin.write(f"BEGIN;\n{statements}\n\\echo held\n")
        self.process.stdin.flush()
        lines = []
        while not lines or lines[-1] != "held":
            line = self.process.stdout.readline()
            if not line:  # psql ended: the statements failed
                raise RuntimeError(f"the lock was not taken: {self.process.communicate()}")
            lines.append(line.strip())

    def release(self):
        if self.process.poll() is None:
            self.process.communicate("COMMIT;\n", timeout=30)


class Faults(ChatcostTestCase):
    # -- helpers ------------------------------------------------------------------------------
    def dbname(self, url):
        return url.rsplit("/", 1)[1]

    def sql(self, url, statement):
        return self.cluster.psql(statement, self.dbname(url)).strip()

    def migrated(self, messages, to=None):
        url = self.fresh_database()
        self.assert_exit(self.run_chatcost("-q", "-d", url, "migrate", "up", *(("--to", str(to)) if to else ())), 0)
        return url

    def with_messages(self, url, messages):
        self.sql(url, data.setup_sql(messages) + data.ORACLE_SQL + data.COST_LOG_SQL)
        return url

    def hold(self, url, statements):
        holder = HeldLock(self.cluster, self.dbname(url), statements)
        self.addCleanup(holder.release)
        return holder

    def start(self, url, *args):
        process = subprocess.Popen([CHATCOST, "-d", url, *args], env=self.base_env(), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: process.poll() is None and process.kill())
        return process

    def finish(self, process, timeout=120):
        stdout, stderr = process.communicate(timeout=timeout)
        return process.returncode, stdout, stderr

    def wait_for(self, url, query, what, timeout=30):
        """Polls `query` until it returns a non-empty value; returns it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.sql(url, query)
            if value:
                return value
            time.sleep(0.02)
        self.fail(f"timed out waiting for {what}")

    def waiting_backend(self, url):
        """The pid of chatcost's backend that waits for a lock."""
        return self.wait_for(url, """SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'chatcost%'
            AND wait_event_type = 'Lock' AND datname = current_database() LIMIT 1""", "chatcost to wait for the lock")

    def last_run(self, url):
        row = self.sql(url, "SELECT row_to_json(r) FROM chatcost_backfill_runs AS r ORDER BY id DESC LIMIT 1")
        return json.loads(row) if row else None

    def events(self, stderr, name):
        lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
        return [line for line in lines if line.get("event") == name]

    def assert_exact_and_once(self, url):
        """Every message costs what the oracle says, and none was priced twice or overwritten."""
        self.assertEqual(self.sql(url, data.MISMATCH_SQL), "0", "messages whose cost differs from the oracle")
        writes, ids, overwritten = self.sql(
            url, "SELECT count(*), count(DISTINCT id), count(old_cost) FROM cost_writes").split("|")
        self.assertEqual(writes, ids, "a message was priced twice")
        self.assertEqual(overwritten, "0", "a cost was overwritten")
        self.assertEqual(writes, self.sql(url, "SELECT count(expected) FROM backfill_oracle"))

    def assert_cursor_intact(self, url):
        """What the run's row says is done is done, and nothing past its cursor was written."""
        run = self.last_run(url)
        self.assertNotEqual(run["state"], "completed")
        self.assertLess(run["cursor_id"], run["last_id"])
        self.assertEqual(self.sql(url, f"""SELECT count(*) FROM chat_messages AS m JOIN backfill_oracle AS o USING (id)
            WHERE m.id <= {run['cursor_id']} AND m.total_cost_micros IS DISTINCT FROM o.expected"""), "0",
                         "a message up to the cursor is not priced")
        self.assertEqual(self.sql(url, f"""SELECT count(*) FROM chat_messages
            WHERE id > {run['cursor_id']} AND total_cost_micros IS NOT NULL"""), "0",
                         "a message past the cursor was written")
        self.assertEqual(str(run["rows_written"]), self.sql(url, "SELECT count(*) FROM cost_writes"))
        return run

    def backfill_started(self, url, rows):
        """Waits until a running backfill has committed `rows` rows."""
        self.wait_for(url, f"""SELECT 1 FROM chatcost_backfill_runs WHERE state = 'running'
            AND rows_scanned >= {rows}""", "the backfill to get going")

    # -- the server restarted mid-backfill ----------------------------------------------------
    def test_server_restart_mid_backfill_reconnects_and_finishes(self):
        url = self.with_messages(self.migrated(0), 40_000)
        process = self.start(url, "backfill", "--batch-size", "200", "--max-rate", "12000", "--log-format", "json",
                             "--format", "json")
        self.backfill_started(url, 4_000)
        self.cluster.restart()
        code, stdout, stderr = self.finish(process)
        self.assertEqual(code, 0, stderr)
        reconnects = self.events(stderr, "backfill_reconnect")
        self.assertGreaterEqual(len(reconnects), 1, stderr)
        self.assertEqual(reconnects[0]["level"], "warn")
        self.assertGreater(reconnects[0]["cursor_id"], 0)
        summary = json.loads(stdout)
        self.assertEqual(summary["state"], "completed")
        self.assertEqual(summary["rows_written"], int(self.sql(url, "SELECT count(*) FROM cost_writes")),
                         "the summary counts every connection's batches")
        self.assertEqual(self.sql(url, "SELECT count(*) FROM chatcost_backfill_runs"), "1", "one run, resumed")
        self.assert_exact_and_once(url)

    def test_server_restart_without_reconnecting_exits_4_then_a_rerun_finishes(self):
        url = self.with_messages(self.migrated(0), 40_000)
        process = self.start(url, "backfill", "--batch-size", "200", "--max-rate", "12000", "--reconnect-for", "0")
        self.backfill_started(url, 4_000)
        self.cluster.restart()
        code, stdout, stderr = self.finish(process)
        self.assertEqual(code, 4, stderr)
        self.assertIn("lost the database connection after id", stderr)
        self.assertIn("run 'chatcost backfill' again to resume", stderr)
        run = self.assert_cursor_intact(url)
        self.assertGreater(run["cursor_id"], 0)
        rerun = self.run_chatcost("-d", url, "backfill", "--format", "json")
        self.assert_exit(rerun, 0)
        self.assertTrue(rerun.json()["resumed"])
        self.assert_exact_and_once(url)

    # -- a lock or a timeout that outlasts the retries ----------------------------------------------
    def test_lock_timeout_retried_with_backoff_then_a_clean_stop(self):
        url = self.with_messages(self.migrated(0), 5_000)
        # SHARE mode: the backfill can read, but every batch write waits, past its lock_timeout.
        holder = self.hold(url, "LOCK TABLE chat_messages IN SHARE MODE;")
        started = time.monotonic()
        result = self.run_chatcost("-d", url, "backfill", "--log-format", "json")
        took = time.monotonic() - started
        self.assert_exit(result, 5)
        retries = self.events(result.stderr, "backfill_retry")
        self.assertEqual([r["retry"] for r in retries], [1, 2, 3, 4, 5], result.stderr)
        self.assertTrue(all("55P03" in r["reason"] for r in retries), retries)
        delays = [r["delay_ms"] for r in retries]
        self.assertEqual(sorted(delays), delays, "the waits do not grow")
        self.assertGreaterEqual(took, sum(delays) / 1000)
        error = self.events(result.stderr, "error")[0]
        self.assertIn("backfill: stopped after id 0: the next batch failed 6 times in a row", error["message"])
        self.assertIn("lock timeout", error["message"])
        self.assertIn("another session holds a lock on chat_messages", error["next_step"])
        self.assertEqual(error["exit_code"], 5)
        self.assertEqual(self.sql(url, "SELECT count(*) FROM chat_messages WHERE total_cost_micros IS NOT NULL"), "0")
        self.assertEqual(self.last_run(url)["state"], "interrupted")
        holder.release()
        rerun = self.run_chatcost("-d", url, "backfill", "--format", "json")
        self.assert_exit(rerun, 0)
        self.assertTrue(rerun.json()["resumed"])
        self.assert_exact_and_once(url)

    def test_lock_released_during_the_retries_the_run_completes(self):
        url = self.with_messages(self.migrated(0), 5_000)
        holder = self.hold(url, "LOCK TABLE chat_messages IN SHARE MODE;")
        process = self.start(url, "backfill", "--log-format", "json", "--format", "json")
        seen = []
        while not any('"backfill_retry"' in line for line in seen):
            line = process.stderr.readline()
            self.assertTrue(line, f"the backfill ended without a retry: {seen}")
            seen.append(line)
        holder.release()
        code, stdout, stderr = self.finish(process)
        self.assertEqual(code, 0, stderr)
        self.assertEqual(json.loads(stdout)["state"], "completed")
        self.assert_exact_and_once(url)

    def test_a_rerun_right_after_sigkill_waits_for_the_killed_runs_session(self):
        """SIGKILL ends the process, not its server session: a session busy in a statement (here
        the run's first read, waiting for a table lock a DDL holds) holds the backfill lock until the
        statement ends. A run started at once waits for it (--wait-lock, 2 s by default) instead of
        exiting 8."""
        url = self.with_messages(self.migrated(0), 5_000)
        holder = self.hold(url, "LOCK TABLE chat_messages IN ACCESS EXCLUSIVE MODE;")
        first = self.start(url, "backfill")
        killed_backend = self.waiting_backend(url)
        first.kill()
        first.communicate()
        rerun = self.start(url, "backfill", "--format", "json")
        # The killed run's session lives on until its write gives up (lock_timeout, 1 s).
        self.assertEqual(self.sql(url, f"SELECT count(*) FROM pg_stat_activity WHERE pid = {killed_backend}"), "1")
        self.wait_for(url, f"SELECT 1 WHERE NOT EXISTS (SELECT FROM pg_stat_activity WHERE pid = {killed_backend})",
                      "the killed run's session to end")
        holder.release()
        code, stdout, stderr = self.finish(rerun)
        self.assertEqual(code, 0, stderr)
        self.assertEqual(json.loads(stdout)["state"], "completed")
        self.assert_exact_and_once(url)

    def test_statement_timeout_retried_smaller_then_a_clean_stop(self):
        url = self.with_messages(self.migrated(0), 2_000)
        # A slow trigger: every row written takes 300 ms, more than a whole batch's time budget.
        self.sql(url, """CREATE FUNCTION slow_write() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_sleep(0.3); RETURN NEW; END $$;
            CREATE TRIGGER slow_write BEFORE UPDATE OF total_cost_micros ON chat_messages
            FOR EACH ROW EXECUTE FUNCTION slow_write();""")
        quiet_for_cron = self.run_chatcost("-d", url, "backfill")
        self.assert_exit(quiet_for_cron, 5)
        self.assertNotIn("retry", quiet_for_cron.stderr, "retries are no news for cron, only the stop is")
        result = self.run_chatcost("-v", "-d", url, "backfill")
        self.assert_exit(result, 5)
        self.assertEqual(result.stderr.count("chatcost: the batch after id 0 failed: canceling statement due to "
                                             "statement timeout (SQLSTATE 57014); retry"), 5, result.stderr)
        self.assertIn("error: backfill: stopped after id 0: the next batch failed 6 times in a row", result.stderr)
        self.assertIn("even the smallest batch ran past its time limit", result.stderr)
        self.assertEqual(self.sql(url, "SELECT count(*) FROM chat_messages WHERE total_cost_micros IS NOT NULL"), "0")
        self.sql(url, "DROP TRIGGER slow_write ON chat_messages")
        self.assert_exit(self.run_chatcost("-q", "-d", url, "backfill"), 0)
        self.assert_exact_and_once(url)

    # -- the connection cut under migrate up and seed apply ------------------------------------------
    def applied_versions(self, url):
        return self.sql(url, "SELECT string_agg(version::text, ',' ORDER BY version) FROM chatcost_schema_migrations")

    def test_migrate_up_terminated_in_a_transactional_migration(self):
        url = self.migrated(0, to=3)
        self.sql(url, EARLY_MESSAGES)
        before = self.applied_versions(url)
        # 0004 adds the cost column: its ALTER TABLE waits for this reader's lock.
        holder = self.hold(url, "LOCK TABLE chat_messages IN ACCESS SHARE MODE;")
        process = self.start(url, "migrate", "up", "--lock-timeout", "60s")
        pid = self.waiting_backend(url)
        self.sql(url, f"SELECT pg_terminate_backend({pid})")
        code, stdout, stderr = self.finish(process)
        self.assertEqual(code, 4, stderr)
        self.assertIn("lost the database connection", stderr)
        holder.release()
        self.assertEqual(self.applied_versions(url), before, "a migration was recorded")
        self.assertEqual(self.sql(url, """SELECT count(*) FROM information_schema.columns
            WHERE table_name = 'chat_messages' AND column_name = 'total_cost_micros'"""), "0",
                         "0004 is half-applied")
        status = self.run_chatcost("-d", url, "migrate", "status", "--format", "json")
        self.assertNotIn("failed", status.stdout)
        rerun = self.run_chatcost("-d", url, "migrate", "up")
        self.assert_exit(rerun, 0)
        self.assert_exit(self.run_chatcost("-d", url, "migrate", "status", "--check"), 0)
        self.assertEqual(self.sql(url, "SELECT count(*) FROM chat_messages"), "100")

    def test_migrate_up_terminated_while_building_an_index_concurrently(self):
        url = self.migrated(0, to=4)
        self.sql(url, EARLY_MESSAGES)
        # 0005 builds its indexes CONCURRENTLY: the build waits for this open writer.
        holder = self.hold(url, "UPDATE chat_messages SET role = role WHERE id = 1;")
        process = self.start(url, "migrate", "up", "--lock-timeout", "60s")
        pid = self.waiting_backend(url)
        self.wait_for(url, "SELECT 1 FROM pg_index WHERE NOT indisvalid", "the INVALID index of the build")
        self.sql(url, f"SELECT pg_terminate_backend({pid})")
        code, stdout, stderr = self.finish(process)
        self.assertEqual(code, 4, stderr)
        holder.release()
        self.assertEqual(self.applied_versions(url), "1,2,3,4")
        self.assertEqual(self.sql(url, "SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "1",
                         "the cut build leaves its INVALID index behind")
        rerun = self.run_chatcost("-v", "-d", url, "migrate", "up")
        self.assert_exit(rerun, 0)
        self.assertIn("dropping INVALID index", rerun.stderr)
        self.assertEqual(self.sql(url, "SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "0")
        self.assert_exit(self.run_chatcost("-d", url, "migrate", "status", "--check"), 0)

    def test_seed_apply_terminated_leaves_the_book_as_it_was(self):
        url = self.migrated(0)
        self.assert_exit(self.run_chatcost("-q", "-d", url, "seed", "apply"), 0)
        with open(os.path.join(SOURCE_ROOT, "seed", "ai_model_prices.json"), encoding="utf-8") as file:
            book = json.load(file)
        # Every price doubled and a model added: a new book that changes every row.
        for entry in book:
            for key, value in list(entry.items()):
                if key.endswith("_price") and value is not None:
                    entry[key] = value * 2
        book.append(dict(book[0], model="added-model"))
        path = os.path.join(self.scratch, "doubled.json")
        with open(path, "w", encoding="utf-8") as out:
            json.dump(book, out)
        before = self.sql(url, BOOK_DIGEST)
        first = book[0]
        holder = self.hold(url, f"""SELECT 1 FROM ai_model_prices WHERE provider = '{first['provider']}'
            AND model = '{first['model']}' FOR UPDATE;""")
        process = self.start(url, "seed", "apply", "--file", path)
        pid = self.waiting_backend(url)
        self.sql(url, f"SELECT pg_terminate_backend({pid})")
        code, stdout, stderr = self.finish(process)
        self.assertEqual(code, 4, stderr)
        holder.release()
        self.assertEqual(self.sql(url, BOOK_DIGEST), before, "the price book was half-written")
        rerun = self.run_chatcost("-d", url, "seed", "apply", "--file", path, "--format", "json")
        self.assert_exit(rerun, 0)
        prices = self.sql(url, f"""SELECT input_price FROM ai_model_prices WHERE provider = '{first['provider']}'
            AND model = 'added-model'""")
        self.assertEqual(prices, str(first["input_price"]) if first["input_price"] is not None else "")
        again = self.run_chatcost("-d", url, "seed", "apply", "--file", path, "--dry-run", "--format", "json")
        self.assert_exit(again, 0)


if __name__ == "__main__":
    main()
