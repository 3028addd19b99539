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
        self.assertIn("chatcost: wrote 33 prices for 2 providers", result.stderr)

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
        book = json.loads(result.stdout)
        self.assertEqual(len(book), 668)
        keys = [(e["provider"], e["model"]) for e in book]
        self.assertEqual(keys, sorted(keys, key=lambda k: (k[0].encode(), k[1].encode())))
        for entry in book:
            self.assertEqual(list(entry), ["provider", "model", "input_price", "output_price",
                                           "cache_read_price", "cache_write_price"])
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
        self.assertIn("chatcost: wrote 668 prices for 46 providers", result.stderr)
        self.assertIn("chatcost: warning: cloudflare-workers-ai/resnet-50: input: 0.0000025 USD per 1M "
                      "tokens is finer than a micro-dollar; rounded to 3 micro-dollars", result.stderr)
        self.assertIn("19 models without a price were left out (-v lists them)", result.stderr)
        self.assertIn("11 models have cost fields the book does not carry (-v lists them)", result.stderr)
        self.assertNotIn("not carried:", result.stderr)

    def test_verbose_lists_what_is_not_carried_and_left_out(self):
        result = self.generate("--from", SNAPSHOT, "--providers", "all", "-v")
        self.assert_exit(result, 0)
        self.assertIn("chatcost: opencode/gpt-5: not carried: reasoning=10\n", result.stderr)
        self.assertIn("chatcost: left out github-copilot/gpt-4o: no cost\n", result.stderr)


if __name__ == "__main__":
    main()
