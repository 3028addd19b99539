"""`chatcost seed generate` from models.dev's catalogue and `chatcost seed apply` of a price book,
with the real binary against a real server."""
import json
import os
import re
import resource
import signal
import stat
import subprocess
import tempfile
import time

from clitest import CHATCOST, SOURCE_ROOT, ChatcostTestCase, main

# The real models.dev catalogue is tested by the snapshot suite (tests/snapshot/), when it is found.
FIXTURES = os.path.join(SOURCE_ROOT, "tests", "fixtures", "pricebook")
SMALL_CATALOGUE = os.path.join(FIXTURES, "models-dev-small.json")
SMALL_BOOK = os.path.join(FIXTURES, "models-dev-small.book.json")
COMMITTED_BOOK = os.path.join(SOURCE_ROOT, "seed", "ai_model_prices.json")


def fixture(name):
    return os.path.join(FIXTURES, name)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class SeedGenerate(ChatcostTestCase):
    needs_server = False

    def generate(self, *args, input=None):
        return self.run_chatcost("seed", "generate", *args, input=input)

    def test_small_catalogue_gives_the_expected_book(self):
        result = self.generate("--from", SMALL_CATALOGUE)
        self.assert_exit(result, 0)
        self.assertEqual(result.stdout, read(SMALL_BOOK))
        self.assertIn("chatcost: wrote 12 prices for 3 providers", result.stderr)
        self.assertIn("chatcost: warning: openai/gpt-4.1-nano: cache_read: 0.024999999999999998 USD per 1M "
                      "tokens is finer than a micro-dollar; rounded to 25000 micro-dollars", result.stderr)

    def test_output_file_and_stdin(self):
        out = os.path.join(self.scratch, "book.json")
        result = self.generate("--from", "-", "-o", out, input=read(SMALL_CATALOGUE))
        self.assert_exit(result, 0)
        self.assertEqual(result.stdout, "")
        self.assertEqual(read(out), read(SMALL_BOOK))
        self.assertEqual(os.listdir(self.scratch).count("book.json"), 1)  # no temporary file left
        self.assertEqual([n for n in os.listdir(self.scratch) if ".tmp" in n], [])

    def generate_to(self, stdout, *args, preexec_fn=None):
        """seed generate from the small catalogue, stdout open on `stdout`, failing: exit code, last stderr line."""
        completed = subprocess.run([CHATCOST, "seed", "generate", "--from", SMALL_CATALOGUE, *args],
                                   env=self.base_env(), stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=120, check=False,
                                   preexec_fn=preexec_fn)
        self.assertNotIn("wrote", completed.stderr)  # never a word of success
        return completed.returncode, completed.stderr.splitlines()[-1]  # after the roundings it reports

    def test_a_full_disk_is_an_error_not_a_success(self):
        with open("/dev/full", "w", encoding="utf-8") as full:
            code, last_line = self.generate_to(full)
        self.assertEqual((code, last_line), (1, "chatcost: error: cannot write standard output: No space left on device"))
        code, last_line = self.generate_to(subprocess.DEVNULL, "-o", "/dev/full")
        self.assertEqual((code, last_line), (1, "chatcost: error: cannot write /dev/full: No space left on device"))
        self.assertTrue(stat.S_ISCHR(os.stat("/dev/full").st_mode))  # written in place, not replaced
        missing = os.path.join(self.scratch, "no-such-dir", "book.json")
        code, last_line = self.generate_to(subprocess.DEVNULL, "-o", missing)
        self.assertEqual((code, last_line), (1, f"chatcost: error: cannot write {missing}: No such file or directory"))

    def test_a_failed_write_leaves_the_old_file(self):
        out = os.path.join(self.scratch, "kept.json")
        with open(out, "w", encoding="utf-8") as f:
            f.write("the old book\n")

        def small_files():  # a disk that fills up after 1 KiB: write(2) fails with EFBIG
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (1024, resource.RLIM_INFINITY))

        code, last_line = self.generate_to(subprocess.DEVNULL, "-o", out, preexec_fn=small_files)
        self.assertEqual((code, last_line), (1, f"chatcost: error: cannot write {out}: File too large"))
        self.assertEqual(read(out), "the old book\n")
        self.assertEqual([n for n in os.listdir(self.scratch) if n.startswith("kept.json.tmp")], [])

    def test_format_is_stable_sorted_and_exact(self):
        result = self.generate("--from", SMALL_CATALOGUE, "--providers", "all")
        self.assert_exit(result, 0)
        again = self.generate("--from", SMALL_CATALOGUE, "--providers", "all")
        self.assertEqual(result.stdout, again.stdout)
        book = json.loads(result.stdout)
        self.assertEqual(len(book), 23)
        keys = [(e["provider"], e["model"]) for e in book]
        self.assertEqual(keys, sorted(keys, key=lambda k: (k[0].encode(), k[1].encode())))
        self.assertLess(keys.index(("chutes", "Qwen/Qwen3-32B")),
                        keys.index(("chutes", "deepseek-ai/DeepSeek-V3.1:THINKING")))  # bytewise
        for entry in book:
            optional = [k for k in ("reasoning_price", "tiers") if k in entry]  # only when set
            self.assertEqual(list(entry), ["provider", "model", "input_price", "output_price",
                                           "cache_read_price", "cache_write_price"] + optional)
        self.assertTrue(result.stdout.startswith('[\n  {\n    "provider": '))
        by_key = {(e["provider"], e["model"]): e for e in book}
        bedrock = by_key[("amazon-bedrock", "anthropic.claude-3-5-sonnet-20241022-v2:0")]
        self.assertEqual([bedrock["input_price"], bedrock["output_price"], bedrock["cache_read_price"],
                          bedrock["cache_write_price"]], [3000000, 15000000, 300000, 3750000])
        kimi = by_key[("chutes", "moonshotai/Kimi-VL-A3B-Thinking")]
        self.assertEqual([kimi["input_price"], kimi["output_price"]], [24990, 100008])
        free = by_key[("openrouter", "z-ai/glm-4.5-air:free")]
        self.assertEqual([free["input_price"], free["output_price"], free["cache_read_price"]], [0, 0, None])
        self.assertNotIn(("github-copilot", "gpt-4o"), by_key)  # no cost upstream: left out, not free
        self.assertEqual(by_key[("opencode", "gpt-5")]["reasoning_price"], 10000000)
        self.assertEqual(by_key[("aihubmix", "doubao-seed-2-0-lite-260428")]["tiers"], [
            {"size": 32000, "input_price": 130000, "output_price": 760000, "cache_read_price": 25360},
            {"size": 128000, "input_price": 250000, "output_price": 1520000, "cache_read_price": 50720}])
        self.assertIn("chatcost: wrote 23 prices for 9 providers", result.stderr)
        self.assertIn("chatcost: warning: cloudflare-workers-ai/resnet-50: input: 0.0000025 USD per 1M "
                      "tokens is finer than a micro-dollar; rounded to 3 micro-dollars", result.stderr)
        self.assertIn("4 models without a price were left out (-v lists them)", result.stderr)
        self.assertIn("4 models have cost fields the book does not carry (-v lists them)", result.stderr)
        self.assertIn("chatcost: 1 model has tiers that inherit a price from its base (-v lists it)",
                      result.stderr)
        self.assertIn("chatcost: warning: 1 model has suspicious prices, carried as they are (-v lists it)",
                      result.stderr)
        self.assertNotIn("not carried:", result.stderr)
        self.assertNotIn("inherits", result.stderr)

    def test_verbose_lists_what_is_not_carried_and_left_out(self):
        result = self.generate("--from", SMALL_CATALOGUE, "--providers", "all", "-v")
        self.assert_exit(result, 0)
        self.assertIn("chatcost: openai/gpt-audio: not carried: input_audio=40, output_audio=80\n", result.stderr)
        self.assertIn("chatcost: left out github-copilot/gpt-4o: no cost\n", result.stderr)
        self.assertIn("chatcost: openrouter/google/gemini-3.1-pro-preview: tier above 200000 inherits cache_write, "
                      "reasoning from the base\n", result.stderr)
        self.assertIn("chatcost: suspicious: openrouter/google/gemini-3.1-pro-preview: tier above 200000: "
                      "cache_write 0.375 is below cache_read 0.4 (USD per 1M tokens)\n", result.stderr)
        self.assertNotIn("context_over_200k", result.stderr)  # read from tiers, never from the legacy copy
        crafted = self.generate("--from", fixture("models-dev-crafted.json"), "--providers", "acme", "-v")
        self.assert_exit(crafted, 0)
        self.assertIn('acme/extras: not carried: audio={"input":40,"output":80}, '
                      'tiers[0]={"input":3,"tier":{"type":"batch","size":1}}, tiers[1].input_audio=50, '
                      'tiers[3]={"input":9,"tier":{"type":"context","size":300000,"unit":"requests"}}, '
                      'experimental.modes.fast.cost={"input":6}\n', crafted.stderr)
        self.assertIn('acme/legacy-only: not carried: context_over_200k={"input":2,"output":4}\n', crafted.stderr)

    def test_crafted_conversions(self):
        result = self.generate("--from", fixture("models-dev-crafted.json"), "--providers", "acme,beta")
        self.assert_exit(result, 0)
        book = {e["model"]: e for e in json.loads(result.stdout)}
        prices = {m: [e["input_price"], e["output_price"], e["cache_read_price"], e["cache_write_price"]]
                  for m, e in book.items()}
        self.assertEqual(prices["exponent"], [10000, 25000000, 375000, None])
        self.assertEqual(prices["sub-micro"], [3, 0, 123457, None])
        self.assertEqual(prices["negative"], [None, 2000000, None, None])
        self.assertEqual(prices["free"], [0, 0, 0, 0])
        self.assertEqual(prices["vendor/model:variant.1"], [200000, 800000, None, None])
        self.assertEqual(book["extras"]["reasoning_price"], 10000000)
        self.assertEqual(book["extras"]["tiers"], [
            {"size": 128000, "output_price": 12500000},
            {"size": 200000, "input_price": 2500000, "output_price": 15000000, "reasoning_price": 20000000}])
        self.assertNotIn("no-cost", book)
        self.assertIn("acme/negative: input: -1 USD per 1M tokens is negative; stored as unknown (null)",
                      result.stderr)
        self.assertIn("acme/sub-micro: cache_read: 0.1234565 USD per 1M tokens is finer than a micro-dollar; "
                      "rounded to 123457 micro-dollars", result.stderr)
        self.assertIn("acme/odd-prices: tiers[1].input: -2 USD per 1M tokens is negative; left out of the tier, "
                      "which inherits the base's price", result.stderr)
        self.assertIn("wrote 11 prices for 2 providers", result.stderr)

    def test_missing_or_empty_provider_is_an_error_and_writes_nothing(self):
        out = os.path.join(self.scratch, "never.json")
        crafted = fixture("models-dev-crafted.json")
        result = self.generate("--from", crafted, "--providers", "acme,missing,empty", "-o", out)
        self.assert_exit(result, 6)
        self.assertIn(f"chatcost: error: {crafted}: 2 problems; nothing was written", result.stderr)
        self.assertIn("  provider missing is not in the catalogue\n", result.stderr)
        self.assertIn("  provider empty has no models in the catalogue\n", result.stderr)
        self.assertFalse(os.path.exists(out))
        self.assertEqual(result.stdout, "")

    def test_no_input_or_output_price_means_the_format_changed(self):
        result = self.generate("--from", fixture("models-dev-renamed-keys.json"), "--providers", "all")
        self.assert_exit(result, 6)
        self.assertIn("no model has an input or output price: the models.dev format has probably changed",
                      result.stderr)

    def test_malformed_catalogue(self):
        result = self.generate("--from", fixture("models-dev-malformed.json"))
        self.assert_exit(result, 6)
        self.assertIn("malformed JSON at 5:75: missing or superfluous comma, colon, bracket or brace",
                      result.stderr)

    def test_text_that_is_not_json_says_so_with_line_and_column(self):
        for text, where, begins in (("hello world\n", "1:1", "'h'"), ("\n\n   <html><body>", "3:4", "'<'"),
                                    ("\ufeff  \xe9t\xe9", "1:4", "byte 0xC3")):
            with self.subTest(text=text):
                result = self.generate("--from", "-", input=text)
                self.assert_exit(result, 6)
                self.assertIn(f"not JSON at {where}: the text begins with {begins}, which begins no JSON value",
                              result.stderr)
                self.assertNotIn("malformed JSON", result.stderr)
        # Text that starts like JSON and breaks later is still malformed JSON, where it breaks.
        result = self.generate("--from", "-", input='{"a":\n  nope}')
        self.assertIn("malformed JSON at 2:3", result.stderr)

    def test_usage_errors(self):
        self.assert_exit(self.generate("--from", os.path.join(self.scratch, "nope.json")), 2)
        self.assert_exit(self.generate(), 2)
        self.assert_exit(self.generate("--from", SMALL_CATALOGUE, "--providers", "anthropic,,openai"), 2)


class SeedApply(ChatcostTestCase):
    def migrated_database(self, name=None):
        url = self.fresh_database(name)
        result = self.run_chatcost("-d", url, "migrate", "up")
        self.assert_exit(result, 0)
        return url

    def apply(self, url, *args, input=None):
        result = self.run_chatcost("-d", url, "--format", "json", "seed", "apply", *args, input=input)
        self.assert_exit(result, 0)
        return result.json()

    def sql(self, url, query):
        return self.cluster.psql(query, url.rsplit("/", 1)[1])

    def snapshot(self, url):
        """Every row's version and timestamps: equal snapshots mean nothing was written or locked."""
        return self.sql(url, "SELECT provider, model, ctid, xmin, xmax, created_at, updated_at "
                             "FROM ai_model_prices ORDER BY provider, model")

    def table_stats(self, url):
        """n_tup_ins, n_tup_upd, n_dead_tup, once no chatcost backend is left to flush its figures."""
        dbname = url.rsplit("/", 1)[1]
        for _ in range(100):
            busy = self.cluster.psql(f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{dbname}' "
                                     "AND application_name = 'chatcost'")
            if busy == "0":
                break
            time.sleep(0.05)
        row = self.sql(url, "SELECT n_tup_ins, n_tup_upd, n_dead_tup FROM pg_stat_user_tables "
                            "WHERE relname = 'ai_model_prices'")
        return [int(x) for x in row.split("|")]

    def write_book(self, entries):
        path = os.path.join(self.scratch, f"book-{len(os.listdir(self.scratch))}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(entries, f, indent=2)
        return path

    def test_first_apply_then_reapply_writes_nothing(self):
        url = self.migrated_database()
        entries = len(json.loads(read(COMMITTED_BOOK)))
        first = self.apply(url)
        self.assertEqual(first, {"book": "embedded", "entries": entries, "dry_run": False, "inserted": entries,
                                 "updated": 0, "unchanged": 0})
        self.assertEqual(self.sql(url, "SELECT input_price, output_price, cache_read_price, "
                                       "coalesce(cache_write_price::text, 'null') FROM ai_model_prices "
                                       "WHERE provider = 'openai' AND model = 'gpt-4o'"),
                         "2500000|10000000|1250000|null")
        before, stats_before = self.snapshot(url), self.table_stats(url)
        self.assertEqual(stats_before[:2], [entries, 0])
        time.sleep(0.05)
        second = self.apply(url)
        self.assertEqual((second["inserted"], second["updated"], second["unchanged"]), (0, 0, entries))
        self.assertEqual(self.snapshot(url), before)
        self.assertEqual(self.table_stats(url), stats_before)  # n_tup_upd and dead tuples unchanged

    def test_changed_book_updates_only_changed_rows_and_keeps_orphans(self):
        url = self.migrated_database()
        self.apply(url)
        self.sql(url, "INSERT INTO ai_model_prices (provider, model, input_price, updated_at) "
                      "VALUES ('custom', 'in-house', 7, '2020-01-01Z')")
        book = json.loads(read(COMMITTED_BOOK))
        entries = len(book)
        first_model = book[0]["model"]              # anthropic's first
        book[0]["input_price"] = 900000
        self.assertIsNone(book[-1]["cache_write_price"])
        book[-1]["cache_write_price"] = 0           # openai's last: unknown -> free
        book = book[1:] + [book[0]]                 # file order does not matter
        book.append({"provider": "zeta", "model": "z/1:0.5", "input_price": 1, "output_price": 2,
                     "cache_read_price": None, "cache_write_price": None})
        untouched = self.sql(url, "SELECT updated_at FROM ai_model_prices WHERE model = 'gpt-4o'")
        stats_before = self.table_stats(url)
        time.sleep(0.05)
        report = self.apply(url, "--file", self.write_book(book))
        self.assertEqual((report["inserted"], report["updated"], report["unchanged"]), (1, 2, entries - 2))
        stats_after = self.table_stats(url)
        self.assertEqual(stats_after[1] - stats_before[1], 2)  # n_tup_upd: exactly the two changed rows
        self.assertEqual(stats_after[0] - stats_before[0], 1)
        self.assertEqual(self.sql(url, "SELECT updated_at FROM ai_model_prices WHERE model = 'gpt-4o'"),
                         untouched)
        self.assertEqual(self.sql(url, "SELECT input_price, updated_at > created_at FROM ai_model_prices "
                                       f"WHERE model = '{first_model}'"), "900000|t")
        self.assertEqual(self.sql(url, "SELECT input_price, updated_at FROM ai_model_prices "
                                       "WHERE provider = 'custom'"), "7|2020-01-01 00:00:00+00")
        self.assertEqual(self.sql(url, "SELECT count(*) FROM ai_model_prices"), str(entries + 2))

    def test_every_validation_problem_is_listed_and_nothing_is_written(self):
        url = self.migrated_database()
        self.apply(url)
        before = self.snapshot(url)
        path = fixture("book-every-problem.json")
        lines = read(path).split("\n")

        def at(line, token, nth=1):
            column = -1
            for _ in range(nth):
                column = lines[line - 1].index(token, column + 1)
            return f"{path}:{line}:{column + 1}: "

        expected = [
            at(2, "-5") + "entry [0] anthropic/negative: input_price: -5 is negative",
            at(3, "1.5") + "entry [1] anthropic/fractional: output_price: 1.5 is fractional: prices are "
                           "whole micro-dollars per 1M tokens",
            at(4, "9223372036854775808") + "entry [2] anthropic/past-int64: cache_read_price: "
                                           "9223372036854775808 is past the int64 range",
            at(5, '"3000000"') + "entry [3] anthropic/wrong-types: input_price: must be an integer or null, "
                                 "not a string",
            at(5, "true") + "entry [3] anthropic/wrong-types: output_price: must be an integer or null, "
                            "not a boolean",
            at(6, '""') + "entry [4] ?/empty-provider: provider: is empty",
            at(7, '""') + "entry [5] openai/?: model: is empty",
            at(8, "{") + "entry [6] openai/missing-key: cache_write_price: is missing",
            at(9, '"reasoning_prize"') + "entry [7] openai/unknown-key: reasoning_prize: is not a key of a "
                                         "price book entry (provider, model, input_price, output_price, "
                                         "cache_read_price, cache_write_price, reasoning_price, tiers)",
            at(11, "{") + "entry [9] openai/gpt-4o: duplicates entry [8]",
            at(12, '"not') + "entry [10]: an entry must be an object, not a string",
            at(13, "-2") + "entry [11] openai/bad-tiers: reasoning_price: -2 is negative",
            at(13, "-1") + "entry [11] openai/bad-tiers: tiers[0].input_price: -1 is negative",
            at(13, '"extra"') + "entry [11] openai/bad-tiers: tiers[1].extra: is not a key of a tier (size, "
                                "input_price, output_price, cache_read_price, cache_write_price, reasoning_price)",
            at(13, "272000", 2) + "entry [11] openai/bad-tiers: tiers[1].size: 272000 is the size of tiers[0] "
                                  "too: each size once",
            at(13, "0}") + "entry [11] openai/bad-tiers: tiers[2].size: 0 is not a positive integer: a tier "
                           "applies above a whole number of tokens",
        ]
        for args in (["--file", path], ["--file", path, "--dry-run"]):
            result = self.run_chatcost("-d", url, "seed", "apply", *args)
            self.assert_exit(result, 6)
            self.assertIn(f"chatcost: error: price book {path}: 16 problems; nothing was written\n",
                          result.stderr)
            for line in expected:
                self.assertIn("\n  " + line + "\n", result.stderr)
            self.assertEqual(result.stdout, "")
        self.assertEqual(self.snapshot(url), before)

    def test_malformed_and_empty_books(self):
        url = self.migrated_database()
        cases = {
            "book-malformed.json": ":4:1: malformed JSON: missing or superfluous comma, colon, bracket or "
                                   "brace",
            "book-empty.json": ": the price book is empty: it holds no entries",
        }
        for name, message in cases.items():
            result = self.run_chatcost("-d", url, "seed", "apply", "--file", fixture(name))
            self.assert_exit(result, 6)
            self.assertIn(fixture(name) + message, result.stderr)
        result = self.run_chatcost("-d", url, "seed", "apply", "--file", "-", input="[{]")
        self.assert_exit(result, 6)
        self.assertIn("stdin:1:3: malformed JSON", result.stderr)
        result = self.run_chatcost("-d", url, "seed", "apply", "--file", "-", input="provider,model\n")
        self.assert_exit(result, 6)
        self.assertIn("stdin:1:1: not JSON: the text begins with 'p', which begins no JSON value", result.stderr)
        self.assertEqual(self.sql(url, "SELECT count(*) FROM ai_model_prices"), "0")

    def test_validation_comes_before_any_connection(self):
        unreachable = "postgresql://nobody@%2Fnonexistent%2Fsocket/none"
        result = self.run_chatcost("-d", unreachable, "seed", "apply", "--file", fixture("book-empty.json"))
        self.assert_exit(result, 6)
        self.assert_exit(self.run_chatcost("-d", unreachable, "seed", "apply"), 4)

    def test_dry_run_shows_changes_and_writes_nothing(self):
        url = self.migrated_database()
        book = json.loads(read(COMMITTED_BOOK))
        entries = len(book)
        empty_run = self.apply(url, "--dry-run")
        self.assertEqual((empty_run["inserted"], empty_run["updated"], empty_run["unchanged"]), (entries, 0, 0))
        # A new entry: its four prices, then its reasoning price and its tiers when it has them.
        self.assertEqual(len(empty_run["changes"]), sum(4 + (e.get("reasoning_price") is not None) +
                                                        bool(e.get("tiers")) for e in book))
        self.assertEqual(self.sql(url, "SELECT count(*) FROM ai_model_prices"), "0")

        self.apply(url)
        first = dict(book[0])
        book[0]["input_price"] = 900000 if first["input_price"] != 900000 else 800000
        book.append({"provider": "zeta", "model": "m", "input_price": 1, "output_price": None,
                     "cache_read_price": None, "cache_write_price": 0})
        path = self.write_book(book)
        before = self.snapshot(url)
        report = self.apply(url, "--file", path, "--dry-run")
        self.assertTrue(report["dry_run"])
        self.assertEqual((report["inserted"], report["updated"], report["unchanged"]), (1, 1, entries - 1))
        self.assertEqual(report["changes"][0], {"provider": first["provider"], "model": first["model"],
                                                "action": "update", "price": "input_price",
                                                "old": first["input_price"], "new": book[0]["input_price"]})
        self.assertEqual([c["price"] for c in report["changes"][1:]],
                         ["input_price", "output_price", "cache_read_price", "cache_write_price"])
        self.assertEqual([(c["action"], c["old"], c["new"]) for c in report["changes"][1:]],
                         [("insert", None, 1), ("insert", None, None), ("insert", None, None),
                          ("insert", None, 0)])
        table = self.run_chatcost("-d", url, "seed", "apply", "--file", path, "--dry-run")
        self.assert_exit(table, 0)
        self.assertIn("Would insert:  1", table.stdout)
        self.assertRegex(table.stdout, re.escape(first["model"]) + r"\s+update\s+input_price\s+\$\S+\s+\$0\.[89]0\n")
        self.assertRegex(table.stdout, r"zeta\s+m\s+insert\s+output_price\s+-\s+unknown")
        self.assertEqual(self.snapshot(url), before)

    def tiered_book(self, first_tier_output=22500000, reasoning=30000000):
        """gpt-5.4 with a reasoning price and two tiers, written out of order; a flat gpt-4o."""
        return [
            {"provider": "openai", "model": "gpt-5.4", "input_price": 2500000, "output_price": 15000000,
             "cache_read_price": 250000, "cache_write_price": None, "reasoning_price": reasoning,
             "tiers": [{"size": 1000000, "input_price": 6000000, "reasoning_price": 40000000},
                       {"size": 272000, "input_price": 5000000, "output_price": first_tier_output,
                        "cache_read_price": 500000}]},
            {"provider": "openai", "model": "gpt-4o", "input_price": 2500000, "output_price": 10000000,
             "cache_read_price": 1250000, "cache_write_price": None},
        ]

    def test_tiers_and_reasoning_price_are_stored_exactly_and_reapply_writes_nothing(self):
        url = self.migrated_database()
        path = self.write_book(self.tiered_book())
        first = self.apply(url, "--file", path)
        self.assertEqual((first["inserted"], first["updated"], first["unchanged"]), (2, 0, 0))
        reasoning, tiers = self.sql(url, "SELECT reasoning_price, tiers FROM ai_model_prices "
                                         "WHERE model = 'gpt-5.4'").split("|")
        self.assertEqual(reasoning, "30000000")
        self.assertEqual(json.loads(tiers), [  # by increasing size, only the prices the file sets
            {"size": 272000, "input_price": 5000000, "output_price": 22500000, "cache_read_price": 500000},
            {"size": 1000000, "input_price": 6000000, "reasoning_price": 40000000}])
        self.assertEqual(self.sql(url, "SELECT reasoning_price IS NULL, tiers IS NULL FROM ai_model_prices "
                                       "WHERE model = 'gpt-4o'"), "t|t")  # a flat price: NULL, never []
        before, stats_before = self.snapshot(url), self.table_stats(url)
        time.sleep(0.05)
        again = self.apply(url, "--file", path)
        self.assertEqual((again["inserted"], again["updated"], again["unchanged"]), (0, 0, 2))
        self.assertEqual(self.snapshot(url), before)
        self.assertEqual(self.table_stats(url), stats_before)

    def test_dry_run_lists_tier_and_reasoning_changes_old_and_new(self):
        url = self.migrated_database()
        self.apply(url, "--file", self.write_book(self.tiered_book()))
        before = self.snapshot(url)
        path = self.write_book(self.tiered_book(first_tier_output=25000000, reasoning=None))
        report = self.apply(url, "--file", path, "--dry-run")
        self.assertEqual((report["inserted"], report["updated"], report["unchanged"]), (0, 1, 1))

        def tier(size, input=None, output=None, cache_read=None, reasoning=None):
            return {"size": size, "input_price": input, "output_price": output, "cache_read_price": cache_read,
                    "cache_write_price": None, "reasoning_price": reasoning}

        upper = tier(1000000, input=6000000, reasoning=40000000)
        self.assertEqual(report["changes"], [
            {"provider": "openai", "model": "gpt-5.4", "action": "update", "price": "reasoning_price",
             "old": 30000000, "new": None},
            {"provider": "openai", "model": "gpt-5.4", "action": "update", "price": "tiers",
             "old": [tier(272000, 5000000, 22500000, 500000), upper],
             "new": [tier(272000, 5000000, 25000000, 500000), upper]},
        ])
        table = self.run_chatcost("-d", url, "seed", "apply", "--file", path, "--dry-run")
        self.assert_exit(table, 0)
        self.assertRegex(table.stdout, r"gpt-5\.4\s+update\s+reasoning_price\s+\$30\.00\s+none\n")
        self.assertRegex(table.stdout, r"gpt-5\.4\s+update\s+tiers\s+"
                                       r">272k: \$5\.00/\$22\.50/\$0\.50; >1M: \$6\.00 reasoning \$40\.00\s+"
                                       r">272k: \$5\.00/\$25\.00/\$0\.50; >1M: \$6\.00 reasoning \$40\.00\n")
        self.assertEqual(self.snapshot(url), before)
        # A new entry lists its reasoning price and tiers only when it has them.
        fresh = self.apply(self.migrated_database(), "--file", path, "--dry-run")
        self.assertEqual([(c["model"], c["price"]) for c in fresh["changes"]],
                         [("gpt-4o", p) for p in ("input_price", "output_price", "cache_read_price",
                                                   "cache_write_price")] +
                         [("gpt-5.4", p) for p in ("input_price", "output_price", "cache_read_price",
                                                    "cache_write_price", "tiers")])

    def test_the_schema_refuses_malformed_tiers_written_by_sql(self):
        url = self.migrated_database()
        dbname = url.rsplit("/", 1)[1]
        for tiers in ('[]', '{"size": 272000}', '[{"size": 0}]', '[{"size": 1.5}]', '[{"size": "272000"}]',
                      '[{"input_price": 1}]', '[{"size": 1, "input_price": -1}]',
                      '[{"size": 1, "output_price": "2.5"}]', '[{"size": 1, "input": 1}]', '[[{"size": 1}]]'):
            with self.subTest(tiers=tiers):
                result = subprocess.run(
                    ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c",
                     f"INSERT INTO ai_model_prices (provider, model, tiers) VALUES ('p', 'm', '{tiers}')"],
                    capture_output=True, text=True, check=False)
                self.assertNotEqual(result.returncode, 0)
                self.assertIn('violates check constraint "ai_model_prices_tiers_check"', result.stderr)
        self.sql(url, "INSERT INTO ai_model_prices (provider, model, tiers) "
                      "VALUES ('p', 'm', '[{\"size\": 200000, \"input_price\": 1, \"reasoning_price\": null}]')")
        self.assertEqual(self.cluster.psql("SELECT count(*) FROM ai_model_prices", dbname), "1")

    def test_dry_run_of_a_big_book_lists_the_first_entries_and_counts_the_rest(self):
        url = self.migrated_database()
        book = [{"provider": "bulk", "model": f"m{i:04d}", "input_price": i, "output_price": None,
                 "cache_read_price": None, "cache_write_price": None} for i in range(250)]
        report = self.apply(url, "--file", self.write_book(book), "--dry-run")
        self.assertEqual((report["inserted"], report["updated"], report["changes_not_listed"]), (250, 0, 150))
        self.assertEqual(len(report["changes"]), 100 * 4)  # the first 100 entries, in key order
        self.assertEqual(report["changes"][-1]["model"], "m0099")
        small = self.apply(url, "--dry-run")
        self.assertEqual(small["changes_not_listed"], 0)
        table = self.run_chatcost("-d", url, "seed", "apply", "--file", self.write_book(book), "--dry-run")
        self.assert_exit(table, 0)
        self.assertIn("Not listed:    150", table.stdout)

    def test_book_from_stdin_and_quiet_when_nothing_to_do(self):
        url = self.migrated_database()
        result = self.run_chatcost("-d", url, "seed", "apply", "--file", "-", input=read(COMMITTED_BOOK))
        self.assert_exit(result, 0)
        self.assertIn("Book:       stdin", result.stdout)
        self.assertIn(f"Inserted:   {len(json.loads(read(COMMITTED_BOOK)))}", result.stdout)
        quiet = self.run_chatcost("-d", url, "-q", "seed", "apply")
        self.assert_exit(quiet, 0)
        self.assertEqual((quiet.stdout, quiet.stderr), ("", ""))  # cron: silent when nothing changed

    def test_unmigrated_database_is_refused(self):
        url = self.fresh_database()
        result = self.run_chatcost("-d", url, "seed", "apply")
        self.assert_exit(result, 7)
        self.assertIn("run 'chatcost migrate up' first", result.stderr)

    def test_concurrent_applies_neither_deadlock_nor_fail(self):
        url = self.migrated_database()
        # Two books that set every row to different prices, one written in reverse order: applied
        # together, every row is fought over. Rows are locked in key order, so no cycle can form.
        entries = [{"provider": "p", "model": f"m{i:04}", "input_price": 1, "output_price": 1,
                    "cache_read_price": None, "cache_write_price": None} for i in range(3000)]
        first = self.write_book(entries)
        second = self.write_book([dict(e, input_price=2) for e in reversed(entries)])
        env = self.base_env()
        runs = [subprocess.Popen([CHATCOST, "-d", url, "--format", "json", "seed", "apply", "--file", book],
                                 env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for book in [first, second] * 4]
        results = []
        for run in runs:
            out, err = run.communicate(timeout=120)
            results.append((run.returncode, out, err))
        for code, out, err in results:
            self.assertEqual(code, 0, msg=err)
        self.assertEqual(sum(json.loads(out)["inserted"] for _, out, _ in results), 3000)
        self.assertEqual(self.sql(url, "SELECT count(*) FROM ai_model_prices"), "3000")


class SeedOnEmbeddedDatabase(ChatcostTestCase):
    """The issue's definition of done: a freshly migrated embedded database, the committed book."""
    needs_server = False

    def setUp(self):
        self.env = self.base_env(tempfile.mkdtemp(prefix="xdg-", dir=self.scratch))

    def tearDown(self):
        self.run_chatcost("db", "stop", env=self.env)

    @staticmethod
    def row_versions(url):
        query = ("SELECT string_agg(xmin || ':' || xmax || ':' || updated_at, ',' ORDER BY model) "
                 "FROM ai_model_prices")
        return subprocess.run(["psql", "-X", "-A", "-t", url, "-c", query], capture_output=True, text=True,
                              check=True).stdout

    def test_seed_apply_then_nothing_to_do(self):
        self.assert_exit(self.run_chatcost("migrate", "up", env=self.env), 0)
        first = self.run_chatcost("--format", "json", "seed", "apply", env=self.env)
        self.assert_exit(first, 0)
        entries = len(json.loads(read(COMMITTED_BOOK)))
        self.assertEqual((first.json()["inserted"], first.json()["unchanged"]), (entries, 0))
        url = self.run_chatcost("db", "url", env=self.env).stdout.strip()
        versions = self.row_versions(url)
        second = self.run_chatcost("--format", "json", "seed", "apply", env=self.env)
        self.assert_exit(second, 0)
        self.assertEqual(second.json(), {"book": "embedded", "entries": entries, "dry_run": False, "inserted": 0,
                                         "updated": 0, "unchanged": entries})
        self.assertEqual(self.row_versions(url), versions)


if __name__ == "__main__":
    main()
