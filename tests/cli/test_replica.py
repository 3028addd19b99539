"""chatcost against a hot standby (issue 17 item 3): a real streaming replica of the harness's
server (pg_basebackup -R over the socket). Every reading command gives on the standby, once it has
replayed, the same JSON as on the primary; every writing command refuses at once, exit 5, and says
to point it at the primary, and the standby's data is unchanged."""
import backfill_data as data
from clitest import ChatcostTestCase, main

JANUARY = ("--since", "2025-01-01", "--until", "2025-02-01")

# The reading commands, with what they read.
READS = [
    ("summary", "--user", "user2", *JANUARY),
    ("summary", "--user", "user7", *JANUARY, "--timezone", "America/New_York"),
    ("rollup", *JANUARY),
    ("rollup", "--by", "day", *JANUARY),
    ("rollup", "--by", "month", *JANUARY),
    ("rollup", "--by", "model", *JANUARY),
    ("rollup", "--by", "provider", *JANUARY),
    ("explain", "11"),
    ("explain", "1234"),
    ("prices", "list"),
    ("migrate", "status", "--check"),
    ("backfill", "status"),
    ("budget", "list"),
    ("budget", "check", "--all", "--at", "2025-01-20"),
    # Dry runs write nothing, so they work on a standby too.
    ("migrate", "up", "--dry-run"),
    ("seed", "apply", "--dry-run"),
]

# The writing commands: each must refuse on a standby before doing any work.
WRITES = [
    ("migrate", "up"),
    ("migrate", "up", "--adopt"),
    ("migrate", "down"),
    ("seed", "apply"),
    ("backfill",),
    ("backfill", "--recompute"),
    ("prices", "set", "acme/new-1", "--input-price", "1", "--output-price", "2"),
    ("prices", "unset", "openai/gpt-4.1"),
    ("budget", "set", "--default", "5"),
    ("budget", "unset", "--default"),
    ("demo", "--force"),
]


class Replica(ChatcostTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.standby = cls.cluster.start_standby()
        cls.primary_url = cls.cluster.create_database("replica")
        cls.standby_url = cls.standby.url("replica")
        case = ChatcostTestCase("run")  # only to borrow run_chatcost's clean environment
        case.scratch = cls.scratch
        for args in (("migrate", "up"), ("seed", "apply"), ("budget", "set", "--default", "1000")):
            result = case.run_chatcost("-q", "-d", cls.primary_url, *args)
            assert result.code == 0, repr(result)
        cls.cluster.psql(data.setup_sql(2000), "replica")
        result = case.run_chatcost("-q", "-d", cls.primary_url, "backfill")
        assert result.code == 0, repr(result)
        cls.cluster.wait_for_replay(cls.standby)

    @classmethod
    def tearDownClass(cls):
        cls.standby.stop()
        super().tearDownClass()

    def json_of(self, url, *args):
        """The JSON report, without the "database" it names (the two servers' URLs differ)."""
        result = self.run_chatcost("-d", url, "--format", "json", *args)
        self.assert_exit(result, 0)
        report = result.json()
        self.assertIn(report.pop("database", url), (self.primary_url, self.standby_url))
        return report

    def test_the_standby_is_one(self):
        self.assertEqual(self.standby.psql("SELECT pg_is_in_recovery()"), "t")
        self.assertEqual(self.cluster.psql("SELECT pg_is_in_recovery()"), "f")

    def test_reading_commands_equal_the_primary(self):
        for args in READS:
            with self.subTest(args=args):
                self.assertEqual(self.json_of(self.standby_url, *args), self.json_of(self.primary_url, *args))

    def test_db_status_works_on_the_standby(self):
        self.assertEqual(self.json_of(self.standby_url, "db", "status"), self.json_of(self.primary_url, "db", "status"))

    def test_backfill_dry_run_works_on_the_standby(self):
        standby = self.json_of(self.standby_url, "backfill", "--dry-run")
        primary = self.json_of(self.primary_url, "backfill", "--dry-run")
        self.assertEqual(standby["rows_written"], primary["rows_written"])

    def test_writing_commands_refuse_on_the_standby(self):
        before = self.standby.psql("SELECT count(*), sum(total_cost_micros) FROM chat_messages", "replica")
        for args in WRITES:
            with self.subTest(args=args):
                result = self.run_chatcost("-d", self.standby_url, *args)
                self.assert_exit(result, 5)
                self.assertIn("is a standby", result.stderr)
                self.assertIn("read-only", result.stderr)
                self.assertIn("primary", result.stderr)
                # Said once, before any work: no progress, no lock taken, nothing else tried.
                self.assertNotIn("cannot execute", result.stderr)
                self.assertNotIn("read-only transaction", result.stderr)
        self.assertEqual(self.standby.psql("SELECT count(*), sum(total_cost_micros) FROM chat_messages", "replica"),
                         before)



if __name__ == "__main__":
    main()
