"""`chatcost rollup`: cost across users, every figure added up by hand from report_fixture.py."""
import csv
import datetime
import io
import signal
import subprocess

import report_fixture as fx
from report_fixture import ReportTestCase
from clitest import CHATCOST, main

NOVEMBER = ("--since", "2026-11-01", "--until", "2026-12-01")
NEW_YORK = ("--timezone", "America/New_York")


class RollupByUser(ReportTestCase):
    def rollup(self, *args, **kwargs):
        return self.report("rollup", *NOVEMBER, *args, **kwargs)

    def test_rows_totals_and_order(self):
        report = self.rollup()
        self.assertEqual((report["by"], report["search"], report["limit"], report["offset"]), ("user", None, 10, 0))
        self.assertEqual(report["total_count"], 4)  # erin has no message
        users = report["users"]
        # Cost descending: bob 5,000,000; alice 1,484,610; dave 10,000; carol only unpriced (shown unknown, sorts as 0).
        self.assertEqual([u["username"] for u in users], ["bob", "alice", "dave", "carol_x"])
        bob, alice, dave, carol = users
        self.assertEqual(bob, {"user_id": fx.BOB, "username": "bob", "name": "Bob 100% Real", "cost_micros": 5_000_000,
                               "unpriced_messages": 0, "messages": 2, "chats": 1, "input_tokens": 1_000_100,
                               "output_tokens": 10, "cache_read_tokens": 0, "cache_creation_tokens": 0, **fx.NO_INVALID})
        self.assertEqual(alice, {"user_id": fx.ALICE, "username": "alice", "name": "Alice Liddell",
                                 "cost_micros": 1_484_610, "unpriced_messages": 2, "messages": 6, "chats": 2,
                                 "input_tokens": 3_061, "output_tokens": 622, "cache_read_tokens": 200,
                                 "cache_creation_tokens": 100, **fx.NO_INVALID})
        self.assertEqual((dave["name"], dave["cost_micros"], dave["messages"], dave["input_tokens"]),
                         ("Dave \\ Backslash", 10_000, 1, 3))
        self.assertIsNone(carol["cost_micros"])
        self.assertEqual((carol["unpriced_messages"], carol["messages"], carol["chats"]), (1, 1, 1))
        # Totals over every user: 5,000,000 + 1,484,610 + 10,000; priced 2 + 4 + 1; unpriced 2 + 1;
        # chats A1, A2, B1, C1, D1; input 1,000,100 + 3,061 + 3 + 5; output 10 + 622.
        self.assertEqual(report["users_totals"], {"cost_micros": 6_494_610,
                                                  "unpriced_messages": 3, "messages": 10, "chats": 5,
                                                  "input_tokens": 1_003_169, "output_tokens": 632,
                                                  "cache_read_tokens": 200, "cache_creation_tokens": 100, **fx.NO_INVALID})

    def test_unpriced_models_and_fail_on_unpriced(self):
        report = self.rollup()
        # M3: #4 (alice) and #13 (carol); no model config: #5.
        self.assertEqual([(m["model_config_id"], m["unpriced_messages"]) for m in report["unpriced_models"]],
                         [(fx.M3, 2), (None, 1)])
        result = self.rollup("--fail-on-unpriced", code=3)
        self.assertEqual(result.json()["total_count"], 4)  # the report is printed first
        self.assertIn("3 unpriced message(s)", result.stderr)
        report = self.rollup("--search", "bob", "--fail-on-unpriced")  # bob's usage is all priced
        self.assertEqual(report["unpriced_models"], [])

    def test_search_is_a_literal_case_insensitive_substring(self):
        def found(text):
            return [u["username"] for u in self.rollup("--search", text)["users"]]

        self.assertEqual(found("%"), ["bob"])  # "Bob 100% Real"; unescaped, '%' would match everyone
        self.assertEqual(found("_"), ["carol_x"])  # unescaped, '_' would match any character
        self.assertEqual(found("\\"), ["dave"])  # "Dave \ Backslash"
        self.assertEqual(found("LIDDELL"), ["alice"])  # the name, any case
        self.assertEqual(found("AL"), ["bob", "alice"])  # "Bob 100% ReAL", "ALice"
        self.assertEqual(found("0% r"), ["bob"])
        self.assertEqual(found("x%"), [])
        self.assertEqual(found(""), ["bob", "alice", "dave", "carol_x"])  # empty: no filter
        report = self.rollup("--search", "%")
        self.assertEqual((report["search"], report["total_count"]), ("%", 1))
        self.assertEqual(report["users_totals"]["cost_micros"], 5_000_000)  # totals follow the search

    def test_pagination_reports_the_total_count(self):
        page = self.rollup("--limit", "2")
        self.assertEqual([u["username"] for u in page["users"]], ["bob", "alice"])
        self.assertEqual((page["limit"], page["total_count"]), (2, 4))
        page = self.rollup("--limit", "2", "--offset", "2")
        self.assertEqual([u["username"] for u in page["users"]], ["dave", "carol_x"])
        self.assertEqual((page["offset"], page["total_count"]), (2, 4))
        self.assertEqual(page["users_totals"]["cost_micros"], 6_494_610)  # totals are over every page
        page = self.rollup("--offset", "10")
        self.assertEqual((page["users"], page["total_count"]), ([], 4))
        self.assertEqual(page["users_totals"]["messages"], 10)
        page = self.rollup("--limit", "0")
        self.assertIsNone(page["limit"])
        self.assertEqual(len(page["users"]), 4)
        self.assertEqual(self.rollup("--limit", "1")["users"][0]["username"], "bob")

    def test_bad_flags_exit_2(self):
        self.assertIn("not a whole number", self.rollup("--limit", "-1", code=2).stderr)
        self.assertIn("not a whole number", self.rollup("--offset", "x", code=2).stderr)
        self.assertIn("fortnight", self.rollup("--by", "fortnight", code=2).stderr)
        self.assertIn("unknown time zone", self.rollup("--timezone", "Nowhere/Else", code=2).stderr)

    def test_nothing_in_range_is_an_empty_report(self):
        report = self.report("rollup", "--since", "2025-01-01", "--until", "2025-02-01")
        self.assertEqual((report["users"], report["total_count"], report["unpriced_models"]), ([], 0, []))
        self.assertEqual(report["users_totals"]["cost_micros"], 0)
        table = self.report("rollup", "--since", "2025-01-01", "--until", "2025-02-01", fmt="table").stdout
        self.assertIn("(none)", table)

    def test_table_for_people(self):
        table = self.rollup(fmt="table").stdout
        lines = table.splitlines()
        bob = next(line for line in lines if line.startswith("bob "))  # ids are hidden: the username leads
        self.assertIn("$5.00", bob)
        carol = next(line for line in lines if "carol_x" in line)
        self.assertIn("unpriced", carol)
        self.assertNotIn("$0.00", carol)
        total = next(line for line in lines if "Total " in line and "$" in line)
        self.assertIn("$6.49", total)
        self.assertIn("Total count:", table)
        self.assertIn("$6.494610", self.rollup("--exact", fmt="table").stdout)

    def test_schema_version_is_the_databases(self):
        self.assertEqual(self.rollup()["schema_version"], self.schema_version())

    def test_golden_json_and_csv(self):
        args = ("rollup", *NOVEMBER)
        self.assert_golden("rollup_user.json", self.raw_stdout("--format", "json", *args))
        self.assert_golden("rollup_user.csv", self.raw_stdout("--format", "csv", *args))
        self.assert_golden("rollup_model.csv", self.raw_stdout("--format", "csv", *args, "--by", "model"))


class RollupByModelProviderDay(ReportTestCase):
    def rollup(self, *args, **kwargs):
        return self.report("rollup", *NOVEMBER, *args, **kwargs)

    def test_by_model(self):
        report = self.rollup("--by", "model")
        self.assertEqual(report["total_count"], 4)
        rows = report["models"]
        self.assertEqual([r["model_config_id"] for r in rows], [fx.M1, fx.M2, fx.M3, None])
        m1, m2, m3, none = rows
        # M1: #1, #2 (alice), #12 (bob).
        self.assertEqual(m1, {"model_config_id": fx.M1, "display_name": "Claude Sonnet 4", "provider": "anthropic",
                              "model": "claude-sonnet-4", "cost_micros": 6_234_570, "unpriced_messages": 0,
                              "messages": 3, "input_tokens": 1_001_001, "output_tokens": 510,
                              "cache_read_tokens": 200, "cache_creation_tokens": 100, **fx.NO_INVALID})
        # M2: #3 40, #9 no usage, #10 250,000, #11 free, #14 10,000.
        self.assertEqual((m2["display_name"], m2["cost_micros"], m2["messages"], m2["input_tokens"],
                          m2["output_tokens"]), ("gpt-4o-mini", 260_040, 4, 2_113, 110))
        # M3: #4 and #13, both unpriced.
        self.assertEqual((m3["cost_micros"], m3["unpriced_messages"], m3["input_tokens"]), (None, 2, 55))
        self.assertEqual((none["cost_micros"], none["unpriced_messages"], none["output_tokens"]), (None, 1, 7))
        totals = report["models_totals"]
        self.assertNotIn("display_name", totals)  # output version 2: no label in a totals row
        self.assertEqual((totals["cost_micros"], totals["messages"], totals["unpriced_messages"]), (6_494_610, 10, 3))
        self.assertNotIn("chats", totals)

    def test_by_model_with_search(self):
        report = self.rollup("--by", "model", "--search", "alice")
        # alice: M1 #1 + #2; M2 #3 + #10; M3 #4; none #5.
        self.assertEqual([(r["model_config_id"], r["cost_micros"]) for r in report["models"]],
                         [(fx.M1, 1_234_570), (fx.M2, 250_040), (fx.M3, None), (None, None)])

    def test_by_provider(self):
        report = self.rollup("--by", "provider")
        self.assertEqual([(r["provider"], r["cost_micros"], r["messages"], r["unpriced_messages"])
                          for r in report["providers"]],
                         [("anthropic", 6_234_570, 3, 0), ("openai", 260_040, 4, 0), ("local", None, 2, 2),
                          (None, None, 1, 1)])
        self.assertEqual(report["providers_totals"]["cost_micros"], 6_494_610)

    def test_by_day_lists_the_days_with_usage(self):
        every = self.rollup("--by", "day", "--all-periods")
        report = self.rollup("--by", "day")
        self.assertEqual(report["days"], [d for d in every["days"] if d["messages"] > 0])
        days = [d["day"] for d in report["days"]]
        self.assertIn("2026-11-03", days)  # free is usage
        self.assertNotIn("2026-11-02", days)  # no message
        self.assertNotIn("2026-11-22", days)  # #9 has no usage
        self.assertEqual(report["total_count"], len(days))
        self.assertEqual(report["days_totals"], every["days_totals"])
        self.rollup("--all-periods", code=2)  # --by user: there are no empty periods to list

    def test_by_day_with_all_periods_shows_every_day(self):
        report = self.rollup("--by", "day", "--all-periods")
        days = report["days"]
        self.assertIsNone(report["limit"])  # a time series is not cut to 10 unless asked
        self.assertEqual(report["total_count"], 30)
        self.assertEqual([d["day"] for d in days][:3], ["2026-11-01", "2026-11-02", "2026-11-03"])
        self.assertEqual(days[-1]["day"], "2026-11-30")
        by_day = {d["day"]: d for d in days}
        costs = {day: row["cost_micros"] for day, row in by_day.items() if row["cost_micros"] != 0}
        self.assertEqual(costs, {"2026-11-01": 1_234_567, "2026-11-04": 5_000_000, "2026-11-06": None,
                                 "2026-11-07": 10_000, "2026-11-10": 3, "2026-11-15": 40, "2026-11-20": None,
                                 "2026-11-21": None, "2026-11-25": 250_000})
        self.assertEqual((by_day["2026-11-03"]["cost_micros"], by_day["2026-11-03"]["messages"]), (0, 1))  # free
        self.assertEqual(by_day["2026-11-02"], {"day": "2026-11-02", "cost_micros": 0, "unpriced_messages": 0,
                                                "messages": 0, "input_tokens": 0, "output_tokens": 0,
                                                "cache_read_tokens": 0, "cache_creation_tokens": 0, **fx.NO_INVALID})
        self.assertEqual(by_day["2026-11-22"]["messages"], 0)  # #9 has no usage
        self.assertEqual(report["days_totals"]["cost_micros"], 6_494_610)
        page = self.rollup("--by", "day", "--all-periods", "--limit", "2", "--offset", "29")
        self.assertEqual(([d["day"] for d in page["days"]], page["total_count"]), (["2026-11-30"], 30))

    def test_by_month(self):
        report = self.report("rollup", "--by", "month", "--since", "2026-10-01", "--until", "2027-01-01")
        # October: #7 (888,888,888); November: as above; December: #6 (999,999,999).
        self.assertEqual([(m["month"], m["cost_micros"]) for m in report["months"]],
                         [("2026-10", 888_888_888), ("2026-11", 6_494_610), ("2026-12", 999_999_999)])


class RollupCsvTotals(ReportTestCase):
    """CSV ends with the totals row, marked in a first column `row` so that no spreadsheet reads
    it as one more group: every grouping, with --breakdown too, and over all groups, not the page."""

    def csv_rows(self, *args):
        data = self.raw_stdout("--format", "csv", "rollup", *NOVEMBER, *args)
        return list(csv.DictReader(io.StringIO(data.decode(), newline="")))

    def test_every_grouping_ends_with_a_marked_total_row(self):
        for args in (["--by", "user"], ["--by", "model"], ["--by", "provider"], ["--by", "day"], ["--by", "week"],
                     ["--by", "month"], ["--by", "chat"], ["--by", "day", "--breakdown"],
                     ["--by", "week", "--breakdown"], ["--by", "month", "--breakdown"], ["--limit", "1"]):
            with self.subTest(args=args):
                report = self.report("rollup", *NOVEMBER, *args)
                totals = next(value for key, value in report.items() if key.endswith("_totals"))
                rows = self.csv_rows(*args)
                self.assertEqual(list(rows[0])[0], "row")
                self.assertEqual([r["row"] for r in rows], ["group"] * (len(rows) - 1) + ["total"])
                total = rows[-1]
                for figure in ("cost_micros", "unpriced_messages", "messages", "input_tokens", "output_tokens"):
                    self.assertEqual(total[figure], str(totals[figure]), figure)
                # The key columns say nothing in the total row: it is no group.
                key = next(k for k in rows[0] if k != "row")
                self.assertEqual(total[key], "")
        # The page is one group; its total row is every group's.
        self.assertEqual(self.csv_rows("--limit", "1")[-1]["cost_micros"], "6494610")


class RollupAcrossDaylightSaving(ReportTestCase):
    loader = staticmethod(fx.load_dst)

    def days(self, *args):
        report = self.report("rollup", "--by", "day", *args)
        return [(d["day"], d["cost_micros"], d["messages"]) for d in report["days"]], report

    def test_fall_back_day_has_25_hours_in_one_row(self):
        rows, report = self.days("--since", "2026-10-31", "--until", "2026-11-03", *NEW_YORK)
        self.assertEqual(report["range"], {"since": "2026-10-31T00:00:00-04:00", "until": "2026-11-03T00:00:00-05:00",
                                           "timezone": "America/New_York", "until_exclusive": True})
        # #101 (Oct 30 23:59:59 EDT) is before the range; Oct 31: #102; Nov 1, 04:00Z to 05:00Z next day:
        # #103 + #104 + #105 (01:30 twice) + #106 (23:30 EST); Nov 2: #107.
        self.assertEqual(rows, [("2026-10-31", 1_000_000, 1), ("2026-11-01", 1_111, 4), ("2026-11-02", 10_000, 1)])
        self.assertEqual(report["days_totals"]["cost_micros"], 1_011_111)

    def test_the_same_days_in_utc(self):
        rows, report = self.days("--since", "2026-10-31", "--until", "2026-11-03")
        self.assertEqual(rows, [("2026-10-31", 100_000, 1), ("2026-11-01", 1_000_111, 4),
                                ("2026-11-02", 11_000, 2)])
        self.assertEqual(report["days_totals"]["cost_micros"], 1_111_111)

    def test_spring_forward_day_has_23_hours_in_one_row(self):
        rows, report = self.days("--since", "2026-03-07", "--until", "2026-03-10", *NEW_YORK)
        self.assertEqual(report["range"]["since"], "2026-03-07T00:00:00-05:00")
        self.assertEqual(report["range"]["until"], "2026-03-10T00:00:00-04:00")
        # Mar 8 runs from 05:00Z to 04:00Z next day: #112 and #113.
        self.assertEqual(rows, [("2026-03-07", 20_000_000, 1), ("2026-03-08", 4_300_000_000, 2),
                                ("2026-03-09", 50_000_000_000, 1)])

    def test_months_in_the_time_zone(self):
        report = self.report("rollup", "--by", "month", "--since", "2026-10-01", "--until", "2026-12-01", *NEW_YORK)
        # #102 (Nov 1 02:00Z) is still October in New York.
        self.assertEqual([(m["month"], m["cost_micros"], m["messages"]) for m in report["months"]],
                         [("2026-10", 1_100_000, 2), ("2026-11", 11_111, 5)])
        report = self.report("rollup", "--by", "month", "--since", "2026-10-01", "--until", "2026-12-01")
        self.assertEqual([(m["month"], m["cost_micros"]) for m in report["months"]],
                         [("2026-10", 100_000), ("2026-11", 1_011_111)])

    def test_a_range_that_does_not_start_at_midnight_keeps_whole_calendar_days(self):
        # 2026-11-01T05:00:00Z is 01:00 EDT: Nov 1 starts the list, holding only what is in the range
        # (#104 at 05:30Z, #105, #106).
        rows, _ = self.days("--since", "2026-11-01T05:00:00Z", "--until", "2026-11-02T05:00:00Z", *NEW_YORK)
        self.assertEqual(rows, [("2026-11-01", 1_110, 3)])

    def test_empty_days_are_left_out_unless_all_periods(self):
        rows, report = self.days("--since", "2026-10-25", "--until", "2026-10-28", *NEW_YORK)
        self.assertEqual((rows, report["total_count"]), ([], 0))
        rows, report = self.days("--since", "2026-10-25", "--until", "2026-10-28", "--all-periods", *NEW_YORK)
        self.assertEqual(rows, [("2026-10-25", 0, 0), ("2026-10-26", 0, 0), ("2026-10-27", 0, 0)])
        self.assertEqual(report["total_count"], 3)

    def test_more_than_10000_periods_are_refused(self):
        result = self.report("rollup", "--by", "day", "--since", "0001-01-01", "--until", "9999-12-31", code=2)
        days = (datetime.date(9999, 12, 31) - datetime.date(1, 1, 1)).days
        self.assertIn(f"chatcost: error: the range 0001-01-01T00:00:00Z to 9999-12-31T00:00:00Z spans {days} days; "
                      "a rollup by day lists at most 10000\n", result.stderr)
        self.assertIn("chatcost: hint: use --by month, or a later --since", result.stderr)
        self.assertEqual(result.stdout, "")
        result = self.report("rollup", "--by", "month", "--since", "0001-01-01", "--until", "9999-12-31", code=2)
        self.assertIn("spans 119988 months; a rollup by month lists at most 10000", result.stderr)
        # 10,000 days exactly are listed, every one with --all-periods.
        until = (datetime.date(2000, 1, 1) + datetime.timedelta(days=10_000)).isoformat()
        report = self.report("rollup", "--by", "day", "--since", "2000-01-01", "--until", until, "--all-periods")
        self.assertEqual((report["total_count"], len(report["days"])), (10_000, 10_000))
        self.report("rollup", "--by", "day", "--since", "1999-12-31", "--until", until, code=2)

    def test_a_full_disk_is_an_error_and_a_closed_pipe_is_quiet(self):
        for fmt in ("json", "table"):
            with open("/dev/full", "w", encoding="utf-8") as full:
                completed = subprocess.run([CHATCOST, "-d", self._url, "--format", fmt, "rollup", "--by", "day"],
                                           env=self.base_env(), stdout=full, stderr=subprocess.PIPE, text=True,
                                           timeout=120, check=False)
            self.assertEqual((completed.returncode, completed.stderr),
                             (1, "chatcost: error: cannot write standard output: No space left on device\n"))
        # `| head`: the reader goes after one line of 10,000 days; SIGPIPE ends chatcost, quietly.
        process = subprocess.Popen([CHATCOST, "-d", self._url, "--format", "csv", "rollup", "--by", "day",
                                    "--since", "2000-01-01", "--until", "2027-01-01", "--all-periods"],
                                   env=self.base_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        process.stdout.readline()
        process.stdout.close()
        stderr = process.stderr.read()
        self.assertEqual((process.wait(timeout=120), stderr), (-signal.SIGPIPE, b""))

    def test_golden_csv(self):
        self.assert_golden("rollup_day_new_york.csv",
                           self.raw_stdout("--format", "csv", "rollup", "--by", "day", "--since", "2026-10-31",
                                           "--until", "2026-11-03", *NEW_YORK))


if __name__ == "__main__":
    main()
