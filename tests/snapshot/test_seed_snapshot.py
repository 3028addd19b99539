"""The snapshot suite's `chatcost seed generate` cases: the real models.dev catalogue the committed
book is generated from (seed/README.md). run_with_snapshot.py names it in
CHATCOST_MODELS_DEV_SNAPSHOT, or skips this file, saying so."""
import json
import os

from clitest import SOURCE_ROOT, ChatcostTestCase, main

SNAPSHOT = os.environ["CHATCOST_MODELS_DEV_SNAPSHOT"]
COMMITTED_BOOK = os.path.join(SOURCE_ROOT, "seed", "ai_model_prices.json")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class SeedGenerateFromSnapshot(ChatcostTestCase):
    needs_server = False

    def generate(self, *args, input=None):
        return self.run_chatcost("seed", "generate", *args, input=input)

    def test_snapshot_gives_the_committed_book(self):
        result = self.generate("--from", SNAPSHOT)
        self.assert_exit(result, 0)
        self.assertEqual(result.stdout, read(COMMITTED_BOOK))
        self.assertIn("chatcost: wrote 91 prices for 3 providers", result.stderr)
        self.assertIn("chatcost: 13 models have cost fields the book does not carry (-v lists them)", result.stderr)
        self.assertNotIn("inherit", result.stderr)  # every tier of the three providers is a full price set
        self.assertNotIn("suspicious", result.stderr)

    def test_output_file_and_stdin(self):
        out = os.path.join(self.scratch, "book.json")
        result = self.generate("--from", "-", "-o", out, input=read(SNAPSHOT))
        self.assert_exit(result, 0)
        self.assertEqual(result.stdout, "")
        self.assertEqual(read(out), read(COMMITTED_BOOK))
        self.assertEqual(os.listdir(self.scratch).count("book.json"), 1)  # no temporary file left
        self.assertEqual([n for n in os.listdir(self.scratch) if ".tmp" in n], [])

    def test_format_is_stable_sorted_and_exact(self):
        result = self.generate("--from", SNAPSHOT, "--providers", "all")
        self.assert_exit(result, 0)
        again = self.generate("--from", SNAPSHOT, "--providers", "all")
        self.assertEqual(result.stdout, again.stdout)
        self.assertEqual(result.stderr, again.stderr)
        book = json.loads(result.stdout)
        self.assertEqual(len(book), 4894)
        keys = [(e["provider"], e["model"]) for e in book]
        self.assertEqual(keys, sorted(keys, key=lambda k: (k[0].encode(), k[1].encode())))
        six = ["provider", "model", "input_price", "output_price", "cache_read_price", "cache_write_price"]
        for entry in book:
            optional = [k for k in ("reasoning_price", "tiers") if k in entry]
            self.assertEqual(list(entry), six + optional)
            sizes = [tier["size"] for tier in entry.get("tiers", [])]
            self.assertEqual(sizes, sorted(set(sizes)))
        self.assertEqual(sum(1 for e in book if "tiers" in e), 190)
        self.assertEqual(sum(1 for e in book if "reasoning_price" in e), 71)
        self.assertTrue(result.stdout.startswith('[\n  {\n    "provider": '))
        by_key = {(e["provider"], e["model"]): e for e in book}
        self.assertEqual(by_key[("alibaba", "qwen-plus")]["reasoning_price"], 4000000)
        self.assertEqual(by_key[("minimax", "MiniMax-M3")]["tiers"],
                         [{"size": 512000, "input_price": 600000, "output_price": 2400000, "cache_read_price": 120000}])
        self.assertNotIn(("openai", "gpt-image-1"), by_key)  # no cost upstream: left out, not free
        self.assertIn("chatcost: wrote 4894 prices for 142 providers", result.stderr)
        self.assertEqual(result.stderr.count("is finer than a micro-dollar"), 149)  # float noise, reported
        self.assertIn("382 models without a price were left out (-v lists them)", result.stderr)
        self.assertIn("102 models have cost fields the book does not carry (-v lists them)", result.stderr)
        self.assertIn("5 models have tiers that inherit a price from their base (-v lists them)", result.stderr)
        self.assertIn("chatcost: warning: 84 models have suspicious prices, carried as they are (-v lists them)",
                      result.stderr)
        self.assertNotIn("not carried:", result.stderr)

    def test_verbose_lists_each_model(self):
        result = self.generate("--from", SNAPSHOT, "--providers", "all", "-v")
        self.assert_exit(result, 0)
        self.assertIn("chatcost: google/gemini-2.5-flash: not carried: input_audio=1.00\n", result.stderr)
        self.assertIn("chatcost: left out openai/gpt-image-1: no cost\n", result.stderr)
        self.assertIn("chatcost: requesty/google/gemini-2.5-pro: tier above 200000 inherits cache_write from the "
                      "base\n", result.stderr)
        self.assertIn("chatcost: suspicious: llmgateway/grok-4-20-beta-0309-reasoning: tier above 200000: output 5 "
                      "is below the base's 6 (USD per 1M tokens)\n", result.stderr)
        self.assertNotIn("context_over_200k", result.stderr)  # a legacy copy of a tier: never read


if __name__ == "__main__":
    main()
