"""`chatcost explain`: one stored message, component by component, with its price source, and
whether the stored cost agrees. Expected figures computed by hand."""
import backfill_data as data
from clitest import ChatcostTestCase, main


TIERED_CONFIG = "00000000-0000-0000-0002-000000000041"
BOOK_TIERED_CONFIG = "00000000-0000-0000-0002-000000000042"
BAD_PRICES_CONFIG = "00000000-0000-0000-0002-000000000043"
NEAR_NAME_CONFIG = "00000000-0000-0000-0002-000000000044"


class Explain(ChatcostTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.url = cls.cluster.create_database("explain")
        case = ChatcostTestCase("run")  # only to borrow run_chatcost's clean environment
        case.scratch = cls.scratch
        result = case.run_chatcost("-q", "-d", cls.url, "migrate", "up")
        assert result.code == 0, repr(result)
        cls.cluster.psql(data.setup_sql(1000, invalid=True), "explain")
        # Messages with figures worked out by hand, ids 5001..
        cls.cluster.psql(f"""
INSERT INTO chat_messages (id, chat_id, model_config_id, role, input_tokens, output_tokens, reasoning_tokens,
                           cache_read_tokens, cache_creation_tokens, total_cost_micros) VALUES
 (5001, '00000000-0000-0000-0001-000000000001', '{data.config_id(1)}', 'assistant', 1200, 800, 300, 5000, 100, NULL),
 (5002, '00000000-0000-0000-0001-000000000001', '{data.config_id(12)}', 'assistant', 1, NULL, NULL, NULL, NULL, NULL),
 (5003, '00000000-0000-0000-0001-000000000001', '{data.config_id(3)}', 'assistant', 1000, 333, NULL, 7, NULL, 5),
 (5004, '00000000-0000-0000-0001-000000000001', '{data.config_id(5)}', 'assistant', 1000, 1000, NULL, 1000, 1000, NULL),
 (5005, '00000000-0000-0000-0001-000000000001', '{data.config_id(8)}', 'assistant', 1000, 1000, NULL, NULL, 1000, NULL),
 (5006, '00000000-0000-0000-0001-000000000001', NULL, 'assistant', 10, 10, NULL, NULL, NULL, NULL),
 (5007, '00000000-0000-0000-0001-000000000001', '{data.config_id(14)}', 'assistant', 10, 10, NULL, NULL, NULL, NULL),
 (5008, '00000000-0000-0000-0001-000000000001', '{data.config_id(9)}', 'assistant', 10, 10, NULL, NULL, NULL, NULL),
 (5009, '00000000-0000-0000-0001-000000000001', '{data.config_id(6)}', 'assistant', 10, 10, NULL, NULL, NULL, 0)
""", "explain")
        # Long-context tiers and a reasoning price (issue 15): config 41 sets them in options.cost;
        # config 42 sets no price and is priced by its price book row, which has a tier.
        cls.cluster.psql(f"""
INSERT INTO chat_model_configs (id, provider, model, options) VALUES
 ('{TIERED_CONFIG}', 'acme', 'long-1', '{{"cost": {{"input_price_per_million_tokens": "2.5",
   "output_price_per_million_tokens": "15", "cache_read_price_per_million_tokens": "0.25",
   "reasoning_price_per_million_tokens": "40",
   "tiers": [{{"tier": {{"type": "context", "size": 272000}}, "input": "5", "output": 22.5}}]}}}}'),
 ('{BOOK_TIERED_CONFIG}', 'openai', 'gpt-5.4', '{{}}');
INSERT INTO ai_model_prices (provider, model, input_price, output_price, cache_read_price, cache_write_price,
                             reasoning_price, tiers) VALUES
 ('openai', 'gpt-5.4', 2500000, 15000000, 250000, NULL, NULL,
  '[{{"size": 272000, "input_price": 5000000, "output_price": 22500000, "cache_read_price": 500000}}]');
INSERT INTO chat_messages (id, chat_id, model_config_id, role, input_tokens, output_tokens, reasoning_tokens,
                           cache_read_tokens, cache_creation_tokens, total_cost_micros) VALUES
 (5010, '00000000-0000-0000-0001-000000000001', '{TIERED_CONFIG}', 'assistant', 200000, 1000, 200, 72000, NULL, NULL),
 (5011, '00000000-0000-0000-0001-000000000001', '{TIERED_CONFIG}', 'assistant', 200000, 1000, 200, 72000, 1, NULL),
 (5012, '00000000-0000-0000-0001-000000000001', '{BOOK_TIERED_CONFIG}', 'assistant', 272001, 100, NULL, NULL,
  NULL, NULL)
""", "explain")

        # Issue 18: several prices that do not read, and a name the book has only in another case
        # and without the date suffix (the book's anthropic/claude-sonnet-4, backfill_data.PRICE_BOOK).
        cls.cluster.psql(f"""
INSERT INTO chat_model_configs (id, provider, model, options) VALUES
 ('{BAD_PRICES_CONFIG}', 'acme', 'bad-prices', '{{"cost": {{"input_price_per_million_tokens": "2,00",
   "output_price_per_million_tokens": -3, "reasoning_price_per_million_tokens": "x"}},
   "cache_read_price_per_million_tokens": "-0.5"}}'),
 ('{NEAR_NAME_CONFIG}', 'Anthropic', 'Claude-Sonnet-4-20250514', '{{}}');
INSERT INTO chat_messages (id, chat_id, model_config_id, role, input_tokens, output_tokens, reasoning_tokens,
                           cache_read_tokens, cache_creation_tokens, total_cost_micros) VALUES
 (5013, '00000000-0000-0000-0001-000000000001', '{BAD_PRICES_CONFIG}', 'assistant', 10, 10, NULL, 10, NULL, NULL),
 (5014, '00000000-0000-0000-0001-000000000001', '{NEAR_NAME_CONFIG}', 'assistant', 10, 10, NULL, NULL, NULL, NULL)
""", "explain")

    def explain(self, *args):
        return self.run_chatcost("-d", self.url, "explain", *args)

    def report(self, message_id, code=0):
        result = self.explain(str(message_id), "--format", "json")
        self.assert_exit(result, code)
        return result.json()

    @staticmethod
    def categories(report):
        return {c["category"]: c for c in report["categories"]}

    def test_nested_config_each_product_the_sum_and_the_rounding(self):
        # $3, $15, $0.3, $3.75 per 1M: 3600 + 12000 + 1500 + 375 = 17475 micro-dollars exactly.
        report = self.report(5001)
        self.assertEqual(report["message_id"], 5001)
        self.assertEqual(report["model_config_id"], data.config_id(1))
        self.assertEqual((report["provider"], report["model"]), ("anthropic", "claude-sonnet-4"))
        self.assertEqual(report["price_source"], "config_nested")
        rows = self.categories(report)
        self.assertEqual((rows["input"]["tokens"], rows["input"]["price_usd_per_million"],
                          rows["input"]["exact_cost_micros"]), (1200, "3", "3600"))
        self.assertEqual(rows["output"]["exact_cost_micros"], "12000")
        self.assertEqual(rows["cache_read"]["exact_cost_micros"], "1500")
        self.assertEqual((rows["cache_write"]["tokens"], rows["cache_write"]["exact_cost_micros"]), (100, "375"))
        self.assertEqual(rows["input"]["price_source"], "config_nested")
        self.assertEqual(report["reasoning_tokens"], 300)
        self.assertEqual(report["exact_total_micros"], "17475")
        self.assertEqual(report["total_cost_micros"], 17475)
        self.assertIsNone(report["stored_total_cost_micros"])
        self.assertFalse(report["agrees"], "not backfilled yet")

    def test_a_millionth_of_a_micro_dollar_rounds_up(self):
        report = self.report(5002)  # 1 token at $0.000001/M
        self.assertEqual(report["exact_total_micros"], "0.000001")
        self.assertEqual(report["total_cost_micros"], 1)

    def test_legacy_keys_and_a_stored_cost_that_disagrees(self):
        # $2.5, $10, $1.25: 2500 + 3330 + 8.75 = 5838.75 -> 5839; stored 5.
        report = self.report(5003)
        self.assertEqual(report["price_source"], "config_legacy")
        self.assertEqual(report["exact_total_micros"], "5838.75")
        self.assertEqual(report["total_cost_micros"], 5839)
        self.assertEqual(report["stored_total_cost_micros"], 5)
        self.assertFalse(report["agrees"])

    def test_mixed_keys(self):
        # nested input $0.8; legacy output $4, cache read $0.08, cache write $1: 800+4000+80+1000.
        report = self.report(5004)
        self.assertEqual(report["price_source"], "config_mixed")
        rows = self.categories(report)
        self.assertEqual(rows["input"]["price_source"], "config_nested")
        self.assertEqual(rows["output"]["price_source"], "config_legacy")
        self.assertEqual(report["total_cost_micros"], 5880)

    def test_price_book_row(self):
        # gpt-4.1 from the price book: $2, $8, cache write unknown -> 2000 + 8000.
        report = self.report(5005)
        self.assertEqual(report["price_source"], "price_book")
        self.assertIn("openai/gpt-4.1", report["price_source_description"])
        rows = self.categories(report)
        self.assertIsNone(rows["cache_write"]["price_usd_per_million"])
        self.assertIsNone(rows["cache_write"]["exact_cost_micros"])
        self.assertEqual(report["total_cost_micros"], 10000)

    def test_unpriced_and_null_have_nothing_to_compare(self):
        no_config = self.report(5006)
        self.assertEqual((no_config["status"], no_config["unpriced_reason"]), ("unpriced", "no_model_config"))
        self.assertEqual(no_config["price_source"], "none")
        self.assertIsNone(no_config["agrees"], "n/a: neither side has a cost")
        self.assertIsNone(self.report(5007, code=6)["agrees"], "n/a: the engine cannot price it")
        table = self.explain("5006", "--format", "table").stdout
        self.assertRegex(table, r"Stored cost agrees:\s+n/a")
        no_prices = self.report(5008)
        self.assertEqual(no_prices["unpriced_reason"], "no_prices")
        self.assertIn("no row google/gemini-2.5-pro", no_prices["price_source_description"])

    def test_free_is_zero_and_agrees(self):
        report = self.report(5009)
        self.assertEqual((report["total_cost_micros"], report["stored_total_cost_micros"]), (0, 0))
        self.assertTrue(report["agrees"])

    def test_invalid_price_is_explained_and_exits_6(self):
        report = self.report(5007, code=6)
        self.assertEqual(report["status"], "invalid")
        self.assertIn('"abc" is not a decimal number', report["invalid_reason"])
        self.assertIsNone(report["total_cost_micros"])

    def test_every_price_that_does_not_read_with_its_text_as_stored(self):
        report = self.report(5013, code=6)
        rows = self.categories(report)
        # The price stays null (it is no decimal); the text as stored is beside it.
        self.assertEqual([(rows[c]["price_usd_per_million"], rows[c]["raw_price_text"])
                          for c in ("input", "output", "cache_read", "cache_write")],
                         [(None, "2,00"), (None, "-3"), (None, "-0.5"), (None, None)])
        self.assertEqual([(p["key"], p["raw_price_text"]) for p in report["invalid_prices"]],
                         [("options.cost.input_price_per_million_tokens", "2,00"),
                          ("options.cost.output_price_per_million_tokens", "-3"),
                          ("options.cache_read_price_per_million_tokens", "-0.5"),
                          ("options.cost.reasoning_price_per_million_tokens", "x")])
        self.assertEqual(report["invalid_prices"][1]["reason"], '"-3" is negative')
        # A config whose prices read lists none.
        self.assertEqual(self.report(5001)["invalid_prices"], [])
        # People see the text in the price column, and every key.
        table = self.explain("5013")
        self.assert_exit(table, 6)
        input_row = next(line for line in table.stdout.splitlines() if line.startswith("input "))
        self.assertIn("2,00 (invalid)", input_row)
        for text in ("-3 (invalid)", "-0.5 (invalid)", "options.cost.reasoning_price_per_million_tokens",
                     "options.cache_read_price_per_million_tokens", '"x" is not a decimal number'):
            self.assertIn(text, table.stdout)

    def test_did_you_mean_a_book_name_in_another_case_or_without_its_date(self):
        report = self.report(5014)
        self.assertEqual((report["status"], report["unpriced_reason"]), ("unpriced", "no_prices"))
        self.assertEqual(report["did_you_mean"], ["anthropic/claude-sonnet-4"])
        self.assertEqual(self.report(5008)["did_you_mean"], [])  # google/gemini-2.5-pro: nothing near
        self.assertEqual(self.report(5001)["did_you_mean"], [])  # priced by its config
        table = self.explain("5014")
        self.assert_exit(table, 0)
        self.assertIn("Did you mean:", table.stdout)
        self.assertIn("anthropic/claude-sonnet-4?", table.stdout)
        self.assertNotIn("Did you mean", self.explain("5008").stdout)

    def test_after_backfill_the_stored_cost_agrees(self):
        self.cluster.psql("CREATE DATABASE explain_after TEMPLATE explain", "postgres")
        url = self.url.rsplit("/", 1)[0] + "/explain_after"
        self.assertIn(self.run_chatcost("-d", url, "backfill").code, (0, 6))
        result = self.run_chatcost("-d", url, "--format", "json", "explain", "5001")
        self.assert_exit(result, 0)
        self.assertTrue(result.json()["agrees"])
        self.assertEqual(result.json()["stored_total_cost_micros"], 17475)

    def test_table_form(self):
        result = self.explain("5001")
        self.assert_exit(result, 0)
        for text in ("Price from", "model config, options->'cost' keys", "3600", "17475", "Stored cost agrees"):
            self.assertIn(text, result.stdout)

    def test_a_context_exactly_at_the_tier_size_is_priced_at_the_base(self):
        # context 200,000 + 72,000 = 272,000, not above: 500,000 + 18,000 + 800 x 15 + 200 x 40 (reasoning)
        report = self.report(5010)
        self.assertEqual((report["context_tokens"], report["price_level"], report["tier_size"]), (272000, "base", None))
        self.assertEqual(report["tiers_source"], "config_nested")
        self.assertEqual(report["total_cost_micros"], 500000 + 18000 + 12000 + 8000)

    def test_a_config_tier_with_its_size_the_context_and_the_reasoning_split(self):
        # One cache creation token more: context 272,001, above the tier. Every category at the tier:
        # 200,000 x 5 + 72,000 x 0.25 (inherited) + 800 x 22.5 + 200 x 40 (reasoning, inherited).
        report = self.report(5011)
        self.assertEqual((report["context_tokens"], report["price_level"], report["tier_size"]),
                         (272001, "tier", 272000))
        self.assertEqual(report["tiers_source"], "config_nested")
        rows = self.categories(report)
        self.assertEqual((rows["input"]["price_usd_per_million"], rows["input"]["price_level"],
                          rows["input"]["price_source"]), ("5", "tier", "config_nested"))
        self.assertEqual((rows["cache_read"]["price_usd_per_million"], rows["cache_read"]["price_level"]),
                         ("0.25", "inherited"))
        self.assertEqual((rows["output"]["tokens"], rows["output"]["exact_cost_micros"]), (800, "18000"))
        self.assertEqual((rows["reasoning"]["tokens"], rows["reasoning"]["price_usd_per_million"],
                          rows["reasoning"]["price_source"], rows["reasoning"]["exact_cost_micros"]),
                         (200, "40", "config_nested", "8000"))
        self.assertEqual(report["total_cost_micros"], 1000000 + 18000 + 18000 + 8000)
        table = self.explain("5011")
        self.assert_exit(table, 0)
        for text in ("Prices applied:", "Tier (context above):", "272,000", "272,001", "reasoning"):
            self.assertIn(text, table.stdout)

    def test_a_price_book_tier(self):
        # gpt-5.4's row: above 272,000 tokens $5 / $22.50 / cache read $0.50. 272,001 x 5 + 100 x 22.5.
        report = self.report(5012)
        self.assertEqual(report["price_source"], "price_book")
        self.assertEqual((report["price_level"], report["tier_size"], report["tiers_source"]),
                         ("tier", 272000, "price_book"))
        self.assertEqual(self.categories(report)["input"]["price_source"], "price_book")
        self.assertEqual(report["exact_total_micros"], "1362255")

    def test_unknown_and_malformed_ids(self):
        missing = self.explain("999999")
        self.assert_exit(missing, 6)  # like an unknown user: the input names nothing that exists
        self.assertIn("no message with id 999999", missing.stderr)
        self.assert_exit(self.explain("12abc"), 2)


if __name__ == "__main__":
    main()
