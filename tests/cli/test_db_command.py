"""`chatcost db status|url` against a real server, through every resolution branch."""
import urllib.parse

from clitest import ChatcostTestCase, main


class DbStatus(ChatcostTestCase):
    def status(self, *args, env=None):
        result = self.run_chatcost("--format", "json", "db", "status", *args, env=env)
        self.assert_exit(result, 0)
        return result.json()

    def test_flag(self):
        report = self.status("-d", self.cluster.url())
        self.assertEqual(report["source"], "flag")
        self.assertEqual(report["chosen_by"], "--database")
        self.assertTrue(report["server_version"].startswith("15"), report)
        self.assertEqual(report["database_name"], "postgres")
        self.assertEqual(report["schema"], "not migrated")
        self.assertIsNone(report["schema_version"])
        self.assertNotIn("embedded", report)

    def test_flag_beats_environment(self):
        other = self.fresh_database("flag_wins")
        env = self.base_env()
        env["CHATCOST_DATABASE_URL"] = self.cluster.url("postgres")
        env["DATABASE_URL"] = self.cluster.url("postgres")
        report = self.status("-d", other, env=env)
        self.assertEqual(report["database_name"], "flag_wins")

    def test_chatcost_database_url_beats_database_url(self):
        mine = self.fresh_database("chatcost_env")
        env = self.base_env()
        env["CHATCOST_DATABASE_URL"] = mine
        env["DATABASE_URL"] = self.cluster.url("postgres")
        env["PGHOST"] = "/nonexistent"
        report = self.status(env=env)
        self.assertEqual(report["source"], "chatcost_env")
        self.assertEqual(report["chosen_by"], "CHATCOST_DATABASE_URL")
        self.assertEqual(report["database_name"], "chatcost_env")

    def test_database_url_beats_libpq_variables(self):
        mine = self.fresh_database("database_url")
        env = self.base_env()
        env["DATABASE_URL"] = mine
        env["PGHOST"] = "/nonexistent"
        report = self.status(env=env)
        self.assertEqual(report["source"], "database_url_env")
        self.assertEqual(report["database_name"], "database_url")

    def test_libpq_variables(self):
        self.fresh_database("from_pg_vars")
        env = self.base_env()
        env.update(PGHOST=self.cluster.socket_dir, PGUSER="postgres", PGDATABASE="from_pg_vars")
        report = self.status(env=env)
        self.assertEqual(report["source"], "libpq_env")
        self.assertEqual(report["chosen_by"], "PGHOST, PGDATABASE, PGUSER")
        self.assertEqual(report["database_name"], "from_pg_vars")

    def test_libpq_service_file(self):
        self.fresh_database("from_service")
        service_file = f"{self.scratch}/pg_service.conf"
        with open(service_file, "w", encoding="utf-8") as f:
            f.write(f"[ledger]\nhost={self.cluster.socket_dir}\nuser=postgres\ndbname=from_service\n")
        env = self.base_env()
        env.update(PGSERVICEFILE=service_file, PGSERVICE="ledger")
        report = self.status(env=env)
        self.assertEqual(report["chosen_by"], "PGSERVICE")
        self.assertEqual(report["database_name"], "from_service")

    def test_table_output_is_aligned_and_plain_when_not_a_tty(self):
        result = self.run_chatcost("-d", self.cluster.url(), "db", "status")
        self.assert_exit(result, 0)
        self.assertNotIn("\x1b", result.stdout)
        lines = [l for l in result.stdout.splitlines() if ":" in l]
        self.assertTrue(any(l.startswith("Database") for l in lines), result.stdout)
        self.assertIn("not migrated", result.stdout)

    def test_csv_output(self):
        result = self.run_chatcost("-d", self.cluster.url(), "--format", "csv", "db", "status")
        self.assert_exit(result, 0)
        self.assertTrue(result.stdout.startswith("key,value"), result.stdout)
        self.assertIn("chosen_by,--database", result.stdout)

    def test_verbose_trace_masks_password(self):
        # trust authentication ignores the password, so the connection succeeds
        url = self.cluster.url(password="pa55-w0rd-never-shown")
        result = self.run_chatcost("-v", "-d", url, "db", "status")
        self.assert_exit(result, 0)
        self.assertIn("connecting to", result.stderr)
        self.assertIn(":****@", result.stderr + result.stdout)
        self.assertNotIn("pa55-w0rd-never-shown", result.stderr + result.stdout)

    def test_global_options_after_the_command(self):
        result = self.run_chatcost("db", "status", "-d", self.cluster.url(), "--format", "json")
        self.assert_exit(result, 0)
        self.assertEqual(result.json()["chosen_by"], "--database")


class DbStop(ChatcostTestCase):
    def test_stop_with_a_database_flag_says_it_stops_only_the_embedded_one(self):
        result = self.run_chatcost("-d", self.cluster.url(), "db", "stop")
        self.assert_exit(result, 0)
        self.assertIn("chatcost: warning: db stop stops only the embedded database; ", result.stderr)
        self.assertIn("(--database) is not chatcost's to stop", result.stderr)
        # The server of -d runs on.
        self.assert_exit(self.run_chatcost("-d", self.cluster.url(), "db", "status"), 0)


class DbUrl(ChatcostTestCase):
    def test_url_of_configured_database_is_masked(self):
        url = self.cluster.url(password="hidden-pass-123")
        result = self.run_chatcost("-d", url, "db", "url")
        self.assert_exit(result, 0)
        self.assertNotIn("hidden-pass-123", result.stdout)
        self.assertIn(urllib.parse.quote(self.cluster.socket_dir, safe=""), result.stdout)


if __name__ == "__main__":
    main()
