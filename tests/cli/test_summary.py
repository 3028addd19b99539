"""`chatcost summary`: one user's cost, every figure added up by hand from report_fixture.py."""
import datetime

import report_fixture as fx
from report_fixture import ReportTestCase
from clitest import main

NOVEMBER = ("--since", "2026-11-01", "--until", "2026-12-01")


def summary_args(user="alice", *extra):
    return ("summary", "--user", user, *NOVEMBER, *extra)


class Summary(ReportTestCase):
    def test_totals(self):
        report = self.report(*summary_args())
        self.assertEqual(report["user_id"], fx.ALICE)
        self.assertEqual(report["username"], "alice")
        self.assertEqual(report["name"], "Alice Liddell")
        # Priced in range: #1 1,234,567 + #2 3 + #3 40 + #10 250,000 (#6 at --until, #7 before --since).
        self.assertEqual(report["cost_micros"], 1_484_610)
        self.assertEqual(report["priced_messages"], 4)
        self.assertEqual(report["unpriced_messages"], 2)  # #4 (M3) and #5 (no model config)
        self.assertEqual(report["messages"], 6)  # #9 has no usage; #8 is a user message
        self.assertEqual(report["chats"], 2)  # A1 (with its fork A1f) and A2
        self.assertEqual(report["input_tokens"], 3_061)  # 1000 + 1 + 10 + 50 + 2000
        self.assertEqual(report["output_tokens"], 622)  # 500 + 0 + 10 + 5 + 7 + 100
        self.assertEqual(report["cache_read_tokens"], 200)  # #1 200, #10 0
        self.assertEqual(report["cache_creation_tokens"], 100)  # #1
        self.assertEqual(report["range"], {"since": "2026-11-01T00:00:00Z", "until": "2026-12-01T00:00:00Z",
                                           "timezone": "UTC", "until_exclusive": True})

    def test_by_model(self):
        report = self.report(*summary_args())
        rows = report["by_model"]
        self.assertEqual([r["model_config_id"] for r in rows], [fx.M1, fx.M2, fx.M3, None])
        m1, m2, m3, none = rows
        # M1: #1 and #2 (in the fork).
        self.assertEqual(m1, {"model_config_id": fx.M1, "display_name": "Claude Sonnet 4", "provider": "anthropic",
                              "model": "claude-sonnet-4", "cost_micros": 1_234_570, "unpriced_messages": 0,
                              "messages": 2, "input_tokens": 1_001, "output_tokens": 500, "cache_read_tokens": 200,
                              "cache_creation_tokens": 100, **fx.NO_INVALID})
        # M2: #3 (40), #9 (no usage), #10 (250,000); no display name, so the model's name.
        self.assertEqual(m2["display_name"], "gpt-4o-mini")
        self.assertEqual(m2["cost_micros"], 250_040)
        self.assertEqual((m2["messages"], m2["unpriced_messages"]), (2, 0))
        self.assertEqual((m2["input_tokens"], m2["output_tokens"], m2["cache_read_tokens"]), (2_010, 110, 0))
        # M3: #4 only, unpriced: the cost is unknown, not 0.
        self.assertIsNone(m3["cost_micros"])
        self.assertEqual((m3["messages"], m3["unpriced_messages"], m3["input_tokens"]), (1, 1, 50))
        # Without a model config: #5.
        self.assertEqual(none, {"model_config_id": None, "display_name": None, "provider": None, "model": None,
                                "cost_micros": None, "unpriced_messages": 1, "messages": 1, "input_tokens": 0,
                                "output_tokens": 7, "cache_read_tokens": 0, "cache_creation_tokens": 0, **fx.NO_INVALID})
        totals = report["by_model_totals"]
        # Output version 2: totals rows hold figures only, no "Total" label (tables still say it).
        self.assertNotIn("display_name", totals)
        self.assertEqual((totals["cost_micros"], totals["messages"]), (1_484_610, 6))

    def test_by_chat_groups_forks_under_their_root(self):
        report = self.report(*summary_args())
        rows = report["by_chat"]
        self.assertEqual([(r["root_chat_id"], r["title"]) for r in rows],
                         [(fx.A1, "Trip planning"), (fx.A2, "Taxes")])
        a1, a2 = rows
        # A1: #1, #10 and #2 from the fork A1f.
        self.assertEqual(a1["cost_micros"], 1_234_567 + 3 + 250_000)
        self.assertEqual((a1["messages"], a1["unpriced_messages"]), (3, 0))
        self.assertEqual((a1["input_tokens"], a1["output_tokens"], a1["cache_read_tokens"],
                          a1["cache_creation_tokens"]), (3_001, 600, 200, 100))
        # A2: #3 (40) priced, #4 and #5 unpriced, #9 without usage.
        self.assertEqual((a2["cost_micros"], a2["messages"], a2["unpriced_messages"]), (40, 3, 2))
        self.assertEqual((a2["input_tokens"], a2["output_tokens"]), (60, 22))
        self.assertNotIn("title", report["by_chat_totals"])

    def test_unpriced_models(self):
        report = self.report(*summary_args())
        self.assertEqual(report["unpriced_models"], [
            {"model_config_id": fx.M3, "display_name": "Llama 3 70B", "provider": "local", "model": "llama-3-70b",
             "unpriced_messages": 1},
            {"model_config_id": None, "display_name": None, "provider": None, "model": None,
             "unpriced_messages": 1},
        ])

    def test_range_edges(self):
        # One microsecond later, #1 (exactly at 2026-11-01T00:00:00Z) is out.
        report = self.report("summary", "--user", "alice", "--since", "2026-11-01T00:00:00.000001Z",
                             "--until", "2026-12-01")
        self.assertEqual(report["cost_micros"], 1_484_610 - 1_234_567)
        # One microsecond later, #6 (exactly at 2026-12-01T00:00:00Z) is in.
        report = self.report("summary", "--user", "alice", "--since", "2026-11-01",
                             "--until", "2026-12-01T00:00:00.000001Z")
        self.assertEqual(report["cost_micros"], 1_484_610 + 999_999_999)
        self.assertEqual(report["range"]["until"], "2026-12-01T00:00:00.000001Z")
        # #7 at 23:59:59.999999 the day before: in only when --since reaches it; offsets are honoured.
        report = self.report("summary", "--user", "alice", "--since", "2026-10-31T19:59:59.999999-04:00",
                             "--until", "2026-11-01T00:00:00+00:00")
        self.assertEqual(report["cost_micros"], 888_888_888)
        self.assertEqual(report["priced_messages"], 1)

    def test_dates_are_midnight_in_the_time_zone(self):
        # New York: 2026-11-01 starts at 04:00Z (EDT), 2026-12-01 at 05:00Z (EST): #1 (00:00Z) falls out,
        # #6 (2026-12-01T00:00Z, 19:00 on Nov 30 in New York) comes in.
        report = self.report(*summary_args("alice", "--timezone", "America/New_York"))
        self.assertEqual(report["range"], {"since": "2026-11-01T00:00:00-04:00",
                                           "until": "2026-12-01T00:00:00-05:00",
                                           "timezone": "America/New_York", "until_exclusive": True})
        self.assertEqual(report["cost_micros"], 1_484_610 - 1_234_567 + 999_999_999)
        self.assertEqual(report["input_tokens"], 3_061 - 1_000 + 9)

    def test_time_zone_names_are_read_in_any_case(self):
        report = self.report(*summary_args("alice", "--timezone", "europe/paris"))
        self.assertEqual(report["range"]["timezone"], "Europe/Paris")
        self.assertEqual(report["range"]["since"], "2026-11-01T00:00:00+01:00")

    def test_user_by_id(self):
        by_name = self.report(*summary_args("alice"))
        by_id = self.report(*summary_args(fx.ALICE))
        by_upper_id = self.report(*summary_args(fx.ALICE.upper()))
        self.assertEqual(by_id, by_name)
        self.assertEqual(by_upper_id, by_name)

    def test_unknown_user_exits_6_naming_it(self):
        result = self.report(*summary_args("mallory"), code=6)
        self.assertIn("unknown user 'mallory'", result.stderr)
        self.assertEqual(result.stdout, "")
        result = self.report(*summary_args("00000000-0000-4000-8000-00000000ffff"), code=6)
        self.assertIn("00000000-0000-4000-8000-00000000ffff", result.stderr)

    def test_nothing_in_range_is_an_empty_report(self):
        report = self.report("summary", "--user", "erin", *NOVEMBER)
        self.assertEqual(report["cost_micros"], 0)
        self.assertEqual((report["priced_messages"], report["unpriced_messages"], report["chats"]), (0, 0, 0))
        self.assertEqual((report["by_model"], report["by_chat"], report["unpriced_models"]), ([], [], []))
        table = self.report("summary", "--user", "erin", *NOVEMBER, fmt="table").stdout
        self.assertIn("Total cost:", table)
        self.assertIn("$0.00", table)
        self.assertIn("(none)", table)

    def test_unpriced_only_is_never_zero(self):
        report = self.report(*summary_args("carol_x"))
        self.assertIsNone(report["cost_micros"])
        self.assertEqual(report["unpriced_messages"], 1)
        table = self.report(*summary_args("carol_x"), fmt="table").stdout
        total_line = next(line for line in table.splitlines() if line.startswith("Total cost:"))
        self.assertTrue(total_line.endswith("unpriced"), total_line)
        self.assertNotIn("$0.00", table)

    def test_free_is_zero_and_priced(self):
        report = self.report(*summary_args("bob"))
        m2 = next(r for r in report["by_model"] if r["model_config_id"] == fx.M2)
        self.assertEqual((m2["cost_micros"], m2["messages"], m2["unpriced_messages"]), (0, 1, 0))
        self.assertEqual(report["cost_micros"], 5_000_000)
        self.assertEqual(report["unpriced_models"], [])

    def test_table_for_people(self):
        table = self.report(*summary_args(), fmt="table").stdout
        self.assertIn("$1.48", table)  # 1,484,610 micro-dollars
        self.assertIn("<$0.01", table)  # A2: 40 micro-dollars, not shown as free
        self.assertIn("unpriced", table)
        self.assertIn("Unpriced", table)  # the column beside Cost
        self.assertIn("By model", table)
        self.assertIn("By root chat", table)
        self.assertNotIn("\x1b", table)
        exact = self.report(*summary_args("alice", "--exact"), fmt="table").stdout
        self.assertIn("$1.484610", exact)
        self.assertIn("$0.000040", exact)

    def test_fail_on_unpriced_exits_3_after_the_report(self):
        result = self.report(*summary_args("alice", "--fail-on-unpriced"), code=3)
        self.assertEqual(result.json()["unpriced_messages"], 2)
        self.assertIn("2 unpriced message(s)", result.stderr)
        self.report(*summary_args("bob", "--fail-on-unpriced"))  # all priced: exit 0

    def test_default_range_is_the_last_30_days(self):
        report = self.report("summary", "--user", "alice")
        since = datetime.datetime.fromisoformat(report["range"]["since"].replace("Z", "+00:00"))
        until = datetime.datetime.fromisoformat(report["range"]["until"].replace("Z", "+00:00"))
        self.assertEqual(until - since, datetime.timedelta(days=30))
        now = datetime.datetime.now(datetime.timezone.utc)
        self.assertLess(abs((now - until).total_seconds()), 120)
        # Only --until: the 30 days before it.
        report = self.report("summary", "--user", "alice", "--until", "2026-12-01")
        self.assertEqual(report["range"]["since"], "2026-11-01T00:00:00Z")
        self.assertEqual(report["cost_micros"], 1_484_610)

    def test_bad_ranges_exit_2_naming_the_text(self):
        result = self.report("summary", "--user", "alice", "--since", "2026-02-30", "--until", "soon", code=2)
        self.assertIn('--since: "2026-02-30" is not a valid date', result.stderr)
        self.assertIn('--until: "soon" is not a date', result.stderr)
        result = self.report("summary", "--user", "alice", "--since", "2026-11-01T10:00:00", code=2)
        self.assertIn("has no UTC offset", result.stderr)
        result = self.report("summary", "--user", "alice", "--since", "2026-12-01", "--until", "2026-11-01", code=2)
        self.assertIn("empty range", result.stderr)
        result = self.report("summary", "--user", "alice", "--since", "2026-11-01", "--until", "2026-11-01", code=2)
        self.assertIn("empty range", result.stderr)
        result = self.report(*summary_args("alice", "--timezone", "Mars/Olympus_Mons"), code=2)
        self.assertIn("unknown time zone 'Mars/Olympus_Mons'", result.stderr)
        self.report("summary", *NOVEMBER, code=2)  # --user is required

    def test_schema_version_is_the_databases(self):
        self.assertEqual(self.report(*summary_args())["schema_version"], self.schema_version())

    def test_golden_json_and_csv(self):
        self.assert_golden("summary.json", self.raw_stdout("--format", "json", *summary_args()))
        # CSV carries the by-model list (the first list of the report).
        self.assert_golden("summary.csv", self.raw_stdout("--format", "csv", *summary_args()))
        self.assert_golden("summary.table.txt", self.raw_stdout("--format", "table", *summary_args()))


class SummaryNeedsMigratedSchema(ReportTestCase):
    @staticmethod
    def loader(test, url, dbname):
        pass  # an empty database

    def test_exit_7(self):
        result = self.report(*summary_args(), code=7)
        self.assertIn("chatcost migrate up", result.stderr)


if __name__ == "__main__":
    main()
