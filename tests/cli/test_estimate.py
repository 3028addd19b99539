"""`chatcost estimate`: the engine from the command line, no database; every figure by hand."""
from clitest import ChatcostTestCase, main


class Estimate(ChatcostTestCase):
    needs_server = False

    def estimate(self, *args, fmt="json"):
        result = self.run_chatcost("--format", fmt, "estimate", *args)
        return result

    def test_sum_then_round_up_once(self):
        # 1200 x $3/M = 3600 micros; 800 x $15/M = 12000; 333 x $0.0015/M = 0.4995 -> 15600.4995 -> 15601
        result = self.estimate("--input-tokens", "1200", "--output-tokens", "800", "--cache-read-tokens", "333",
                               "--input-price", "3", "--output-price", "15", "--cache-read-price", "0.0015")
        self.assert_exit(result, 0)
        report = result.json()
        self.assertEqual(report["status"], "priced")
        self.assertEqual(report["total_cost_micros"], 15601)
        self.assertEqual(report["exact_total_micros"], "15600.4995")
        rows = {r["category"]: r for r in report["categories"]}
        self.assertEqual(rows["input"]["exact_cost_micros"], "3600")
        self.assertEqual(rows["output"]["price_usd_per_million"], "15")
        self.assertEqual(rows["cache_read"]["exact_cost_micros"], "0.4995")
        self.assertIsNone(rows["cache_write"]["tokens"])
        self.assertIsNone(rows["cache_write"]["exact_cost_micros"])

    def test_one_token_at_a_cent_per_million_is_one_micro(self):
        report = self.estimate("--output-tokens", "1", "--output-price", "0.01").json()
        self.assertEqual(report["total_cost_micros"], 1)
        self.assertEqual(report["exact_total_micros"], "0.01")

    def test_reasoning_tokens_are_never_priced_again(self):
        report = self.estimate("--output-tokens", "1000", "--reasoning-tokens", "600", "--output-price", "10").json()
        self.assertEqual(report["total_cost_micros"], 10000)
        self.assertEqual(report["reasoning_tokens"], 600)

    def test_unpriced_is_null_and_free_is_zero(self):
        unpriced = self.estimate("--input-tokens", "5").json()
        self.assertEqual(unpriced["status"], "unpriced")
        self.assertIsNone(unpriced["total_cost_micros"])
        self.assertEqual(unpriced["unpriced_reason"], "no_prices")
        free = self.estimate("--input-tokens", "5", "--input-price", "0").json()
        self.assertEqual(free["status"], "priced")
        self.assertEqual(free["total_cost_micros"], 0)

    def test_no_matching_category_is_unpriced(self):
        report = self.estimate("--input-tokens", "5", "--output-price", "2").json()
        self.assertIsNone(report["total_cost_micros"])
        self.assertEqual(report["unpriced_reason"], "no_matching_category")

    def test_exponent_forms_are_exact(self):
        report = self.estimate("--input-tokens", "3", "--input-price", "1E+2").json()
        self.assertEqual(report["total_cost_micros"], 300)
        report = self.estimate("--input-tokens", "7", "--input-price", "1e-2").json()
        self.assertEqual(report["exact_total_micros"], "0.07")
        self.assertEqual(report["total_cost_micros"], 1)

    def test_table_for_people(self):
        result = self.estimate("--input-tokens", "1200", "--input-price", "3", "--output-tokens", "2",
                               "--output-price", "0.25", fmt="table")
        self.assert_exit(result, 0)
        self.assertIn("Total cost:", result.stdout)
        self.assertIn("$0.003601", result.stdout)  # 3600 + 0.5 -> 3601 micros, shown exactly
        self.assertIn("1,200", result.stdout)
        self.assertNotIn("\x1b", result.stdout)

    def test_invalid_prices_are_all_listed_and_exit_2(self):
        # Values typed on the command line: a usage error, not invalid data (exit 6).
        result = self.estimate("--input-tokens", "1", "--input-price", "abc", "--cache-write-price", "-2",
                               "--output-price", "0.0000000000001")
        self.assert_exit(result, 2)
        self.assertIn('--input-price: "abc"', result.stderr)
        self.assertIn("--cache-write-price", result.stderr)
        self.assertIn("--output-price", result.stderr)
        self.assertEqual(result.stdout, "")

    def test_negative_tokens_exit_2(self):
        result = self.estimate("--input-tokens", "-1", "--input-price", "1")
        self.assert_exit(result, 2)
        self.assertIn("--input-tokens: '-1' is not a whole number (0 or more): it is below 0", result.stderr)

    def test_overflow_is_invalid_not_wrapped(self):
        result = self.estimate("--input-tokens", "9223372036854775807", "--input-price", "2")
        self.assert_exit(result, 2)
        self.assertIn("invalid usage: ", result.stderr)

    def test_bounds_say_why(self):
        # DESIGN.md section 2 rule 11: more than 10^12 tokens in one column, reasoning above output,
        # or a cost above 10^13 micro-dollars is invalid data, named, never priced.
        for args, reason in (
                (("--input-tokens", "1000000000001"), "input_tokens is 1000000000001, above the largest plausible count"),
                (("--output-tokens", "10", "--reasoning-tokens", "11"), "reasoning_tokens (11) is more than output_tokens (10)"),
                (("--input-tokens", "1000000000000", "--input-price", "10.000001"), "above the largest plausible cost")):
            with self.subTest(args=args):
                result = self.estimate(*args, "--input-price", "1") if "--input-price" not in args else self.estimate(*args)
                self.assert_exit(result, 2)
                self.assertIn(reason, result.stderr)
        self.assert_exit(self.estimate("--input-tokens", "1000000000000", "--input-price", "10"), 0)

    def test_bad_flags_exit_2(self):
        self.assert_exit(self.estimate("--input-tokens", "twelve"), 2)
        self.assert_exit(self.estimate("--input-tokens", "1.5"), 2)
        self.assert_exit(self.estimate("--no-such-flag", "1"), 2)

    def test_model_takes_prices_from_the_embedded_book(self):
        # seed/ai_model_prices.json: claude-sonnet-4-20250514 at $3 / $15 / $0.30 / $3.75 per 1M
        report = self.estimate("--model", "anthropic/claude-sonnet-4-20250514", "--input-tokens", "5000",
                               "--output-tokens", "700", "--cache-read-tokens", "10000").json()
        self.assertEqual(report["total_cost_micros"], 15000 + 10500 + 3000)
        rows = {r["category"]: r for r in report["categories"]}
        self.assertEqual(rows["cache_write"]["price_usd_per_million"], "3.75")
        self.assertEqual(rows["input"]["price_source"], "price_book")

    def test_a_price_flag_overrides_the_book_for_its_category(self):
        report = self.estimate("--model", "anthropic/claude-sonnet-4-20250514", "--input-tokens", "1000",
                               "--input-price", "1", "--output-tokens", "1000").json()
        self.assertEqual(report["total_cost_micros"], 1000 + 15000)
        rows = {r["category"]: r for r in report["categories"]}
        self.assertEqual(rows["input"]["price_source"], "flag")
        self.assertEqual(rows["output"]["price_source"], "price_book")

    def test_unknown_model_exits_6(self):
        for model in ("openai/no-such-model", "no-slash"):
            result = self.estimate("--model", model, "--input-tokens", "1")
            self.assert_exit(result, 6)
            self.assertIn(model, result.stderr)

    # Long-context tiers and reasoning prices (DESIGN section 2 rules 8 and 9, issue 15): every boundary.
    # Base $2.50 / $15 / cache read $0.25; above 272,000 tokens of context $5 / $22.50, cache read inherited.
    TIERED = ("--input-price", "2.5", "--output-price", "15", "--cache-read-price", "0.25",
              "--context-tiers", "272000:5,22.5")

    @staticmethod
    def rows(report):
        return {r["category"]: r for r in report["categories"]}

    def test_a_context_exactly_at_the_tier_size_is_priced_at_the_base(self):
        # context = 200,000 input + 72,000 cache read = 272,000: not above 272,000.
        # 200,000 x 2.5 + 72,000 x 0.25 + 1,000 x 15 = 500,000 + 18,000 + 15,000
        report = self.estimate(*self.TIERED, "--input-tokens", "200000", "--cache-read-tokens", "72000",
                               "--output-tokens", "1000").json()
        self.assertEqual(report["total_cost_micros"], 533000)
        self.assertEqual((report["context_tokens"], report["price_level"], report["tier_size"]), (272000, "base", None))
        self.assertEqual(report["tiers_source"], "flag")
        self.assertEqual({r["price_level"] for r in report["categories"]}, {"base"})

    def test_one_token_above_prices_the_whole_message_at_the_tier(self):
        # One cache creation token (no cache write price) still counts in the context: 272,001.
        # Every category at the tier: 200,000 x 5 + 72,000 x 0.25 (inherited) + 1,000 x 22.5
        report = self.estimate(*self.TIERED, "--input-tokens", "200000", "--cache-read-tokens", "72000",
                               "--cache-creation-tokens", "1", "--output-tokens", "1000").json()
        self.assertEqual(report["total_cost_micros"], 1000000 + 18000 + 22500)
        self.assertEqual((report["context_tokens"], report["price_level"], report["tier_size"]),
                         (272001, "tier", 272000))
        rows = self.rows(report)
        self.assertEqual((rows["input"]["price_usd_per_million"], rows["input"]["price_level"]), ("5", "tier"))
        self.assertEqual((rows["output"]["exact_cost_micros"], rows["output"]["price_source"]), ("22500", "flag"))

    def test_a_tier_that_leaves_a_category_out_inherits_the_base_price(self):
        report = self.estimate(*self.TIERED, "--input-tokens", "300000", "--cache-read-tokens", "4").json()
        rows = self.rows(report)
        self.assertEqual(rows["cache_read"]["price_usd_per_million"], "0.25")
        self.assertEqual(rows["cache_read"]["price_level"], "inherited")
        self.assertEqual(rows["cache_read"]["exact_cost_micros"], "1")
        self.assertIsNone(rows["cache_write"]["price_usd_per_million"])  # unknown in both: stays unknown
        self.assertEqual(report["total_cost_micros"], 1500000 + 1)

    def test_two_tiers_the_largest_size_exceeded_wins(self):
        base = ("--input-price", "1", "--output-price", "2")
        for tiers in (("--context-tiers", "128000:2,4;256000:3,6"),
                      ("--context-tiers", "256000:input=3,output=6", "--context-tiers", "128000:2,4")):
            for input_tokens, level, total in ((128000, None, 128000 + 20), (128001, 128000, 256002 + 40),
                                               (256000, 128000, 512000 + 40), (256001, 256000, 768003 + 60)):
                with self.subTest(tiers=tiers, input_tokens=input_tokens):
                    report = self.estimate(*base, *tiers, "--input-tokens", str(input_tokens),
                                           "--output-tokens", "10").json()
                    self.assertEqual(report["tier_size"], level)
                    self.assertEqual(report["total_cost_micros"], total)

    def test_reasoning_price_with_no_reasoning_tokens(self):
        report = self.estimate("--output-tokens", "1000", "--reasoning-tokens", "0", "--output-price", "10",
                               "--reasoning-price", "40").json()
        rows = self.rows(report)
        self.assertEqual((rows["output"]["tokens"], rows["output"]["exact_cost_micros"]), (1000, "10000"))
        self.assertEqual((rows["reasoning"]["tokens"], rows["reasoning"]["price_usd_per_million"],
                          rows["reasoning"]["price_source"], rows["reasoning"]["exact_cost_micros"]),
                         (0, "40", "flag", "0"))
        self.assertEqual(report["total_cost_micros"], 10000)

    def test_reasoning_price_splits_output(self):
        # 300 own output tokens x $10 + 700 reasoning x $40 = 3,000 + 28,000
        report = self.estimate("--output-tokens", "1000", "--reasoning-tokens", "700", "--output-price", "10",
                               "--reasoning-price", "40").json()
        rows = self.rows(report)
        self.assertEqual((rows["output"]["tokens"], rows["output"]["exact_cost_micros"]), (300, "3000"))
        self.assertEqual((rows["reasoning"]["tokens"], rows["reasoning"]["exact_cost_micros"]), (700, "28000"))
        self.assertEqual(report["total_cost_micros"], 31000)

    def test_reasoning_equal_to_output_is_all_at_the_reasoning_price(self):
        report = self.estimate("--output-tokens", "1000", "--reasoning-tokens", "1000", "--output-price", "10",
                               "--reasoning-price", "40").json()
        rows = self.rows(report)
        self.assertEqual((rows["output"]["tokens"], rows["output"]["exact_cost_micros"]), (0, "0"))
        self.assertEqual(rows["reasoning"]["exact_cost_micros"], "40000")
        self.assertEqual(report["total_cost_micros"], 40000)

    def test_reasoning_above_output_is_invalid(self):
        result = self.estimate("--output-tokens", "1000", "--reasoning-tokens", "1001", "--output-price", "10",
                               "--reasoning-price", "40")
        self.assert_exit(result, 2)
        self.assertIn("reasoning_tokens (1001) is more than output_tokens (1000)", result.stderr)
        self.assertEqual(result.stdout, "")

    def test_without_a_reasoning_price_reasoning_stays_inside_output(self):
        report = self.estimate("--output-tokens", "1000", "--reasoning-tokens", "700", "--output-price", "10").json()
        self.assertEqual([r["category"] for r in report["categories"]],
                         ["input", "output", "cache_read", "cache_write"])
        self.assertEqual(self.rows(report)["output"]["tokens"], 1000)
        self.assertEqual(report["total_cost_micros"], 10000)

    def test_a_tier_reasoning_price_above_its_size(self):
        # Named form: only the reasoning price changes above 100 tokens; output's own price is inherited.
        report = self.estimate("--input-tokens", "101", "--output-tokens", "10", "--reasoning-tokens", "4",
                               "--input-price", "1", "--output-price", "10", "--reasoning-price", "20",
                               "--context-tiers", "100:reasoning=50").json()
        rows = self.rows(report)
        self.assertEqual((rows["reasoning"]["price_usd_per_million"], rows["reasoning"]["price_level"]), ("50", "tier"))
        self.assertEqual(rows["output"]["price_level"], "inherited")
        self.assertEqual(report["exact_total_micros"], "361")  # 101 + 6 x 10 + 4 x 50

    def test_bad_context_tiers_name_each_bad_part_and_exit_2(self):
        for spec, message in (
                ("272000", "'272000': a tier is SIZE:PRICES"),
                ("27k:5", "'27k:5': size '27k' is not a whole number of tokens above 0"),
                ("0:5", "'0:5': size '0' is not a whole number of tokens above 0"),
                ("100:5,abc", "'100:5,abc': output: \"abc\" is not a decimal number"),
                ("100:1,2,3,4,5,6", "'100:1,2,3,4,5,6': 6 prices, at most 5"),
                ("100:input=1,2", "either in order or all as NAME=USD"),
                ("100:audio=1", "'audio' is not a price name"),
                ("100:1;100:2", "two tiers have the size 100")):
            with self.subTest(spec=spec):
                result = self.estimate("--input-tokens", "1", "--input-price", "1", "--context-tiers", spec)
                self.assert_exit(result, 2)
                self.assertIn("--context-tiers: ", result.stderr)
                self.assertIn(message, result.stderr)
                self.assertEqual(result.stdout, "")
        result = self.estimate("--input-tokens", "1", "--reasoning-price", "x")
        self.assert_exit(result, 2)
        self.assertIn('--reasoning-price: "x" is not a decimal number', result.stderr)

    def test_tiers_and_reasoning_in_the_table_and_csv(self):
        args = (*self.TIERED, "--reasoning-price", "40", "--input-tokens", "300000", "--output-tokens", "10",
                "--reasoning-tokens", "4")
        table = self.estimate(*args, fmt="table")
        self.assert_exit(table, 0)
        for text in ("Prices applied:", "tier", "Tier (context above):", "272,000", "300,000", "Tiers from:",
                     "reasoning"):
            self.assertIn(text, table.stdout)
        csv = self.estimate(*args, fmt="csv")
        self.assert_exit(csv, 0)
        lines = csv.stdout.splitlines()
        self.assertEqual(lines[0], "category,tokens,price_usd_per_million,price_source,exact_cost_micros,price_level")
        self.assertIn("output,6,22.5,flag,135,tier", lines)
        self.assertIn("reasoning,4,40,flag,160,inherited", lines)
        # The last row is the message's total, as the JSON's exact_total_micros says it.
        self.assertEqual(lines[-1], "total,,,,{},tier".format(self.estimate(*args).json()["exact_total_micros"]))

    def test_csv_ends_with_the_total(self):
        csv = self.estimate("--input-tokens", "1200", "--output-tokens", "800", "--cache-read-tokens", "333",
                            "--input-price", "3", "--output-price", "15", "--cache-read-price", "0.0015", fmt="csv")
        self.assert_exit(csv, 0)
        lines = csv.stdout.splitlines()
        self.assertEqual(lines[-1], "total,,,,15600.4995,base")
        self.assertEqual(sum(1 for line in lines if line.startswith("total,")), 1)

    def test_model_takes_the_tiers_from_the_embedded_book(self):
        # seed/ai_model_prices.json (models.dev 2026-07): openai/gpt-5.4 at $2.50 / $15 / cache read $0.25,
        # above 272,000 tokens of context $5 / $22.50 / $0.50.
        at = self.estimate("--model", "openai/gpt-5.4", "--input-tokens", "272000", "--output-tokens", "100").json()
        self.assertEqual((at["price_level"], at["total_cost_micros"]), ("base", 680000 + 1500))
        above = self.estimate("--model", "openai/gpt-5.4", "--input-tokens", "272000", "--cache-read-tokens", "2",
                              "--output-tokens", "100").json()
        self.assertEqual((above["price_level"], above["tier_size"], above["tiers_source"]), ("tier", 272000, "price_book"))
        self.assertEqual(above["total_cost_micros"], 1360000 + 1 + 2250)
        rows = self.rows(above)
        self.assertEqual((rows["cache_read"]["price_usd_per_million"], rows["cache_read"]["price_source"]),
                         ("0.5", "price_book"))
        # --context-tiers replaces the book's tiers; a price flag replaces the base price the tiers inherit.
        replaced = self.estimate("--model", "openai/gpt-5.4", "--context-tiers", "100:cache_read=1",
                                 "--input-price", "3", "--input-tokens", "272000", "--output-tokens", "100").json()
        self.assertEqual((replaced["tier_size"], replaced["tiers_source"]), (100, "flag"))
        self.assertEqual(replaced["total_cost_micros"], 816000 + 1500)

    def test_needs_no_database_even_with_a_broken_url(self):
        env = self.base_env()
        env["DATABASE_URL"] = "this is not a connection string ==="
        result = self.run_chatcost("--format", "json", "estimate", "--input-tokens", "1", "--input-price", "1",
                                   env=env)
        self.assert_exit(result, 0)


if __name__ == "__main__":
    main()
