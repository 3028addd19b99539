"""chatcost's command line as such: help, version, usage errors, error format, secrets."""
import json
import os

from clitest import ChatcostTestCase, main

PASSWORD = "Sup3r-s3cret-pw"


class CommandLine(ChatcostTestCase):
    needs_server = False

    def test_version(self):
        result = self.run_chatcost("--version")
        self.assert_exit(result, 0)
        self.assertRegex(result.stdout.strip(), r"^chatcost \d+\.\d+\.\d+$")

    def test_help_lists_commands_examples_and_exit_codes(self):
        result = self.run_chatcost("--help")
        self.assert_exit(result, 0)
        for word in ("db", "--database", "--format", "--log-format", "--no-color", "Examples:", "Exit codes"):
            self.assertIn(word, result.stdout)

    def test_command_help_has_purpose_and_example(self):
        result = self.run_chatcost("db", "status", "--help")
        self.assert_exit(result, 0)
        self.assertIn("Which database is used", result.stdout)
        self.assertIn("Examples:", result.stdout)

    def test_unknown_flag_is_usage_error(self):
        result = self.run_chatcost("--no-such-flag", "db", "status")
        self.assert_exit(result, 2)
        self.assertTrue(result.stderr.startswith("chatcost: error: "), result.stderr)
        self.assertIn("--no-such-flag", result.stderr)
        self.assertEqual(result.stdout, "")

    def test_unknown_flag_after_command_is_usage_error(self):
        self.assert_exit(self.run_chatcost("db", "status", "--bogus"), 2)

    def test_unknown_command_is_usage_error(self):
        result = self.run_chatcost("frobnicate")
        self.assert_exit(result, 2)
        self.assertIn("unknown command 'frobnicate'", result.stderr)

    def test_mistyped_subcommand_suggests_the_closest(self):
        result = self.run_chatcost("db", "statsu")
        self.assert_exit(result, 2)
        self.assertIn("unknown command 'db statsu'", result.stderr)
        self.assertIn("did you mean 'chatcost db status'?", result.stderr)

    def test_missing_command_is_usage_error(self):
        self.assert_exit(self.run_chatcost(), 2)

    def test_bad_format_value_is_usage_error(self):
        result = self.run_chatcost("--format", "xml", "db", "status")
        self.assert_exit(result, 2)
        self.assertIn("xml", result.stderr)

    def test_invalid_connection_string_is_usage_error_and_masked(self):
        result = self.run_chatcost("-d", f"host=/tmp password={PASSWORD} bogus_key=1", "db", "status")
        self.assert_exit(result, 2)
        self.assertIn("bogus_key", result.stderr)
        self.assertNotIn(PASSWORD, result.stderr + result.stdout)

    def test_unreachable_url_exits_4_with_password_masked(self):
        url = f"postgresql://alice:{PASSWORD}@%2Fnonexistent%2Fchatcost-socket/ledger"
        result = self.run_chatcost("-d", url, "db", "status")
        self.assert_exit(result, 4)
        self.assertIn("chatcost: error: cannot connect to postgresql://alice:****@", result.stderr)
        self.assertIn("chatcost: hint: ", result.stderr)
        self.assertNotIn(PASSWORD, result.stderr + result.stdout)

    def test_unreachable_key_value_string_exits_4_with_password_masked(self):
        conninfo = f"host=/nonexistent/chatcost-socket user=alice password='{PASSWORD}' dbname=ledger"
        result = self.run_chatcost("-d", conninfo, "-v", "db", "status")
        self.assert_exit(result, 4)
        self.assertIn("password=****", result.stderr)
        self.assertNotIn(PASSWORD, result.stderr + result.stdout)

    def test_password_in_query_parameter_and_env_is_never_printed(self):
        env = self.base_env()
        env["DATABASE_URL"] = f"postgresql:///ledger?host=/nonexistent/sock&password={PASSWORD}"
        env["PGPASSWORD"] = PASSWORD + "-env"
        result = self.run_chatcost("--verbose", "db", "status", env=env)
        self.assert_exit(result, 4)
        self.assertNotIn(PASSWORD, result.stderr + result.stdout)

    def test_refused_tcp_connection_exits_4(self):
        result = self.run_chatcost("-d", "postgresql://nobody@127.0.0.1:1/x?connect_timeout=2", "db", "status")
        self.assert_exit(result, 4)
        self.assertIn("127.0.0.1", result.stderr)

    def test_unacceptable_flag_values_are_usage_errors_naming_flag_and_value(self):
        """Checked while parsing, before any connection (the URL leads nowhere: a later check would
        exit 4), and said as `--flag: 'value' ...: why`, never with CLI11's 309-digit bounds."""
        unreachable = "postgresql://nobody@%2Fnonexistent/none"
        cases = [
            (["rollup", "--limit", "99999999999999999999"],
             "--limit: '99999999999999999999' is not a whole number (0 or more): it is beyond 9223372036854775807"),
            (["rollup", "--offset", "-1"], "--offset: '-1' is not a whole number (0 or more): it is below 0"),
            (["backfill", "--max-rate", "0"], "--max-rate: '0' is not a number above 0: it is 0 or less"),
            (["backfill", "--max-rate", "nan"], "--max-rate: 'nan' is not a number above 0: it is not a decimal"),
            (["backfill", "--max-rate", "1e999"], "--max-rate: '1e999' is not a number above 0: it is too large"),
            (["backfill", "--batch-size", "99999999999999999999"],
             "--batch-size: '99999999999999999999' is not a whole number from 1 to 1000000: it is beyond"),
            (["backfill", "status", "--limit", "0"],
             "--limit: '0' is not a whole number from 1 to 1000: it is below 1"),
            (["summary", "--user", ""], "--user: '' is empty: give a username or a user id"),
            (["summary", "--user", os.fsdecode(b"al\xffce")],
             "--user: 'al\\xFFce' is not valid UTF-8: byte 3 does not begin a character"),
            (["rollup", "--search", os.fsdecode(b"caf\xc3")],
             "--search: 'caf\\xC3' is not valid UTF-8: byte 4 does not begin a character"),
            (["estimate", "--input-tokens", "-5", "--input-price", "3"],
             "--input-tokens: '-5' is not a whole number (0 or more): it is below 0"),
            (["migrate", "up", "--to", "99999999999999999999"], "--to: '99999999999999999999' is not a whole number"),
            (["migrate", "down", "--steps", "0"], "--steps: '0' is not a whole number from 1 to 2147483647"),
            (["migrate", "up", "--lock-retries", "101"], "--lock-retries: '101' is not a whole number from 0 to 100"),
            (["demo", "--messages", "1"], "--messages: '1' is not a whole number from 2 to 1000000: it is below 2"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                result = self.run_chatcost("-d", unreachable, *args)
                self.assert_exit(result, 2)
                self.assertEqual(result.stdout, "")
                self.assertTrue(result.stderr.startswith("chatcost: error: " + message), result.stderr)
                self.assertNotRegex(result.stderr, r"\d{25,}")

    def test_errors_as_json_lines(self):
        url = f"postgresql://alice:{PASSWORD}@%2Fnonexistent/ledger"
        result = self.run_chatcost("--log-format", "json", "-d", url, "db", "status")
        self.assert_exit(result, 4)
        lines = [json.loads(line) for line in result.stderr.splitlines()]
        self.assertEqual(lines[-1]["level"], "error")
        self.assertEqual(lines[-1]["exit_code"], 4)
        self.assertIn("****", lines[-1]["message"])
        self.assertNotIn(PASSWORD, result.stderr)


if __name__ == "__main__":
    main()
