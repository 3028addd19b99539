"""`chatcost backfill` over long-context tiers and reasoning prices (DESIGN.md section 2 rules 8
and 9): every stored cost equals an independent SQL oracle (PostgreSQL numeric: the context, the
tier it chooses, inheritance from the base, the split of output at a reasoning price, ceil once),
on a first run and after price changes with --recompute.

Model configs (fixed ids 00000000-0000-0000-0003-0000000000NN):
  01 openai/gpt-5.4 shape: nested strings, one tier above 272,000 (cache write unknown at both)
  02 nested numbers, a reasoning price, two tiers given out of order, one with its own reasoning
     price and a JSON null (inherited)
  03 only tiers: used whole, its price book row ignored
  04 only a reasoning price, legacy key: used whole, its price book row ignored
  05 legacy keys with a legacy reasoning price in exponent form, and nested tiers (one with a key
     chatcost ignores, input_audio): mixed
  06 no price keys: the price book row, with a reasoning price and one tier
  07 "tiers": [] sets no price: the price book row, two tiers (one with a reasoning price)
  08 "tiers": null: the price book row, whose only prices are in a tier
  09 flat prices, for comparison
Messages have contexts (input + cache read + cache creation) mostly exactly on, one below or one
above a tier size, spread over the three columns; a few have reasoning above output (invalid).
"""
import json

from clitest import ChatcostTestCase, main

CONFIG_PREFIX = "00000000-0000-0000-0003-0000000000"
SIZES = [32000, 128000, 200000, 256000, 272000, 512000]
# The book's prices take effect on 2026-01-01; the recompute test changes them as of 2026-06-30,
# before the first message (2026-07-01), so that the new prices are the ones in force for every
# message whether or not the database keeps a price history.
BOOK_CHANGED_AT = "2026-06-30T00:00:00Z"


def config_id(n):
    return f"{CONFIG_PREFIX}{n:02d}"


def tier(size, **prices):
    """A config tier in models.dev's shape: prices under models.dev's names, as given (text or number)."""
    body = {"tier": {"type": "context", "size": size}}
    body.update(prices)
    return json.dumps(body)


CONFIGS = [
    (1, "openai", "gpt-5.4",
     '{"cost": {"input_price_per_million_tokens": "2.50", "output_price_per_million_tokens": "15.00", '
     '"cache_read_price_per_million_tokens": "0.25", "tiers": ['
     + tier(272000, input="5.00", output="22.50", cache_read="0.50") + "]}}"),
    (2, "google", "gemini-2.5-pro",
     '{"cost": {"input_price_per_million_tokens": 1.25, "output_price_per_million_tokens": 10, '
     '"cache_read_price_per_million_tokens": 0.125, "cache_write_price_per_million_tokens": 1.625, '
     '"reasoning_price_per_million_tokens": "12.5", "tiers": ['
     + tier(200000, input=2.5, output=15, cache_read="0.25", reasoning="13.75") + ", "
     + tier(128000, input="1.875", cache_write=None) + "]}}"),
    (3, "acme", "tiers-only",
     '{"cost": {"tiers": [' + tier(32000, input="1", output="2", cache_read="0.1") + "]}}"),
    (4, "alibaba", "qwen-plus", '{"reasoning_price_per_million_tokens": "4", "temperature": 0.2}'),
    (5, "alibaba", "qwen-max",
     '{"input_price_per_million_tokens": 1.6, "output_price_per_million_tokens": "6.4", '
     '"reasoning_price_per_million_tokens": 4.8e0, "cost": {"tiers": ['
     + tier(256000, output=1.2e1, reasoning="0.000001") + ", "
     + tier(32000, input="2.4", input_audio=9) + "]}}"),
    (6, "openai", "gpt-5.4-book", '{"cost": {}}'),
    (7, "google", "gemini-book", '{"cost": {"tiers": []}}'),
    (8, "acme", "book-tiers-only", '{"cost": {"tiers": null}}'),
    (9, "anthropic", "claude-sonnet-4",
     '{"cost": {"input_price_per_million_tokens": "3", "output_price_per_million_tokens": "15", '
     '"cache_read_price_per_million_tokens": "0.3", "cache_write_price_per_million_tokens": "3.75"}}'),
]

# The price book: (provider, model, input, output, cache read, cache write, reasoning, tiers jsonb),
# micro-dollars per 1M tokens, tiers in the file's shape by increasing size.
PRICE_BOOK = [
    ("openai", "gpt-5.4-book", 2500000, 15000000, 250000, None, 20000000,
     '[{"size": 272000, "input_price": 5000000, "output_price": 22500000, "cache_read_price": 500000}]'),
    ("google", "gemini-book", 1250000, 10000000, None, None, None,
     '[{"size": 128000, "input_price": 2500000}, '
     '{"size": 512000, "output_price": 30000000, "cache_read_price": 0, "reasoning_price": 40000000}]'),
    ("acme", "book-tiers-only", None, None, None, None, None,
     '[{"size": 200000, "input_price": 1000000, "output_price": 4000000}]'),
    # Ignored: configs 03 and 04 set prices of their own.
    ("acme", "tiers-only", 7000000, 7000000, 7000000, 7000000, 7000000, None),
    ("alibaba", "qwen-plus", 400000, 1200000, None, None, None,
     '[{"size": 1, "input_price": 9000000}]'),
]


def _text(value):
    return "'" + value.replace("'", "''") + "'"


def _value(value):
    if value is None:
        return "NULL"
    return _text(value) + "::jsonb" if isinstance(value, str) else str(value)


def setup_sql(messages):
    configs = ",\n".join(f"  ('{config_id(n)}', {_text(p)}, {_text(m)}, {_text(o)}::jsonb)"
                         for n, p, m, o in CONFIGS)
    since = "'2026-01-01T00:00:00Z'"
    book = ",\n".join("  (" + ", ".join([_text(p), _text(m)] + [_value(v) for v in values] + [since, since]) + ")"
                      for p, m, *values in PRICE_BOOK)
    sizes = ",".join(str(s) for s in SIZES)
    # h(k) is a fixed pseudo-random number per message, so that every run has the same rows.
    return f"""
INSERT INTO users (id, username) VALUES ('00000000-0000-0000-0000-000000000001', 'tiers');
INSERT INTO chats (id, owner_id) VALUES ('00000000-0000-0000-0001-000000000001',
                                         '00000000-0000-0000-0000-000000000001');
INSERT INTO chat_model_configs (id, provider, model, options) VALUES
{configs};
INSERT INTO ai_model_prices (provider, model, input_price, output_price, cache_read_price, cache_write_price,
                             reasoning_price, tiers, created_at, updated_at) VALUES
{book};
CREATE FUNCTION pg_temp.h(i bigint, k int) RETURNS bigint LANGUAGE sql IMMUTABLE
AS 'SELECT abs(hashint8(i * 17 + k))';
INSERT INTO chat_messages (id, chat_id, model_config_id, created_at, role, input_tokens, output_tokens,
                           total_tokens, reasoning_tokens, cache_creation_tokens, cache_read_tokens, context_limit)
SELECT i, '00000000-0000-0000-0001-000000000001',
       CASE WHEN i % 41 = 0 THEN NULL
            ELSE ('{CONFIG_PREFIX}' || lpad((1 + pg_temp.h(i, 0) % {len(CONFIGS)})::text, 2, '0'))::uuid END,
       timestamptz '2026-07-01 00:00:00+00' + i * interval '5 seconds', 'assistant',
       CASE WHEN shape = 3 THEN NULL ELSE target - coalesce(cache_read, 0) - coalesce(cache_creation, 0) END,
       output, NULL, reasoning, cache_creation, cache_read, 1000000
FROM generate_series(1, {messages}) AS i,
     -- the context: on, one below or one above a tier size (7 in 10), else anywhere up to 600,000
     LATERAL (SELECT CASE WHEN pg_temp.h(i, 1) % 10 < 7
                          THEN (ARRAY[{sizes}])[(1 + pg_temp.h(i, 2) % {len(SIZES)})::int] + pg_temp.h(i, 3) % 3 - 1
                          ELSE pg_temp.h(i, 2) % 600000 END AS target,
                     pg_temp.h(i, 4) % 4 AS shape) AS t,
     -- 0: all input; 1: input and cache read; 2: all three; 3: only the two cache columns
     LATERAL (SELECT CASE WHEN shape = 0 THEN NULL ELSE pg_temp.h(i, 5) % (target + 1) END AS cache_read) AS r,
     LATERAL (SELECT CASE WHEN shape = 2 THEN pg_temp.h(i, 6) % (target - cache_read + 1)
                          WHEN shape = 3 THEN target - cache_read END AS cache_creation) AS w,
     LATERAL (SELECT CASE pg_temp.h(i, 7) % 10 WHEN 0 THEN NULL WHEN 1 THEN 0
                          ELSE pg_temp.h(i, 8) % 40000 END AS output) AS o,
     -- reasoning: NULL, 0, all of output, part of it; without output, sometimes alone; now and
     -- then one more than output (invalid)
     LATERAL (SELECT CASE WHEN output IS NULL THEN CASE WHEN pg_temp.h(i, 9) % 4 = 0 THEN pg_temp.h(i, 10) % 5000 END
                          WHEN pg_temp.h(i, 9) % 300 = 7 THEN output + 1
                          WHEN pg_temp.h(i, 9) % 8 = 0 THEN NULL
                          WHEN pg_temp.h(i, 9) % 8 = 1 THEN 0
                          WHEN pg_temp.h(i, 9) % 8 = 2 THEN output
                          ELSE pg_temp.h(i, 10) % (output + 1) END AS reasoning) AS q;
"""


# The cost each message should have, written from the rules, not from chatcost's engine.
# verdict: the micro-dollars, 'invalid', or the unpriced reason; expected: the micro-dollars or
# NULL; tier_size: the tier that priced it (NULL: the base).
ORACLE_SQL = r"""
CREATE VIEW tiers_oracle AS
WITH cfg AS (
    SELECT c.id,
           coalesce(c.options -> 'cost' ->> 'input_price_per_million_tokens', c.options ->> 'input_price_per_million_tokens') AS ip,
           coalesce(c.options -> 'cost' ->> 'output_price_per_million_tokens', c.options ->> 'output_price_per_million_tokens') AS op,
           coalesce(c.options -> 'cost' ->> 'cache_read_price_per_million_tokens', c.options ->> 'cache_read_price_per_million_tokens') AS crp,
           coalesce(c.options -> 'cost' ->> 'cache_write_price_per_million_tokens', c.options ->> 'cache_write_price_per_million_tokens') AS cwp,
           coalesce(c.options -> 'cost' ->> 'reasoning_price_per_million_tokens', c.options ->> 'reasoning_price_per_million_tokens') AS rp,
           CASE WHEN jsonb_typeof(c.options -> 'cost' -> 'tiers') = 'array' THEN c.options -> 'cost' -> 'tiers'
                ELSE '[]' END AS tiers,
           p.input_price, p.output_price, p.cache_read_price, p.cache_write_price, p.reasoning_price,
           coalesce(p.tiers, '[]') AS book_tiers
    FROM chat_model_configs AS c
    LEFT JOIN ai_model_prices AS p ON p.provider = c.provider AND p.model = c.model
),
base AS (
    -- A config that sets any price, a tier included, is used whole; else the price book.
    SELECT id, from_config,
           CASE WHEN from_config THEN ip::numeric ELSE input_price / 1000000.0 END AS ip,
           CASE WHEN from_config THEN op::numeric ELSE output_price / 1000000.0 END AS op,
           CASE WHEN from_config THEN crp::numeric ELSE cache_read_price / 1000000.0 END AS crp,
           CASE WHEN from_config THEN cwp::numeric ELSE cache_write_price / 1000000.0 END AS cwp,
           CASE WHEN from_config THEN rp::numeric ELSE reasoning_price / 1000000.0 END AS rp
    FROM (SELECT *, num_nonnulls(ip, op, crp, cwp, rp) > 0 OR jsonb_array_length(tiers) > 0 AS from_config
          FROM cfg) AS x
),
tier AS (
    SELECT c.id, (e -> 'tier' ->> 'size')::numeric AS size, (e ->> 'input')::numeric AS ip,
           (e ->> 'output')::numeric AS op, (e ->> 'cache_read')::numeric AS crp,
           (e ->> 'cache_write')::numeric AS cwp, (e ->> 'reasoning')::numeric AS rp
    FROM cfg AS c JOIN base AS b USING (id), jsonb_array_elements(c.tiers) AS e
    WHERE b.from_config
    UNION ALL
    SELECT c.id, (e ->> 'size')::numeric, (e ->> 'input_price')::numeric / 1000000.0,
           (e ->> 'output_price')::numeric / 1000000.0, (e ->> 'cache_read_price')::numeric / 1000000.0,
           (e ->> 'cache_write_price')::numeric / 1000000.0, (e ->> 'reasoning_price')::numeric / 1000000.0
    FROM cfg AS c JOIN base AS b USING (id), jsonb_array_elements(c.book_tiers) AS e
    WHERE NOT b.from_config
),
priced_anywhere AS (
    SELECT id FROM base WHERE num_nonnulls(ip, op, crp, cwp, rp) > 0
    UNION
    SELECT id FROM tier WHERE num_nonnulls(ip, op, crp, cwp, rp) > 0
),
chosen AS (
    -- The tier with the largest size the context is strictly above, else the base; a price the
    -- tier leaves out is the base's.
    SELECT DISTINCT ON (m.id) m.id, m.model_config_id,
           m.input_tokens AS it, m.output_tokens AS ot, m.reasoning_tokens AS rt,
           m.cache_read_tokens AS crt, m.cache_creation_tokens AS cct, t.size AS tier_size,
           coalesce(t.ip, b.ip) AS ip, coalesce(t.op, b.op) AS op, coalesce(t.crp, b.crp) AS crp,
           coalesce(t.cwp, b.cwp) AS cwp, coalesce(t.rp, b.rp) AS rp
    FROM chat_messages AS m
    LEFT JOIN base AS b ON b.id = m.model_config_id
    LEFT JOIN tier AS t ON t.id = m.model_config_id
         AND coalesce(m.input_tokens, 0) + coalesce(m.cache_read_tokens, 0) + coalesce(m.cache_creation_tokens, 0) > t.size
    ORDER BY m.id, t.size DESC NULLS LAST
),
verdicts AS (
    SELECT id, tier_size,
           CASE WHEN least(it, ot, rt, crt, cct) < 0 OR greatest(it, ot, rt, crt, cct) > 1000000000000
                     OR rt > ot THEN 'invalid'
                WHEN num_nonnulls(it, ot, rt, crt, cct) = 0 THEN 'no_tokens'
                WHEN model_config_id IS NULL THEN 'no_model_config'
                WHEN model_config_id NOT IN (SELECT id FROM priced_anywhere) THEN 'no_prices'
                WHEN NOT ((it IS NOT NULL AND ip IS NOT NULL) OR (ot IS NOT NULL AND op IS NOT NULL)
                       OR (crt IS NOT NULL AND crp IS NOT NULL) OR (cct IS NOT NULL AND cwp IS NOT NULL)
                       OR (rt IS NOT NULL AND rp IS NOT NULL)) THEN 'no_matching_category'
                -- With a reasoning price, output's own price is for output - reasoning.
                ELSE ceil(coalesce(it * ip, 0)
                          + coalesce((ot - CASE WHEN rp IS NOT NULL THEN coalesce(rt, 0) ELSE 0 END) * op, 0)
                          + coalesce(crt * crp, 0) + coalesce(cct * cwp, 0) + coalesce(rt * rp, 0))::text
           END AS verdict
    FROM chosen
)
SELECT id, verdict, tier_size,
       CASE WHEN verdict ~ '^[0-9]+$' THEN verdict::bigint END AS expected
FROM verdicts;
"""

MISMATCH_SQL = """SELECT count(*) FROM chat_messages AS m JOIN tiers_oracle AS o USING (id)
WHERE m.total_cost_micros IS DISTINCT FROM o.expected"""


class TiersBackfill(ChatcostTestCase):
    def migrated(self, messages):
        url = self.fresh_database()
        self.assert_exit(self.run_chatcost("-q", "-d", url, "migrate", "up"), 0)
        self.sql(url, setup_sql(messages) + ORACLE_SQL)
        return url

    def sql(self, url, statement):
        return self.cluster.psql(statement, url.rsplit("/", 1)[1])

    def value(self, url, statement):
        return self.sql(url, statement).strip()

    def count(self, url, where):
        return int(self.value(url, f"SELECT count(*) FROM tiers_oracle AS o JOIN chat_messages AS m USING (id) "
                                   f"WHERE {where}"))

    def backfill(self, url, *args):
        return self.run_chatcost("-d", url, "backfill", "--format", "json", *args, timeout=300)

    def assert_matches_oracle(self, url):
        mismatches = self.value(url, MISMATCH_SQL)
        if mismatches != "0":
            sample = self.sql(url, MISMATCH_SQL.replace("count(*)", "m.id, m.model_config_id, m.input_tokens, "
                              "m.output_tokens, m.reasoning_tokens, m.cache_read_tokens, m.cache_creation_tokens, "
                              "m.total_cost_micros, o.verdict, o.tier_size") + " ORDER BY m.id LIMIT 5")
            self.fail(f"{mismatches} messages differ from the oracle, e.g.\n{sample}")

    def assert_run(self, result, url, first=False):
        """A completed run that left the invalid messages (reasoning above output) unpriced: exit 6
        when they are news (the first run), 0 when an earlier run reported them already."""
        self.assert_exit(result, 6 if first else 0)
        summary = result.json()
        self.assertEqual(summary["state"], "completed")
        self.assertEqual(summary["rows_invalid"], self.count(url, "o.verdict = 'invalid'"))
        return summary

    def test_every_message_equals_the_oracle(self):
        url = self.migrated(40_000)
        summary = self.assert_run(self.backfill(url), url, first=True)
        self.assert_matches_oracle(url)
        priced = self.count(url, "o.expected IS NOT NULL")
        self.assertEqual(summary["rows_priced"], priced)
        self.assertEqual(summary["rows_written"], priced)

        # The data reaches every rule, or the comparison proves little.
        context = "coalesce(m.input_tokens, 0) + coalesce(m.cache_read_tokens, 0) + coalesce(m.cache_creation_tokens, 0)"
        sizes = "ARRAY[" + ",".join(str(s) for s in SIZES) + "]"
        self.assertGreater(priced, 30_000)
        self.assertGreater(self.count(url, "o.tier_size IS NOT NULL AND o.expected IS NOT NULL"), 10_000)
        self.assertGreater(self.count(url, f"o.expected IS NOT NULL AND {context} = ANY({sizes})"), 5_000)
        self.assertGreater(self.count(url, f"o.expected IS NOT NULL AND {context} - 1 = ANY({sizes})"), 5_000)
        for n in range(1, len(CONFIGS) + 1):
            tiered = self.count(url, f"o.tier_size IS NOT NULL AND o.expected IS NOT NULL "
                                     f"AND m.model_config_id = '{config_id(n)}'")
            with self.subTest(config=n):
                if n in (4, 9):  # no tiers (config 04's book row has one, not used)
                    self.assertEqual(tiered, 0)
                else:
                    self.assertGreater(tiered, 200)
        split = "m.reasoning_tokens > 0 AND m.output_tokens > m.reasoning_tokens AND o.expected IS NOT NULL"
        self.assertGreater(self.count(url, f"{split} AND m.model_config_id = '{config_id(2)}'"), 1_000)
        self.assertGreater(self.count(url, "o.verdict = 'invalid'"), 50)
        self.assertGreater(self.count(url, "o.verdict = 'no_matching_category'"), 100)  # config 03 below 32k
        # Configs 03 and 04 are used whole: their price book rows price nothing they leave out.
        for n, unpriced in ((3, f"{context} <= 32000"), (4, "reasoning_tokens IS NULL")):
            where = f"model_config_id = '{config_id(n)}' AND {unpriced}"
            with self.subTest(config=n):
                self.assertGreater(int(self.value(url, f"SELECT count(*) FROM chat_messages AS m WHERE {where}")), 100)
                self.assertEqual(self.value(url, f"""SELECT count(*) FROM chat_messages AS m WHERE {where}
                                                     AND total_cost_micros IS NOT NULL"""), "0")

        # Nothing left: a second run writes nothing.
        again = self.assert_run(self.backfill(url), url)
        self.assertEqual(again["rows_written"], 0)

    def test_recompute_after_tier_and_reasoning_price_changes(self):
        url = self.migrated(20_000)
        self.assert_run(self.backfill(url), url, first=True)
        self.assert_matches_oracle(url)
        # Config 01's tier moves down to 200,000 and gets dearer; the book's gpt-5.4 gets a second
        # tier and a new reasoning price; config 04's reasoning price changes; gemini-book loses its tiers.
        self.sql(url, f"""
UPDATE chat_model_configs SET options = jsonb_set(options, '{{cost,tiers}}',
    '[{tier(200000, input="5.00", output="30", cache_read="0.50")}]') WHERE id = '{config_id(1)}';
UPDATE chat_model_configs SET options = '{{"reasoning_price_per_million_tokens": 4.2}}' WHERE id = '{config_id(4)}';
UPDATE ai_model_prices SET reasoning_price = 25000000,
    tiers = '[{{"size": 128000, "input_price": 3000000}}, {{"size": 272000, "input_price": 5000000,
              "output_price": 22500000, "cache_read_price": 500000}}]', updated_at = '{BOOK_CHANGED_AT}'
WHERE model = 'gpt-5.4-book';
UPDATE ai_model_prices SET tiers = NULL, updated_at = '{BOOK_CHANGED_AT}' WHERE model = 'gemini-book';
""")
        changed = int(self.value(url, MISMATCH_SQL))
        self.assertGreater(changed, 2_000)
        for n in (1, 4, 6, 7):
            with self.subTest(config=n):
                self.assertGreater(self.count(url, f"m.total_cost_micros IS DISTINCT FROM o.expected "
                                                   f"AND m.model_config_id = '{config_id(n)}'"), 100)

        plain = self.assert_run(self.backfill(url), url)  # without --recompute, priced rows stay
        self.assertEqual(plain["rows_written"], 0)
        self.assertEqual(int(self.value(url, MISMATCH_SQL)), changed)

        self.sql(url, "CREATE TABLE costs_before AS SELECT id, total_cost_micros FROM chat_messages")
        # The first recompute: known problems are those of an earlier run of the same mode.
        summary = self.assert_run(self.backfill(url, "--recompute"), url, first=True)
        self.assert_matches_oracle(url)
        # Exactly the stale costs changed. A run may write more rows than that when it also
        # records which price priced a message; it writes every changed cost at least.
        self.assertEqual(self.value(url, """SELECT count(*) FROM chat_messages AS m JOIN costs_before AS b USING (id)
            WHERE m.total_cost_micros IS DISTINCT FROM b.total_cost_micros"""), str(changed))
        self.assertGreaterEqual(summary["rows_written"], changed)
        unchanged = [m for m in summary["by_model"] if m["model"] in ("claude-sonnet-4", "gemini-2.5-pro")]
        self.assertEqual(len(unchanged), 2)
        self.assertTrue(all(m["rows_written"] == 0 for m in unchanged), unchanged)


if __name__ == "__main__":
    main()
