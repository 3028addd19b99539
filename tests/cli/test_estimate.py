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

    def test_needs_no_database_even_with_a_broken_url(self):
        env = self.base_env()
        env["DATABASE_URL"] = "this is not a connection string ==="
        result = self.run_chatcost("--format", "json", "estimate", "--input-tokens", "1", "--input-price", "1",
                                   env=env)
        self.assert_exit(result, 0)


if __name__ == "__main__":
    main()
