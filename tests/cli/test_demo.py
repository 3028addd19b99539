"""chatcost demo: migrate, seed, sample, backfill and reports in one command, on the embedded
database (another one only with --force, and only when empty or holding an earlier sample)."""
import json
import os
import subprocess
import tempfile
import time

from clitest import ChatcostTestCase, main
from pg_cluster import find_bindir


class Demo(ChatcostTestCase):
    def demo(self, url, *args, env=None):
        return self.run_chatcost("-d", url, "--format", "json", "demo", "--force", *args, env=env, timeout=300)

    def scalar(self, url, sql):
        return self.cluster.psql(sql, url.rsplit("/", 1)[1])

    def test_refuses_a_database_that_is_not_the_embedded_one_and_writes_nothing(self):
        url = self.fresh_database()
        result = self.run_chatcost("-d", url, "demo", "--messages", "100")
        self.assert_exit(result, 2)
        self.assertIn("not the embedded one", result.stderr)
        self.assertIn("chosen by --database", result.stderr)
        self.assertIn("chatcost: hint:", result.stderr)
        self.assertIn("--force", result.stderr)
        self.assertEqual(result.stdout, "")
        env = self.base_env()
        env["CHATCOST_DATABASE_URL"] = url
        result = self.run_chatcost("demo", env=env)
        self.assert_exit(result, 2)
        self.assertIn("CHATCOST_DATABASE_URL", result.stderr)
        self.assertEqual(self.scalar(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0")

    def test_loads_prices_and_reports_the_sample(self):
        url = self.fresh_database()
        result = self.demo(url, "--messages", "4000", "--users", "9", "--seed", "3")
        self.assert_exit(result, 0)
        report = result.json()
        self.assertEqual((report["users"], report["model_configs"], report["messages"], report["seed"]),
                         (9, 8, 4000, 3))
        self.assertEqual(report["chats"], 100)
        self.assertFalse(report["replaced_earlier_sample"])
        self.assertTrue(report["backfill_completed"])
        db = url.rsplit("/", 1)[1]
        psql = self.cluster.psql
        self.assertEqual(report["messages"], int(psql("SELECT count(*) FROM chat_messages", db)))
        self.assertEqual(report["rows_priced"],
                         int(psql("SELECT count(*) FROM chat_messages WHERE total_cost_micros IS NOT NULL", db)))
        # The lines add up to the messages: the rest are prompts and replies without usage.
        self.assertEqual(report["messages_without_usage"],
                         report["messages"] - report["rows_priced"] - report["rows_unpriced"] - report["rows_invalid"])
        self.assertEqual(report["messages_without_usage"], int(psql(
            "SELECT count(*) FROM chat_messages WHERE role <> 'assistant' OR (input_tokens IS NULL AND "
            "output_tokens IS NULL AND reasoning_tokens IS NULL AND cache_read_tokens IS NULL AND "
            "cache_creation_tokens IS NULL)", db)))
        # The deliberate typo "2,00" is found, named, and leaves only its own messages unpriced.
        self.assertGreater(report["rows_invalid"], 0)
        [invalid] = report["invalid_prices"]
        self.assertIn('"2,00"', invalid["reason"])
        self.assertEqual(invalid["rows"], report["rows_invalid"])
        explained = self.run_chatcost("-d", url, "--format", "json", "explain", str(invalid["first_message_id"]))
        self.assert_exit(explained, 6)
        self.assertEqual(explained.json()["status"], "invalid")

        # The rollup is the one `chatcost rollup` prints over the sample's range, heaviest first.
        rollup = report["rollup"]
        self.assertEqual((rollup["by"], rollup["limit"], rollup["total_count"]), ("user", 10, 9))
        costs = [row["cost_micros"] for row in rollup["users"]]
        self.assertEqual(costs, sorted(costs, reverse=True))
        stored = psql("SELECT sum(total_cost_micros) FROM chat_messages WHERE role = 'assistant'", db)
        self.assertEqual(rollup["users_totals"]["cost_micros"], int(stored))
        since = rollup["range"]["since"][:10]
        again = self.run_chatcost("-d", url, "--format", "json", "rollup", "--since", since)
        self.assert_exit(again, 0)
        self.assertEqual(again.json()["users_totals"], rollup["users_totals"])
        # The summary is the heaviest user's, and agrees with the rollup's row.
        heaviest = report["heaviest_user"]
        self.assertEqual(heaviest["username"], rollup["users"][0]["username"])
        self.assertEqual(heaviest["cost_micros"], rollup["users"][0]["cost_micros"])
        self.assertLessEqual(len(heaviest["by_chat"]), 10)

        # Every price form shows up as the money rules say.
        models = self.run_chatcost("-d", url, "--format", "json", "rollup", "--by", "model", "--since", since,
                                   "--limit", "0").json()["models"]
        by_model = {row["model"]: row for row in models}
        self.assertEqual(by_model["llama-3.1-8b-instruct"]["cost_micros"], 0)  # free, and priced
        self.assertIsNone(by_model["mystery-1"]["cost_micros"])                 # no price anywhere
        self.assertIsNone(by_model["o3"]["cost_micros"])                        # the bad price
        self.assertGreater(by_model["gpt-4o-mini"]["cost_micros"], 0)           # the price book's
        for model in ("claude-sonnet-4-20250514", "gpt-4o", "claude-3-5-haiku-20241022", "claude-opus-4-20250514"):
            self.assertGreater(by_model[model]["cost_micros"], 0, model)
            self.assertEqual(by_model[model]["unpriced_messages"], 0, model)

    def test_the_same_seed_gives_the_same_sample(self):
        first, second, other = (self.fresh_database(f"seed_{n}") for n in ("a", "b", "c"))
        totals = []
        for url, seed in ((first, "11"), (second, "11"), (other, "12")):
            result = self.demo(url, "--messages", "3000", "--users", "6", "--seed", seed)
            self.assert_exit(result, 0)
            rollup = result.json()["rollup"]
            totals.append((rollup["users_totals"], [(u["user_id"], u["cost_micros"]) for u in rollup["users"]]))
        self.assertEqual(totals[0], totals[1])
        self.assertNotEqual(totals[0], totals[2])

    def test_a_second_run_replaces_its_own_sample(self):
        url = self.fresh_database()
        self.assert_exit(self.demo(url, "--messages", "2000", "--users", "5"), 0)
        again = self.demo(url, "--messages", "2000", "--users", "5")
        self.assert_exit(again, 0)
        self.assertTrue(again.json()["replaced_earlier_sample"])
        db = url.rsplit("/", 1)[1]
        self.assertEqual(self.cluster.psql("SELECT count(*) FROM users", db), "5")
        self.assertEqual(self.cluster.psql("SELECT count(*) FROM chat_messages", db), "2000")

    def test_refuses_a_database_with_other_data_and_leaves_it_alone(self):
        url = self.fresh_database()
        self.assert_exit(self.run_chatcost("-d", url, "migrate", "up"), 0)
        db = url.rsplit("/", 1)[1]
        self.cluster.psql("INSERT INTO users (username, email) VALUES ('ana', 'ana@example.com')", db)
        result = self.demo(url, "--messages", "2000")
        self.assert_exit(result, 2)
        self.assertIn("not the demo's", result.stderr)
        self.assertIn("chatcost: hint: run the demo on a fresh embedded database: XDG_DATA_HOME=", result.stderr)
        self.assertEqual(self.cluster.psql("SELECT string_agg(username, ',') FROM users", db), "ana")
        self.assertEqual(self.cluster.psql("SELECT count(*) FROM chat_model_configs", db), "0")

    def test_bad_flags_are_usage_errors(self):
        url = self.fresh_database()
        for args in (["--messages", "1"], ["--messages", "1000001"], ["--users", "0"], ["--seed", "x"]):
            result = self.demo(url, *args)
            self.assert_exit(result, 2)
            self.assertIn("chatcost: hint:", result.stderr)

    def test_table_output_shows_the_reports_under_their_commands(self):
        url = self.fresh_database()
        result = self.run_chatcost("-d", url, "demo", "--force", "--messages", "2000", "--users", "4")
        self.assert_exit(result, 0)
        for text in ("Messages:", "Model configs with an invalid price", "chatcost rollup --by user\n=====",
                     "chatcost summary --user ", "By root chat", "Unpriced models"):
            self.assertIn(text, result.stdout)
        self.assertNotIn("\x1b", result.stdout + result.stderr)
        # CSV is one list: the rollup's users.
        csv = self.run_chatcost("-d", url, "--format", "csv", "demo", "--force", "--messages", "2000", "--users", "4")
        self.assert_exit(csv, 0)
        lines = csv.stdout.splitlines()
        self.assertTrue(lines[0].startswith("user_id,username,name,cost_micros,"), lines[0])
        self.assertEqual(len(lines), 5)

    def test_the_default_sample_takes_seconds(self):
        url = self.fresh_database()
        started = time.monotonic()
        result = self.demo(url)
        elapsed = time.monotonic() - started
        self.assert_exit(result, 0)
        report = result.json()
        self.assertEqual((report["messages"], report["users"]), (100_000, 40))
        print(f"\nchatcost demo, 100,000 messages: {elapsed:.1f} s (its own count: {report['elapsed_seconds']} s)")
        # "A few seconds" on a developer machine; generous here, for a loaded CI runner.
        self.assertLess(elapsed, 60)


class EmbeddedDemo(ChatcostTestCase):
    needs_server = False

    def setUp(self):
        self.xdg = tempfile.mkdtemp(prefix="xdg-", dir=self.scratch)
        self.env = self.base_env(self.xdg)

    def tearDown(self):
        data = os.path.join(self.xdg, "chatcost", "postgres", "data")
        if os.path.exists(os.path.join(data, "postmaster.pid")):
            self.run_chatcost("db", "stop", env=self.env)
        if os.path.exists(os.path.join(data, "postmaster.pid")):
            subprocess.run([os.path.join(find_bindir(), "pg_ctl"), "stop", "-D", data, "-m", "immediate"],
                           capture_output=True, check=False)

    def test_runs_on_the_embedded_database_without_force(self):
        result = self.run_chatcost("--format", "json", "demo", "--messages", "2000", "--users", "3", env=self.env,
                                   timeout=300)
        self.assert_exit(result, 0)
        report = result.json()
        self.assertIn("the embedded database", report["database"])
        self.assertEqual(report["messages"], 2000)
        self.assertEqual(report["rollup"]["total_count"], 3)
        status = json.loads(self.run_chatcost("--format", "json", "db", "status", env=self.env).stdout)
        self.assertEqual(status["schema"], f"up to date (version {report['schema_version']})")


if __name__ == "__main__":
    main()
