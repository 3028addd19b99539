"""One bad row blocks nobody (issue 14 item 4, DESIGN.md section 2 rule 11): invalid usage is left out
of every sum and counted apart, named by id, in `summary` and every `rollup`; every other user's figures
are exactly those of the same fixture without the bad rows; a sum past int64 is unknown for its group
only. The bad rows are report_fixture._BAD_ROWS."""
import report_fixture as fx
from report_fixture import ReportTestCase
from clitest import main

NOVEMBER = ("--since", "2026-11-01", "--until", "2026-12-01")
GROUPINGS = ("user", "model", "provider", "day", "month")


class BadRows(ReportTestCase):
    loader = staticmethod(fx.load_with_bad_rows)
    _clean_url = None

    def clean(self, *args):
        """The same report, parsed, over the November fixture without the bad rows (its own database)."""
        if BadRows._clean_url is None:
            url = self.cluster.create_database("reports_clean")
            fx.load(self, url, "reports_clean")
            BadRows._clean_url = url
        result = self.run_chatcost("-d", BadRows._clean_url, "--format", "json", *args)
        self.assert_exit(result, 0)
        return result.json()

    @classmethod
    def tearDownClass(cls):
        cls._clean_url = None
        super().tearDownClass()

    def test_every_rollup_runs_and_other_users_are_unchanged(self):
        # Before: "bigint out of range" (exit 5) for everyone, whatever the grouping.
        for by in GROUPINGS:
            with self.subTest(by=by):
                report = self.report("rollup", "--by", by, "--limit", "0", *NOVEMBER)
                self.assertEqual(report[by + "s_totals"]["invalid_messages"], 6)  # 201-204, 211, 212
                self.assertEqual(report[by + "s_totals"]["invalid_message_ids"], [201, 202, 203, 204, 211, 212])
                self.assertEqual(report[by + "s_totals"]["sums_past_int64"], [])
        dirty = {u["username"]: u for u in self.report("rollup", "--limit", "0", *NOVEMBER)["users"]}
        clean = {u["username"]: u for u in self.clean("rollup", "--limit", "0", *NOVEMBER)["users"]}
        self.assertEqual(set(clean), {"alice", "bob", "carol_x", "dave"})
        for name, row in clean.items():
            self.assertEqual(dirty[name], row, name)

    def test_the_bad_users_rows_count_the_invalid_apart_with_their_ids(self):
        users = {u["username"]: u for u in self.report("rollup", "--limit", "0", *NOVEMBER)["users"]}
        # mallory: #205 is her only valid message (cost 500, 100 input tokens); #201-#204 are apart.
        self.assertEqual(users["mallory"], {
            "user_id": fx.MALLORY, "username": "mallory", "name": "Mallory", "cost_micros": 500,
            "unpriced_messages": 0, "messages": 1, "chats": 1, "input_tokens": 100, "output_tokens": 0,
            "cache_read_tokens": 0, "cache_creation_tokens": 0, "invalid_messages": 4,
            "invalid_message_ids": [201, 202, 203, 204], "sums_past_int64": []})
        # oscar: two output counts near int64 max, whose sum would be past it: both invalid, nothing summed.
        oscar = users["oscar"]
        self.assertEqual((oscar["cost_micros"], oscar["messages"], oscar["output_tokens"]), (0, 0, 0))
        self.assertEqual((oscar["invalid_messages"], oscar["invalid_message_ids"]), (2, [211, 212]))

    def test_totals_are_the_clean_totals_plus_the_valid_rest(self):
        dirty = self.report("rollup", *NOVEMBER)["users_totals"]
        clean = self.clean("rollup", *NOVEMBER)["users_totals"]
        self.assertEqual(dirty["cost_micros"], clean["cost_micros"] + 500)  # #205 only
        self.assertEqual(dirty["input_tokens"], clean["input_tokens"] + 100)
        self.assertEqual(dirty["output_tokens"], clean["output_tokens"])
        self.assertEqual(dirty["messages"], clean["messages"] + 1)
        self.assertEqual(dirty["unpriced_messages"], clean["unpriced_messages"])

    def test_by_model_names_each_models_invalid_messages(self):
        models = {m["model_config_id"]: m for m in self.report("rollup", "--by", "model", *NOVEMBER)["models"]}
        clean = {m["model_config_id"]: m for m in self.clean("rollup", "--by", "model", *NOVEMBER)["models"]}
        self.assertEqual((models[fx.M1]["invalid_message_ids"], models[fx.M1]["cost_micros"]),
                         ([201, 204], clean[fx.M1]["cost_micros"] + 500))
        self.assertEqual(models[fx.M2]["invalid_message_ids"], [202, 203])
        self.assertEqual({k: v for k, v in models[fx.M2].items() if not k.startswith(("invalid", "sums"))},
                         {k: v for k, v in clean[fx.M2].items() if not k.startswith(("invalid", "sums"))})
        self.assertEqual(models[fx.M3]["invalid_message_ids"], [211, 212])
        # Invalid is not unpriced: the list of unpriced models is the clean one.
        self.assertEqual(self.report("rollup", *NOVEMBER)["unpriced_models"],
                         self.clean("rollup", *NOVEMBER)["unpriced_models"])

    def test_by_day_puts_the_ids_on_their_day(self):
        days = {d["day"]: d for d in self.report("rollup", "--by", "day", *NOVEMBER)["days"]}
        self.assertEqual(days["2026-11-15"]["invalid_message_ids"], [201, 202, 203, 204])
        self.assertEqual(days["2026-11-16"]["invalid_message_ids"], [211, 212])

    def test_summary_of_the_bad_user(self):
        report = self.report("summary", "--user", "mallory", *NOVEMBER)
        self.assertEqual((report["cost_micros"], report["priced_messages"], report["messages"]), (500, 1, 1))
        self.assertEqual((report["invalid_messages"], report["invalid_message_ids"]), (4, [201, 202, 203, 204]))
        self.assertEqual(report["input_tokens"], 100)
        by_model = {m["model_config_id"]: m for m in report["by_model"]}
        self.assertEqual(by_model[fx.M1]["invalid_message_ids"], [201, 204])
        self.assertEqual(by_model[fx.M2]["invalid_message_ids"], [202, 203])
        self.assertEqual(report["by_chat"][0]["invalid_message_ids"], [201, 202, 203, 204])
        self.assertEqual(report["by_model_totals"]["invalid_messages"], 4)

    def test_other_users_summaries_are_unchanged(self):
        for user in ("alice", "bob", "carol_x", "dave"):
            with self.subTest(user=user):
                self.assertEqual(self.report("summary", "--user", user, *NOVEMBER),
                                 self.clean("summary", "--user", user, *NOVEMBER))

    def test_the_note_names_the_ids_and_explain(self):
        result = self.report("summary", "--user", "mallory", *NOVEMBER, fmt="table")
        self.assertIn("4 message(s) with invalid usage left out of every sum (ids 201, 202, 203, 204)", result.stderr)
        self.assertIn("chatcost explain ID", result.stderr)
        clean = self.report("summary", "--user", "alice", *NOVEMBER, fmt="table")
        self.assertNotIn("invalid usage", clean.stderr)

    def test_explain_says_why(self):
        for message_id, reason in (("201", "above the largest plausible count, 1000000000000"),
                                   ("202", "input_tokens is negative: -5"),
                                   ("203", "reasoning_tokens (11) is more than output_tokens (10)")):
            with self.subTest(message_id=message_id):
                result = self.run_chatcost("-d", self._url, "--format", "json", "explain", message_id)
                self.assertIn(reason, result.stdout + result.stderr)


class SumPastInt64(ReportTestCase):
    """922,338 valid messages of $10 M each (the most one may cost): their sum, 9,223,380,000,000,000,000
    micro-dollars, is past int64. That group's cost is unknown; the others' are exact."""

    @staticmethod
    def loader(test, url, dbname):
        fx.load(test, url, dbname)
        test.cluster.psql(f"""
INSERT INTO users (id, username, name) VALUES ('{fx.OSCAR}', 'whale', 'Whale');
INSERT INTO chats (id, owner_id, title) VALUES ('{fx.OC1}', '{fx.OSCAR}', 'Whale');
INSERT INTO chat_messages (id, chat_id, model_config_id, created_at, role, input_tokens, total_cost_micros)
SELECT 1000 + i, '{fx.OC1}', '{fx.M2}', '2026-11-18T00:00:00Z', 'assistant', 1, 10000000000000
FROM generate_series(1, 922338) AS i;
""", dbname)

    def test_that_group_alone_is_unknown(self):
        users = {u["username"]: u for u in self.report("rollup", "--limit", "0", *NOVEMBER)["users"]}
        whale = users["whale"]
        self.assertIsNone(whale["cost_micros"])
        self.assertEqual(whale["sums_past_int64"], ["cost_micros"])
        self.assertEqual((whale["messages"], whale["input_tokens"], whale["invalid_messages"]), (922338, 922338, 0))
        self.assertEqual(users["bob"]["cost_micros"], 5_000_000)
        self.assertEqual(users["alice"]["cost_micros"], 1_484_610)
        self.assertEqual(users["bob"]["sums_past_int64"], [])
        days = {d["day"]: d for d in self.report("rollup", "--by", "day", *NOVEMBER)["days"]}
        self.assertEqual(days["2026-11-18"]["sums_past_int64"], ["cost_micros"])
        self.assertEqual(days["2026-11-04"]["cost_micros"], 5_000_000)  # bob's #12
        result = self.report("rollup", *NOVEMBER, fmt="table")
        self.assertIn("sum past int64", result.stderr)


if __name__ == "__main__":
    main()
