"""Passwords never reach any output: every command path of the binary (read from --help by
tools/cli_model.py) runs with a known password given in the --database URL, in a key=value
string, in PGPASSWORD and in a .pgpass file (PGPASSFILE), against the test server (trust
authentication: the password is ignored and commands succeed) and against a socket that does
not exist (exit 4), with -v in text and in JSON logs; stdout and stderr must not hold the
password, raw or percent-encoded. A last class makes the server ask for the password, so that
libpq really reads it from .pgpass, and shows that it is not printed either.
"""
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
    "estimate": ["--input-tokens", "1000", "--output-tokens", "10", "--model", "anthropic/claude-3-5-haiku-20241022"],
    "seed": None,
    "seed generate": ["--from", os.path.join(SOURCE_ROOT, "tests", "fixtures", "pricebook",
                                             "models-dev-crafted.json"), "--providers", "all"],
    "seed apply": [],
    "prices": None,
    "prices list": [],
    "summary": ["--user", "alice"],
    "rollup": [],
    "backfill": ["--dry-run"],
    "backfill status": [],
    "explain": [MESSAGE_ID],
    "demo": ["--force", "--messages", "50", "--users", "2"],
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


if __name__ == "__main__":
    main()
