"""Hostile text in flags, files and stored fields: SQL injection attempts, quotes, backslashes,
'%', newlines, terminal escape sequences, invalid UTF-8, NUL bytes and 10 MB strings.

What must hold: no SQL is built from any of it (the tables survive and the text is matched
literally); tables print no raw ESC, CR or LF inside a cell; CSV quotes per RFC 4180 and reads
back to the stored text; JSON escapes it and reads back to the stored text; nothing crashes
(exit codes are the documented ones).
"""
import csv
import io
import json
import os
import subprocess

from clitest import CHATCOST, ChatcostTestCase, main

INJECT = "'; DROP TABLE users; --"
QUOTES = "O'Brien \"the\" \\ 100% _x_"
ESCAPES = "\x1b[31mred\x1b[0m \x1b]0;pwned\x07 bell\x07"
NEWLINES = "line one\nline two\r\nend"
BIDI = "abc\u202edcba"  # a right-to-left override: shown escaped in tables

USER = "da1e0000-0000-4000-8000-000000000001"
USER2 = "da1e0000-0000-4000-8000-000000000002"
CONFIG = "00000000-0000-4000-a000-0000000000f1"
CONFIG2 = "00000000-0000-4000-a000-0000000000f2"
CHAT = "c0000000-0000-4000-b000-0000000000f1"
CHAT_HUGE = "c0000000-0000-4000-b000-0000000000f2"
HUGE = 10 * 1024 * 1024  # a 10 MB chat title

EXIT_CODES = {0, 2, 3, 4, 5, 6, 7}  # documented ones this test may meet (ARCHITECTURE.md)


def sql_literal(text):
    """A standard-conforming string literal (psql only carries the fixture, not chatcost)."""
    return "'" + text.replace("'", "''") + "'"


class HostileText(ChatcostTestCase):
    url = None

    def setUp(self):
        cls = type(self)
        if cls.url is None:
            cls.dbname = "hostile"
            cls.url = self.cluster.create_database(cls.dbname)
            self.assert_exit(self.run_chatcost("-d", cls.url, "-q", "migrate", "up"), 0)
            self.cluster.psql(self.fixture_sql(), cls.dbname)

    @classmethod
    def tearDownClass(cls):
        cls.url = None
        super().tearDownClass()

    @staticmethod
    def fixture_sql():
        name = INJECT + " " + QUOTES + " " + ESCAPES + " " + NEWLINES + " " + BIDI
        return f"""
INSERT INTO users (id, username, name) VALUES
  ('{USER}', {sql_literal(INJECT)}, {sql_literal(name)}),
  ('{USER2}', {sql_literal(ESCAPES)}, {sql_literal(NEWLINES)});
INSERT INTO chat_model_configs (id, provider, model, display_name, options) VALUES
  ('{CONFIG}', {sql_literal(INJECT)}, {sql_literal(ESCAPES)}, {sql_literal(name)}, '{{}}'),
  ('{CONFIG2}', {sql_literal(QUOTES)}, {sql_literal(NEWLINES)}, {sql_literal(ESCAPES)},
   jsonb_build_object('cost', jsonb_build_object('input_price_per_million_tokens', {sql_literal(INJECT)}),
                      'output_price_per_million_tokens', {sql_literal(ESCAPES + NEWLINES)}));
INSERT INTO chats (id, owner_id, title) VALUES
  ('{CHAT}', '{USER}', {sql_literal(name)}),
  ('{CHAT_HUGE}', '{USER2}', repeat('A', {HUGE - 2}) || E'\\x1b\\n');
INSERT INTO chat_messages (id, chat_id, model_config_id, created_at, role, input_tokens, output_tokens,
                           total_cost_micros) VALUES
  (1, '{CHAT}', '{CONFIG}', now() - interval '1 day', 'assistant', 10, 5, 1234),
  (2, '{CHAT_HUGE}', '{CONFIG2}', now() - interval '1 day', 'assistant', 10, 5, NULL);
"""

    # -- helpers --------------------------------------------------------------------------
    def run_bytes(self, *args, fmt="table"):
        """chatcost with raw bytes in and out (arguments may be invalid UTF-8)."""
        argv = [CHATCOST.encode(), b"-d", self.url.encode(), b"--format", fmt.encode()]
        argv += [a if isinstance(a, bytes) else a.encode() for a in args]
        completed = subprocess.run(argv, env=self.base_env(), capture_output=True, check=False, timeout=300)
        self.assertIn(completed.returncode, EXIT_CODES, completed.stderr[-2000:])
        return completed

    def assert_tables_intact(self):
        self.assertEqual(self.cluster.psql("SELECT count(*) FROM users", self.dbname), "2")
        self.assertIn(self.cluster.psql("SELECT count(*) FROM ai_model_prices", self.dbname), ("0", "1"))

    def assert_terminal_safe(self, data):
        """No raw ESC, BEL or CR anywhere; LF only between lines (checked by the caller's counts)."""
        for byte in (b"\x1b", b"\x07", b"\r", b"\x9b"):
            self.assertNotIn(byte, data)

    # -- no SQL built from text -----------------------------------------------------------
    def test_injection_in_search_and_user_is_matched_literally(self):
        found = self.run_bytes("rollup", "--by", "user", "--search", INJECT, fmt="json")
        self.assertEqual(found.returncode, 0, found.stderr)
        users = [row["username"] for row in json.loads(found.stdout)["users"]]
        self.assertEqual(users, [INJECT])
        summary = self.run_bytes("summary", "--user", INJECT, fmt="json")
        self.assertEqual(summary.returncode, 0, summary.stderr)
        missing = self.run_bytes("summary", "--user", INJECT + " OR 1=1", fmt="json")
        self.assertNotEqual(missing.returncode, 0)
        self.assert_tables_intact()

    def test_wildcards_in_search_are_literal(self):
        # '%' and '_' are LIKE wildcards: a search for "100%" must not match every name.
        result = self.run_bytes("rollup", "--by", "user", "--search", "%", fmt="json")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual([row["username"] for row in json.loads(result.stdout)["users"]], [INJECT])
        result = self.run_bytes("rollup", "--by", "user", "--search", "_", fmt="json")
        self.assertEqual([row["username"] for row in json.loads(result.stdout)["users"]], [INJECT])

    def test_injection_in_price_book_file_and_provider_filter(self):
        book = os.path.join(self.scratch, "hostile-book.json")
        entries = [{"provider": INJECT, "model": QUOTES + NEWLINES + ESCAPES, "input_price": 1,
                    "output_price": 2, "cache_read_price": None, "cache_write_price": None}]
        with open(book, "w", encoding="utf-8") as f:
            json.dump(entries, f)
        self.assertEqual(self.run_bytes("seed", "apply", "--file", book).returncode, 0)
        listed = self.run_bytes("prices", "list", "--provider", INJECT, fmt="json")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        text = listed.stdout.decode()
        self.assertIn(json.dumps(INJECT)[1:-1], text)
        table = self.run_bytes("prices", "list", "--provider", INJECT)
        self.assertEqual(table.returncode, 0, table.stderr)
        self.assert_terminal_safe(table.stdout)
        self.assertIn(b"\\x1b", table.stdout)
        self.assert_tables_intact()

    def test_nul_byte_in_price_book_file_is_refused(self):
        book = os.path.join(self.scratch, "nul-book.json")
        with open(book, "w", encoding="utf-8") as f:
            f.write('[{"provider": "a\\u0000b", "model": "m", "input_price": 1, "output_price": 1, '
                    '"cache_read_price": null, "cache_write_price": null}]')
        result = self.run_bytes("seed", "apply", "--file", book)
        self.assertEqual(result.returncode, 6, result.stderr)
        self.assert_terminal_safe(result.stderr)

    # -- rendering ------------------------------------------------------------------------
    def test_tables_escape_control_characters_in_names_and_titles(self):
        for args in (["summary", "--user", INJECT], ["summary", "--user", USER2],
                     ["rollup", "--by", "user"], ["rollup", "--by", "model"], ["rollup", "--by", "provider"]):
            with self.subTest(args=args):
                result = self.run_bytes(*args)
                self.assertEqual(result.returncode, 0, result.stderr[-2000:])
                self.assert_terminal_safe(result.stdout)
                self.assert_terminal_safe(result.stderr)

    def test_table_rows_stay_one_line(self):
        result = self.run_bytes("--ids", "rollup", "--by", "model")
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.decode("utf-8", "replace").split("\n")
        # With --ids every model row holds its config id; a newline in a cell would split the row.
        # CONFIG2 is unpriced, so it is also a row of the "Unpriced models" table.
        for config, rows in ((CONFIG, 1), (CONFIG2, 2)):
            self.assertEqual(len([line for line in lines if config in line]), rows, result.stdout.decode())
        self.assertIn("line one\\nline two\\r\\nend", result.stdout.decode())

    def test_csv_quotes_and_reads_back(self):
        result = self.run_bytes("rollup", "--by", "user", fmt="csv")
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = list(csv.DictReader(io.StringIO(result.stdout.decode(), newline="")))
        by_id = {row["user_id"]: row for row in rows}
        self.assertEqual(by_id[USER]["username"], INJECT)
        self.assertEqual(by_id[USER2]["name"], NEWLINES)
        self.assertEqual(by_id[USER2]["username"], ESCAPES)

    def test_csv_on_a_terminal_escapes_controls_and_stays_exact_in_a_file(self):
        from terminal_run import run_on_terminal
        args = ["-d", self.url, "--format", "csv", "rollup", "--by", "user"]
        shown = run_on_terminal(args, self.base_env(), stderr=False)
        self.assertEqual(shown.code, 0, repr(shown))
        # A pty turns LF into CRLF and CSV ends records with CRLF: only ESC, BEL and CSI must not come.
        for byte in (b"\x1b", b"\x07", b"\x9b"):
            self.assertNotIn(byte, shown.terminal)
        self.assertIn(b"\\x1b[31mred", shown.terminal)
        piped = self.run_bytes("rollup", "--by", "user", fmt="csv")
        self.assertIn(ESCAPES.encode(), piped.stdout)  # into a pipe or a file: the bytes as stored

    def test_json_escapes_and_reads_back(self):
        result = self.run_bytes("rollup", "--by", "user", fmt="json")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn(b"\x1b", result.stdout)
        self.assertNotIn(b"\x07", result.stdout)
        users = {row["user_id"]: row for row in json.loads(result.stdout)["users"]}
        self.assertEqual(users[USER2]["username"], ESCAPES)
        self.assertEqual(users[USER2]["name"], NEWLINES)

    def test_ten_megabyte_title(self):
        for fmt in ("table", "json", "csv"):
            with self.subTest(fmt=fmt):
                result = self.run_bytes("summary", "--user", USER2, fmt=fmt)
                self.assertEqual(result.returncode, 0, result.stderr[-2000:])
                if fmt != "csv":  # CSV holds the first list only: by model
                    self.assertGreater(len(result.stdout), HUGE)
                if fmt == "table":
                    self.assert_terminal_safe(result.stdout)
                if fmt == "json":
                    chats = json.loads(result.stdout)
                    self.assertIn("A" * 1000, json.dumps(chats))

    # -- flags ----------------------------------------------------------------------------
    def test_hostile_flag_values_never_crash_and_errors_are_escaped(self):
        values = [INJECT, QUOTES, ESCAPES, NEWLINES, BIDI, "x" * 100_000,
                  b"\xff\xfe bad utf-8 \xc3", b"\x1b[2J\xe2\x80"]
        for value in values:
            for args in (["rollup", "--search", value], ["summary", "--user", value],
                         ["prices", "list", "--provider", value], ["prices", "list", "--model", value],
                         ["summary", "--user", "x", "--since", value], ["rollup", "--timezone", value],
                         ["migrate", "up", "--wait-lock", value]):
                for logs in ([], ["--log-format", "json"]):
                    with self.subTest(args=[a[:40] if isinstance(a, (str, bytes)) else a for a in args],
                                      logs=logs):
                        result = self.run_bytes(*args, *logs)
                        self.assert_terminal_safe(result.stdout)
                        self.assert_terminal_safe(result.stderr)
                        if logs:
                            for line in result.stderr.splitlines():
                                json.loads(line)
        self.assert_tables_intact()

    def test_invalid_price_text_in_config_options(self):
        # CONFIG2's prices are the injection text and escape sequences: a bad price (exit 6) whose
        # message shows the text escaped.
        result = self.run_bytes("backfill", "--dry-run")
        self.assertEqual(result.returncode, 6, result.stdout + result.stderr)
        self.assert_terminal_safe(result.stdout)
        self.assert_terminal_safe(result.stderr)
        for logs in (["--log-format", "json"], ["-v"]):
            explained = self.run_bytes("explain", "2", *logs)
            self.assert_terminal_safe(explained.stdout)
            self.assert_terminal_safe(explained.stderr)
        self.assert_tables_intact()


if __name__ == "__main__":
    main()
