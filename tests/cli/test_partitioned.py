"""chatcost on a platform that partitions chat_messages by created_at (issue 17 item 4):
declarative range partitioning, one partition a month, the key (id, created_at). The same data is
loaded into an unpartitioned copy; adoption, lint, backfill (and --recompute) and every report must
work on the partitioned one and give exactly what they give on the copy."""
import json

import test_adopt as adopt
from clitest import ChatcostTestCase, main

MONTHS = ["2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03", "2027-04"]
WHOLE_RANGE = ("--since", "2026-10-01", "--until", "2027-05-01")


def next_month(month):
    year, number = map(int, month.split("-"))
    return f"{year + number // 12}-{number % 12 + 1:02d}"


def partitioned_sql():
    """The platform's schema with chat_messages partitioned by month (a key that must include
    the partition column) and the platform's own index on the parent."""
    flat = adopt.platform_sql()
    start = flat.index("CREATE TABLE chat_messages (")
    end = flat.index("CREATE INDEX idx_chat_messages_created_at")
    table = flat[start:end].replace("PRIMARY KEY (id)", "PRIMARY KEY (id, created_at)")
    table = table.rstrip().rstrip(";") + " PARTITION BY RANGE (created_at);\n"
    partitions = "".join(
        f"CREATE TABLE chat_messages_{m.replace('-', '_')} PARTITION OF chat_messages "
        f"FOR VALUES FROM ('{m}-01 00:00:00+00') TO ('{next_month(m)}-01 00:00:00+00');\n" for m in MONTHS)
    return flat[:start] + table + partitions + flat[end:]


# 1,500 messages every 3 hours from October to April (every month's partition has some), the
# even ones the assistant's, a tenth on the unpriced model; then a price set on the assistant's
# side that backfill --recompute must apply.
DATA_SQL = adopt.DATA_SQL.replace("generate_series(1, 600)", "generate_series(1, 1500)").replace(
    "timestamptz '2026-11-01T00:00:00Z' + n * interval '1 hour'",
    "timestamptz '2026-10-01T00:00:00Z' + n * interval '3 hours'")

REPORTS = [
    ("summary", "--user", "alice", *WHOLE_RANGE),
    ("summary", "--user", "bob", *WHOLE_RANGE, "--timezone", "Europe/Berlin"),
    ("rollup", *WHOLE_RANGE),
    ("rollup", "--by", "user", *WHOLE_RANGE),
    ("rollup", "--by", "day", *WHOLE_RANGE),
    ("rollup", "--by", "month", *WHOLE_RANGE, "--timezone", "America/New_York"),
    ("rollup", "--by", "model", *WHOLE_RANGE),
    ("rollup", "--by", "provider", *WHOLE_RANGE),
    ("rollup", "--by", "user", "--since", "2026-12-15", "--until", "2027-01-15"),
    ("explain", "2"),
    ("explain", "1500"),
    ("prices", "list"),
]

COSTS_SQL = "SELECT json_object_agg(id, total_cost_micros ORDER BY id) FROM chat_messages"


APPLY_TIME_KEYS = {"created_at", "updated_at", "price_in_force_valid_from", "price_in_force_valid_until",
                   "stored_price_valid_from", "stored_price_valid_until"}


def without_apply_times(value):
    """The JSON without the keys that hold when a price was applied (prices list, explain)."""
    if isinstance(value, dict):
        return {k: without_apply_times(v) for k, v in value.items() if k not in APPLY_TIME_KEYS}
    if isinstance(value, list):
        return [without_apply_times(v) for v in value]
    return value


class Partitioned(ChatcostTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.flat_url = cls.cluster.create_database("flat")
        cls.cluster.psql(adopt.platform_sql() + DATA_SQL, "flat")
        cls.parted_url = cls.cluster.create_database("parted")
        cls.cluster.psql(partitioned_sql() + DATA_SQL, "parted")

    def chatcost(self, url, *args, code=0):
        result = self.run_chatcost("-d", url, "--format", "json", *args)
        self.assert_exit(result, code)
        return result

    def on_both(self, *args):
        """Runs args on both databases; returns (flat, partitioned) JSON, without the times the two
        books were applied at (a second apart when the machine is slow), which are not the
        partitioning's to match."""
        return (without_apply_times(self.chatcost(self.flat_url, *args).json()),
                without_apply_times(self.chatcost(self.parted_url, *args).json()))

    def test_the_schema_is_partitioned(self):
        self.assertEqual(self.cluster.psql("SELECT relkind FROM pg_class WHERE relname = 'chat_messages'", "parted"),
                         "p")
        counts = self.cluster.psql("SELECT count(*) FROM (SELECT DISTINCT tableoid FROM chat_messages) t", "parted")
        self.assertEqual(int(counts), len(MONTHS))

    def test_adopt_lint_backfill_and_reports_equal_the_unpartitioned_copy(self):
        flat, parted = self.on_both("migrate", "up", "--adopt")
        self.assertEqual([(m["version"], m["action"]) for m in parted["migrations"]],
                         [(m["version"], m["action"]) for m in flat["migrations"]])
        flat, parted = self.on_both("migrate", "status", "--check")
        self.assertTrue(parted["clean"], parted)
        self.assertEqual([(m["version"], m["state"]) for m in parted["migrations"]],
                         [(m["version"], m["state"]) for m in flat["migrations"]])
        self.assertEqual(self.chatcost(self.parted_url, "migrate", "up", "--adopt").json()["migrations"], [])
        lint = self.run_chatcost("--format", "json", "migrate", "lint")
        self.assert_exit(lint, 0)

        # Every index chatcost made on the parent exists on every partition too.
        missing = self.cluster.psql(
            "SELECT string_agg(p.relname || ' ' || i.relname, ', ') FROM pg_inherits h "
            "JOIN pg_class p ON p.oid = h.inhrelid JOIN pg_index x ON x.indrelid = 'chat_messages'::regclass "
            "JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE h.inhparent = 'chat_messages'::regclass AND NOT EXISTS ("
            "  SELECT 1 FROM pg_inherits hi JOIN pg_index px ON px.indexrelid = hi.inhrelid "
            "  WHERE hi.inhparent = x.indexrelid AND px.indrelid = p.oid)", "parted")
        self.assertEqual(missing, "")
        invalid = self.cluster.psql("SELECT count(*) FROM pg_index WHERE NOT indisvalid", "parted")
        self.assertEqual(invalid, "0")

        self.on_both("seed", "apply")
        flat, parted = self.on_both("backfill")
        self.assertGreater(flat["rows_written"], 0)
        self.assertEqual(parted["rows_written"], flat["rows_written"])
        self.assertEqual(json.loads(self.cluster.psql(COSTS_SQL, "parted")),
                         json.loads(self.cluster.psql(COSTS_SQL, "flat")))
        self.assertEqual(self.chatcost(self.parted_url, "backfill").json()["rows_written"], 0)

        # The money is the cost rule's (test_adopt.py's oracle, over the whole range).
        expected = json.loads(self.cluster.psql(
            adopt.EXPECTED_BY_USER_SQL.replace("'2026-11-01'", "'2026-10-01'").replace("'2026-12-01'", "'2027-05-01'"),
            "parted"))
        rollup = self.chatcost(self.parted_url, "rollup", *WHOLE_RANGE).json()
        self.assertEqual({u["username"]: u["cost_micros"] for u in rollup["users"]}, expected)

        # A default price for the unpriced model, then a recompute: both copies change alike.
        price = ("prices", "set", "acme/mystery-1", "--input-price", "1", "--output-price", "2")
        self.on_both(*price)
        flat, parted = self.on_both("backfill", "--recompute")
        self.assertGreater(flat["rows_written"], 0)
        self.assertEqual(parted["rows_written"], flat["rows_written"])
        self.assertEqual(json.loads(self.cluster.psql(COSTS_SQL, "parted")),
                         json.loads(self.cluster.psql(COSTS_SQL, "flat")))

        for args in REPORTS:
            with self.subTest(args=args):
                flat, parted = self.on_both(*args)
                self.assertEqual(parted, flat)
        self.chatcost(self.parted_url, "backfill", "status")


if __name__ == "__main__":
    main()
