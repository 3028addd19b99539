"""`chatcost prices list`: the stored price book, in tables, JSON and CSV."""
import csv
import io
import json

from clitest import ChatcostTestCase, main


GEMINI_TIERS = [{"size": 200000, "input_price": 2500000, "output_price": 15000000, "cache_read_price": 625000},
                {"size": 1000000, "input_price": 5000000}]


def full_tiers(tiers):
    """The tiers as the JSON and CSV show them: every price key, null where the tier inherits."""
    keys = ["size", "input_price", "output_price", "cache_read_price", "cache_write_price", "reasoning_price"]
    return [{key: tier.get(key) for key in keys} for tier in tiers]


class PricesList(ChatcostTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.url = cls.cluster.create_database("prices_list")

    def setUp(self):
        if self.cluster.psql("SELECT to_regclass('ai_model_prices') IS NOT NULL", "prices_list") == "t":
            return
        self.assert_exit(self.run_chatcost("-d", self.url, "migrate", "up"), 0)
        self.cluster.psql(
            "INSERT INTO ai_model_prices (provider, model, input_price, output_price, cache_read_price, "
            "cache_write_price, created_at, updated_at) VALUES "
            "('anthropic', 'claude-sonnet-4', 3000000, 15000000, 300000, 3750000, "
            "'2025-09-01Z', '2025-09-02Z'), "
            "('openai', 'gpt-4o-mini', 150000, 600000, 75000, NULL, '2025-09-01Z', '2025-09-01Z'), "
            "('openrouter', 'z-ai/glm-4.5-air:free', 0, 0, NULL, NULL, '2025-09-01Z', '2025-09-01Z'), "
            "('acme', 'tiny', 1, 1234567, NULL, NULL, '2025-09-01Z', '2025-09-01Z')", "prices_list")
        # A reasoning price, and long-context tiers (the second inherits all but its input price).
        self.cluster.psql(
            "INSERT INTO ai_model_prices (provider, model, input_price, output_price, cache_read_price, "
            "cache_write_price, reasoning_price, tiers, created_at, updated_at) VALUES "
            "('alibaba', 'qwen-plus', 400000, 1200000, NULL, NULL, 4000000, NULL, '2025-09-01Z', '2025-09-01Z'), "
            "('google', 'gemini-2.5-pro', 1250000, 10000000, 310000, NULL, NULL, "
            "'" + json.dumps(GEMINI_TIERS) + "', '2025-09-01Z', '2025-09-01Z')", "prices_list")

    def prices(self, *args):
        result = self.run_chatcost("-d", self.url, "prices", "list", *args)
        self.assert_exit(result, 0)
        return result

    def test_table_shows_usd_per_million(self):
        out = self.prices().stdout
        self.assertIn("Prices:  6", out)
        lines = out.splitlines()
        header = next(line for line in lines if line.startswith("Provider"))
        self.assertEqual(header.split(), ["Provider", "Model", "Source", "Input", "price", "Output", "price", "Cache",
                                          "read", "price", "Cache", "write", "price", "Reasoning", "price",
                                          "Updated", "at", "Tiers", "(input/output/cache", "read/cache", "write)"])
        row = {line.split()[1]: line.split()[3:]
               for line in lines if line.startswith(("anthropic", "openai", "acme", "alibaba"))}
        september_1, september_2 = "2025-09-01T00:00:00Z", "2025-09-02T00:00:00Z"
        self.assertEqual(row["claude-sonnet-4"], ["$3.00", "$15.00", "$0.30", "$3.75", "-", september_2, "-"])
        self.assertEqual(row["gpt-4o-mini"], ["$0.15", "$0.60", "$0.075", "unknown", "-", september_1, "-"])
        self.assertEqual(row["tiny"], ["$0.000001", "$1.234567", "unknown", "unknown", "-", september_1, "-"])
        self.assertEqual(row["qwen-plus"], ["$0.40", "$1.20", "unknown", "unknown", "$4.00", september_1, "-"])
        self.assertTrue(all(line.split()[2] == "default" for line in lines
                            if line.startswith(("anthropic", "openai", "acme", "alibaba"))))
        self.assertRegex(out, r"openrouter\s+z-ai/glm-4\.5-air:free\s+default\s+\$0\.00\s+\$0\.00\s+unknown\s+unknown")
        gemini = next(line for line in lines if line.startswith("google"))
        self.assertTrue(gemini.endswith(f"{september_1}  >200k: $2.50/$15.00/$0.625; >1M: $5.00"), gemini)
        self.assertNotIn("Created", out)

    def test_json_has_integers_and_nulls(self):
        report = self.prices("--format", "json", "--provider", "openai").json()
        self.assertEqual(report, {"count": 1, "prices": [{
            "provider": "openai", "model": "gpt-4o-mini", "input_price": 150000, "output_price": 600000,
            "cache_read_price": 75000, "cache_write_price": None, "updated_at": "2025-09-01T00:00:00Z",
            "created_at": "2025-09-01T00:00:00Z", "reasoning_price": None, "tiers": [],
            "source": "default"}]})

    def test_json_has_the_reasoning_price_and_every_tier(self):
        prices = self.prices("--format", "json").json()["prices"]
        by_model = {p["model"]: p for p in prices}
        self.assertEqual(by_model["qwen-plus"]["reasoning_price"], 4000000)
        self.assertEqual(by_model["qwen-plus"]["tiers"], [])
        gemini = by_model["gemini-2.5-pro"]
        self.assertIsNone(gemini["reasoning_price"])
        self.assertEqual(gemini["tiers"], full_tiers(GEMINI_TIERS))
        self.assertEqual(list(gemini)[:8], ["provider", "model", "input_price", "output_price", "cache_read_price",
                                            "cache_write_price", "updated_at", "created_at"])  # new keys last

    def test_csv_has_integers(self):
        out = self.prices("--format", "csv").stdout
        rows = list(csv.reader(io.StringIO(out)))
        self.assertEqual(rows[0], ["provider", "model", "input_price", "output_price", "cache_read_price",
                                   "cache_write_price", "updated_at", "created_at", "reasoning_price", "tiers",
                                   "source"])
        self.assertEqual(rows[1], ["acme", "tiny", "1", "1234567", "", "", "2025-09-01T00:00:00Z",
                                   "2025-09-01T00:00:00Z", "", "[]", "default"])
        self.assertEqual(rows[2][8:], ["4000000", "[]", "default"])
        self.assertEqual(rows[4][:2], ["google", "gemini-2.5-pro"])
        self.assertEqual(json.loads(rows[4][9]), full_tiers(GEMINI_TIERS))
        self.assertEqual(len(rows), 7)

    def test_filters(self):
        self.assertEqual(self.prices("--format", "json", "--model", "claude-sonnet-4").json()["count"], 1)
        self.assertEqual(self.prices("--format", "json", "--provider", "anthropic", "--model", "gpt-4o-mini")
                         .json()["count"], 0)
        # A substring in any case, as people type it; LIKE's wildcards are literal.
        found = self.prices("--format", "json", "--provider", "ANTHROP", "--model", "Sonnet").json()
        self.assertEqual([(p["provider"], p["model"]) for p in found["prices"]], [("anthropic", "claude-sonnet-4")])
        self.assertEqual(self.prices("--format", "json", "--model", "%").json()["count"], 0)
        empty = self.prices("--provider", "nobody")
        self.assertIn("Prices:  0", empty.stdout)
        self.assertIn("(none)", empty.stdout)
        csv_empty = self.prices("--format", "csv", "--provider", "nobody").stdout
        self.assertEqual(csv_empty.strip(), "provider,model,input_price,output_price,cache_read_price,"
                                            "cache_write_price,updated_at,created_at,reasoning_price,tiers,source")

    def test_unmigrated_database_is_refused(self):
        url = self.fresh_database("prices_unmigrated")
        result = self.run_chatcost("-d", url, "prices", "list")
        self.assert_exit(result, 7)


if __name__ == "__main__":
    main()
