"""The data of the cost report tests (test_summary.py, test_rollup.py), small enough to add up by hand.

Every expected figure in those tests is computed from the rows below, in comments next to the
assertion. Costs are stored figures (micro-dollars): reports only add up what backfill stored.

November 2026 (UTC), assistant messages unless said otherwise:

  id  user   chat (root)  model  created_at (UTC)              cost         in        out  cache r/c
   1  alice  A1           M1     2026-11-01T00:00:00Z        1,234,567      1,000      500  200 / 100   exactly at --since: counts
   2  alice  A1f (A1)     M1     2026-11-10T12:00:00Z                3          1        0              sub-cent
   3  alice  A2           M2     2026-11-15T09:00:00Z               40         10       10
   4  alice  A2           M3     2026-11-20T09:00:00Z          NULL            50        5              unpriced
   5  alice  A2           -      2026-11-21T09:00:00Z          NULL             -        7              unpriced, no model config
   6  alice  A1           M1     2026-12-01T00:00:00Z      999,999,999          9        -              exactly at --until: excluded
   7  alice  A1           M1     2026-10-31T23:59:59.999999Z 888,888,888      9        -              just before --since: excluded
   8  alice  A1           M1     2026-11-05T00:00:00Z          NULL        12,345       -              role 'user': never counted
   9  alice  A2           M2     2026-11-22T09:00:00Z          NULL             -        -              no usage: counted nowhere
  10  alice  A1           M2     2026-11-25T09:00:00Z          250,000      2,000      100    0 / -
  11  bob    B1           M2     2026-11-03T09:00:00Z                0        100        0              free (priced at 0)
  12  bob    B1           M1     2026-11-04T09:00:00Z        5,000,000  1,000,000       10
  13  carol  C1           M3     2026-11-06T09:00:00Z          NULL             5        -              unpriced only
  14  dave   D1           M2     2026-11-07T09:00:00Z           10,000          3        -              one cent

Users: alice "Alice Liddell", bob "Bob 100% Real" (a '%'), carol_x "Carol" (a '_'),
dave "Dave \\ Backslash" (a '\\'), erin "Erin" (no messages). Models: M1 anthropic/claude-sonnet-4
"Claude Sonnet 4", M2 openai/gpt-4o-mini (no display name: shows the model), M3 local/llama-3-70b
"Llama 3 70B" (never priced). Chat A1f is a fork of A1 (root_chat_id = A1).

The DST fixture (load_dst) is a separate database: user "tz", chat T1, model M1, one input token per
message, costs that are distinct powers of ten so that any sum says which messages it holds.
"""
import os
import re
import subprocess

from clitest import CHATCOST, SOURCE_ROOT, ChatcostTestCase

ALICE = "a11ce000-0000-4000-8000-000000000001"
BOB = "b0b00000-0000-4000-8000-000000000002"
CAROL = "ca201000-0000-4000-8000-000000000003"
DAVE = "da7e0000-0000-4000-8000-000000000004"
ERIN = "e2140000-0000-4000-8000-000000000005"
TZ_USER = "7a000000-0000-4000-8000-000000000006"

M1 = "00000000-0000-4000-a000-0000000000a1"
M2 = "00000000-0000-4000-a000-0000000000a2"
M3 = "00000000-0000-4000-a000-0000000000a3"

A1 = "c0000000-0000-4000-b000-0000000000a1"
A1F = "c0000000-0000-4000-b000-000000000af1"
A2 = "c0000000-0000-4000-b000-0000000000a2"
B1 = "c0000000-0000-4000-b000-0000000000b1"
C1 = "c0000000-0000-4000-b000-0000000000c1"
D1 = "c0000000-0000-4000-b000-0000000000d1"
T1 = "c0000000-0000-4000-b000-0000000000f1"

_PLATFORM = f"""
INSERT INTO users (id, username, name) VALUES
  ('{ALICE}', 'alice', 'Alice Liddell'),
  ('{BOB}', 'bob', 'Bob 100% Real'),
  ('{CAROL}', 'carol_x', 'Carol'),
  ('{DAVE}', 'dave', E'Dave \\\\ Backslash'),
  ('{ERIN}', 'erin', 'Erin'),
  ('{TZ_USER}', 'tz', 'Time Zones');
INSERT INTO chat_model_configs (id, provider, model, display_name) VALUES
  ('{M1}', 'anthropic', 'claude-sonnet-4', 'Claude Sonnet 4'),
  ('{M2}', 'openai', 'gpt-4o-mini', ''),
  ('{M3}', 'local', 'llama-3-70b', 'Llama 3 70B');
"""

_USAGE = f"""
INSERT INTO chats (id, owner_id, root_chat_id, parent_chat_id, title) VALUES
  ('{A1}', '{ALICE}', NULL, NULL, 'Trip planning'),
  ('{A2}', '{ALICE}', NULL, NULL, 'Taxes'),
  ('{B1}', '{BOB}', NULL, NULL, 'Recipes'),
  ('{C1}', '{CAROL}', NULL, NULL, 'Code review'),
  ('{D1}', '{DAVE}', NULL, NULL, 'Poems, "quoted"');
INSERT INTO chats (id, owner_id, root_chat_id, parent_chat_id, title) VALUES
  ('{A1F}', '{ALICE}', '{A1}', '{A1}', 'Trip planning (fork)');
INSERT INTO chat_messages (id, chat_id, model_config_id, created_at, role, input_tokens, output_tokens,
                           cache_read_tokens, cache_creation_tokens, total_cost_micros) VALUES
  (1, '{A1}', '{M1}', '2026-11-01T00:00:00Z', 'assistant', 1000, 500, 200, 100, 1234567),
  (2, '{A1F}', '{M1}', '2026-11-10T12:00:00Z', 'assistant', 1, 0, NULL, NULL, 3),
  (3, '{A2}', '{M2}', '2026-11-15T09:00:00Z', 'assistant', 10, 10, NULL, NULL, 40),
  (4, '{A2}', '{M3}', '2026-11-20T09:00:00Z', 'assistant', 50, 5, NULL, NULL, NULL),
  (5, '{A2}', NULL, '2026-11-21T09:00:00Z', 'assistant', NULL, 7, NULL, NULL, NULL),
  (6, '{A1}', '{M1}', '2026-12-01T00:00:00Z', 'assistant', 9, NULL, NULL, NULL, 999999999),
  (7, '{A1}', '{M1}', '2026-10-31T23:59:59.999999Z', 'assistant', 9, NULL, NULL, NULL, 888888888),
  (8, '{A1}', '{M1}', '2026-11-05T00:00:00Z', 'user', 12345, NULL, NULL, NULL, NULL),
  (9, '{A2}', '{M2}', '2026-11-22T09:00:00Z', 'assistant', NULL, NULL, NULL, NULL, NULL),
  (10, '{A1}', '{M2}', '2026-11-25T09:00:00Z', 'assistant', 2000, 100, 0, NULL, 250000),
  (11, '{B1}', '{M2}', '2026-11-03T09:00:00Z', 'assistant', 100, 0, NULL, NULL, 0),
  (12, '{B1}', '{M1}', '2026-11-04T09:00:00Z', 'assistant', 1000000, 10, NULL, NULL, 5000000),
  (13, '{C1}', '{M3}', '2026-11-06T09:00:00Z', 'assistant', 5, NULL, NULL, NULL, NULL),
  (14, '{D1}', '{M2}', '2026-11-07T09:00:00Z', 'assistant', 3, NULL, NULL, NULL, 10000);
"""

# The fields of a group without invalid usage (DESIGN.md section 2 rule 11).
NO_INVALID = {"invalid_messages": 0, "invalid_message_ids": [], "sums_past_int64": []}

# Bad rows beside the November fixture (load_with_bad_rows): user mallory's, all in November, each
# invalid usage but #205; user oscar's two near int64 max. Nobody else's figure may move.
MALLORY = "3a110000-0000-4000-8000-000000000007"
OSCAR = "05ca0000-0000-4000-8000-000000000008"
MC1 = "c0000000-0000-4000-b000-0000000000e1"
OC1 = "c0000000-0000-4000-b000-0000000000e2"
INT64_MAX = 9223372036854775807

_BAD_ROWS = f"""
INSERT INTO users (id, username, name) VALUES ('{MALLORY}', 'mallory', 'Mallory'), ('{OSCAR}', 'oscar', 'Oscar');
INSERT INTO chats (id, owner_id, title) VALUES ('{MC1}', '{MALLORY}', 'Bad data'), ('{OC1}', '{OSCAR}', 'Huge');
INSERT INTO chat_messages (id, chat_id, model_config_id, created_at, role, input_tokens, output_tokens,
                           reasoning_tokens, total_cost_micros) VALUES
  (201, '{MC1}', '{M1}', '2026-11-15T10:00:00Z', 'assistant', {INT64_MAX}, 1, NULL, NULL),   -- past 10^12 tokens
  (202, '{MC1}', '{M2}', '2026-11-15T11:00:00Z', 'assistant', -5, 10, NULL, NULL),           -- negative
  (203, '{MC1}', '{M2}', '2026-11-15T12:00:00Z', 'assistant', 10, 10, 11, 40),               -- reasoning > output
  (204, '{MC1}', '{M1}', '2026-11-15T13:00:00Z', 'assistant', 1, NULL, NULL, 20000000000000), -- cost > $10 M
  (205, '{MC1}', '{M1}', '2026-11-15T14:00:00Z', 'assistant', 100, NULL, NULL, 500),         -- valid
  (211, '{OC1}', '{M3}', '2026-11-16T10:00:00Z', 'assistant', NULL, {INT64_MAX - 7}, NULL, NULL),
  (212, '{OC1}', '{M3}', '2026-11-16T11:00:00Z', 'assistant', NULL, {INT64_MAX - 9}, NULL, NULL);
"""

# New York: EDT (-04:00) until 2026-11-01 06:00Z, then EST (-05:00); EST until 2026-03-08 07:00Z.
_DST = f"""
INSERT INTO chats (id, owner_id, title) VALUES ('{T1}', '{TZ_USER}', 'Clocks');
INSERT INTO chat_messages (id, chat_id, model_config_id, created_at, role, input_tokens, total_cost_micros) VALUES
  (101, '{T1}', '{M1}', '2026-10-31T03:59:59Z', 'assistant', 1, 100000),      -- NY Oct 30 23:59:59 EDT
  (102, '{T1}', '{M1}', '2026-11-01T02:00:00Z', 'assistant', 1, 1000000),     -- NY Oct 31 22:00 EDT
  (103, '{T1}', '{M1}', '2026-11-01T04:30:00Z', 'assistant', 1, 1),           -- NY Nov 1 00:30 EDT
  (104, '{T1}', '{M1}', '2026-11-01T05:30:00Z', 'assistant', 1, 10),          -- NY Nov 1 01:30 EDT
  (105, '{T1}', '{M1}', '2026-11-01T06:30:00Z', 'assistant', 1, 100),         -- NY Nov 1 01:30 EST
  (106, '{T1}', '{M1}', '2026-11-02T04:30:00Z', 'assistant', 1, 1000),        -- NY Nov 1 23:30 EST
  (107, '{T1}', '{M1}', '2026-11-02T05:00:00Z', 'assistant', 1, 10000),       -- NY Nov 2 00:00 EST
  (111, '{T1}', '{M1}', '2026-03-08T04:59:59Z', 'assistant', 1, 20000000),    -- NY Mar 7 23:59:59 EST
  (112, '{T1}', '{M1}', '2026-03-08T05:00:00Z', 'assistant', 1, 300000000),   -- NY Mar 8 00:00 EST
  (113, '{T1}', '{M1}', '2026-03-09T03:59:59Z', 'assistant', 1, 4000000000),  -- NY Mar 8 23:59:59 EDT
  (114, '{T1}', '{M1}', '2026-03-09T04:00:00Z', 'assistant', 1, 50000000000); -- NY Mar 9 00:00 EDT
"""


def migrate(test, url):
    """The schema, as chatcost itself makes it."""
    result = test.run_chatcost("-d", url, "--quiet", "migrate", "up")
    test.assert_exit(result, 0)


def load(test, url, dbname):
    """A migrated database holding the November fixture (and no DST data)."""
    migrate(test, url)
    test.cluster.psql(_PLATFORM + _USAGE, dbname)


def load_with_bad_rows(test, url, dbname):
    """The November fixture plus _BAD_ROWS."""
    load(test, url, dbname)
    test.cluster.psql(_BAD_ROWS, dbname)


def load_dst(test, url, dbname):
    """A migrated database holding only the DST fixture."""
    migrate(test, url)
    test.cluster.psql(_PLATFORM + _DST, dbname)


class ReportTestCase(ChatcostTestCase):
    """One migrated database per test class, loaded once (the tests only read it)."""
    loader = staticmethod(load)
    _url = None

    def setUp(self):
        cls = type(self)
        if cls._url is None:
            dbname = "reports_" + cls.__name__.lower()
            url = self.cluster.create_database(dbname)
            cls.loader(self, url, dbname)
            cls._url = url

    @classmethod
    def tearDownClass(cls):
        cls._url = None
        super().tearDownClass()

    def report(self, *args, fmt="json", code=0):
        """Runs chatcost against the fixture: the parsed JSON report, or the Result for other formats and
        for a non-zero exit."""
        result = self.run_chatcost("-d", self._url, "--format", fmt, *args)
        self.assert_exit(result, code)
        return result.json() if fmt == "json" and code == 0 else result

    def raw_stdout(self, *args):
        """stdout as bytes (CSV ends its lines with CRLF, which text mode would hide)."""
        completed = subprocess.run([CHATCOST, "-d", self._url, *args], env=self.base_env(),
                                   capture_output=True, check=False, timeout=120)
        self.assertEqual(completed.returncode, 0, completed.stderr.decode())
        return completed.stdout

    def schema_version(self):
        result = self.run_chatcost("-d", self._url, "--format", "json", "db", "status")
        self.assert_exit(result, 0)
        return result.json()["schema_version"]

    def assert_golden(self, name, data):
        """data (bytes) against tests/golden/reports/<name>, with the schema version (which every new
        migration changes) replaced by SCHEMA_VERSION. CHATCOST_UPDATE_GOLDEN=1 rewrites the file."""
        version = self.schema_version()
        self.assertIsInstance(version, int)
        data = re.sub(rb'"schema_version": \d+', b'"schema_version": "SCHEMA_VERSION"', data)
        data = re.sub(rb'(Schema version: +)\d+', rb'\1SCHEMA_VERSION', data)
        path = os.path.join(SOURCE_ROOT, "tests", "golden", "reports", name)
        stored = open(path, "rb").read() if os.path.exists(path) else None
        if os.environ.get("CHATCOST_UPDATE_GOLDEN") and stored != data:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as out:
                out.write(data)
            self.fail(f"wrote {path}: review it, then run again without CHATCOST_UPDATE_GOLDEN")
        self.assertIsNotNone(stored, f"{path} is missing: run with CHATCOST_UPDATE_GOLDEN=1")
        self.assertEqual(data.decode(), stored.decode(), f"differs from {path}")
