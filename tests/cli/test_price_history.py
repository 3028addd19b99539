"""Price history and custom prices (issue 16): `prices set|unset|history`, `prices list --at`,
and `seed apply` against the history (a custom price survives it)."""
import json
import os
import subprocess
import tempfile

from clitest import CHATCOST, ChatcostTestCase, main

MODEL = ("acme", "widget-1")
OTHER = ("acme", "gadget-2")


def entry(model, input_price, output_price, **extra):
    return {"provider": model[0], "model": model[1], "input_price": input_price, "output_price": output_price,
            "cache_read_price": None, "cache_write_price": None, **extra}


class PriceHistory(ChatcostTestCase):
    def setUp(self):
        self.name = "price_history_" + self._testMethodName[5:][:40]
        self.url = self.cluster.create_database(self.name)
        self.assert_exit(self.run_chatcost("-d", self.url, "migrate", "up"), 0)
        self.books = tempfile.mkdtemp()

    def sql(self, statement):
        return self.cluster.psql(statement, self.name)

    def book(self, *entries):
        path = os.path.join(self.books, f"book{len(os.listdir(self.books))}.json")
        with open(path, "w") as f:
            json.dump(list(entries), f)
        return path

    def chatcost(self, *args, code=0):
        result = self.run_chatcost("-d", self.url, *args)
        self.assert_exit(result, code)
        return result

    def apply(self, path, *args):
        return self.chatcost("seed", "apply", "--file", path, "--format", "json", *args).json()

    def shown(self, model=MODEL, *args):
        prices = self.chatcost("prices", "list", "--provider", model[0], "--model", model[1], "--format", "json",
                               *args).json()["prices"]
        return [(p["source"], p["input_price"], p["output_price"]) for p in prices]

    def periods(self, model=MODEL):
        return self.chatcost("prices", "history", "/".join(model), "--format", "json").json()["periods"]

    def history_snapshot(self):
        return self.sql("SELECT string_agg(concat_ws(' ', id, provider, model, source, input_price, output_price, "
                        "valid_from, valid_until, note), ';' ORDER BY id) FROM chatcost_price_periods")

    def test_custom_price_survives_seed_apply_and_unset_falls_back_to_the_default(self):
        counts = self.apply(self.book(entry(MODEL, 3000000, 15000000)), "--effective-from", "2025-01-01")
        self.assertEqual((counts["inserted"], counts["updated"]), (1, 0))
        self.assertEqual(counts["effective_from"], "2025-01-01T00:00:00Z")
        set_report = self.chatcost("prices", "set", "acme/widget-1", "--input-price", "2", "--output-price", "10",
                                   "--effective-from", "2025-06-01", "--note", "contract", "--format", "json").json()
        self.assertEqual(set_report["changed"], True)
        self.assertEqual(self.shown(), [("custom", 2000000, 10000000)])

        # A new default whose input price happens to equal the custom one: recorded whole.
        new_book = self.book(entry(MODEL, 2000000, 20000000))
        dry = self.chatcost("seed", "apply", "--file", new_book, "--dry-run", "--format", "json").json()
        self.assertEqual(dry["updated"], 1)
        self.assertEqual([(r["price"], r["old"], r["new"]) for r in dry["changes"]],
                         [("input_price", 3000000, 2000000), ("output_price", 15000000, 20000000)])
        self.assertEqual(dry["shadowed_by_custom"], [{"provider": "acme", "model": "widget-1",
                                                      "custom_from": "2025-06-01T00:00:00Z", "note": "contract"}])
        dry_table = self.chatcost("seed", "apply", "--file", new_book, "--dry-run").stdout
        self.assertIn("Shadowed by a custom price", dry_table)
        counts = self.apply(new_book, "--effective-from", "2025-09-01")
        self.assertEqual((counts["inserted"], counts["updated"], counts["unchanged"]), (0, 1, 0))
        self.assertEqual(self.shown(), [("custom", 2000000, 10000000)])  # the custom price stays in force
        before = self.history_snapshot()
        self.assertEqual(self.apply(new_book)["unchanged"], 1)  # unchanged: nothing recorded
        self.assertEqual(self.history_snapshot(), before)

        unset = self.chatcost("prices", "unset", "acme/widget-1", "--effective-from", "2025-10-01",
                              "--format", "json").json()
        self.assertEqual(unset["in_force"], "default")
        self.assertEqual(self.shown(), [("default", 2000000, 20000000)])
        self.assertEqual([(p["source"], p["input_price"], p["output_price"], p["valid_from"], p["valid_until"],
                           p["note"]) for p in self.periods()],
                         [("default", 3000000, 15000000, "2025-01-01T00:00:00Z", "2025-09-01T00:00:00Z", None),
                          ("custom", 2000000, 10000000, "2025-06-01T00:00:00Z", "2025-10-01T00:00:00Z", "contract"),
                          ("default", 2000000, 20000000, "2025-09-01T00:00:00Z", None, None)])

        # The book as it was: custom beats default while both are in force.
        self.assertEqual(self.shown(MODEL, "--at", "2025-03-01"), [("default", 3000000, 15000000)])
        self.assertEqual(self.shown(MODEL, "--at", "2025-09-15T12:00:00+02:00"), [("custom", 2000000, 10000000)])
        self.assertEqual(self.shown(MODEL, "--at", "2025-10-01"), [("default", 2000000, 20000000)])
        self.assertEqual(self.shown(MODEL, "--at", "2024-12-31"), [])
        at_report = self.chatcost("prices", "list", "--at", "2025-07-01", "--format", "json").json()
        self.assertEqual(at_report["at"], "2025-07-01T00:00:00Z")
        self.assertIn("As at", self.chatcost("prices", "list", "--at", "2025-07-01").stdout)

    def test_unset_without_a_default_removes_the_row(self):
        self.chatcost("prices", "set", "acme/gadget-2", "--input-price", "1", "--output-price", "2",
                      "--effective-from", "2025-01-01")
        self.assertEqual(self.shown(OTHER), [("custom", 1000000, 2000000)])
        report = self.chatcost("prices", "unset", "acme/gadget-2", "--format", "json").json()
        self.assertEqual(report["in_force"], "none")
        self.assertEqual(self.shown(OTHER), [])
        self.assertEqual(self.shown(OTHER, "--at", "2025-02-01"), [("custom", 1000000, 2000000)])
        self.assertIsNotNone(self.periods(OTHER)[0]["valid_until"])

    def test_set_with_tiers_and_reasoning_is_stored_like_a_seed_entry(self):
        self.chatcost("prices", "set", "acme/widget-1", "--input-price", "2.5", "--output-price", "10",
                      "--cache-read-price", "0.25", "--reasoning-price", "12", "--tier", "200000:5,15",
                      "--tier", "1000000:input=6")
        stored = self.chatcost("prices", "list", "--format", "json").json()["prices"][0]
        self.assertEqual((stored["source"], stored["cache_read_price"], stored["cache_write_price"],
                          stored["reasoning_price"]), ("custom", 250000, None, 12000000))
        self.assertEqual([(t["size"], t["input_price"], t["output_price"]) for t in stored["tiers"]],
                         [(200000, 5000000, 15000000), (1000000, 6000000, None)])
        again = self.chatcost("prices", "set", "acme/widget-1", "--input-price", "2.5", "--output-price", "10",
                              "--cache-read-price", "0.25", "--reasoning-price", "12", "--tier",
                              "1000000:input=6;200000:5,15", "--format", "json").json()
        self.assertFalse(again["changed"])
        self.assertEqual(len(self.periods()), 1)
        self.assertIn(">200k: $5.00/$15.00", self.chatcost("prices", "history", "acme/widget-1").stdout)

    def test_every_invalid_input_is_refused_and_nothing_is_written(self):
        self.apply(self.book(entry(MODEL, 3000000, 15000000)), "--effective-from", "2025-01-01")
        self.chatcost("prices", "set", "acme/widget-1", "--input-price", "2", "--output-price", "10",
                      "--effective-from", "2025-06-01")
        before = (self.history_snapshot(), self.sql("SELECT string_agg(ai_model_prices::text, ';') "
                                                    "FROM ai_model_prices"))
        base = ["prices", "set", "acme/widget-1"]
        cases = [
            (base + ["--input-price", "abc", "--output-price", "1"], 2, "--input-price"),
            (base + ["--input-price", "-1", "--output-price", "1"], 2, "--input-price"),
            (base + ["--input-price", "1", "--output-price", "99999999"], 2, "--output-price"),
            (base + ["--input-price", "1"], 2, "--output-price"),
            (base + ["--input-price", "1", "--output-price", "1", "--cache-write-price", "x"], 2,
             "--cache-write-price"),
            (base + ["--input-price", "1", "--output-price", "1", "--reasoning-price", "1.5.2"], 2,
             "--reasoning-price"),
            (base + ["--input-price", "1", "--output-price", "1", "--tier", "abc"], 2, "--tier"),
            (base + ["--input-price", "1", "--output-price", "1", "--tier", "0:1,2"], 2, "--tier"),
            (base + ["--input-price", "1", "--output-price", "1", "--tier", "100:1", "--tier", "100:2"], 2,
             "two tiers have the size 100"),
            (base + ["--input-price", "1", "--output-price", "1", "--tier", "100:bogus=1"], 2, "--tier"),
            (base + ["--input-price", "0.0000001", "--output-price", "1"], 6, "finer than the book holds"),
            (base + ["--input-price", "1", "--output-price", "1", "--tier", "100:0.00000001"], 6,
             "finer than the book holds"),
            (base + ["--input-price", "1", "--output-price", "1", "--effective-from", "2025-02-30"], 2,
             "--effective-from"),
            (base + ["--input-price", "1", "--output-price", "1", "--effective-from", "yesterday"], 2,
             "--effective-from"),
            (base + ["--input-price", "1", "--output-price", "1", "--note", ""], 2, "--note"),
            (["prices", "set", "widget-1", "--input-price", "1", "--output-price", "1"], 2, "PROVIDER/MODEL"),
            (["prices", "set", "acme/", "--input-price", "1", "--output-price", "1"], 2, "PROVIDER/MODEL"),
            # at or before the start of the custom period in force: the trigger refuses, with the hint
            (base + ["--input-price", "1", "--output-price", "1", "--effective-from", "2025-06-01"], 6,
             "give an effective time after the start of the current period"),
            (base + ["--input-price", "1", "--output-price", "1", "--effective-from", "2025-03-01"], 6,
             "has been in force since"),
            (["prices", "unset", "acme/widget-1", "--effective-from", "2025-05-01"], 6, "has been in force since"),
            (["prices", "unset", "acme/gadget-2"], 6, "has no custom price to unset"),
            (["prices", "unset", "acme/widget-1", "--effective-from", "not-a-time"], 2, "--effective-from"),
            (["seed", "apply", "--file", self.book(entry(MODEL, 1, 1)), "--effective-from", "2025-01-01"], 6,
             "give an effective time after the start of the current period"),
            (["seed", "apply", "--file", self.book(entry(MODEL, 1, 1)), "--effective-from", "2025-13-01"], 2,
             "--effective-from"),
            (["prices", "history", "widget"], 2, "PROVIDER/MODEL"),
            (["prices", "list", "--at", "2025-01-01T10:00:00"], 2, "--at"),
        ]
        for args, code, said in cases:
            with self.subTest(args=args):
                result = self.chatcost(*args, code=code)
                self.assertIn(said, result.stderr)
        self.assertEqual((self.history_snapshot(), self.sql("SELECT string_agg(ai_model_prices::text, ';') "
                                                            "FROM ai_model_prices")), before)
        self.sql("UPDATE chatcost_price_periods SET valid_until = '2025-07-01' WHERE source = 'custom'")
        self.sql("UPDATE ai_model_prices SET source = 'default'")  # as if unset, without the trigger's help
        self.assert_exit(self.run_chatcost("-d", self.url, "prices", "unset", "acme/widget-1"), 6)

    def test_history_counts_the_messages_each_period_priced(self):
        self.apply(self.book(entry(MODEL, 3000000, 15000000)), "--effective-from", "2025-01-01")
        self.apply(self.book(entry(MODEL, 4000000, 15000000)), "--effective-from", "2025-03-01")
        self.chatcost("prices", "set", "acme/widget-1", "--input-price", "2", "--output-price", "10",
                      "--effective-from", "2025-02-01")
        ids = self.sql("SELECT string_agg(id::text, ',' ORDER BY valid_from) FROM chatcost_price_periods").split(",")
        first_default, custom, second_default = ids
        # The refs and costs a backfill writes, by hand: two tiers of the first default, the custom.
        self.sql(f"""
            INSERT INTO chatcost_price_refs (id, source, period_id, tier_size) VALUES
              (11, 'default', {first_default}, NULL), (12, 'default', {first_default}, 200000),
              (13, 'custom', {custom}, NULL), (14, 'config', NULL, NULL);
            INSERT INTO users (id, username) VALUES ('00000000-0000-0000-0000-000000000001', 'u');
            INSERT INTO chats (id, owner_id) VALUES ('00000000-0000-0000-0000-000000000002',
                                                    '00000000-0000-0000-0000-000000000001');
            INSERT INTO chat_messages (chat_id, role, cost_price_ref)
            SELECT '00000000-0000-0000-0000-000000000002', 'assistant', ref
            FROM unnest(ARRAY[11, 11, 12, 13, 14, NULL]) AS ref""")
        counts = [(p["source"], p["messages"]) for p in self.periods()]
        self.assertEqual(counts, [("default", 3), ("custom", 1), ("default", 0)])
        self.assertEqual(self.periods()[2]["valid_until"], None)
        self.assertIn("in force", self.chatcost("prices", "history", "acme/widget-1").stdout)
        self.assertEqual(self.periods(OTHER), [])

    def test_concurrent_seed_apply_and_prices_set_serialise(self):
        books = [self.book(entry(MODEL, 3000000 + i, 15000000), entry(OTHER, 1000000 + i, 2000000))
                 for i in range(2)]
        base = [CHATCOST, "-d", self.url]
        for i in range(12):
            seed = subprocess.Popen(base + ["seed", "apply", "--file", books[i % 2]],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.base_env())
            custom = subprocess.Popen(base + ["prices", "set", "acme/widget-1", "--input-price", str(1 + i % 3),
                                              "--output-price", "9"],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.base_env())
            for process in (seed, custom):
                _, err = process.communicate(timeout=120)
                self.assertEqual(process.returncode, 0, err)
        # One open period per (model, source); each source's periods follow one another without a gap.
        self.assertEqual(self.sql("SELECT count(*) FROM chatcost_price_periods WHERE valid_until IS NULL"), "3")
        self.assertEqual(self.sql("""
            SELECT count(*) FROM (
                SELECT valid_until, lead(valid_from) OVER (PARTITION BY provider, model, source ORDER BY valid_from)
                       AS next_from
                FROM chatcost_price_periods) AS p
            WHERE valid_until IS DISTINCT FROM next_from"""), "0")
        # The custom price is in view; the default was not lost: it is the last book's.
        self.assertEqual(self.shown(), [("custom", 3000000, 9000000)])  # i = 11: 1 + 11 % 3
        self.assertEqual(self.sql("SELECT input_price FROM chatcost_price_periods WHERE model = 'widget-1' "
                                  "AND source = 'default' AND valid_until IS NULL"), "3000001")
        self.assertEqual(self.shown(OTHER), [("default", 1000001, 2000000)])


if __name__ == "__main__":
    main()
