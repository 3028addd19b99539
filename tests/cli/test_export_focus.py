"""`chatcost export focus` (issue 19): a FOCUS 1.2 CSV of the ledger's spend. Checks every
mandatory column and the value rules FOCUS 1.2 states for them (non-null columns, allowed
values, the date format, ListUnitPrice x PricingQuantity = ListCost), the exact line costs (no
rounding), reasoning as its own row, one row per unit price when the price changed within a day
or messages were priced at different tiers, unpriced usage as rows (null unit price, costs 0,
x_CostStatus unpriced), and that the export's total equals `rollup`'s to the micro-dollar
through the rounding Adjustment rows. `--format json` carries the same rows as objects (exact decimal
strings, null for null) and the totals apart; `--format table` is a summary per day, user and model
that fits the terminal; `-o FILE` with the table is refused.

The four reference line-cost vectors (reference-focus-vectors.json, beside the repository like
the other reference data; CHATCOST_REFERENCE_VECTORS names the file or its folder) are checked
when the file is found; otherwise that test is skipped with a note saying where it looked.
"""
import csv
import io
import json
import os
import re
import sys
import unittest
from decimal import Decimal

from clitest import SOURCE_ROOT, ChatcostTestCase

sys.path.insert(0, os.path.join(SOURCE_ROOT, "tests", "snapshot"))
import models_dev_snapshot  # noqa: E402  (the one place that knows where the shared data is)

FILE_NAME = "reference-focus-vectors.json"
VARIABLE = "CHATCOST_REFERENCE_VECTORS"

# FOCUS 1.2's mandatory columns, and the conditional ones token usage has.
MANDATORY = ["BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd",
             "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodEnd",
             "ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost",
             "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName"]
CONDITIONAL = ["ConsumedQuantity", "ConsumedUnit", "ContractedUnitPrice", "ListUnitPrice", "SkuId", "SkuPriceId",
               "SubAccountId", "SubAccountName", "Tags", "ChargeFrequency", "PricingCategory"]
NOT_NULL = ["BilledCost", "BillingAccountId", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart",
            "ChargeCategory", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost", "EffectiveCost",
            "InvoiceIssuerName", "ListCost", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName"]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
SERVICE_CATEGORIES = {"AI and Machine Learning", "Analytics", "Business Applications", "Compute", "Databases",
                      "Developer Tools", "Multicloud", "Identity", "Integration", "Internet of Things",
                      "Management and Governance", "Media", "Migration", "Mobile", "Networking", "Security",
                      "Storage", "Web", "Other"}

ALICE = "a11ce000-0000-4000-8000-000000000001"
BOB = "b0b00000-0000-4000-8000-000000000002"
CAROL = "ca201000-0000-4000-8000-000000000003"


def config(n):
    return f"00000000-0000-4000-a000-0000000000{n:02d}"


SETUP = f"""
INSERT INTO users (id, username) VALUES ('{ALICE}', 'alice'), ('{BOB}', 'bob');
INSERT INTO chats (id, owner_id) VALUES ('c0000000-0000-4000-b000-000000000001', '{ALICE}'),
                                        ('c0000000-0000-4000-b000-000000000002', '{BOB}');
INSERT INTO chat_model_configs (id, provider, model, options) VALUES
  ('{config(1)}', 'acme', 'vec-one', '{{"cost": {{"input_price_per_million_tokens": "1",
       "cache_write_price_per_million_tokens": "1.25"}}}}'),
  ('{config(2)}', 'acme', 'vec-byok', '{{"cost": {{"input_price_per_million_tokens": 5}}}}'),
  ('{config(3)}', 'local', 'llama', '{{}}'),
  ('{config(4)}', 'openai', 'gpt-x', '{{"cost": {{"input_price_per_million_tokens": "2.50",
       "output_price_per_million_tokens": "15", "reasoning_price_per_million_tokens": "40",
       "tiers": [{{"tier": {{"type": "context", "size": 1000}}, "input": "5.00"}}]}}}}'),
  ('{config(5)}', 'anthropic', 'book-model', '{{}}'),
  ('{config(6)}', 'acme', 'cent', '{{"cost": {{"input_price_per_million_tokens": "0.01"}}}}'),
  ('{config(7)}', 'a-provider-with-a-rather-long-name', 'a-model-whose-name-is-too-long-for-a-table-line',
       '{{"cost": {{"input_price_per_million_tokens": "0.3"}}}}');
INSERT INTO users (id, username, name) VALUES ('{CAROL}', 'carol-whose-username-is-long-too', 'Carol');
INSERT INTO chats (id, owner_id) VALUES ('c0000000-0000-4000-b000-000000000003', '{CAROL}');
INSERT INTO ai_model_prices (provider, model, input_price, output_price, created_at, updated_at)
VALUES ('anthropic', 'book-model', 3000000, 15000000, '2026-01-01Z', '2026-01-01Z');
INSERT INTO chat_messages (id, chat_id, model_config_id, created_at, role, input_tokens, output_tokens,
                           reasoning_tokens, cache_creation_tokens, cache_read_tokens) VALUES
  -- bob, 2026-11-03: the reference vectors' lines, each alone
  (1, 'c0000000-0000-4000-b000-000000000002', '{config(1)}', '2026-11-03T10:00Z', 'assistant', 3, NULL, NULL, 9278, NULL),
  (2, 'c0000000-0000-4000-b000-000000000002', '{config(2)}', '2026-11-03T11:00Z', 'assistant', 2131, NULL, NULL, NULL, NULL),
  (3, 'c0000000-0000-4000-b000-000000000002', '{config(3)}', '2026-11-03T12:00Z', 'assistant', 118, 2, NULL, NULL, 16),
  -- alice, 2026-11-05: tiers and a reasoning price; no config; a cent-per-million rounding
  (10, 'c0000000-0000-4000-b000-000000000001', '{config(4)}', '2026-11-05T01:00Z', 'assistant', 500, 100, 30, NULL, NULL),
  (11, 'c0000000-0000-4000-b000-000000000001', '{config(4)}', '2026-11-05T02:00Z', 'assistant', 1500, 10, 10, NULL, NULL),
  (12, 'c0000000-0000-4000-b000-000000000001', NULL, '2026-11-05T03:00Z', 'assistant', 7, 1, NULL, NULL, NULL),
  (13, 'c0000000-0000-4000-b000-000000000001', '{config(6)}', '2026-11-05T04:00Z', 'assistant', 1, NULL, NULL, NULL, NULL),
  (14, 'c0000000-0000-4000-b000-000000000001', '{config(6)}', '2026-11-05T05:00Z', 'assistant', 1, NULL, NULL, NULL, NULL),
  -- alice, 2026-11-20: a book price that changes at noon
  (20, 'c0000000-0000-4000-b000-000000000001', '{config(5)}', '2026-11-20T09:00Z', 'assistant', 1000, 10, NULL, NULL, NULL),
  (21, 'c0000000-0000-4000-b000-000000000001', '{config(5)}', '2026-11-20T15:00Z', 'assistant', 1000, 10, NULL, NULL, NULL),
  -- outside November; and a user message, never counted
  (30, 'c0000000-0000-4000-b000-000000000001', '{config(2)}', '2026-12-01T00:00Z', 'assistant', 100, NULL, NULL, NULL, NULL),
  (31, 'c0000000-0000-4000-b000-000000000001', '{config(2)}', '2026-11-10T00:00Z', 'user', 100, NULL, NULL, NULL, NULL),
  -- October, for the table's width: long names, and a cost that rounds up
  (40, 'c0000000-0000-4000-b000-000000000003', '{config(7)}', '2026-10-15T10:00Z', 'assistant', 1234567, NULL, NULL, NULL, NULL),
  (41, 'c0000000-0000-4000-b000-000000000003', '{config(7)}', '2026-10-15T11:00Z', 'assistant', 3, NULL, NULL, NULL, NULL),
  (42, 'c0000000-0000-4000-b000-000000000001', '{config(3)}', '2026-10-16T11:00Z', 'assistant', 5, NULL, NULL, NULL, NULL);
"""


def vectors_path():
    """(the file or None, where it looked)."""
    return models_dev_snapshot.find_beside(FILE_NAME, VARIABLE, SOURCE_ROOT)


class ExportFocus(ChatcostTestCase):
    url = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.url = cls.cluster.create_database("focus")

    def setUp(self):
        if getattr(type(self), "ready", False):
            return
        self.assert_exit(self.run_chatcost("-q", "-d", self.url, "migrate", "up"), 0)
        self.cluster.psql(SETUP, "focus")
        self.assert_exit(self.run_chatcost("-q", "-d", self.url, "prices", "set", "anthropic/book-model",
                                           "--input-price", "6", "--output-price", "15",
                                           "--effective-from", "2026-11-20T12:00:00Z"), 0)
        self.assert_exit(self.run_chatcost("-q", "-d", self.url, "backfill"), 0)
        type(self).ready = True

    def export(self, *args):
        result = self.run_chatcost("-d", self.url, "export", "focus", *args)
        self.assert_exit(result, 0)
        return list(csv.DictReader(io.StringIO(result.stdout, newline="")))

    def test_every_mandatory_column_and_its_rules(self):
        rows = self.export("--month", "2026-11")
        self.assertTrue(rows)
        for column in MANDATORY + CONDITIONAL:
            self.assertIn(column, rows[0], column)
        for row in rows:
            with self.subTest(row=row):
                for column in NOT_NULL:
                    self.assertNotEqual(row[column], "", column)
                for column in ("BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"):
                    self.assertRegex(row[column], DATE)
                self.assertEqual(row["BillingPeriodStart"], "2026-11-01T00:00:00Z")
                self.assertEqual(row["BillingPeriodEnd"], "2026-12-01T00:00:00Z")
                self.assertLess(row["ChargePeriodStart"], row["ChargePeriodEnd"])
                self.assertLessEqual(row["BillingPeriodStart"], row["ChargePeriodStart"])
                self.assertEqual(row["BillingCurrency"], "USD")
                self.assertIn(row["ChargeCategory"], {"Usage", "Adjustment"})
                self.assertIn(row["ChargeClass"], {"", "Correction"})
                self.assertIn(row["ServiceCategory"], SERVICE_CATEGORIES)
                self.assertIn(row["ChargeFrequency"], {"One-Time", "Recurring", "Usage-Based"})
                for column in ("BilledCost", "EffectiveCost", "ListCost", "ContractedCost"):
                    self.assertRegex(row[column], DECIMAL)
                self.assertEqual(row["BilledCost"], row["EffectiveCost"])
                self.assertIsInstance(json.loads(row["Tags"]), dict)
                if row["ChargeCategory"] == "Usage":
                    self.assertGreater(Decimal(row["ConsumedQuantity"]), 0)
                    self.assertEqual(row["ConsumedUnit"], "Tokens")
                    self.assertEqual(row["PricingUnit"], "Tokens")
                    self.assertNotEqual(row["SkuId"], "")
                    if row["ListUnitPrice"]:
                        self.assertEqual(Decimal(row["ListUnitPrice"]) * Decimal(row["PricingQuantity"]),
                                         Decimal(row["ListCost"]))
                        self.assertEqual(row["x_CostStatus"], "priced")
                else:
                    for column in ("ConsumedQuantity", "ConsumedUnit", "PricingQuantity", "PricingUnit",
                                   "ListUnitPrice", "ContractedUnitPrice"):
                        self.assertEqual(row[column], "", column)

    def test_total_equals_rollup_to_the_micro_dollar(self):
        for args, since, until in ((["--month", "2026-11"], "2026-11-01", "2026-12-01"),
                                   (["--since", "2026-11-05", "--until", "2026-11-21"], "2026-11-05", "2026-11-21"),
                                   (["--month", "2026-11", "--timezone", "Asia/Tokyo"], None, None)):
            with self.subTest(args=args):
                rows = self.export(*args)
                total = sum(Decimal(row["BilledCost"]) for row in rows)
                rollup_args = ["--since", since, "--until", until] if since else \
                    ["--since", "2026-11-01", "--until", "2026-12-01", "--timezone", "Asia/Tokyo"]
                rollup = self.run_chatcost("-d", self.url, "--format", "json", "rollup", "--limit", "0", *rollup_args)
                self.assert_exit(rollup, 0)
                self.assertEqual(total * 1_000_000, Decimal(rollup.json()["users_totals"]["cost_micros"]))
        rows = self.export("--month", "2026-11")
        adjustments = [r for r in rows if r["ChargeCategory"] == "Adjustment"]
        self.assertTrue(adjustments)
        # alice's two messages of 1 token at $0.01/M: exactly 0.00000002 USD; the ledger rounds
        # each up to a micro-dollar, and the day's Adjustment carries the difference
        cent = [r for r in rows if r["SkuId"] == "acme/cent/input"]
        self.assertEqual([(r["ConsumedQuantity"], r["ListCost"]) for r in cent], [("2", "0.000000020000")])

    def test_reasoning_tiers_and_price_changes_are_rows_of_their_own(self):
        rows = self.export("--month", "2026-11")
        gpt = {(r["x_TokenCategory"], r["ListUnitPrice"]): r for r in rows if r["ServiceName"] == "openai/gpt-x"}
        self.assertEqual(gpt[("input", "0.000002500000")]["ConsumedQuantity"], "500")
        self.assertEqual(gpt[("input", "0.000005000000")]["ConsumedQuantity"], "1500")
        self.assertEqual(gpt[("output", "0.000015000000")]["ConsumedQuantity"], "70")  # 100 - 30 + 10 - 10
        self.assertEqual(gpt[("reasoning", "0.000040000000")]["ConsumedQuantity"], "40")
        self.assertEqual(gpt[("reasoning", "0.000040000000")]["ListCost"], "0.001600000000")
        book = sorted((r["ListUnitPrice"], r["ConsumedQuantity"]) for r in rows
                      if r["SkuId"] == "anthropic/book-model/input")
        self.assertEqual(book, [("0.000003000000", "1000"), ("0.000006000000", "1000")])

    def test_unpriced_usage_is_kept(self):
        rows = self.export("--month", "2026-11")
        unpriced = [r for r in rows if r["x_CostStatus"] == "unpriced"]
        self.assertEqual(sorted((r["ServiceName"], r["x_TokenCategory"], r["ConsumedQuantity"]) for r in unpriced),
                         [("local/llama", "cache_read", "16"), ("local/llama", "input", "118"),
                          ("local/llama", "output", "2"), ("no model config", "input", "7"),
                          ("no model config", "output", "1")])
        for row in unpriced:
            self.assertEqual((row["ListUnitPrice"], row["ContractedUnitPrice"], row["SkuPriceId"]), ("", "", ""))
            self.assertEqual(row["ListCost"], "0.000000000000")

    def test_output_file_and_bad_month(self):
        path = os.path.join(self.scratch, "focus.csv")
        result = self.run_chatcost("-d", self.url, "export", "focus", "--month", "2026-11", "-o", path)
        self.assert_exit(result, 0)
        self.assertEqual(result.stdout, "")
        with open(path, "rb") as f:
            data = f.read()
        self.assertTrue(data.startswith(b"BilledCost,"))
        self.assertEqual(data.count(b"\n"), data.count(b"\r\n"))  # RFC 4180: CRLF, every record
        self.assertGreater(data.count(b"\r\n"), 10)
        for bad in (["--month", "2026-13"], ["--month", "26-11"], ["--month", "2026-11", "--since", "2026-11-02"]):
            self.assert_exit(self.run_chatcost("-d", self.url, "export", "focus", *bad), 2)

    def json_export(self, *args):
        result = self.run_chatcost("-d", self.url, "export", "focus", *args)
        self.assert_exit(result, 0)

        def no_float(text):
            raise AssertionError(f"a JSON number with a fraction: {text}")
        return json.loads(result.stdout, parse_float=no_float)

    def test_json_has_the_csv_rows_value_for_value(self):
        for month in ("2026-11", "2026-10"):
            with self.subTest(month=month):
                rows = self.export("--month", month)
                for flags in (["--format", "json"], ["-j"]):
                    report = self.json_export("--month", month, *flags)
                    self.assertEqual(list(report)[:2], ["output_version", "focus_version"])
                    self.assertEqual(report["output_version"], 1)
                    self.assertEqual(report["focus_version"], "1.2")
                    self.assertEqual(report["range"]["timezone"], "UTC")
                    self.assertEqual(len(report["rows"]), len(rows))
                    for csv_row, json_row in zip(rows, report["rows"]):
                        self.assertEqual(list(json_row), list(csv_row))  # the columns, in order
                        for column, text in csv_row.items():
                            value = json_row[column]
                            if column == "Tags":
                                self.assertEqual(value, json.loads(text))
                            elif value is None:
                                self.assertEqual(text, "", column)
                            else:
                                self.assertIsInstance(value, str, column)  # decimals too: exact text
                                self.assertEqual(value, text, column)
                    self.assertNotIn("Total", {r["ChargeCategory"] for r in report["rows"]})
        self.assertEqual(self.export("--month", "2026-11", "--format", "csv"), self.export("--month", "2026-11"))

    def test_json_totals_equal_rollup_to_the_micro_dollar(self):
        for args, rollup_args in ((["--month", "2026-11"], ["--since", "2026-11-01", "--until", "2026-12-01"]),
                                  (["--month", "2026-10"], ["--since", "2026-10-01", "--until", "2026-11-01"]),
                                  (["--since", "2026-11-05", "--through", "2026-11-20", "--timezone", "Asia/Tokyo"],
                                   ["--since", "2026-11-05", "--until", "2026-11-21", "--timezone", "Asia/Tokyo"])):
            with self.subTest(args=args):
                report = self.json_export(*args, "-j")
                totals = report["totals"]
                rollup = self.run_chatcost("-d", self.url, "-j", "rollup", "--limit", "0", *rollup_args)
                self.assert_exit(rollup, 0)
                ledger = rollup.json()["users_totals"]["cost_micros"]
                self.assertEqual(totals["cost_micros"], ledger)
                for column in ("BilledCost", "EffectiveCost", "ListCost", "ContractedCost"):
                    self.assertEqual(Decimal(totals[column]) * 1_000_000, ledger, column)
                    self.assertEqual(sum(Decimal(r[column]) for r in report["rows"]), Decimal(totals[column]))
                self.assertEqual(totals["rows"], len(report["rows"]))
                self.assertEqual(totals["adjustment_rows"],
                                 sum(r["ChargeCategory"] == "Adjustment" for r in report["rows"]))
                self.assertEqual(totals["messages"], rollup.json()["users_totals"]["messages"])
                self.assertEqual(totals["unpriced_messages"], rollup.json()["users_totals"]["unpriced_messages"])

    def test_table_sums_per_day_user_and_model_and_fits_80_columns(self):
        env = self.base_env()
        env.update({"COLUMNS": "80", "LANG": "C.UTF-8"})
        result = self.run_chatcost("-d", self.url, "export", "focus", "--month", "2026-10", "--format", "table",
                                   env=env)
        self.assert_exit(result, 0)
        lines = result.stdout.splitlines()
        for line in lines:
            self.assertLessEqual(len(line), 80, line)  # ASCII and "…": one column a character
        self.assertIn("By day, user and model", lines)
        self.assertNotIn(CAROL, result.stdout)  # ids are for --ids, JSON and CSV
        body = [line for line in lines if line.startswith("2026-10-")]
        # carol: one line for her model (two messages), her day's rounding; alice: one unpriced line
        self.assertEqual(len(body), 3, result.stdout)
        self.assertIn("…", body[0])  # the long names were cut to fit
        self.assertRegex(body[0], r"\$0\.37\s+0\s+1,234,570$")  # 1,234,570 tokens at $0.30/M
        self.assertIn("Adjustment", body[1])
        self.assertRegex(body[2], r"alice\s+llama\s+unpriced\s+1\s+5$")
        total = [line for line in lines if line.startswith("Total")]
        self.assertEqual(len(total), 1)
        self.assertRegex(total[0], r"\$0\.37\s+1\s+1,234,575$")
        self.assertNotIn("Messages", result.stdout)  # below 100 columns: the details make way
        # the same table, piped without COLUMNS: uncut
        wide = self.run_chatcost("-d", self.url, "--format", "table", "export", "focus", "--month", "2026-10")
        self.assert_exit(wide, 0)
        self.assertRegex(wide.stdout, r"a-provider-with-a-rather-long-name\s+"
                                      r"a-model-whose-name-is-too-long-for-a-table-line\s+\$0\.37\s+0\s+2\s+")

    def test_output_file_in_each_format_and_contradictions(self):
        path = os.path.join(self.scratch, "focus.json")
        result = self.run_chatcost("-d", self.url, "-j", "export", "focus", "--month", "2026-11", "-o", path)
        self.assert_exit(result, 0)
        self.assertEqual(result.stdout, "")
        with open(path, encoding="utf-8") as f:
            self.assertEqual(json.load(f), self.json_export("--month", "2026-11", "-j"))
        table = os.path.join(self.scratch, "focus.txt")
        for flags in (["--format", "table"], ["--format=table"]):
            with self.subTest(flags=flags):
                refused = self.run_chatcost("-d", self.url, "export", "focus", "--month", "2026-11", "-o", table,
                                            *flags)
                self.assert_exit(refused, 2)
                self.assertIn("-o FILE cannot be given with --format table", refused.stderr)
                self.assertFalse(os.path.exists(table))
        both = self.run_chatcost("-d", self.url, "export", "focus", "--month", "2026-11", "-j", "--format", "csv")
        self.assert_exit(both, 2)

    def test_reference_vectors(self):
        path, where = vectors_path()
        if path is None:
            self.skipTest(f"no {FILE_NAME} found; set {VARIABLE} (looked for {where})")
        with open(path, encoding="utf-8") as f:
            vectors = json.load(f)
        self.assertEqual(len(vectors), 4)
        rows = self.export("--month", "2026-11")
        for vector in vectors:
            with self.subTest(vector=vector["name"]):
                if vector["tokens"] is None:  # the unpriced line(s)
                    lines = [r for r in rows if r["ServiceName"] == "local/llama"]
                    self.assertEqual(len(lines), len(vector["token_type"].split("|")))
                    for line in lines:
                        self.assertEqual(line["ListUnitPrice"], "")
                        self.assertEqual(line["ListCost"], vector["list_cost_usd"])
                        self.assertEqual(line["x_CostStatus"], vector["x_PricingStatus"])
                    continue
                unit = Decimal(vector["unit_price_micros_per_million"]) / Decimal(10) ** 12
                lines = [r for r in rows if r["ConsumedQuantity"] == str(vector["tokens"])
                         and r["ListUnitPrice"] and Decimal(r["ListUnitPrice"]) == unit]
                self.assertEqual(len(lines), 1, vector["name"])
                self.assertEqual(lines[0]["ListCost"], vector["list_cost_usd"])
                if vector.get("list_unit_price_usd_per_token"):
                    self.assertEqual(lines[0]["ListUnitPrice"], vector["list_unit_price_usd_per_token"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
