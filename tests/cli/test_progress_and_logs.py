"""Long runs (backfill, demo) on stderr: a progress line on a terminal, nothing in cron, and with
--log-format json one JSON object per line whose first keys are ts, level and event."""
import datetime
import json
import re

from clitest import ChatcostTestCase, main
from terminal_run import run_on_terminal

RFC3339_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$")
LEVELS = {"debug", "info", "warn", "error"}

MESSAGES_SQL = """
INSERT INTO users (id, username) VALUES ('00000000-0000-4000-8000-000000000001', 'ana');
INSERT INTO chats (id, owner_id) VALUES ('00000000-0000-4000-8000-000000000002',
                                         '00000000-0000-4000-8000-000000000001');
INSERT INTO chat_model_configs (id, provider, model, options) VALUES
  ('00000000-0000-4000-8000-000000000003', 'anthropic', 'claude-sonnet-4',
   '{"cost": {"input_price_per_million_tokens": "3", "output_price_per_million_tokens": "15"}}');
INSERT INTO chat_messages (chat_id, model_config_id, role, input_tokens, output_tokens)
SELECT '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003', 'assistant',
       100 + mod(n, 1000), 10 + mod(n, 300)
FROM generate_series(1, %d) AS n;
"""


class ProgressAndLogs(ChatcostTestCase):
    def with_messages(self, count):
        """A migrated database with `count` messages to price, all of them valid."""
        url = self.fresh_database()
        self.assert_exit(self.run_chatcost("-d", url, "migrate", "up"), 0)
        self.cluster.psql(MESSAGES_SQL % count, url.rsplit("/", 1)[1])
        return url

    def json_lines(self, stderr):
        """Every line of stderr as a JSON object, checked for the fixed keys."""
        lines = stderr.splitlines()
        self.assertTrue(lines, "no log lines at all")
        records = []
        for line in lines:
            record = json.loads(line)  # fails on any line that is not JSON
            self.assertIsInstance(record, dict, line)
            self.assertEqual(list(record)[:3], ["ts", "level", "event"], line)
            self.assertRegex(record["ts"], RFC3339_UTC, line)
            datetime.datetime.fromisoformat(record["ts"].replace("Z", "+00:00"))
            self.assertIn(record["level"], LEVELS, line)
            self.assertRegex(record["event"], r"^[a-z][a-z_]*$", line)
            records.append(record)
        return records

    def terminal_env(self, **extra):
        env = self.base_env()
        env["TERM"] = "xterm"
        env.update(extra)
        return env

    # -- backfill ------------------------------------------------------------------
    def test_backfill_json_logs_have_fixed_keys_and_the_figures(self):
        url = self.with_messages(3000)
        result = self.run_chatcost("-d", url, "backfill", "--batch-size", "1000", "--log-format", "json")
        self.assert_exit(result, 0)
        records = self.json_lines(result.stderr)
        self.assertEqual(records[0]["event"], "backfill_started")
        batches = [r for r in records if r["event"] == "backfill_batch"]
        self.assertEqual(len(batches), 3)
        for key in ("rows", "written", "cursor_id", "last_id", "rows_per_second"):
            self.assertIsInstance(batches[-1][key], int, key)
        self.assertEqual(batches[-1]["rows_written"], 3000)
        self.assertNotIn("\x1b", result.stdout + result.stderr)
        finished = records[-1]
        self.assertEqual((finished["event"], finished["level"]), ("backfill_finished", "info"))
        self.assertEqual((finished["exit_code"], finished["rows_written"], finished["rows_scanned"]), (0, 3000, 3000))

    def test_backfill_in_cron_json_logs_one_closing_event_and_nothing_on_stdout(self):
        url = self.with_messages(1500)
        first = self.run_chatcost("-d", url, "backfill", "--quiet", "--log-format", "json")
        self.assert_exit(first, 0)
        self.assertIn("1,500", first.stdout, "something new: the summary")
        [finished] = self.json_lines(first.stderr)  # --quiet: no batch events, but the closing one
        self.assertEqual((finished["event"], finished["exit_code"], finished["rows_written"]),
                         ("backfill_finished", 0, 1500))
        again = self.run_chatcost("-d", url, "backfill", "--quiet", "--log-format", "json")
        self.assert_exit(again, 0)
        self.assertEqual(again.stdout, "", "nothing new was priced")
        [finished] = self.json_lines(again.stderr)
        self.assertEqual((finished["event"], finished["exit_code"], finished["rows_written"]),
                         ("backfill_finished", 0, 0))
        for key in ("run_id", "state", "rows_scanned", "rows_priced", "rows_unpriced", "rows_invalid",
                    "rows_skipped", "problems", "new_problems", "batches", "elapsed_ms"):
            self.assertIn(key, finished)

    def test_backfill_is_silent_on_stderr_without_a_terminal(self):
        url = self.with_messages(2000)
        result = self.run_chatcost("-d", url, "backfill")
        self.assert_exit(result, 0)
        self.assertEqual(result.stderr, "")
        self.assertIn("Rows written", result.stdout)
        # And in cron, with --quiet and nothing left to do, silent on stdout too.
        again = self.run_chatcost("-d", url, "backfill", "--quiet")
        self.assert_exit(again, 0)
        self.assertEqual((again.stdout, again.stderr), ("", ""))

    def test_backfill_shows_progress_on_a_terminal(self):
        url = self.with_messages(20000)
        result = run_on_terminal(["-d", url, "backfill", "--batch-size", "2000"], self.terminal_env(), stdout=False)
        self.assertEqual(result.code, 0, result)
        self.assertRegex(result.terminal, rb"\rbackfill: [\d,]+ rows, [\d,]+ written, [\d,]+ rows/s")
        self.assertNotIn(b"\x1b", result.stdout)
        # --quiet at a terminal: no progress line either.
        quiet = run_on_terminal(["-d", self.with_messages(2000), "-q", "backfill"], self.terminal_env(), stdout=False)
        self.assertEqual((quiet.code, quiet.terminal), (0, b""), quiet)

    # -- demo ----------------------------------------------------------------------
    def test_demo_json_logs_have_fixed_keys_and_every_step(self):
        url = self.fresh_database()
        result = self.run_chatcost("-d", url, "--log-format", "json", "demo", "--force", "--messages", "6000")
        self.assert_exit(result, 0)
        records = self.json_lines(result.stderr)
        events = [r["event"] for r in records]
        steps = [e for e in events if e != "backfill_batch"]
        self.assertEqual(steps, ["demo_migrated", "demo_price_book", "demo_sample_loaded", "backfill_started",
                                 "demo_finished"])
        self.assertIn("backfill_batch", events)
        by_event = {r["event"]: r for r in records}
        self.assertEqual(by_event["demo_sample_loaded"]["messages"], 6000)
        self.assertGreater(by_event["demo_migrated"]["applied"], 0)
        self.assertGreater(by_event["demo_price_book"]["inserted"], 0)
        self.assertIsInstance(by_event["demo_finished"]["elapsed_ms"], int)

    def test_demo_is_silent_on_stderr_without_a_terminal(self):
        url = self.fresh_database()
        result = self.run_chatcost("-d", url, "demo", "--force", "--messages", "3000")
        self.assert_exit(result, 0)
        self.assertEqual(result.stderr, "")

    def test_demo_shows_its_steps_and_progress_on_a_terminal(self):
        url = self.fresh_database()
        result = run_on_terminal(["-d", url, "demo", "--force", "--messages", "30000"], self.terminal_env(),
                                 stdout=False)
        self.assertEqual(result.code, 0, result)
        shown = result.terminal.decode()
        for text in ("\rloading the sample: 10,000 of 30,000 messages", "chatcost: schema at version",
                     "chatcost: price book: ", "chatcost: sample loaded: ", "\rbackfill: ",
                     "chatcost: demo done in ", "chatcost:   chatcost summary --user "):
            self.assertIn(text, shown)
        self.assertIn(b"chatcost rollup --by user", result.stdout)

    def test_demo_says_what_to_try_after_its_report(self):
        url = self.fresh_database()
        result = run_on_terminal(["-d", url, "demo", "--force", "--messages", "3000"], self.terminal_env())
        self.assertEqual(result.code, 0, result)
        shown = result.terminal.decode()
        # stdout and stderr on one terminal: the hints come last, where they do not scroll away.
        self.assertLess(shown.index("chatcost rollup --by user"), shown.index("next, try:"))
        self.assertGreater(shown.index("next, try:"), shown.rindex("Unpriced models"))
        self.assertTrue(shown.rstrip().endswith("man chatcost"), shown[-400:])

    def test_errors_are_json_lines_too(self):
        url = self.fresh_database()
        result = self.run_chatcost("-d", url, "--log-format", "json", "summary", "--user", "ana")
        self.assert_exit(result, 7)
        [record] = self.json_lines(result.stderr)
        self.assertEqual((record["level"], record["event"], record["exit_code"]), ("error", "error", 7))
        self.assertIn("migrate up", record["next_step"])


if __name__ == "__main__":
    main()
