"""The habits of ccusage users in `summary` and `rollup` (issue 18, item 2) and the reference
platform's JSON (item 4): YYYYMMDD dates, --through, -j, --by week, --breakdown, --by chat, --order,
--json-style reference. Figures are added up by hand from report_fixture.py."""
import csv
import datetime
import io

import report_fixture as fx
from report_fixture import ReportTestCase
from clitest import main

NOVEMBER = ("--since", "2026-11-01", "--until", "2026-12-01")
NEW_YORK = ("--timezone", "America/New_York")


class DatesAndFlags(ReportTestCase):
    def test_yyyymmdd_is_the_same_date(self):
        dashed = self.report("rollup", *NOVEMBER)
        basic = self.report("rollup", "--since", "20261101", "--until", "20261201")
        self.assertEqual(basic, dashed)
        self.assertIn("20261301", self.report("rollup", "--since", "20261301", code=2).stderr)

    def test_through_is_an_inclusive_last_day(self):
        until = self.report("rollup", *NOVEMBER)
        through = self.report("rollup", "--since", "2026-11-01", "--through", "20261130")
        self.assertEqual(through, until)
        self.assertEqual(through["range"]["until"], "2026-12-01T00:00:00Z")
        self.assertIs(through["range"]["until_exclusive"], True)
        # --until 2026-11-30 leaves the 30th out; --through keeps it (#10 is on the 25th: use the 25th).
        left_out = self.report("rollup", "--since", "2026-11-01", "--until", "2026-11-25")
        kept = self.report("rollup", "--since", "2026-11-01", "--through", "2026-11-25")
        self.assertEqual(kept["users_totals"]["cost_micros"] - left_out["users_totals"]["cost_micros"], 250_000)
        summary = self.report("summary", "--user", "alice", "--since", "2026-11-01", "--through", "2026-11-30")
        self.assertEqual(summary["cost_micros"], 1_484_610)

    def test_through_is_refused_with_until_or_a_timestamp(self):
        self.report("rollup", "--until", "2026-12-01", "--through", "2026-11-30", code=2)
        result = self.report("rollup", "--through", "2026-11-30T10:00:00Z", code=2)
        self.assertIn("--through takes a day", result.stderr)

    def test_tables_say_until_is_exclusive(self):
        table = self.report("rollup", *NOVEMBER, fmt="table").stdout
        self.assertIn("Until (exclusive):", table)
        self.assertIn("Since (inclusive):", table)

    def test_j_is_format_json(self):
        result = self.run_chatcost("-d", self._url, "-j", "rollup", *NOVEMBER)
        self.assert_exit(result, 0)
        self.assertEqual(result.json(), self.report("rollup", *NOVEMBER))
        result = self.run_chatcost("-d", self._url, "--json", "summary", "--user", "bob", *NOVEMBER)
        self.assert_exit(result, 0)
        self.assertEqual(result.json()["cost_micros"], 5_000_000)
        self.assert_exit(self.run_chatcost("-d", self._url, "-j", "--format", "csv", "rollup"), 2)

    def test_series_flags_need_a_time_series(self):
        for flag in (("--breakdown",), ("--order", "desc"), ("--all-periods",)):
            result = self.report("rollup", *NOVEMBER, *flag, code=2)
            self.assertIn("--by day, week or month", result.stderr)
        self.report("rollup", "--by", "day", "--order", "sideways", code=2)


class WeeksOrderAndBreakdown(ReportTestCase):
    def test_weeks_are_iso_weeks_adding_up_the_days(self):
        days = self.report("rollup", "--by", "day", *NOVEMBER)["days"]
        expected = {}
        for day in days:
            year, week, _ = datetime.date.fromisoformat(day["day"]).isocalendar()
            key = f"{year}-W{week:02}"
            expected[key] = expected.get(key, 0) + (day["cost_micros"] or 0)
        report = self.report("rollup", "--by", "week", *NOVEMBER)
        self.assertEqual(report["by"], "week")
        self.assertEqual({w["week"]: w["cost_micros"] or 0 for w in report["weeks"]}, expected)
        # 2026-11-01 is a Sunday: #1 is in the week of 26 October, W44.
        self.assertEqual(report["weeks"][0]["week"], "2026-W44")
        self.assertEqual(report["weeks"][0]["cost_micros"], 1_234_567)
        self.assertEqual(report["weeks_totals"]["cost_micros"], 6_494_610)
        self.assertNotIn("week", report["weeks_totals"])

    def test_only_weeks_with_usage_unless_all_periods(self):
        # 1-28 November: #1 (W44), #11 #12 #13 #14 (W45), #2 (W46), #3 (W46), #4 #5 #9 (W47), #10 (W48).
        with_usage = self.report("rollup", "--by", "week", "--since", "2026-10-01", "--until", "2026-12-01")
        every = self.report("rollup", "--by", "week", "--since", "2026-10-01", "--until", "2026-12-01",
                            "--all-periods")
        self.assertEqual([w["week"] for w in with_usage["weeks"]],
                         ["2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48"])
        self.assertEqual(every["weeks"][0]["week"], "2026-W40")  # 1 October is a Thursday
        self.assertEqual(len(every["weeks"]), 10)  # W40 to W49 (30 November is a Monday)
        self.assertEqual(every["weeks_totals"], with_usage["weeks_totals"])

    def test_order_desc_lists_newest_first(self):
        ascending = self.report("rollup", "--by", "day", *NOVEMBER)
        descending = self.report("rollup", "--by", "day", *NOVEMBER, "--order", "desc")
        self.assertEqual(descending["order"], "desc")
        self.assertEqual(descending["days"], list(reversed(ascending["days"])))
        self.assertEqual(descending["days_totals"], ascending["days_totals"])
        page = self.report("rollup", "--by", "month", "--since", "2026-01-01", "--until", "2027-01-01",
                           "--all-periods", "--order", "desc", "--limit", "2")
        self.assertEqual([m["month"] for m in page["months"]], ["2026-12", "2026-11"])

    def test_breakdown_puts_each_periods_models_in_its_row(self):
        report = self.report("rollup", "--by", "day", *NOVEMBER, "--breakdown")
        for day in report["days"]:
            models = day["models"]
            self.assertEqual(sum(m["cost_micros"] or 0 for m in models), day["cost_micros"] or 0, day["day"])
            self.assertEqual(sum(m["messages"] for m in models), day["messages"], day["day"])
        by_day = {d["day"]: d for d in report["days"]}
        # 25 November: #10 alone, M2; 21 November: #5, without a model config.
        self.assertEqual([(m["model_config_id"], m["cost_micros"]) for m in by_day["2026-11-25"]["models"]],
                         [(fx.M2, 250_000)])
        self.assertEqual([(m["model_config_id"], m["unpriced_messages"]) for m in by_day["2026-11-21"]["models"]],
                         [(None, 1)])
        # CSV: one flat list, the day on every row.
        rows = list(csv.DictReader(io.StringIO(self.raw_stdout(
            "--format", "csv", "rollup", "--by", "day", *NOVEMBER, "--breakdown").decode())))
        groups = [r for r in rows if r["row"] == "group"]
        self.assertEqual(sum(1 for d in report["days"] for _ in d["models"]), len(groups))
        self.assertEqual({r["day"] for r in groups}, set(by_day))
        self.assertEqual((rows[-1]["row"], rows[-1]["day"], rows[-1]["cost_micros"]),
                         ("total", "", str(report["days_totals"]["cost_micros"])))
        # Tables: the models under the days, by day.
        table = self.report("rollup", "--by", "week", *NOVEMBER, "--breakdown", fmt="table").stdout
        self.assertIn("By week and model", table)

    def test_breakdown_by_week_in_a_time_zone(self):
        report = self.report("rollup", "--by", "week", *NOVEMBER, "--breakdown", *NEW_YORK)
        for week in report["weeks"]:
            self.assertEqual(sum(m["cost_micros"] or 0 for m in week["models"]), week["cost_micros"] or 0)


class WeeksAcrossDaylightSaving(ReportTestCase):
    loader = staticmethod(fx.load_dst)

    def weeks(self, *args):
        report = self.report("rollup", "--by", "week", *args)
        return {w["week"]: w["cost_micros"] for w in report["weeks"]}

    def test_a_week_is_monday_to_sunday_in_the_zone(self):
        autumn = ("--since", "2026-10-26", "--until", "2026-11-09")
        # New York: #106 (Nov 1 23:30 EST, a Sunday) is in W44; #107 (Monday 00:00) opens W45.
        self.assertEqual(self.weeks(*autumn, *NEW_YORK), {"2026-W44": 1_101_111, "2026-W45": 10_000})
        # UTC: #106 is Monday 2 November 04:30: W45.
        self.assertEqual(self.weeks(*autumn), {"2026-W44": 1_100_111, "2026-W45": 11_000})
        spring = ("--since", "2026-03-01", "--until", "2026-03-16")
        # #113 (Sunday 8 March 23:59:59 EDT, a 23-hour day) stays in W10.
        self.assertEqual(self.weeks(*spring, *NEW_YORK), {"2026-W10": 4_320_000_000, "2026-W11": 50_000_000_000})


class TopChats(ReportTestCase):
    def test_by_chat_across_users(self):
        report = self.report("rollup", "--by", "chat", *NOVEMBER)
        self.assertEqual(report["by"], "chat")
        chats = report["chats"]
        # B1 5,000,000; A1 1,234,567 + 3 (fork A1f) + 250,000; D1 10,000; A2 40; C1 unpriced only.
        self.assertEqual([(c["root_chat_id"], c["title"], c["owner"], c["cost_micros"]) for c in chats],
                         [(fx.B1, "Recipes", "bob", 5_000_000),
                          (fx.A1, "Trip planning", "alice", 1_484_570),
                          (fx.D1, 'Poems, "quoted"', "dave", 10_000),
                          (fx.A2, "Taxes", "alice", 40),
                          (fx.C1, "Code review", "carol_x", None)])
        self.assertEqual([c["messages"] for c in chats], [2, 3, 1, 3, 1])
        self.assertEqual(report["total_count"], 5)
        self.assertEqual(report["chats_totals"]["cost_micros"], 6_494_610)
        self.assertEqual(self.report("rollup", "--by", "chat", *NOVEMBER, "--limit", "1")["chats"][0]["owner"], "bob")
        searched = self.report("rollup", "--by", "chat", *NOVEMBER, "--search", "liddell")
        self.assertEqual([c["root_chat_id"] for c in searched["chats"]], [fx.A1, fx.A2])


SUMMARY_FIELDS = ["start_date", "end_date", "total_cost_micros", "priced_message_count", "unpriced_message_count",
                  "total_input_tokens", "total_output_tokens", "total_cache_read_tokens",
                  "total_cache_creation_tokens", "by_model", "by_chat"]
MODEL_FIELDS = ["model_config_id", "display_name", "provider", "model", "total_cost_micros", "message_count",
                "total_input_tokens", "total_output_tokens", "total_cache_read_tokens", "total_cache_creation_tokens"]
CHAT_FIELDS = ["root_chat_id", "chat_title", "total_cost_micros", "message_count", "total_input_tokens",
               "total_output_tokens", "total_cache_read_tokens", "total_cache_creation_tokens"]
USERS_FIELDS = ["start_date", "end_date", "count", "users"]
USER_FIELDS = ["user_id", "username", "name", "avatar_url", "total_cost_micros", "message_count", "chat_count",
               "total_input_tokens", "total_output_tokens", "total_cache_read_tokens", "total_cache_creation_tokens"]


class ReferenceJson(ReportTestCase):
    def test_summary_has_the_platforms_fields_first_in_its_order(self):
        report = self.report("summary", "--user", "alice", *NOVEMBER, "--json-style", "reference")
        self.assertEqual(list(report)[:len(SUMMARY_FIELDS)], SUMMARY_FIELDS)
        self.assertEqual((report["start_date"], report["end_date"]), ("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"))
        self.assertEqual((report["total_cost_micros"], report["priced_message_count"],
                          report["unpriced_message_count"], report["total_input_tokens"]), (1_484_610, 4, 2, 3_061))
        for row in report["by_model"]:
            self.assertEqual(list(row)[:len(MODEL_FIELDS)], MODEL_FIELDS)
        for row in report["by_chat"]:
            self.assertEqual(list(row)[:len(CHAT_FIELDS)], CHAT_FIELDS)
        self.assertEqual([(c["root_chat_id"], c["chat_title"]) for c in report["by_chat"]],
                         [(fx.A1, "Trip planning"), (fx.A2, "Taxes")])
        m3 = next(m for m in report["by_model"] if m["model_config_id"] == fx.M3)
        self.assertEqual((m3["total_cost_micros"], m3["message_count"]), (0, 1))  # the platform sums: 0, not null
        self.assertEqual(report["json_style"], "reference")

    def test_users_rollup_has_the_platforms_fields_and_avatar_url(self):
        self.cluster.psql(f"UPDATE users SET avatar_url = 'https://example.test/b.png' WHERE id = '{fx.BOB}'",
                          "reports_" + type(self).__name__.lower())
        try:
            report = self.report("rollup", *NOVEMBER, "--json-style", "reference")
        finally:
            self.cluster.psql(f"UPDATE users SET avatar_url = '' WHERE id = '{fx.BOB}'",
                              "reports_" + type(self).__name__.lower())
        self.assertEqual(list(report)[:len(USERS_FIELDS)], USERS_FIELDS)
        self.assertEqual(report["count"], 4)
        for row in report["users"]:
            self.assertEqual(list(row)[:len(USER_FIELDS)], USER_FIELDS)
        bob, alice = report["users"][:2]
        self.assertEqual((bob["username"], bob["avatar_url"], bob["total_cost_micros"], bob["chat_count"]),
                         ("bob", "https://example.test/b.png", 5_000_000, 1))
        self.assertIsNone(alice["avatar_url"])  # empty: null
        self.assertEqual((alice["message_count"], alice["chat_count"]), (6, 2))

    def test_golden_reference_json(self):
        self.assert_golden("summary_reference.json", self.raw_stdout(
            "--format", "json", "summary", "--user", "alice", *NOVEMBER, "--json-style", "reference"))
        self.assert_golden("rollup_user_reference.json", self.raw_stdout(
            "-j", "rollup", *NOVEMBER, "--json-style", "reference"))
        self.assert_golden("rollup_week_breakdown.json", self.raw_stdout(
            "-j", "rollup", "--by", "week", *NOVEMBER, "--breakdown", "--order", "desc"))

    def test_reference_style_is_for_summary_and_users_only(self):
        result = self.report("rollup", "--by", "model", *NOVEMBER, "--json-style", "reference", code=2)
        self.assertIn("--by user", result.stderr)
        # Tables and CSV keep chatcost's own shape.
        table = self.report("rollup", *NOVEMBER, "--json-style", "reference", fmt="table").stdout
        self.assertIn("Total", table)
        rows = list(csv.reader(io.StringIO(self.raw_stdout("--format", "csv", "rollup", *NOVEMBER,
                                                           "--json-style", "reference").decode())))
        self.assertEqual(rows[0][:4], ["row", "user_id", "username", "name"])


class SummaryCsv(ReportTestCase):
    def test_every_section_with_a_section_column(self):
        data = self.raw_stdout("--format", "csv", "summary", "--user", "alice", *NOVEMBER)
        rows = list(csv.DictReader(io.StringIO(data.decode(), newline="")))
        self.assertEqual([r["section"] for r in rows], ["total", "model", "model", "model", "model", "chat", "chat"])
        total = rows[0]
        self.assertEqual((total["cost_micros"], total["messages"], total["chats"]), ("1484610", "6", "2"))
        self.assertEqual({r["title"] for r in rows if r["section"] == "chat"}, {"Trip planning", "Taxes"})


if __name__ == "__main__":
    main()
