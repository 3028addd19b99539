"""Passwords never reach any output: every command path of the binary (read from --help by
tools/cli_model.py) runs with a known password given in the --database URL, in a key=value
string, in PGPASSWORD and in a .pgpass file (PGPASSFILE), against the test server (trust
authentication: the password is ignored and commands succeed) and against a socket that does
not exist (exit 4), with -v in text and in JSON logs; stdout and stderr must not hold the
password, raw or percent-encoded. A last class makes the server ask for the password, so that
libpq really reads it from .pgpass, and shows that it is not printed either.
"""
import json
import os
import sys
import urllib.parse

from clitest import SOURCE_ROOT, ChatcostTestCase, main

sys.path.insert(0, os.path.join(SOURCE_ROOT, "tools"))
import cli_model  # noqa: E402  (tools/ is not a package)

# Characters that URLs must encode, so that the encoded form is a different string to look for.
PASSWORD = "Pw!7rq@s3cr/et"
SPELLINGS = (PASSWORD, urllib.parse.quote(PASSWORD, safe=""), urllib.parse.quote_plus(PASSWORD))
UNREACHABLE_SOCKET = "/nonexistent/chatcost-secrets"
MESSAGE_ID = "1"

# The minimal valid arguments of each command path; a path missing here fails the test, so a
# new command cannot escape it. None: the path is a group without a runner of its own.
ARGUMENTS = {
    "db": None,
    "db status": [],
    "db start": [],
    "db stop": [],
    "db url": [],
    "migrate": None,
    "migrate up": [],
    "migrate down": ["--dry-run"],
    "migrate status": [],
    "migrate verify": [],
    "migrate lint": [],
    "estimate": ["--input-tokens", "1000", "--output-tokens", "10", "--model", "anthropic/claude-sonnet-4-20250514"],
    "seed": None,
    "seed generate": ["--from", os.path.join(SOURCE_ROOT, "tests", "fixtures", "pricebook",
                                             "models-dev-crafted.json"), "--providers", "all"],
    "seed apply": [],
    "prices": None,
    "prices list": [],
    "prices set": ["anthropic/claude-sonnet-4-20250514", "--input-price", "3", "--output-price", "15"],
    "prices unset": ["anthropic/claude-sonnet-4-20250514"],
    "prices history": ["anthropic/claude-sonnet-4-20250514"],
    "unpriced": [],
    "export": None,
    "export focus": ["--month", "2026-11"],
    "summary": ["--user", "alice"],
    "rollup": [],
    "backfill": ["--dry-run"],
    "backfill status": [],
    "explain": [MESSAGE_ID],
    "demo": ["--force", "--messages", "50", "--users", "2"],
    "budget": None,
    "budget set": ["--default", "50"],
    "budget unset": ["--default"],
    "budget list": [],
    "budget check": [],
    "ledger": None,
    "ledger refresh": [],
    "ledger status": [],
}

# The documented exit codes a command may end with here: ok, usage (db start/stop refuse a
# configured database), check, database unreachable, database error, invalid data, schema.
DOCUMENTED = {0, 2, 3, 4, 5, 6, 7}


class Secrets(ChatcostTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tree = cli_model.read_command_tree(os.environ.get("CHATCOST_BIN", "chatcost"))
        cls.pgpass = os.path.join(cls.scratch, "pgpass")
        with open(cls.pgpass, "w", encoding="utf-8") as f:
            f.write(f"*:*:*:*:{PASSWORD}\n")
        os.chmod(cls.pgpass, 0o600)

    def command_paths(self):
        paths = [" ".join(c.path) for c in self.tree.walk() if c.path]
        unknown = [p for p in paths if p not in ARGUMENTS]
        self.assertEqual(unknown, [], "give these command paths their minimal arguments")
        return [p for p in paths if ARGUMENTS[p] is not None]

    def ways(self, socket_dir, dbname):
        """(name, --database value, extra environment) for the four ways to give a password."""
        host = urllib.parse.quote(socket_dir, safe="")
        encoded = urllib.parse.quote(PASSWORD, safe="")
        plain_url = f"postgresql://postgres@{host}/{dbname}"
        return [
            ("url", f"postgresql://postgres:{encoded}@{host}/{dbname}", {}),
            ("key=value", f"host={socket_dir} dbname={dbname} user=postgres password='{PASSWORD}'", {}),
            ("PGPASSWORD", plain_url, {"PGPASSWORD": PASSWORD}),
            ("PGPASSFILE", plain_url, {"PGPASSFILE": self.pgpass}),
        ]

    def assert_no_password(self, result, what):
        for spelling in SPELLINGS:
            self.assertNotIn(spelling, result.stdout, f"{what}: stdout\n{result!r}")
            self.assertNotIn(spelling, result.stderr, f"{what}: stderr\n{result!r}")

    def run_everywhere(self, socket_dir, dbname, expect_code):
        ran = 0
        for way, target, extra in self.ways(socket_dir, dbname):
            for path in self.command_paths():
                for logs in (["-v"], ["-v", "--log-format", "json"]):
                    env = self.base_env(os.path.join(self.scratch, "xdg"))
                    env.update(extra)
                    args = [*path.split(), *ARGUMENTS[path], "-d", target, *logs]
                    if path == "seed generate":
                        args += ["-o", os.path.join(self.scratch, "book.json")]
                    result = self.run_chatcost(*args, env=env)
                    what = f"{way}: chatcost {' '.join(args)}"
                    with self.subTest(what):
                        self.assert_no_password(result, what)
                        expect_code(path, result, what)
                    ran += 1
        return ran

    def test_reachable_server_with_every_command(self):
        dbname = "secrets_reachable"
        self.cluster.create_database(dbname)
        self.assert_exit(self.run_chatcost("-d", self.cluster.url(dbname), "migrate", "up"), 0)

        def expect_code(path, result, what):
            self.assertIn(result.code, DOCUMENTED, what + "\n" + repr(result))

        self.assertGreater(self.run_everywhere(self.cluster.socket_dir, dbname, expect_code), 100)

    def test_unreachable_server_with_every_command(self):
        # Commands that need no database (estimate prices from the embedded book) still succeed;
        # every other one exits 4.
        offline = {"migrate lint", "seed generate", "estimate"}

        def expect_code(path, result, what):
            if path in offline:
                self.assertIn(result.code, (0, 4), what + "\n" + repr(result))
            elif path in ("db start", "db stop", "db url"):
                self.assertIn(result.code, (0, 2, 4), what + "\n" + repr(result))
            else:
                self.assertEqual(result.code, 4, what + "\n" + repr(result))

        self.run_everywhere(UNREACHABLE_SOCKET, "ledger", expect_code)


class PasswordAskedByServer(ChatcostTestCase):
    """The server asks for a password (scram-sha-256 for one role), so libpq reads .pgpass."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cluster.psql("SET password_encryption = 'scram-sha-256'; "
                         f"CREATE ROLE locked LOGIN SUPERUSER PASSWORD '{PASSWORD}'")
        hba = os.path.join(cls.cluster.data, "pg_hba.conf")
        with open(hba, encoding="utf-8") as f:
            rules = f.read()
        with open(hba, "w", encoding="utf-8") as f:
            f.write("local all locked scram-sha-256\n" + rules)
        cls.cluster.psql("SELECT pg_reload_conf()")

    def run_with_passfile(self, password, *args):
        passfile = os.path.join(self.scratch, "pgpass-" + self.id().split(".")[-1])
        with open(passfile, "w", encoding="utf-8") as f:
            f.write(f"*:*:*:locked:{password}\n")
        os.chmod(passfile, 0o600)
        env = self.base_env()
        env["PGPASSFILE"] = passfile
        url = self.cluster.url("postgres", user="locked")
        return self.run_chatcost("-v", "-d", url, *args, env=env)

    def test_password_from_pgpass_is_used_and_never_printed(self):
        for logs in ([], ["--log-format", "json"]):
            result = self.run_with_passfile(PASSWORD, "db", "status", *logs)
            self.assert_exit(result, 0)
            for spelling in SPELLINGS:
                self.assertNotIn(spelling, result.stdout + result.stderr)

    def test_wrong_password_from_pgpass_fails_without_printing_it(self):
        wrong = PASSWORD + "-wrong"
        for logs in ([], ["--log-format", "json"]):
            result = self.run_with_passfile(wrong, "db", "status", *logs)
            self.assert_exit(result, 4)
            self.assertIn("password authentication failed", result.stderr)
            for spelling in (wrong, urllib.parse.quote(wrong, safe=""), PASSWORD):
                self.assertNotIn(spelling, result.stdout + result.stderr)


# libpq repeats a connection string it rejects verbatim, and sometimes its password alone: every
# malformed form, and every error in the string itself (exit 2, not 4: nothing is unreachable).
LEAKY = "S3cretPw"
MALFORMED = [
    f"postgresql://admin:{LEAKY}@[::1",                     # IPv6 bracket never closed
    f"postgresql://admin:{LEAKY}@[::1]x/db",                # a bad character after the IPv6 host
    "postgresql://admin:S3%zzcretPw@host/db",               # a bad percent-encoding in the password
    "postgresql://admin:S3c%00retPw@host/db",               # %00 in the password
    f"postgresql://admin:{LEAKY}@host/db?nonsense=1",       # an unknown parameter
    f"mysql://user:{LEAKY}@host/db",                        # any other scheme
    f"host=/nonexistent password='{LEAKY}",                 # an unterminated quote
    f"password = '{LEAKY} x' host=/nonexistent port",       # a key without a value
    f"postgresql://admin:{LEAKY}@localhost/db?sslmode=bogus",
    f"postgresql://admin:{LEAKY}@localhost:99999/db",
    f"postgresql://admin:{LEAKY}@localhost:5432x/db",
    f"host=/nonexistent password={LEAKY} sslmode=bogus",
]
# What a password fragment looks like in any of them: none may be printed.
FRAGMENTS = ("retPw", "S3%zz", "S3c%00", "S3c\\x00", "S3cret")
LOGS = ([], ["--log-format", "json"], ["-v"], ["-v", "--log-format", "json"])


class MalformedConnectionStrings(ChatcostTestCase):
    needs_server = False

    def assert_clean(self, result, what):
        for fragment in FRAGMENTS:
            self.assertNotIn(fragment, result.stdout, f"{what}: stdout\n{result!r}")
            self.assertNotIn(fragment, result.stderr, f"{what}: stderr\n{result!r}")

    def sources(self, conninfo):
        """(name, arguments, extra environment) for each way to give a connection string."""
        return [("-d", ["-d", conninfo], {}),
                ("CHATCOST_DATABASE_URL", [], {"CHATCOST_DATABASE_URL": conninfo}),
                ("DATABASE_URL", [], {"DATABASE_URL": conninfo})]

    def test_every_malformed_form_from_every_source_is_masked_and_exits_2(self):
        for conninfo in MALFORMED:
            for source, args, extra in self.sources(conninfo):
                for logs in LOGS:
                    env = self.base_env()
                    env.update(extra)
                    result = self.run_chatcost(*args, *logs, "db", "status", env=env)
                    what = f"{source}={conninfo!r} {' '.join(logs)}"
                    with self.subTest(what):
                        self.assert_clean(result, what)
                        self.assert_exit(result, 2)
                        self.assertIn("****", result.stderr)
                        self.assertIn("invalid connection string", result.stderr)

    def test_json_logs_hold_one_error_object_without_the_password(self):
        result = self.run_chatcost("-d", f"postgresql://admin:{LEAKY}@[::1", "--log-format", "json", "-v",
                                   "db", "status")
        self.assert_exit(result, 2)
        error = json.loads(result.stderr.strip().splitlines()[-1])
        self.assertEqual((error["event"], error["exit_code"]), ("error", 2))
        self.assertIn('"postgresql://admin:****@[::1"', error["message"])

    def test_a_stray_argument_is_masked_too(self):
        result = self.run_chatcost("db", "status", f"mysql://user:{LEAKY}@host/db")
        self.assert_exit(result, 2)
        self.assert_clean(result, "stray argument")

    def service_file(self, *lines):
        path = os.path.join(self.scratch, f"pg_service-{len(os.listdir(self.scratch))}.conf")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(["[ledger]", *lines]) + "\n")
        return path

    def test_service_file_with_a_password_and_a_bad_option(self):
        bad_value = self.service_file("host=/nonexistent", f"password={LEAKY}", "sslmode=bogus")
        bad_key = self.service_file("host=/nonexistent", f"password={LEAKY}", "no_such_option=1")
        for path in (bad_value, bad_key):
            for args, extra in ((["-d", "service=ledger"], {}), ([], {"PGSERVICE": "ledger"})):
                for logs in LOGS:
                    env = self.base_env()
                    env.update(extra, PGSERVICEFILE=path)
                    result = self.run_chatcost(*args, *logs, "db", "status", env=env)
                    what = f"{path} {args} {extra} {' '.join(logs)}"
                    with self.subTest(what):
                        self.assert_clean(result, what)
                        self.assert_exit(result, 2)

    def test_libpq_tabs_print_as_indentation(self):
        result = self.run_chatcost("-d", "postgresql://nobody@%2Fnonexistent%2Fsocket/none", "db", "status")
        self.assert_exit(result, 4)
        self.assertIn("\n  Is the server running locally", result.stderr)
        self.assertNotIn("\\t", result.stderr)


if __name__ == "__main__":
    main()
