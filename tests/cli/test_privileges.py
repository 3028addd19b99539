"""Least privileges, as README.md ("Least privileges") and PRIVILEGES in chatcost(1) document them.

- Every command that reads runs under a role holding exactly the grants documented for it and
  prints what the superuser's run prints; under a role holding one grant less it exits 5, names
  the table refused (SQLSTATE 42501) and points to PRIVILEGES.
- The README's own SQL, run as written, makes a reporting role (summary, rollup, explain, prices
  list print what the superuser's runs print), a backfill role (prices everything like the
  independent oracle of tests/harness/backfill_data.py, on either write path) and a seeding role.
- backfill and seed apply check their grants before any work: under a read-only role (SELECT on
  every table) they exit 5 naming every missing privilege, and write nothing.
- migrate runs as a non-superuser that owns the tables, and fails (exit 5) for any other role.
- The embedded database's data and socket directories are 0700, and another OS account (nobody)
  can neither list the data directory, nor read PG_VERSION in it, nor connect through the socket.

Roles are created in the harness's server, which trusts every role on its socket: a role connects
by name (self.cluster.url(dbname, user=role)).
"""
import grp
import os
import pwd
import re
import shutil
import stat
import subprocess
import tempfile

import backfill_data as data
import report_fixture
from clitest import SOURCE_ROOT, ChatcostTestCase, main
from pg_cluster import find_bindir

SCHEMA = "SELECT ON chatcost_schema_migrations"
REPORT_READS = [SCHEMA, "SELECT ON users", "SELECT ON chats", "SELECT ON chat_messages",
                "SELECT ON chat_model_configs", "SELECT ON chatcost_ledger", "SELECT ON chatcost_ledger_changes",
                "SELECT ON chatcost_ledger_state"]
PRICING_READS = [SCHEMA, "SELECT ON chat_messages", "SELECT ON chat_model_configs",
                 "SELECT ON ai_model_prices", "SELECT ON chatcost_price_periods", "SELECT ON chatcost_price_refs"]
BACKFILL_WRITES = ["UPDATE (total_cost_micros) ON chat_messages", "UPDATE (cost_price_ref) ON chat_messages",
                   "INSERT ON chatcost_price_refs"] + [
    f"{privilege} ON {table}"
    for table in ("chatcost_backfill_runs", "chatcost_backfill_run_models", "chatcost_backfill_run_problems")
    for privilege in ("SELECT", "INSERT", "UPDATE")] + ["USAGE ON SEQUENCE chatcost_backfill_runs_id_seq"]
# What a role with SELECT on every table still lacks to backfill.
READ_ONLY_LACKS = [g for g in BACKFILL_WRITES if not g.startswith("SELECT ")]
SEED_APPLY = [SCHEMA, "SELECT ON ai_model_prices", "SELECT ON chatcost_price_periods", "INSERT ON ai_model_prices",
              "UPDATE ON ai_model_prices", "INSERT ON chatcost_price_periods", "UPDATE ON chatcost_price_periods"]

NOVEMBER = ("--since", "2026-11-01", "--until", "2026-12-01")   # tests/cli/report_fixture.py
JANUARY = ("--since", "2025-01-01", "--until", "2025-01-02")    # backfill_data's messages
FIRST_GENERATED_ID = 1000                                       # below: the report fixture's

# The README's table, command by command: what each reading command needs, nothing more.
READING_COMMANDS = [
    (("summary", "--user", "alice", *NOVEMBER), REPORT_READS),
    (("rollup", *NOVEMBER), REPORT_READS),  # --by user: users and chats too
    (("explain", str(FIRST_GENERATED_ID + 1)), PRICING_READS),
    (("prices", "list"), [SCHEMA, "SELECT ON ai_model_prices"]),
    (("seed", "apply", "--dry-run"), [SCHEMA, "SELECT ON ai_model_prices", "SELECT ON chatcost_price_periods"]),
    (("backfill", "--dry-run", "--format", "json"), PRICING_READS),
    (("unpriced", *NOVEMBER), [SCHEMA, "SELECT ON chat_messages", "SELECT ON chat_model_configs",
                               "SELECT ON ai_model_prices", "SELECT ON chatcost_price_periods"]),
    (("backfill", "status"), [SCHEMA, "SELECT ON chatcost_backfill_runs"]),
    (("db", "status", "--format", "json"), [SCHEMA]),
    (("migrate", "status"), [SCHEMA]),
]
# backfill and seed apply check their grants before any work (src/ledger/required_privileges.cpp); the
# man page whose PRIVILEGES section their hint names.
CHECKED = {"backfill": "chatcost-backfill(1)", "seed": "chatcost-seed(1)"}


def checks_first(args):
    return (args[0] == "backfill" and "status" not in args) or args[:2] == ("seed", "apply")


def readme_sql_blocks():
    """The ```sql blocks of the README's "Least privileges" section, in order: the roles, the owner's
    CREATE on the schema, the other roles' grants."""
    with open(os.path.join(SOURCE_ROOT, "README.md"), encoding="utf-8") as f:
        text = f.read()
    section = text.split("\n## Least privileges\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


def lacks_text(grants):
    """The privileges as chatcost's message names them: "INSERT, UPDATE on t; USAGE on sequence s"."""
    groups = {}
    for grant in grants:
        privilege, on = grant.split(" ON ", 1)
        groups.setdefault(on.replace("SEQUENCE ", "sequence "), []).append(privilege)
    return "; ".join(f"{', '.join(privileges)} on {on}" for on, privileges in groups.items())


def table_of(grant):
    return grant.split(" ON ", 1)[1].replace("SEQUENCE ", "")


class Privileges(ChatcostTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.readme = readme_sql_blocks()
        cls.cluster.psql(cls.readme[0])  # the README's roles, once per server
        cls.roles = 0

    # -- helpers ------------------------------------------------------------------------------
    def dbname(self, url):
        return url.rsplit("/", 1)[1]

    def sql(self, url, statement, user="postgres"):
        """Runs SQL in url's database as `user`; returns stdout (unaligned, tuples only)."""
        argv = [self.cluster.program("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", self.cluster.socket_dir, "-U", user, "-d", self.dbname(url), "-c", statement]
        result = subprocess.run(argv, capture_output=True, text=True, check=False)
        self.assertEqual(result.returncode, 0, f"psql as {user}: {result.stderr}")
        return result.stdout.strip()

    def as_role(self, url, role):
        return self.cluster.url(self.dbname(url), user=role)

    def role_with(self, url, grants):
        """A new login role holding exactly `grants` ("SELECT ON users", ...) in url's database."""
        type(self).roles += 1
        role = f"cc_role_{type(self).roles}"
        self.cluster.psql(f"CREATE ROLE {role} LOGIN")
        if grants:
            self.sql(url, "".join(f"GRANT {grant} TO {role};" for grant in grants))
        return role

    def chatcost(self, url, role, *args):
        return self.run_chatcost("-d", self.as_role(url, role), *args)

    def loaded(self, invalid=False, priced=True):
        """A database migrated by the superuser, holding the report fixture (message ids below 1000,
        hand-computed figures) and 3,000 generated messages (ids from 1000) with the oracle view;
        priced by the superuser's backfill when `priced`. The README's grants are in place."""
        url = self.fresh_database()
        report_fixture.load(self, url, self.dbname(url))
        self.sql(url, data.setup_sql(3000, invalid=invalid, first_id=FIRST_GENERATED_ID) + data.ORACLE_SQL)
        if priced:
            self.assert_exit(self.run_chatcost("-q", "-d", url, "backfill"), 6 if invalid else 0)
        self.sql(url, self.readme[2])
        return url

    def same_output(self, url, role, *args):
        """Runs the command as the superuser and as `role`: both exit 0 and print the same report
        (but for the role's own name where the report shows it)."""
        mine = self.chatcost(url, "postgres", *args)
        self.assert_exit(mine, 0)
        theirs = self.chatcost(url, role, *args)
        self.assert_exit(theirs, 0)
        normalise = lambda text, who: re.sub(rf'//{who}@|"role": "{who}"', "ROLE", text)  # noqa: E731
        if args[0] == "backfill" and "--dry-run" in args:  # timings differ from run to run
            for key in ("rows_scanned", "rows_priced", "rows_unpriced", "rows_invalid", "by_model"):
                self.assertEqual(theirs.json()[key], mine.json()[key], key)
        else:
            self.assertEqual(normalise(theirs.stdout, role), normalise(mine.stdout, "postgres"))
        return mine

    def assert_refused(self, result, table):
        """Exit 5 on the first statement refused, naming the table and where the grants are."""
        self.assert_exit(result, 5)
        self.assertIn(f"permission denied for table {table} (SQLSTATE 42501)", result.stderr)
        self.assertIn("chatcost: hint: the database role lacks a privilege this command needs: "
                      "see PRIVILEGES in chatcost(1)", result.stderr)

    def assert_lacks(self, result, command, role, grants):
        """Exit 5 before any work, naming every missing privilege, and the command's man page."""
        self.assert_exit(result, 5)
        what = "seed apply" if command == "seed" else command
        self.assertEqual(result.stderr,
                         f'chatcost: error: {what}: role "{role}" lacks {lacks_text(grants)}\n'
                         f"chatcost: hint: ask the database owner to GRANT them (see PRIVILEGES in "
                         f"{CHECKED[command]})\n")

    def still_to_price(self, url):
        """The messages a backfill prices: cost NULL, and a cost by the oracle (among them message 8
        of the report fixture, a user message its model's price book row prices)."""
        return int(self.sql(url, """SELECT count(o.expected) FROM backfill_oracle AS o
                                    JOIN chat_messages AS m USING (id) WHERE m.total_cost_micros IS NULL"""))

    def assert_nothing_written(self, url):
        self.assertEqual(self.sql(url, f"""SELECT count(total_cost_micros) FROM chat_messages
                                           WHERE id >= {FIRST_GENERATED_ID}"""), "0")
        self.assertEqual(self.sql(url, "SELECT count(*) FROM chatcost_backfill_runs"), "0")

    # -- every reading command: exactly its grants, and not one less ---------------------------
    def test_each_reading_command_under_exactly_its_grants_and_under_one_less(self):
        url = self.loaded()
        for args, grants in READING_COMMANDS:
            with self.subTest(command=" ".join(args)):
                self.same_output(url, self.role_with(url, grants), *args)
                for missing in grants:
                    role = self.role_with(url, [g for g in grants if g != missing])
                    result = self.chatcost(url, role, *args)
                    if checks_first(args) and missing != SCHEMA:  # the schema is read before the check
                        self.assert_lacks(result, args[0], role, [missing])
                    else:
                        self.assert_refused(result, table_of(missing))

    def test_a_reporting_role_missing_one_select_cannot_summarise(self):
        url = self.loaded()
        role = self.role_with(url, [g for g in REPORT_READS if g != "SELECT ON chats"])
        result = self.chatcost(url, role, "summary", "--user", "alice", *NOVEMBER)
        self.assert_refused(result, "chats")
        self.assertEqual(result.stdout, "")

    # -- the README's roles ----------------------------------------------------------------------
    def test_the_readme_reporting_role_sees_what_the_superuser_sees(self):
        url = self.loaded()
        role = "chatcost_report"
        # The hand-computed figure of docs/json-output.md: alice's November, $1.484610.
        summary = self.same_output(url, role, "--format", "json", "summary", "--user", "alice", *NOVEMBER)
        self.assertEqual(summary.json()["cost_micros"], 1484610)
        self.same_output(url, role, "summary", "--user", "alice", *NOVEMBER)
        self.same_output(url, role, "summary", "--user", "user7", *JANUARY)
        for by in ("user", "model", "provider", "day", "month"):
            for fmt in ("table", "json"):
                self.same_output(url, role, "--format", fmt, "rollup", "--by", by, *JANUARY)
        self.same_output(url, role, "rollup", "--search", "user1", "--limit", "0", *JANUARY)
        rollup = self.same_output(url, role, "--format", "json", "rollup", "--by", "model", *JANUARY)
        self.assertGreater(rollup.json()["models_totals"]["cost_micros"], 0, "the data is priced")
        for message in ("1", "4", str(FIRST_GENERATED_ID + 1), str(FIRST_GENERATED_ID + 8)):
            self.same_output(url, role, "explain", message)
            self.same_output(url, role, "--format", "json", "explain", message)
        self.same_output(url, role, "prices", "list")
        # ... and it writes nothing.
        self.assert_lacks(self.chatcost(url, role, "seed", "apply"), "seed", role,
                          ["INSERT ON ai_model_prices", "UPDATE ON ai_model_prices",
                           "INSERT ON chatcost_price_periods", "UPDATE ON chatcost_price_periods"])
        self.assert_lacks(self.chatcost(url, role, "backfill", "--recompute"), "backfill", role,
                          BACKFILL_WRITES)

    def test_a_read_only_role_cannot_backfill_and_writes_nothing(self):
        url = self.loaded(priced=False)
        role = self.role_with(url, [])
        self.sql(url, f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
        for args in ((), ("--recompute",), ("--since", "2025-01-01", "--batch-size", "10")):
            result = self.chatcost(url, role, "backfill", *args)
            self.assert_lacks(result, "backfill", role, READ_ONLY_LACKS)
            self.assertEqual(result.stdout, "")
            self.assert_nothing_written(url)
        # A dry run only reads: it works, and reports what the backfill role will write.
        dry = self.chatcost(url, role, "--format", "json", "backfill", "--dry-run")
        self.assert_exit(dry, 0)
        self.assertEqual(dry.json()["rows_priced"], self.still_to_price(url))
        self.assert_nothing_written(url)
        # seed apply too: refused whole, its dry run allowed.
        before = self.sql(url, "SELECT count(*) FROM ai_model_prices")
        self.assert_lacks(self.chatcost(url, role, "seed", "apply"), "seed", role,
                          ["INSERT ON ai_model_prices", "UPDATE ON ai_model_prices",
                           "INSERT ON chatcost_price_periods", "UPDATE ON chatcost_price_periods"])
        self.assert_exit(self.chatcost(url, role, "seed", "apply", "--dry-run"), 0)
        self.assertEqual(self.sql(url, "SELECT count(*) FROM ai_model_prices"), before)

    def test_backfill_is_refused_whole_for_each_grant_it_lacks(self):
        url = self.loaded(priced=False)
        grants = PRICING_READS + BACKFILL_WRITES
        self.assert_exit(self.chatcost(url, self.role_with(url, grants), "backfill", "--dry-run"), 0)
        for missing in grants:
            with self.subTest(missing=missing):
                role = self.role_with(url, [g for g in grants if g != missing])
                result = self.chatcost(url, role, "backfill")
                if missing == SCHEMA:
                    self.assert_refused(result, "chatcost_schema_migrations")
                else:
                    self.assert_lacks(result, "backfill", role, [missing])
                self.assert_nothing_written(url)
        result = self.chatcost(url, self.role_with(url, grants), "--format", "json", "backfill")
        self.assert_exit(result, 0)
        self.assertEqual(self.sql(url, data.MISMATCH_SQL + f" AND id >= {FIRST_GENERATED_ID}"), "0")

    def test_the_readme_backfill_role_prices_everything_like_the_oracle(self):
        for plain_writes in (True, False):
            with self.subTest(plain_writes=plain_writes):
                url = self.loaded(priced=False)
                if not plain_writes:
                    # A deadlock_timeout too short for the plain write: every batch claims its rows
                    # with FOR NO KEY UPDATE SKIP LOCKED (backfill_write_batch_skip_locked.sql).
                    self.sql(url, f"ALTER ROLE chatcost_backfill IN DATABASE {self.dbname(url)} "
                                  "SET deadlock_timeout = '100ms'")
                to_price = self.still_to_price(url)
                self.assertGreater(to_price, 1000)
                result = self.chatcost(url, "chatcost_backfill", "--format", "json", "backfill",
                                       "--batch-size", "500")
                self.assert_exit(result, 0)
                self.assertEqual(result.json()["rows_written"], to_price)
                self.assertEqual(self.sql(url, data.MISMATCH_SQL + f" AND id >= {FIRST_GENERATED_ID}"), "0")
                self.assertEqual(self.sql(url, "SELECT state FROM chatcost_backfill_runs"), "completed")
                status = self.chatcost(url, "chatcost_backfill", "--format", "json", "backfill", "status")
                self.assert_exit(status, 0)
                self.assertEqual([run["state"] for run in status.json()["runs"]], ["completed"])
                again = self.chatcost(url, "chatcost_backfill", "--format", "json", "backfill", "--recompute",
                                      *JANUARY)
                self.assert_exit(again, 0)
                self.assertEqual(again.json()["rows_written"], 0)

    def test_the_readme_backfill_role_records_bad_data(self):
        url = self.loaded(invalid=True, priced=False)
        result = self.chatcost(url, "chatcost_backfill", "--format", "json", "backfill")
        self.assert_exit(result, 6)
        self.assertGreater(len(result.json()["invalid"]), 0)
        self.assertNotEqual(self.sql(url, "SELECT count(*) FROM chatcost_backfill_run_problems"), "0")
        self.assertEqual(self.sql(url, data.MISMATCH_SQL + f" AND id >= {FIRST_GENERATED_ID}"), "0")

    def test_the_readme_seeding_role_applies_the_book(self):
        url = self.loaded()
        first = self.chatcost(url, "chatcost_seed", "--format", "json", "seed", "apply")
        self.assert_exit(first, 0)
        self.assertGreater(first.json()["inserted"], 10)
        second = self.chatcost(url, "chatcost_seed", "--format", "json", "seed", "apply")
        self.assert_exit(second, 0)
        self.assertEqual((second.json()["inserted"], second.json()["updated"]), (0, 0))
        self.same_output(url, "chatcost_seed", "prices", "list")
        # It may not touch the ledger.
        self.assert_lacks(self.chatcost(url, "chatcost_seed", "backfill", "--dry-run"), "backfill",
                          "chatcost_seed", ["SELECT ON chat_messages", "SELECT ON chat_model_configs",
                                            "SELECT ON chatcost_price_refs"])

    def test_seed_apply_is_refused_whole_for_each_grant_it_lacks(self):
        url = self.loaded()
        before = self.sql(url, "SELECT count(*) FROM ai_model_prices")
        for missing in SEED_APPLY:
            with self.subTest(missing=missing):
                role = self.role_with(url, [g for g in SEED_APPLY if g != missing])
                result = self.chatcost(url, role, "seed", "apply")
                if missing == SCHEMA:
                    self.assert_refused(result, "chatcost_schema_migrations")
                else:
                    self.assert_lacks(result, "seed", role, [missing])
                self.assertEqual(self.sql(url, "SELECT count(*) FROM ai_model_prices"), before)

    # -- migrate: the owner ------------------------------------------------------------------------
    def test_migrate_as_the_owner_and_nobody_else(self):
        url = self.fresh_database()
        # Without CREATE on the schema (PostgreSQL 15 grants it to nobody but the owner), refused.
        result = self.chatcost(url, "chatcost_owner", "migrate", "up")
        self.assert_exit(result, 5)
        self.assertIn("permission denied for schema public", result.stderr)
        self.sql(url, self.readme[1])  # GRANT CREATE ON SCHEMA public TO chatcost_owner
        self.assert_exit(self.chatcost(url, "chatcost_owner", "-q", "migrate", "up"), 0)
        owners = self.sql(url, """SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'""")
        self.assertEqual(owners, "chatcost_owner")
        self.sql(url, self.readme[2], user="chatcost_owner")  # the owner grants the others
        self.assert_exit(self.chatcost(url, "chatcost_report", "rollup"), 0)
        self.assert_exit(self.chatcost(url, "chatcost_seed", "-q", "seed", "apply"), 0)
        self.assert_exit(self.chatcost(url, "chatcost_backfill", "-q", "backfill"), 0)
        # Another role, even one that may create in the schema, cannot change the owner's tables.
        self.sql(url, "GRANT CREATE ON SCHEMA public TO chatcost_report")
        down = self.chatcost(url, "chatcost_report", "migrate", "down", "--steps", "1")
        self.assert_exit(down, 5)
        # Refused by the migration's DDL (not the owner) or, first, by the bookkeeping row it removes.
        self.assertRegex(down.stderr, r"must be owner of|permission denied for table chatcost_schema_migrations")
        self.assert_exit(self.chatcost(url, "chatcost_owner", "migrate", "status", "--check"), 0)
        self.assert_exit(self.chatcost(url, "chatcost_owner", "-q", "migrate", "down", "--steps", "1"), 0)
        # verify works in a scratch database of its own: CREATEDB, nothing more.
        verify = self.chatcost(url, "chatcost_owner", "migrate", "verify")
        self.assert_exit(verify, 5)
        self.assertIn("permission denied to create database", verify.stderr)
        self.cluster.psql("ALTER ROLE chatcost_owner CREATEDB")
        try:
            self.assert_exit(self.chatcost(url, "chatcost_owner", "-q", "migrate", "verify"), 0)
        finally:
            self.cluster.psql("ALTER ROLE chatcost_owner NOCREATEDB")

    # -- the embedded database: private to its OS account ---------------------------------------------
    def test_the_embedded_database_is_out_of_reach_of_other_accounts(self):
        """As root (this machine and CI): the directories are 0700 and owned by the server account,
        and the `nobody` account can list the test's own directory (so nothing of the test stops
        it) but can neither list the data directory, nor read PG_VERSION in it, nor connect through
        the socket, which root can. As another user: the modes and the ownership only (there is no
        second account to try from)."""
        root = tempfile.mkdtemp(prefix="chatcost-privileges-")
        self.addCleanup(shutil.rmtree, root, True)
        os.chmod(root, 0o755)
        xdg = os.path.join(root, "xdg")
        os.mkdir(xdg, 0o755)
        env = self.base_env(xdg)
        started = self.run_chatcost("--format", "json", "db", "start", env=env)
        self.addCleanup(self.stop_embedded, env, os.path.join(xdg, "chatcost", "postgres", "data"))
        self.assert_exit(started, 0)
        embedded = started.json()["embedded"]
        data_dir, socket_dir = embedded["data_directory"], embedded["socket_directory"]

        server = pwd.getpwnam(os.environ.get("CHATCOST_SERVER_ACCOUNT", "postgres")).pw_uid \
            if os.geteuid() == 0 else os.geteuid()
        for path in (data_dir, socket_dir):
            info = os.stat(path)
            self.assertEqual(oct(stat.S_IMODE(info.st_mode)), oct(0o700), path)
            self.assertEqual(info.st_uid, server, path)
        if os.geteuid() != 0:
            return

        psql = [os.path.join(find_bindir(), "psql"), "-X", "-A", "-t", "-h", socket_dir, "-U", "chatcost",
                "-d", "chatcost", "-c", "SELECT 'reached'"]
        reached = subprocess.run(psql, capture_output=True, text=True, check=False, cwd="/")
        self.assertEqual((reached.returncode, reached.stdout.strip()), (0, "reached"), reached.stderr)

        nobody = pwd.getpwnam("nobody")
        as_nobody = ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={grp.getgrnam('nogroup').gr_gid}",
                     "--clear-groups", "--"]

        def try_as_nobody(argv):
            env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent"}
            return subprocess.run(as_nobody + argv, capture_output=True, text=True, check=False, cwd="/",
                                  env=env)

        self.assertEqual(try_as_nobody(["ls", xdg]).returncode, 0, "the test's own directory is open")
        for argv in (["ls", data_dir], ["cat", os.path.join(data_dir, "PG_VERSION")], psql):
            with self.subTest(argv=argv[0]):
                result = try_as_nobody(argv)
                self.assertNotEqual(result.returncode, 0, result.stdout)
                self.assertNotIn("reached", result.stdout)
                self.assertRegex(result.stderr, r"Permission denied|No such file or directory")
                if argv is psql:
                    self.assertIn(os.path.join(socket_dir, ".s.PGSQL.5432"), result.stderr)

    def stop_embedded(self, env, data_dir):
        """Never leave a server running behind the test, whatever happened in it."""
        if os.path.exists(os.path.join(data_dir, "postmaster.pid")):
            self.run_chatcost("db", "stop", env=env)
        if os.path.exists(os.path.join(data_dir, "postmaster.pid")):
            owner = os.stat(data_dir)
            cmd = [os.path.join(find_bindir(), "pg_ctl"), "stop", "-D", data_dir, "-m", "immediate"]
            if owner.st_uid != os.geteuid():
                cmd = ["setpriv", f"--reuid={owner.st_uid}", f"--regid={owner.st_gid}",
                       "--clear-groups"] + cmd
            subprocess.run(cmd, capture_output=True, check=False)


if __name__ == "__main__":
    main()
