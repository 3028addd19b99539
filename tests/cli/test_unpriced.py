"""`chatcost unpriced` (issue 19, item 2): every model config with unpriced usage in a range, most
messages first, why, the unpriced tokens and the command or key that fixes it; --fail-if-any for cron.

Fixture (November 2026, assistant messages, cost NULL unless said; counts differ so that the order
says something):
  config        provider/model               options                  book            messages  why
  EMBED         Anthropic/Claude-Sonnet-4-20250514  {}               (embedded only)  7  near_match (case) of the
                                                                                         embedded anthropic/claude-sonnet-4-20250514
  PRICED_NOW    acme/widget-pro              {}                       acme/widget-pro  6  not_backfilled
  CASE          Acme/Widget-Pro              {}                       -                5  near_match (case)
  DATED         acme/widget-pro-20250514     {}                       -                4  near_match (date suffix)
  BROKEN        acme/broken                  input "abc", output "1"  -                3  invalid_price
  MYSTERY       acme/mystery                 {}                       -                2  no_price
  (none)                                                                               1  no_model_config
Not listed: a priced message, a user message, a message with invalid usage (negative tokens), a
message outside the range, a message without any token column.
"""
import json
import shlex

from clitest import SOURCE_ROOT, ChatcostTestCase, main

NOVEMBER = ("--since", "2026-11-01", "--until", "2026-12-01")
USER = "00000000-0000-0000-0019-000000000001"
CHAT = "00000000-0000-0000-0019-000000000002"
CONFIGS = {
    "EMBED": ("00000000-0000-0000-0019-0000000000e1", "Anthropic", "Claude-Sonnet-4-20250514", "{}", 7),
    "PRICED_NOW": ("00000000-0000-0000-0019-0000000000e2", "acme", "widget-pro", "{}", 6),
    "CASE": ("00000000-0000-0000-0019-0000000000e3", "Acme", "Widget-Pro", "{}", 5),
    "DATED": ("00000000-0000-0000-0019-0000000000e4", "acme", "widget-pro-20250514", "{}", 4),
    "BROKEN": ("00000000-0000-0000-0019-0000000000e5", "acme", "broken",
               '{"cost": {"input_price_per_million_tokens": "abc", "output_price_per_million_tokens": "1"}}', 3),
    "MYSTERY": ("00000000-0000-0000-0019-0000000000e6", "acme", "mystery", "{}", 2),
}
ORDER = ["EMBED", "PRICED_NOW", "CASE", "DATED", "BROKEN", "MYSTERY", None]


def fixture_sql():
    rows = ",\n".join(f"('{cid}', '{prov}', '{model}', '{opts}')" for cid, prov, model, opts, _ in CONFIGS.values())
    messages = []
    next_id = 1
    for cid, _, _, _, count in CONFIGS.values():
        for i in range(count):
            # input 100, output 10 (reasoning 2), cache read 1, cache write 3 per message
            messages.append(f"({next_id}, '{CHAT}', '{cid}', '2026-11-{10 + i:02d}T09:00:00Z', 'assistant', 100, 10, 2, 1, 3, NULL)")
            next_id += 1
    messages.append(f"({next_id}, '{CHAT}', NULL, '2026-11-20T09:00:00Z', 'assistant', NULL, 7, NULL, NULL, NULL, NULL)")
    mystery = CONFIGS["MYSTERY"][0]
    extra = [
        f"(900, '{CHAT}', '{mystery}', '2026-11-21T09:00:00Z', 'assistant', 5, 5, NULL, NULL, NULL, 42)",      # priced
        f"(901, '{CHAT}', '{mystery}', '2026-11-21T09:00:00Z', 'user', 5, NULL, NULL, NULL, NULL, NULL)",      # user
        f"(902, '{CHAT}', '{mystery}', '2026-11-21T09:00:00Z', 'assistant', -5, 1, NULL, NULL, NULL, NULL)",   # invalid
        f"(903, '{CHAT}', '{mystery}', '2026-10-21T09:00:00Z', 'assistant', 5, 1, NULL, NULL, NULL, NULL)",    # outside
        f"(904, '{CHAT}', '{mystery}', '2026-11-21T09:00:00Z', 'assistant', NULL, NULL, NULL, NULL, NULL, NULL)",  # no usage
    ]
    return f"""
INSERT INTO users (id, username) VALUES ('{USER}', 'worker');
INSERT INTO chats (id, owner_id) VALUES ('{CHAT}', '{USER}');
INSERT INTO chat_model_configs (id, provider, model, options) VALUES
{rows};
INSERT INTO ai_model_prices (provider, model, input_price, output_price, cache_read_price, cache_write_price,
                             reasoning_price, updated_at) VALUES
 ('acme', 'widget-pro', 2000000, 8000000, 200000, 2500000, 10000000, '2026-01-01 00:00:00+00');
INSERT INTO chat_messages (id, chat_id, model_config_id, created_at, role, input_tokens, output_tokens, reasoning_tokens,
                           cache_read_tokens, cache_creation_tokens, total_cost_micros) VALUES
{",".join(messages + extra)};
"""


def embedded(provider, model):
    with open(f"{SOURCE_ROOT}/seed/ai_model_prices.json", encoding="utf-8") as book:
        return next(e for e in json.load(book) if e["provider"] == provider and e["model"] == model)


def dollars(micros):
    whole, frac = divmod(micros, 1000000)
    return f"{whole}.{frac:06d}".rstrip("0").rstrip(".")


class UnpricedTest(ChatcostTestCase):
    count = 0

    def fresh(self):
        type(self).count += 1
        dbname = f"unpriced_{type(self).count}"
        url = self.cluster.create_database(dbname)
        self.assert_exit(self.run_chatcost("-d", url, "--quiet", "migrate", "up"), 0)
        self.cluster.psql(fixture_sql(), dbname)
        return url

    def setUp(self):
        if not hasattr(type(self), "url"):
            type(self).url = self.fresh()

    def worklist(self, url=None, *args):
        result = self.run_chatcost("-d", url or self.url, "--format", "json", "unpriced", *NOVEMBER, *args)
        self.assert_exit(result, 0)
        return result.json()

    def by_key(self, models):
        return {next((k for k, v in CONFIGS.items() if v[0] == m["model_config_id"]), None): m for m in models}

    def test_order_counts_and_tokens(self):
        report = self.worklist()
        models = report["models"]
        keys = [next((k for k, v in CONFIGS.items() if v[0] == m["model_config_id"]), None) for m in models]
        self.assertEqual(keys, ORDER)
        self.assertEqual([m["messages"] for m in models], [7, 6, 5, 4, 3, 2, 1])
        self.assertEqual(report["unpriced_messages"], 28)
        case = self.by_key(models)["CASE"]  # 5 messages x (100, 10, 2, 1, 3)
        self.assertEqual((case["input_tokens"], case["output_tokens"], case["reasoning_tokens"],
                          case["cache_read_tokens"], case["cache_write_tokens"]), (500, 50, 10, 5, 15))
        none = self.by_key(models)[None]
        self.assertEqual((none["input_tokens"], none["output_tokens"]), (0, 7))

    def test_each_reason_and_fix(self):
        items = self.by_key(self.worklist()["models"])
        self.assertEqual({k: v["reason"] for k, v in items.items()}, {
            "EMBED": "near_match", "PRICED_NOW": "not_backfilled", "CASE": "near_match", "DATED": "near_match",
            "BROKEN": "invalid_price", "MYSTERY": "no_price", None: "no_model_config"})
        self.assertEqual(items["PRICED_NOW"]["fix"], "chatcost backfill")
        self.assertEqual(items["PRICED_NOW"]["fix_kind"], "command")
        book_fix = "--input-price 2 --output-price 8 --cache-read-price 0.2 --cache-write-price 2.5 --reasoning-price 10"
        self.assertEqual(items["CASE"]["near_match"], "acme/widget-pro")
        self.assertEqual(items["CASE"]["near_match_source"], "price book")
        self.assertEqual(items["CASE"]["fix"], f"chatcost prices set Acme/Widget-Pro {book_fix}")
        self.assertEqual(items["DATED"]["near_match"], "acme/widget-pro")
        self.assertEqual(items["DATED"]["fix"], f"chatcost prices set acme/widget-pro-20250514 {book_fix}")
        entry = embedded("anthropic", "claude-sonnet-4-20250514")
        self.assertEqual(items["EMBED"]["near_match"], "anthropic/claude-sonnet-4-20250514")
        self.assertEqual(items["EMBED"]["near_match_source"], "embedded book")
        self.assertEqual(items["EMBED"]["fix"],
                         "chatcost prices set Anthropic/Claude-Sonnet-4-20250514"
                         f" --input-price {dollars(entry['input_price'])} --output-price {dollars(entry['output_price'])}"
                         f" --cache-read-price {dollars(entry['cache_read_price'])}"
                         f" --cache-write-price {dollars(entry['cache_write_price'])}")
        broken = items["BROKEN"]
        self.assertEqual(broken["invalid_key"], "options.cost.input_price_per_million_tokens")
        self.assertEqual(broken["raw_value"], "abc")
        self.assertEqual(broken["fix_kind"], "config_key")
        self.assertIn("options.cost.input_price_per_million_tokens", broken["fix"])
        self.assertIn("abc", broken["why"])
        self.assertEqual(items["MYSTERY"]["fix_kind"], "config_key")
        self.assertIn("options.cost.input_price_per_million_tokens", items["MYSTERY"]["fix"])
        self.assertIsNone(items["MYSTERY"]["near_match"])
        self.assertEqual(items[None]["fix_kind"], "none")
        self.assertIsNone(items[None]["fix"])

    def test_suggested_commands_fix_the_models(self):
        url = self.fresh()
        items = self.by_key(self.worklist(url)["models"])
        for key in ("EMBED", "CASE", "DATED"):
            words = shlex.split(items[key]["fix"])
            self.assertEqual(words[:3], ["chatcost", "prices", "set"])
            self.assert_exit(self.run_chatcost("-d", url, "--quiet", *words[1:],
                                               "--effective-from", "2026-01-01"), 0)
        self.assert_exit(self.run_chatcost("-d", url, "--quiet", "backfill"), 6)  # BROKEN is invalid: exit 6
        left = self.by_key(self.worklist(url)["models"])
        self.assertEqual(sorted(left, key=str), sorted(["BROKEN", "MYSTERY", None], key=str))

    def test_fail_if_any(self):
        result = self.run_chatcost("-d", self.url, "unpriced", *NOVEMBER, "--fail-if-any")
        self.assert_exit(result, 3)
        self.assertIn("--fail-if-any", result.stderr)
        empty = self.run_chatcost("-d", self.url, "--format", "json", "unpriced", "--since", "2020-01-01",
                                  "--until", "2020-02-01", "--fail-if-any")
        self.assert_exit(empty, 0)
        self.assertEqual(empty.json()["models"], [])
        self.assert_exit(self.run_chatcost("-d", self.url, "unpriced", *NOVEMBER), 0)

    def test_csv(self):
        result = self.run_chatcost("-d", self.url, "--format", "csv", "unpriced", *NOVEMBER)
        self.assert_exit(result, 0)
        lines = result.stdout.strip().splitlines()
        self.assertTrue(lines[0].startswith("model_config_id,display_name,provider,model,messages,reason"))
        self.assertEqual(len(lines), 1 + 7)
        self.assertIn("chatcost backfill", result.stdout)

    def test_table_fits_80_columns(self):
        result = self.run_chatcost("-d", self.url, "unpriced", *NOVEMBER, env={"COLUMNS": "80"})
        self.assert_exit(result, 0)
        for line in result.stdout.splitlines():
            self.assertLessEqual(len(line), 80, line)
        self.assertIn("near_match", result.stdout)
        # The wrapped command pastes back into a shell as the JSON's command.
        text = result.stdout
        self.assertIn("chatcost prices set Acme/Widget-Pro", text)
        self.assertIn("\\", text)


if __name__ == "__main__":
    main()
