"""`chatcost migrate up --adopt`: chatcost on the chat platform's own database, whose users, chats,
chat_model_configs and chat_messages the platform made itself (more columns than chatcost's, an
index of chatcost's name, perhaps total_cost_micros already), also in the shape Citus needs to
distribute them (chat_messages keyed by (chat_id, id), chats without its self-references). The
figures the reports give are checked against the cost rule computed in SQL, independently."""
import json

from clitest import ChatcostTestCase, main

# The configs: M1 priced in its options ($3/M input, $15/M output), M2 with no price anywhere.
M1 = "00000000-0000-4000-a000-0000000000a1"
M2 = "00000000-0000-4000-a000-0000000000a2"
ALICE = "a11ce000-0000-4000-8000-000000000001"
BOB = "b0b00000-0000-4000-8000-000000000002"
NOVEMBER = ("--since", "2026-11-01", "--until", "2026-12-01")


def platform_sql(distributed=False, with_cost=False):
    """The platform's schema, made by the platform: not chatcost's migrations."""
    self_ref = "" if distributed else " REFERENCES chats (id) ON DELETE SET NULL"
    message_key = "PRIMARY KEY (chat_id, id)" if distributed else "PRIMARY KEY (id)"
    cost = "total_cost_micros bigint," if with_cost else ""
    return f"""
CREATE TABLE users (
    id uuid PRIMARY KEY,
    username varchar(64) NOT NULL UNIQUE,
    name text NOT NULL DEFAULT '',
    email text NOT NULL DEFAULT '',
    is_admin boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE chats (
    id uuid PRIMARY KEY,
    owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    parent_chat_id uuid{self_ref},
    root_chat_id uuid{self_ref},
    title text NOT NULL DEFAULT 'New Chat',
    archived boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chats_owner ON chats (owner_id);
CREATE TABLE chat_model_configs (
    id uuid PRIMARY KEY,
    provider text NOT NULL,
    model text NOT NULL,
    display_name text NOT NULL DEFAULT '',
    options jsonb NOT NULL DEFAULT '{{}}',
    enabled boolean NOT NULL DEFAULT true
);
CREATE TABLE chat_messages (
    id bigserial,
    chat_id uuid NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    model_config_id uuid REFERENCES chat_model_configs (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    role text NOT NULL,
    content jsonb NOT NULL DEFAULT '[]',
    input_tokens bigint,
    output_tokens bigint,
    total_tokens bigint,
    reasoning_tokens bigint,
    cache_creation_tokens bigint,
    cache_read_tokens bigint,
    context_limit bigint,
    {cost}
    {message_key}
);
CREATE INDEX idx_chat_messages_created_at ON chat_messages (created_at);
"""


DATA_SQL = f"""
INSERT INTO users (id, username, name) VALUES ('{ALICE}', 'alice', 'Alice'), ('{BOB}', 'bob', 'Bob');
INSERT INTO chat_model_configs (id, provider, model, display_name, options) VALUES
  ('{M1}', 'acme', 'big-1', 'Big', '{{"cost": {{"input_price_per_million_tokens": "3",
                                                "output_price_per_million_tokens": "15"}}}}'),
  ('{M2}', 'acme', 'mystery-1', 'Mystery', '{{}}');
INSERT INTO chats (id, owner_id, title)
SELECT ('c0000000-0000-4000-b000-' || lpad(n::text, 12, '0'))::uuid,
       CASE WHEN n % 3 = 0 THEN '{BOB}'::uuid ELSE '{ALICE}'::uuid END, 'chat ' || n
FROM generate_series(1, 12) AS n;
UPDATE chats SET root_chat_id = 'c0000000-0000-4000-b000-000000000001',
                 parent_chat_id = 'c0000000-0000-4000-b000-000000000001'
WHERE id = 'c0000000-0000-4000-b000-000000000002';
-- 600 messages over November: the even ones the assistant's, a tenth on the unpriced model.
INSERT INTO chat_messages (chat_id, model_config_id, created_at, role, input_tokens, output_tokens)
SELECT ('c0000000-0000-4000-b000-' || lpad((1 + (n / 2) % 12)::text, 12, '0'))::uuid,
       CASE WHEN n % 10 = 4 THEN '{M2}'::uuid ELSE '{M1}'::uuid END,
       timestamptz '2026-11-01T00:00:00Z' + n * interval '1 hour',
       CASE WHEN n % 2 = 0 THEN 'assistant' ELSE 'user' END,
       100 + n * 7, 10 + n % 50
FROM generate_series(1, 600) AS n;
"""

# The cost rule for M1, in SQL (DESIGN.md section 2: tokens x $/M = micro-dollars, rounded up once),
# per username, over November's assistant messages.
EXPECTED_BY_USER_SQL = f"""
SELECT json_object_agg(u.username, s.cost)
FROM (SELECT c.owner_id, sum(ceil(m.input_tokens * 3 + m.output_tokens * 15))::bigint AS cost
      FROM chat_messages m JOIN chats c ON c.id = m.chat_id
      WHERE m.role = 'assistant' AND m.model_config_id = '{M1}'
        AND m.created_at >= '2026-11-01' AND m.created_at < '2026-12-01'
      GROUP BY c.owner_id) s
JOIN users u ON u.id = s.owner_id
"""


class AdoptCase(ChatcostTestCase):
    def chatcost(self, url, *args, code=0):
        result = self.run_chatcost("-d", url, "--format", "json", *args)
        self.assert_exit(result, code)
        return result

    def platform(self, **shape):
        url = self.fresh_database()
        dbname = url.rsplit("/", 1)[-1]
        self.cluster.psql(platform_sql(**shape) + DATA_SQL, dbname)
        return url, dbname

    def catalog(self, dbname):
        """What the adoption may not touch: the platform's tables, columns and constraints."""
        return self.cluster.psql(
            "SELECT string_agg(format('%s.%s %s', table_name, column_name, data_type), ', ' "
            "ORDER BY table_name, column_name) FROM information_schema.columns WHERE table_schema = 'public'", dbname) + \
            self.cluster.psql("SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), ', ' ORDER BY conname) "
                              "FROM pg_constraint WHERE connamespace = 'public'::regnamespace", dbname) + \
            self.cluster.psql("SELECT string_agg(indexname, ', ' ORDER BY indexname) FROM pg_indexes "
                              "WHERE schemaname = 'public'", dbname)

    def adopt_and_check_reports(self, url, dbname):
        adopted = self.chatcost(url, "migrate", "up", "--adopt").json()
        actions = {m["version"]: m["action"] for m in adopted["migrations"]}
        self.assertEqual((actions[1], actions[2], actions[3], actions[5]), ("applied", "adopted", "adopted", "applied"))
        status = self.chatcost(url, "migrate", "status", "--check").json()
        states = {m["version"]: m["state"] for m in status["migrations"]}
        self.assertEqual((states[2], states[3]), ("adopted", "adopted"))
        self.assertTrue(status["clean"])
        self.assertEqual({s for v, s in states.items() if v not in (2, 3, 4)}, {"applied"})
        table = self.run_chatcost("-d", url, "migrate", "status").stdout
        self.assertIn("adopted", table)

        self.chatcost(url, "seed", "apply")
        self.chatcost(url, "prices", "list")
        to_price = int(self.cluster.psql(
            f"SELECT count(*) FROM chat_messages WHERE model_config_id = '{M1}' AND total_cost_micros IS NULL", dbname))
        self.assertEqual(self.chatcost(url, "backfill").json()["rows_written"], to_price)
        self.assertEqual(self.chatcost(url, "backfill").json()["rows_written"], 0)
        expected = json.loads(self.cluster.psql(EXPECTED_BY_USER_SQL, dbname))
        stored = json.loads(self.cluster.psql(
            "SELECT json_object_agg(username, cost) FROM (SELECT u.username, sum(m.total_cost_micros) AS cost "
            "FROM chat_messages m JOIN chats c ON c.id = m.chat_id JOIN users u ON u.id = c.owner_id "
            f"WHERE m.model_config_id = '{M1}' AND m.role = 'assistant' GROUP BY u.username) s", dbname))
        self.assertEqual(stored, expected)
        unpriced = int(self.cluster.psql(
            f"SELECT count(*) FROM chat_messages WHERE model_config_id = '{M2}' AND total_cost_micros IS NOT NULL",
            dbname))
        self.assertEqual(unpriced, 0)

        rollup = self.chatcost(url, "rollup", *NOVEMBER).json()
        self.assertEqual({u["username"]: u["cost_micros"] for u in rollup["users"]}, expected)
        self.assertEqual(rollup["users_totals"]["cost_micros"], sum(expected.values()))
        self.assertEqual(rollup["users_totals"]["messages"], 300)  # the even ones
        self.assertEqual(rollup["users_totals"]["unpriced_messages"], 60)  # n % 10 = 4: M2, no price
        for by in ("model", "provider", "day", "month"):
            with self.subTest(by=by):
                groups = self.chatcost(url, "rollup", "--by", by, *NOVEMBER).json()
                self.assertEqual(groups[f"{by}s_totals"]["cost_micros"], sum(expected.values()))
        summary = self.chatcost(url, "summary", "--user", "alice", *NOVEMBER).json()
        self.assertEqual(summary["cost_micros"], expected["alice"])
        first_id = self.cluster.psql("SELECT min(id) FROM chat_messages WHERE role = 'assistant'", dbname)
        self.chatcost(url, "explain", first_id)
        self.chatcost(url, "backfill", "status")
        return adopted

    def test_plain_up_refuses_then_adopt_works(self):
        url, dbname = self.platform()
        before = self.catalog(dbname)
        refused = self.run_chatcost("-d", url, "migrate", "up")
        self.assert_exit(refused, 7)
        self.assertIn("users, chats, chat_model_configs, chat_messages exist already", refused.stderr)
        self.assertIn("chatcost migrate up --adopt", refused.stderr)
        self.assertNotIn("already exists", refused.stderr)
        self.assertEqual(self.catalog(dbname), before)
        self.assertEqual(self.cluster.psql("SELECT to_regclass('chatcost_schema_migrations') IS NULL", dbname), "t")

        dry = self.run_chatcost("-d", url, "migrate", "up", "--adopt", "--dry-run")
        self.assert_exit(dry, 0)
        self.assertIn("record 0002_chat_platform as adopted", dry.stdout)
        self.assertIn("accepted: column users.username is character varying(64): read as text", dry.stderr)
        self.assertEqual(self.catalog(dbname), before)

        adopted = self.adopt_and_check_reports(url, dbname)
        accepted = " ".join(a["accepted"] for a in adopted["accepted"])
        self.assertIn("index idx_chat_messages_created_at exists already", accepted)
        self.assertIn("is_admin", self.catalog(dbname))  # the platform's columns are kept

        # Adopting twice does nothing; chatcost never drops what it adopted.
        self.assertEqual(self.chatcost(url, "migrate", "up", "--adopt").json()["migrations"], [])
        down = self.run_chatcost("-d", url, "migrate", "down", "--to", "0")
        self.assert_exit(down, 7)
        self.assertIn("cannot undo 0003_chat_messages: it was adopted", down.stderr)
        self.assertEqual(self.cluster.psql("SELECT count(*) FROM chat_messages", dbname), "600")

    def test_existing_cost_column_is_adopted_with_its_migration(self):
        url, dbname = self.platform(with_cost=True)
        adopted = self.adopt_and_check_reports(url, dbname)
        self.assertIn({"version": 4, "action": "adopted"},
                      [{"version": m["version"], "action": m["action"]} for m in adopted["migrations"]])

    def test_distributed_shape_is_accepted_and_reports_stay_right(self):
        url, dbname = self.platform(distributed=True)
        adopted = self.adopt_and_check_reports(url, dbname)
        accepted = " ".join(a["accepted"] for a in adopted["accepted"])
        self.assertIn("chat_messages' primary key is (chat_id, id), not (id)", accepted)
        self.assertIn("no foreign key chats.parent_chat_id -> chats (id)", accepted)
        self.assertIn("no foreign key chats.root_chat_id -> chats (id)", accepted)
        self.assertIn("CREATE INDEX CONCURRENTLY idx_chat_messages_id ON chat_messages (id)", accepted)
        # The fork counts under its root without the foreign key.
        summary = self.chatcost(url, "summary", "--user", "alice", *NOVEMBER).json()
        roots = {c["root_chat_id"] for c in summary["by_chat"]}
        self.assertNotIn("c0000000-0000-4000-b000-000000000002", roots)

    def test_mismatches_are_all_listed_and_nothing_changes(self):
        url = self.fresh_database()
        dbname = url.rsplit("/", 1)[-1]
        broken = platform_sql().replace("reasoning_tokens bigint,", "").replace(
            "input_tokens bigint,", "input_tokens integer,").replace(
            "options jsonb NOT NULL DEFAULT '{}'", "options json NOT NULL DEFAULT '{}'")
        self.cluster.psql(broken, dbname)
        before = self.catalog(dbname)
        result = self.run_chatcost("-d", url, "migrate", "up", "--adopt")
        self.assert_exit(result, 7)
        self.assertIn("nothing was changed (3 mismatches)", result.stderr)
        self.assertIn("column chat_messages.reasoning_tokens is missing", result.stderr)
        self.assertIn("column chat_messages.input_tokens is integer, chatcost needs bigint", result.stderr)
        self.assertIn("column chat_model_configs.options is json, chatcost needs jsonb", result.stderr)
        self.assertEqual(self.catalog(dbname), before)
        self.assertEqual(self.cluster.psql("SELECT to_regclass('chatcost_schema_migrations') IS NULL", dbname), "t")

    def test_adopt_on_an_empty_database_says_to_use_plain_up(self):
        url = self.fresh_database()
        result = self.run_chatcost("-d", url, "migrate", "up", "--adopt")
        self.assert_exit(result, 7)
        self.assertIn("nothing to adopt", result.stderr)


if __name__ == "__main__":
    main()
