"""Pricing at created_at (issue 16): `chatcost backfill` and `--recompute` price each message at
the price in force when it was created, and record which price priced it (cost_price_ref);
`chatcost explain` shows both. Every stored cost and ref is checked against an independent SQL
oracle (PostgreSQL numeric, ceil once, the period chosen by created_at in SQL).

Model configs (ids 00000000-0000-0000-0004-0000000000NN):
  01 acme/widget-1, no price keys: the price book. Its default price starts 2025-01-01 and
     changes 2025-02-01 (the new one with a tier above 2,000 context tokens); messages from
     2024-12-20 on, so the first ones are older than the first recorded price.
  02 acme/widget-2, no price keys: a default price from 2025-01-01, a custom one from 2025-02-15.
  03 acme/widget-3, its own prices (a book row too, ignored): no history.
  04 acme/widget-4, its own prices, changed during the test: every message re-priced.
The price changes go through the trigger of migration 0012 (UPDATE ai_model_prices with
chatcost.effective_from and chatcost.price_write set for the transaction), as any writer would.
Goldens of explain, one per source: tests/golden/explain/ (CHATCOST_UPDATE_GOLDEN=1 rewrites).
"""
import os

from clitest import SOURCE_ROOT, ChatcostTestCase, main

PREFIX = "00000000-0000-0000-0004-0000000000"


def config(n):
    return f"{PREFIX}{n:02d}"


def own_prices(inp, out, read, write):
    return ('{"cost": {"input_price_per_million_tokens": "%s", "output_price_per_million_tokens": "%s", '
            '"cache_read_price_per_million_tokens": "%s", "cache_write_price_per_million_tokens": "%s"}}'
            % (inp, out, read, write))


MESSAGES = 2400  # one an hour from 2024-12-20: up to 2025-03-29

SETUP_SQL = f"""
INSERT INTO users (id, username) VALUES ('00000000-0000-0000-0000-000000000001', 'u1');
INSERT INTO chats (id, owner_id) VALUES ('00000000-0000-0000-0001-000000000001', '00000000-0000-0000-0000-000000000001');
INSERT INTO chat_model_configs (id, provider, model, options) VALUES
 ('{config(1)}', 'acme', 'widget-1', '{{}}'),
 ('{config(2)}', 'acme', 'widget-2', '{{}}'),
 ('{config(3)}', 'acme', 'widget-3', '{own_prices("1.5", "6", "0.15", "1.875")}'),
 ('{config(4)}', 'acme', 'widget-4', '{own_prices("0.5", "2", "0.05", "0.625")}');
-- updated_at is when an inserted price takes effect (the trigger's rule).
INSERT INTO ai_model_prices (provider, model, input_price, output_price, cache_read_price, cache_write_price,
                             updated_at) VALUES
 ('acme', 'widget-1', 3000000, 15000000, 300000, 3750000, '2025-01-01 00:00:00+00'),
 ('acme', 'widget-2', 1000000, 5000000, 100000, 1250000, '2025-01-01 00:00:00+00'),
 ('acme', 'widget-3', 9000000, 9000000, 9000000, 9000000, '2025-01-01 00:00:00+00');
INSERT INTO chat_messages (id, chat_id, model_config_id, created_at, role, input_tokens, output_tokens,
                           cache_read_tokens, cache_creation_tokens)
SELECT i, '00000000-0000-0000-0001-000000000001',
       ('{PREFIX}' || lpad((1 + i % 4)::text, 2, '0'))::uuid,
       timestamptz '2024-12-20 00:00:00+00' + i * interval '1 hour',
       CASE WHEN i % 10 = 0 THEN 'user' ELSE 'assistant' END,
       CASE WHEN i % 10 = 0 THEN NULL ELSE abs(hashint8(i * 5 + 1)) % 3000 END,
       CASE WHEN i % 10 = 0 THEN NULL ELSE abs(hashint8(i * 5 + 2)) % 1000 END,
       CASE WHEN i % 10 <> 0 AND i % 2 = 1 THEN abs(hashint8(i * 5 + 3)) % 1000 END,
       CASE WHEN i % 10 <> 0 AND i % 3 = 1 THEN abs(hashint8(i * 5 + 4)) % 500 END
FROM generate_series(1, {MESSAGES}) AS i;
"""

# The price changes, each in a transaction of its own, as `prices set` and `seed apply` make them.
PRICE_CHANGES_SQL = """
BEGIN;
SET LOCAL chatcost.effective_from = '2025-02-01 00:00:00+00';
UPDATE ai_model_prices SET input_price = 2000000, output_price = 10000000, cache_read_price = 200000,
       cache_write_price = 2500000, tiers = '[{"size": 2000, "input_price": 4000000, "output_price": 18000000}]'
WHERE provider = 'acme' AND model = 'widget-1';
COMMIT;
BEGIN;
SET LOCAL chatcost.price_write = 'custom';
SET LOCAL chatcost.effective_from = '2025-02-15 00:00:00+00';
UPDATE ai_model_prices SET input_price = 700000, output_price = 3500000, cache_read_price = 70000,
       cache_write_price = 875000
WHERE provider = 'acme' AND model = 'widget-2';
COMMIT;
"""

# The oracle: for each message with usage, the price in force at created_at chosen in SQL (a
# config's own prices; else the custom period containing it, else the default one, else, before
# every period, the earliest), the tier its context is above (largest size first, a price the
# tier leaves out taken from the base), and the cost in numeric, ceil once. Every price of the
# test data is known, so no category is unpriced.
ORACLE_SQL = """
CREATE VIEW pif_oracle AS
WITH msg AS (
    SELECT m.id, m.created_at, m.model_config_id, c.provider, c.model, c.options -> 'cost' AS own,
           coalesce(m.input_tokens, 0) AS i, coalesce(m.output_tokens, 0) AS o,
           coalesce(m.cache_read_tokens, 0) AS r, coalesce(m.cache_creation_tokens, 0) AS w
    FROM chat_messages AS m
    JOIN chat_model_configs AS c ON c.id = m.model_config_id
    WHERE num_nonnulls(m.input_tokens, m.output_tokens, m.cache_read_tokens, m.cache_creation_tokens) > 0
),
chosen AS (
    SELECT msg.*,
           CASE WHEN own IS NULL THEN coalesce(
               (SELECT p.id FROM chatcost_price_periods AS p
                WHERE p.provider = msg.provider AND p.model = msg.model AND p.valid_from <= msg.created_at
                  AND (p.valid_until IS NULL OR msg.created_at < p.valid_until)
                ORDER BY p.source = 'custom' DESC LIMIT 1),
               (SELECT p.id FROM chatcost_price_periods AS p
                WHERE p.provider = msg.provider AND p.model = msg.model
                  AND msg.created_at < (SELECT min(q.valid_from) FROM chatcost_price_periods AS q
                                        WHERE q.provider = msg.provider AND q.model = msg.model)
                ORDER BY p.valid_from, p.source = 'custom' DESC LIMIT 1)) END AS period_id
    FROM msg
),
priced AS (
    SELECT chosen.*, p.source, tier.size AS tier_size,
           CASE WHEN own IS NOT NULL THEN (own ->> 'input_price_per_million_tokens')::numeric
                ELSE coalesce(tier.input_price, p.input_price) / 1000000.0 END AS ip,
           CASE WHEN own IS NOT NULL THEN (own ->> 'output_price_per_million_tokens')::numeric
                ELSE coalesce(tier.output_price, p.output_price) / 1000000.0 END AS op,
           CASE WHEN own IS NOT NULL THEN (own ->> 'cache_read_price_per_million_tokens')::numeric
                ELSE coalesce(tier.cache_read_price, p.cache_read_price) / 1000000.0 END AS rp,
           CASE WHEN own IS NOT NULL THEN (own ->> 'cache_write_price_per_million_tokens')::numeric
                ELSE coalesce(tier.cache_write_price, p.cache_write_price) / 1000000.0 END AS wp
    FROM chosen
    LEFT JOIN chatcost_price_periods AS p ON p.id = chosen.period_id
    LEFT JOIN LATERAL (
        SELECT t.* FROM jsonb_to_recordset(p.tiers) AS t(size bigint, input_price bigint, output_price bigint,
                                                          cache_read_price bigint, cache_write_price bigint)
        WHERE chosen.i + chosen.r + chosen.w > t.size ORDER BY t.size DESC LIMIT 1) AS tier ON true
)
SELECT id, model_config_id,
       ceil(i * ip + o * op + r * rp + w * wp)::bigint AS expected,
       CASE WHEN own IS NOT NULL THEN 'config' ELSE source END AS ref_source,
       period_id AS ref_period,
       tier_size AS ref_tier
FROM priced;
"""

# Messages whose stored cost or ref is not the oracle's (should be none), messages without usage
# included (no cost, no ref).
MISMATCHES_SQL = """
SELECT count(*)
FROM chat_messages AS m
LEFT JOIN pif_oracle AS o USING (id)
LEFT JOIN chatcost_price_refs AS r ON r.id = m.cost_price_ref
WHERE m.total_cost_micros IS DISTINCT FROM o.expected
   OR (m.cost_price_ref IS NULL) <> (o.id IS NULL)
   OR r.source IS DISTINCT FROM o.ref_source
   OR r.period_id IS DISTINCT FROM o.ref_period
   OR r.tier_size IS DISTINCT FROM o.ref_tier
   OR (r.source = 'config' AND r.config_id IS DISTINCT FROM m.model_config_id)
"""

COSTS_SQL = """SELECT string_agg(id || ':' || coalesce(total_cost_micros::text, '-') || ':'
                                 || coalesce(cost_price_ref::text, '-'), ',' ORDER BY id)
FROM chat_messages WHERE {where}"""


class PriceInForce(ChatcostTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = "price_in_force"
        cls.url = cls.cluster.create_database(cls.db)
        case = ChatcostTestCase("run")  # only to borrow run_chatcost's clean environment
        case.scratch = cls.scratch
        result = case.run_chatcost("-q", "-d", cls.url, "migrate", "up")
        assert result.code == 0, repr(result)
        cls.cluster.psql(SETUP_SQL + ORACLE_SQL, cls.db)
        # Priced with the first prices only, then the prices change and a recompute follows.
        cls.first = case.run_chatcost("-d", cls.url, "--format", "json", "backfill")
        cls.after_first = {name: cls.cluster.psql(COSTS_SQL.format(where=where), cls.db)
                           for name, where in cls.ranges().items()}
        cls.first_mismatches = cls.cluster.psql(MISMATCHES_SQL, cls.db)
        cls.cluster.psql(PRICE_CHANGES_SQL, cls.db)
        cls.recompute = case.run_chatcost("-d", cls.url, "--format", "json", "backfill", "--recompute")

    @staticmethod
    def ranges():
        return {
            "widget-1 before the change": f"model_config_id = '{config(1)}' AND created_at < '2025-02-01+00'",
            "widget-2 before the custom price": f"model_config_id = '{config(2)}' AND created_at < '2025-02-15+00'",
            "widget-3, own prices": f"model_config_id = '{config(3)}'",
        }

    def sql(self, statement):
        return self.cluster.psql(statement, self.db)

    def count(self, where):
        return int(self.sql(f"""SELECT count(*) FROM chat_messages WHERE {where} AND num_nonnulls(input_tokens,
            output_tokens, cache_read_tokens, cache_creation_tokens) > 0"""))

    def explain(self, message_id, fmt="json"):
        result = self.run_chatcost("-d", self.url, "--format", fmt, "explain", str(message_id))
        self.assert_exit(result, 0)
        return result

    def first_id(self, where):
        return int(self.sql(f"SELECT min(id) FROM chat_messages WHERE role = 'assistant' AND {where}"))

    def assert_golden(self, name, text):
        path = os.path.join(SOURCE_ROOT, "tests", "golden", "explain", name)
        stored = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if os.environ.get("CHATCOST_UPDATE_GOLDEN") and stored != text:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as out:
                out.write(text)
            self.fail(f"wrote {path}: review it, then run again without CHATCOST_UPDATE_GOLDEN")
        self.assertIsNotNone(stored, f"{path} is missing: run with CHATCOST_UPDATE_GOLDEN=1")
        self.assertEqual(text, stored, f"differs from {path}")

    # -- backfill and recompute -------------------------------------------------------------------
    def test_first_backfill_prices_at_the_first_prices_and_records_them(self):
        self.assert_exit(self.first, 0)
        self.assertEqual(self.first_mismatches, "0", "stored cost or ref differs from the oracle")
        with_usage = self.count("true")
        self.assertEqual(self.first.json()["rows_written"], with_usage)

    def test_recompute_rewrites_only_the_messages_after_a_change(self):
        self.assert_exit(self.recompute, 0)
        self.assertEqual(self.sql(MISMATCHES_SQL), "0", "stored cost or ref differs from the oracle")
        for name, where in self.ranges().items():
            self.assertEqual(self.sql(COSTS_SQL.format(where=where)), self.after_first[name],
                             f"{name}: cost and ref kept")
        changed_1 = self.count(f"model_config_id = '{config(1)}' AND created_at >= '2025-02-01+00'")
        changed_2 = self.count(f"model_config_id = '{config(2)}' AND created_at >= '2025-02-15+00'")
        self.assertGreater(changed_1, 100)
        self.assertGreater(changed_2, 50)
        report = self.recompute.json()
        self.assertEqual(report["rows_written"], changed_1 + changed_2)
        by_model = {(m["provider"], m["model"]): m for m in report["by_model"]}
        # Old and new totals per model: the sums of the stored costs before and after.
        for n, model in ((1, "widget-1"), (2, "widget-2"), (3, "widget-3")):
            entry = by_model[("acme", model)]
            now = int(self.sql(f"SELECT sum(total_cost_micros) FROM chat_messages WHERE model_config_id = '{config(n)}'"))
            self.assertEqual(entry["new_cost_micros"], now)
        self.assertLess(by_model[("acme", "widget-2")]["new_cost_micros"],
                        by_model[("acme", "widget-2")]["old_cost_micros"])
        self.assertEqual(by_model[("acme", "widget-3")]["rows_written"], 0)
        self.assertEqual(by_model[("acme", "widget-3")]["old_cost_micros"],
                         by_model[("acme", "widget-3")]["new_cost_micros"])
        # The tier of the new price priced some messages, and the ref says so.
        self.assertGreater(int(self.sql("""SELECT count(*) FROM chat_messages AS m
            JOIN chatcost_price_refs AS r ON r.id = m.cost_price_ref WHERE r.tier_size = 2000""")), 10)

        again = self.run_chatcost("-d", self.url, "--format", "json", "backfill", "--recompute")
        self.assert_exit(again, 0)
        self.assertEqual(again.json()["rows_written"], 0, "nothing left to re-price")

    def test_a_config_price_change_reprices_every_message_of_it(self):
        self.assert_exit(self.recompute, 0)
        before = self.sql(COSTS_SQL.format(where=f"model_config_id = '{config(4)}'"))
        self.sql(f"""UPDATE chat_model_configs SET options = '{own_prices("0.25", "2", "0.05", "0.625")}'
                     WHERE id = '{config(4)}'""")
        result = self.run_chatcost("-d", self.url, "--format", "json", "backfill", "--recompute")
        self.assert_exit(result, 0)
        self.assertEqual(result.json()["rows_written"], self.count(f"model_config_id = '{config(4)}'"))
        self.assertNotEqual(self.sql(COSTS_SQL.format(where=f"model_config_id = '{config(4)}'")), before)
        self.assertEqual(self.sql(MISMATCHES_SQL), "0")
        # The old and the new prices are two refs of the config, told apart by their prices.
        self.assertEqual(self.sql(f"""SELECT string_agg(config_prices, ' | ' ORDER BY id) FROM chatcost_price_refs
                                      WHERE config_id = '{config(4)}'"""),
                         "0.5,2,0.05,0.625,- | 0.25,2,0.05,0.625,-")

    def test_a_dry_run_writes_no_ref(self):
        # A new config with prices no ref has yet, and a message of it: a dry run counts the
        # message as to be written, and creates nothing.
        refs = self.sql("SELECT count(*) FROM chatcost_price_refs")
        self.sql(f"""INSERT INTO chat_model_configs (id, provider, model, options)
                     VALUES ('{config(5)}', 'acme', 'widget-5', '{own_prices("1", "1", "1", "1")}');
                     INSERT INTO chat_messages (id, chat_id, model_config_id, role, input_tokens)
                     VALUES (900001, '00000000-0000-0000-0001-000000000001', '{config(5)}', 'assistant', 10)""")
        try:
            result = self.run_chatcost("-d", self.url, "--format", "json", "backfill", "--recompute", "--dry-run")
            self.assert_exit(result, 0)
            self.assertEqual(result.json()["rows_written"], 1)
            self.assertEqual(self.sql("SELECT count(*) FROM chatcost_price_refs"), refs)
        finally:
            self.sql(f"""DELETE FROM chat_messages WHERE id = 900001;
                         DELETE FROM chat_model_configs WHERE id = '{config(5)}'""")

    # -- explain ----------------------------------------------------------------------------------
    def check_explain(self, name, message_id):
        self.assert_exit(self.recompute, 0)
        report = self.explain(message_id).json()
        self.assert_golden(f"{name}.json", self.explain(message_id).stdout)
        self.assert_golden(f"{name}.table.txt", self.explain(message_id, "table").stdout)
        return report

    def test_explain_config_prices(self):
        report = self.check_explain("config", self.first_id(f"model_config_id = '{config(3)}'"))
        self.assertEqual(report["price_in_force_source"], "config")
        self.assertIn("model-config prices have no history", report["price_in_force_description"])
        self.assertEqual(report["stored_price_source"], "config")
        self.assertTrue(report["matches_price_in_force"])
        self.assertTrue(report["price_ref_matches"])

    def test_explain_book_default(self):
        report = self.check_explain("book_default", self.first_id(
            f"model_config_id = '{config(1)}' AND created_at >= '2025-02-01+00' AND input_tokens > 2100"))
        self.assertEqual(report["price_in_force_source"], "default")
        self.assertEqual(report["price_in_force_valid_from"], "2025-02-01T00:00:00Z")
        self.assertIsNone(report["price_in_force_valid_until"])
        self.assertEqual(report["stored_price_tier_size"], 2000)
        self.assertEqual(report["tier_size"], 2000)
        self.assertFalse(report["before_first_price"])
        self.assertTrue(report["matches_price_in_force"])

    def test_explain_book_custom(self):
        report = self.check_explain("book_custom", self.first_id(
            f"model_config_id = '{config(2)}' AND created_at >= '2025-02-15+00'"))
        self.assertEqual(report["price_in_force_source"], "custom")
        self.assertEqual(report["stored_price_source"], "custom")
        self.assertEqual(report["stored_price_period_id"], report["price_in_force_period_id"])
        self.assertTrue(report["price_ref_matches"])

    def test_explain_before_the_first_price(self):
        report = self.check_explain("before_first", self.first_id(
            f"model_config_id = '{config(1)}' AND created_at < '2025-01-01+00'"))
        self.assertTrue(report["before_first_price"])
        self.assertIn("before the first recorded price: the earliest known price is used",
                      report["price_in_force_description"])
        self.assertEqual(report["price_in_force_valid_from"], "2025-01-01T00:00:00Z")
        self.assertEqual(report["price_in_force_valid_until"], "2025-02-01T00:00:00Z")
        self.assertTrue(report["matches_price_in_force"])

    def test_explain_a_stale_cost_and_an_unpriced_message(self):
        self.assert_exit(self.recompute, 0)
        message = self.first_id(f"model_config_id = '{config(1)}' AND created_at >= '2025-03-01+00'")
        self.sql(f"UPDATE chat_messages SET total_cost_micros = 1, cost_price_ref = NULL WHERE id = {message}")
        report = self.explain(message).json()
        self.assertFalse(report["matches_price_in_force"])
        self.assertIn("no: the price in force gives", report["price_check"])
        self.assertIsNone(report["stored_price_ref"])
        # A user message: nothing priced it and nothing in force prices it, which matches.
        user = int(self.sql(f"SELECT min(id) FROM chat_messages WHERE role = 'user' AND model_config_id = '{config(1)}'"))
        report = self.explain(user).json()
        self.assertTrue(report["matches_price_in_force"])
        self.assertTrue(report["price_ref_matches"])
        self.assertTrue(report["price_check"].startswith("yes: unpriced"))
        # Put back as the oracle has it, for the other tests.
        self.assert_exit(self.run_chatcost("-q", "-d", self.url, "backfill", "--recompute"), 0)
        self.assertEqual(self.sql(MISMATCHES_SQL), "0")


if __name__ == "__main__":
    main()
