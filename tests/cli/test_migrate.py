"""`chatcost migrate up|down|status|verify|lint` against real servers: the schema's life cycle,
drift, failures, concurrent runs, dry runs that write nothing, reversibility and lint rules."""
import contextlib
import glob
import json
import hashlib
import os
import shutil
import subprocess
import time

from clitest import SOURCE_ROOT, ChatcostTestCase, main

MIGRATIONS = os.path.join(SOURCE_ROOT, "sql", "migrations")
FIXTURES = os.path.join(SOURCE_ROOT, "tests", "fixtures", "migrations")
MIGRATE_LOCK_KEY = 7161688131923763572  # db::migrate_lock_key, "ccmigrat"
NOT_MIGRATED_HINT = "run 'chatcost migrate up' first"


def embedded_versions():
    return sorted(int(os.path.basename(p)[:4]) for p in glob.glob(os.path.join(MIGRATIONS, "*.up.sql")))


def checksum(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read().replace(b"\r\n", b"\n")).hexdigest()


@contextlib.contextmanager
def holding(test, url, sql, granted_query):
    """A psql session running `sql` in the background (it takes a lock, then sleeps), from the
    moment `granted_query` counts 1 until its backend is terminated."""
    dbname = url.rsplit("/", 1)[-1]
    env = dict(os.environ, PGAPPNAME="chatcost_test_holder")
    process = subprocess.Popen([test.cluster.program("psql"), "-X", "-q", "-h", test.cluster.socket_dir,
                                "-U", "postgres", "-d", dbname, "-c", sql],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        for _ in range(100):
            if test.cluster.psql(granted_query, dbname) == "1":
                break
            time.sleep(0.05)
        else:
            test.fail("the background session did not get its lock")
        yield
    finally:
        # Killing psql is not enough: its backend sleeps on, holding the lock.
        test.cluster.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE application_name = 'chatcost_test_holder'")
        process.kill()
        process.wait()


class MigrateCase(ChatcostTestCase):
    def migrate(self, url, *args, code=0):
        result = self.run_chatcost("-d", url, "--format", "json", "-q", "migrate", *args)
        self.assert_exit(result, code)
        return result

    def status(self, url, *args):
        return self.run_chatcost("-d", url, "--format", "json", "migrate", "status", *args)

    def migrations_dir(self, *fixtures):
        """A copy of sql/migrations plus the files of the fixture directories named."""
        target = os.path.join(self.scratch, self.id().split(".")[-1] + "_migrations")
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(MIGRATIONS, target)
        for fixture in fixtures:
            for path in glob.glob(os.path.join(FIXTURES, fixture, "*.sql")):
                shutil.copy(path, target)
        return target

    def sql(self, url_or_db, sql):
        dbname = url_or_db.rsplit("/", 1)[-1]
        return self.cluster.psql(sql, dbname)

    def recorded(self, url):
        return self.sql(url, "SELECT version, state FROM chatcost_schema_migrations ORDER BY version")


class LifeCycle(MigrateCase):
    def test_fresh_up_down_to_zero_up_again(self):
        url = self.fresh_database()
        versions = embedded_versions()
        up = self.migrate(url, "up").json()
        self.assertEqual([m["version"] for m in up["applied"]], versions)
        self.assertEqual(up["schema_version"], versions[-1])
        self.assertEqual(up["schema"], f"up to date (version {versions[-1]})")
        self.assertEqual(self.migrate(url, "up").json()["applied"], [])

        down = self.migrate(url, "down", "--to", "0").json()
        self.assertEqual([m["version"] for m in down["undone"]], versions[::-1])
        self.assertEqual(down["schema"], "not migrated")
        self.assertEqual(self.sql(url, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"),
                         "0")

        again = self.migrate(url, "up").json()
        self.assertEqual([m["version"] for m in again["applied"]], versions)
        self.assert_exit(self.status(url, "--check"), 0)

    def test_down_one_step_by_default_then_steps_and_to(self):
        url = self.fresh_database()
        versions = embedded_versions()
        self.migrate(url, "up")
        self.assertEqual([m["version"] for m in self.migrate(url, "down").json()["undone"]], [versions[-1]])
        self.assertEqual([m["version"] for m in self.migrate(url, "down", "--steps", "2").json()["undone"]],
                         [versions[-2], versions[-3]])
        self.assertEqual([m["version"] for m in self.migrate(url, "down", "--to", "2").json()["undone"]],
                         [v for v in versions[:-3] if v > 2][::-1])
        self.assertEqual(self.migrate(url, "up", "--to", "4").json()["schema_version"], 4)

    def test_status_check_exit_codes(self):
        url = self.fresh_database()
        fresh = self.status(url, "--check")
        self.assert_exit(fresh, 3)
        report = fresh.json()
        self.assertFalse(report["clean"])
        self.assertEqual(report["schema"], "not migrated")
        self.assertEqual({m["state"] for m in report["migrations"]}, {"pending"})
        self.assert_exit(self.status(url), 0)  # without --check, a report only

        self.migrate(url, "up", "--to", "3")
        partial = self.status(url, "--check")
        self.assert_exit(partial, 3)
        states = {m["version"]: m["state"] for m in partial.json()["migrations"]}
        self.assertEqual(states[3], "applied")
        self.assertEqual(states[4], "pending")

        self.migrate(url, "up")
        clean = self.status(url, "--check")
        self.assert_exit(clean, 0)
        report = clean.json()
        self.assertTrue(report["clean"])
        first = report["migrations"][0]
        self.assertEqual((first["version"], first["name"], first["state"]), (1, "schema_migrations", "applied"))
        self.assertRegex(first["applied_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertIsInstance(first["duration_ms"], int)

        table = self.run_chatcost("-d", url, "migrate", "status")
        self.assertIn("schema_migrations", table.stdout)
        self.assertIn("applied", table.stdout)

    def test_bad_flags_are_usage_errors(self):
        url = self.fresh_database()
        for args in (["up", "--wait-lock", "5x"], ["up", "--lock-timeout", "-1s"], ["down", "--to", "1", "--steps", "2"],
                     ["up", "--to", "999"], ["down", "--steps", "0"], ["up", "--migrations-dir", "/nonexistent"]):
            with self.subTest(args=args):
                result = self.run_chatcost("-d", url, "migrate", *args)
                self.assert_exit(result, 2)
        self.assertIn("invalid duration '5x'", self.run_chatcost("-d", url, "migrate", "up", "--wait-lock", "5x").stderr)

    def test_other_commands_refuse_an_unmigrated_database(self):
        url = self.fresh_database()
        listed = self.run_chatcost("--help").stdout
        commands = [["prices", "list"], ["seed", "apply"], ["summary", "--user", "ana"], ["rollup"], ["backfill"],
                    ["explain", "1"]]
        checked = 0
        for command in commands:
            if f"  {command[0]} " not in listed:
                continue  # not in this build (yet)
            with self.subTest(command=command):
                result = self.run_chatcost("-d", url, *command)
                self.assert_exit(result, 7)
                self.assertIn(NOT_MIGRATED_HINT, result.stderr)
                checked += 1
        self.assertGreater(checked, 0)
        self.assert_exit(self.run_chatcost("-d", url, "db", "status"), 0)  # db status needs no schema


class Drift(MigrateCase):
    def test_edited_applied_migration_stops_up_with_both_checksums(self):
        url = self.fresh_database()
        directory = self.migrations_dir()
        self.migrate(url, "up", "--migrations-dir", directory)
        path = os.path.join(directory, "0002_chat_platform.up.sql")
        applied = checksum(path)
        with open(path, "rb") as f:
            original = f.read()
        with open(path, "wb") as f:  # CRLF line ends are not an edit
            f.write(original.replace(b"\n", b"\r\n"))
        self.assert_exit(self.status(url, "--check", "--migrations-dir", directory), 0)
        with open(path, "ab") as f:
            f.write(b"-- an afterthought\r\n")
        edited = checksum(path)
        result = self.migrate(url, "up", "--migrations-dir", directory, code=7)
        for text in ("0002_chat_platform was edited after it was applied", applied, edited, path):
            self.assertIn(text, result.stderr)
        status = self.status(url, "--check", "--migrations-dir", directory)
        self.assert_exit(status, 3)
        row = next(m for m in status.json()["migrations"] if m["version"] == 2)
        self.assertEqual(row["state"], "changed")
        self.assertIn(edited, row["detail"])

    def test_database_ahead_stops_up(self):
        url = self.fresh_database()
        self.migrate(url, "up")
        self.sql(url, "INSERT INTO chatcost_schema_migrations (version, name, checksum, state, duration_ms) "
                      "VALUES (9999, 'from_the_future', 'feedbeef', 'applied', 1)")
        result = self.migrate(url, "up", code=7)
        self.assertIn("the database is ahead of this chatcost: 9999_from_the_future", result.stderr)
        self.assertIn("feedbeef", result.stderr)
        status = self.status(url, "--check")
        self.assert_exit(status, 3)
        self.assertEqual(status.json()["migrations"][-1]["state"], "unknown")
        self.assert_exit(self.run_chatcost("-d", url, "migrate", "down"), 7)

    def test_pending_migration_below_the_applied_ones_is_out_of_order(self):
        url = self.fresh_database()
        directory = self.migrations_dir()
        for version in (9002, 9001):
            for kind, sql in (("up", f"CREATE TABLE t{version} (a bigint);"), ("down", f"DROP TABLE t{version};")):
                with open(os.path.join(directory, f"{version}_t{version}.{kind}.sql"), "w", encoding="utf-8") as f:
                    f.write(sql)
            if version == 9002:
                self.migrate(url, "up", "--migrations-dir", directory)
        result = self.migrate(url, "up", "--migrations-dir", directory, code=7)
        self.assertIn("9001_t9001", result.stderr)
        self.assertIn("out of order", result.stderr)
        self.assertIn(checksum(os.path.join(directory, "9001_t9001.up.sql")), result.stderr)


class Failures(MigrateCase):
    def test_failing_migration_leaves_no_schema_change_and_no_row(self):
        url = self.fresh_database()
        result = self.migrate(url, "up", "--migrations-dir", self.migrations_dir("failing"), code=5)
        self.assertIn("9001_fails_at_second_statement", result.stderr)
        self.assertIn("failed at statement 2 of 2", result.stderr)
        self.assertIn("SQLSTATE 42703", result.stderr)
        self.assertEqual(self.sql(url, "SELECT to_regclass('chat_tags') IS NULL"), "t")
        self.assertEqual(self.sql(url, "SELECT count(*) FROM chatcost_schema_migrations WHERE version = 9001"), "0")
        self.assertEqual(self.sql(url, "SELECT count(*) FROM chatcost_schema_migrations"),
                         str(len(embedded_versions())))

    def test_no_transaction_migration_failing_part_way_is_recorded_and_recoverable(self):
        url = self.fresh_database()
        directory = self.migrations_dir("fails_part_way")
        self.migrate(url, "up")
        self.sql(url, "INSERT INTO users (username) VALUES ('ana');"
                      "INSERT INTO chats (owner_id) SELECT id FROM users;"
                      "INSERT INTO chat_messages (chat_id, role) SELECT id, r FROM chats, "
                      "(VALUES ('user'), ('assistant')) AS v (r)")
        failed = self.migrate(url, "up", "--migrations-dir", directory, code=5)
        self.assertIn("failed at statement 2 of 2", failed.stderr)
        self.assertIn("recorded as failed", failed.stderr)

        status = self.status(url, "--migrations-dir", directory).json()
        row = status["migrations"][-1]
        self.assertEqual((row["version"], row["state"]), (9001, "failed"))
        self.assertIn("statement 2", row["detail"])
        self.assertIn("SQLSTATE 23505", row["detail"])
        self.assertEqual(self.sql(url, "SELECT indisvalid FROM pg_index "
                                       "WHERE indexrelid = 'idx_fixture_one_per_chat'::regclass"), "f")

        refused = self.migrate(url, "up", "--migrations-dir", directory, code=7)
        self.assertIn("--retry-failed", refused.stderr)

        self.sql(url, "DELETE FROM chat_messages WHERE role = 'user'")
        retried = self.run_chatcost("-d", url, "migrate", "up", "--retry-failed", "--migrations-dir", directory)
        self.assert_exit(retried, 0)
        self.assertIn("dropping INVALID index idx_fixture_one_per_chat", retried.stderr)
        self.assertEqual(self.sql(url, "SELECT indisvalid FROM pg_index "
                                       "WHERE indexrelid = 'idx_fixture_one_per_chat'::regclass"), "t")
        self.assert_exit(self.status(url, "--check", "--migrations-dir", directory), 0)

    def test_lock_timeout_is_retried_then_fails_clearly(self):
        url = self.fresh_database()
        self.migrate(url, "up", "--to", "3")
        with holding(self, url, "BEGIN; LOCK TABLE chat_messages IN ACCESS SHARE MODE; SELECT pg_sleep(60);",
                     "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                     "WHERE c.relname = 'chat_messages' AND l.mode = 'AccessShareLock' AND l.granted"):
            start = time.monotonic()
            result = self.migrate(url, "up", "--lock-timeout", "200ms", "--lock-retries", "2", code=5)
            self.assertGreaterEqual(time.monotonic() - start, 0.6)
            self.assertIn("0004_chat_messages_total_cost", result.stderr)
            self.assertIn("its lock was not granted within 200ms in 3 tries", result.stderr)
            self.assertIn("SQLSTATE 55P03", result.stderr)
        self.migrate(url, "up")

class Concurrency(MigrateCase):
    def run_eight(self, url, *extra):
        env = self.base_env()
        processes = [subprocess.Popen([os.environ.get("CHATCOST_BIN", "chatcost"), "-d", url, "--format", "json",
                                       "-q", "migrate", "up", *extra],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
                     for _ in range(8)]
        results = []
        for process in processes:
            out, err = process.communicate(timeout=120)
            results.append((process.returncode, out, err))
        return results

    def applied_once(self, url, results):
        applied = []
        for code, out, _ in results:
            if code == 0:
                applied += [m["version"] for m in json.loads(out)["applied"]]
        self.assertEqual(sorted(applied), embedded_versions())  # each migration exactly once, in all
        self.assertEqual(self.sql(url, "SELECT count(*) FROM chatcost_schema_migrations WHERE state = 'applied'"),
                         str(len(embedded_versions())))

    def test_eight_runs_at_once_apply_each_migration_once_and_losers_exit_8(self):
        url = self.fresh_database()
        results = self.run_eight(url)
        codes = [code for code, _, _ in results]
        self.assertTrue(set(codes) <= {0, 8}, results)
        self.assertIn(0, codes)
        for code, _, err in results:
            if code == 8:
                self.assertIn("another chatcost migrate holds the lock", err)
        self.applied_once(url, results)

    def test_eight_runs_with_wait_lock_all_succeed(self):
        url = self.fresh_database()
        results = self.run_eight(url, "--wait-lock", "60s")
        self.assertEqual([code for code, _, _ in results], [0] * 8, results)
        self.applied_once(url, results)

    def test_a_held_lock_exits_8_at_once_or_after_the_wait(self):
        url = self.fresh_database()
        with holding(self, url, f"SELECT pg_advisory_lock({MIGRATE_LOCK_KEY}); SELECT pg_sleep(60);",
                     "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"):
            start = time.monotonic()
            result = self.run_chatcost("-d", url, "migrate", "up")
            self.assert_exit(result, 8)
            self.assertLess(time.monotonic() - start, 3)
            self.assertIn("held by pid", result.stderr)
            self.assertIn("--wait-lock", result.stderr)
            start = time.monotonic()
            self.assert_exit(self.run_chatcost("-d", url, "migrate", "up", "--wait-lock", "1s"), 8)
            self.assertGreaterEqual(time.monotonic() - start, 1)
        self.assertEqual(self.sql(url, "SELECT to_regclass('chatcost_schema_migrations') IS NULL"), "t")

    def test_nothing_pending_exits_0_while_another_run_holds_the_lock(self):
        url = self.fresh_database()
        self.migrate(url, "up")
        with holding(self, url, f"SELECT pg_advisory_lock({MIGRATE_LOCK_KEY}); SELECT pg_sleep(60);",
                     "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"):
            result = self.run_chatcost("-d", url, "migrate", "up")
            self.assert_exit(result, 0)
            self.assertIn("nothing to do", result.stderr)
            # Work to do still needs the lock.
            self.assert_exit(self.run_chatcost("-d", url, "migrate", "down"), 8)


class DryRun(MigrateCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Autovacuum's own transactions would count in pg_stat_database; this cluster is ours.
        cls.cluster.psql("ALTER SYSTEM SET autovacuum = off")
        cls.cluster.psql("SELECT pg_reload_conf()")

    def transactions(self, dbname):
        """(commits, rollbacks) of the database, once every session on it has ended: a backend
        reports its statistics before it leaves pg_stat_activity."""
        for _ in range(200):
            if self.cluster.psql(f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{dbname}'") == "0":
                break
            time.sleep(0.05)
        row = self.cluster.psql(f"SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = '{dbname}'")
        return tuple(int(x) for x in row.split("|"))

    def catalog(self, url):
        return self.sql(url, "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class "
                             "WHERE relnamespace = 'public'::regnamespace")

    def allowed_commits(self, dbname):
        """What a dry run may add to xact_commit: a session that only reads and rolls back still
        commits PostgreSQL's own start-up transaction when it connects."""
        before = self.transactions(dbname)
        self.cluster.psql("BEGIN; SELECT 1; ROLLBACK;", dbname)
        after = self.transactions(dbname)
        self.assertGreater(after[1], before[1])  # the statistics do arrive
        return after[0] - before[0]

    def test_dry_run_on_a_fresh_database_writes_nothing(self):
        url = self.fresh_database("dry_run_fresh")
        allowed = self.allowed_commits("dry_run_fresh")
        before = self.transactions("dry_run_fresh")
        result = self.run_chatcost("-d", url, "migrate", "up", "--dry-run")
        self.assert_exit(result, 0)
        for text in ("SET lock_timeout = '5000ms';", "SET statement_timeout = 0;", "BEGIN;", "COMMIT;",
                     "CREATE TABLE chatcost_schema_migrations (",
                     "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_chat_messages_created_at ON chat_messages (created_at);",
                     "no transaction, each statement commits on its own"):
            self.assertIn(text, result.stdout)
        self.assertLess(result.stdout.index("0001_schema_migrations"), result.stdout.index("0002_chat_platform"))
        after = self.transactions("dry_run_fresh")
        self.assertEqual(after[0] - before[0], allowed, "a dry run committed a transaction of its own")
        self.assertGreater(after[1], before[1], "the dry run's rolled-back read is not in the statistics")
        self.assertIsNone(self.catalog(url) or None)

    def test_dry_run_on_a_migrated_database_changes_no_row(self):
        url = self.fresh_database("dry_run_partial")
        self.migrate(url, "up", "--to", "3")
        rows = self.sql(url, "SELECT * FROM chatcost_schema_migrations ORDER BY version")
        tables = self.catalog(url)
        allowed = self.allowed_commits("dry_run_partial")
        before = self.transactions("dry_run_partial")
        result = self.run_chatcost("-d", url, "--format", "json", "migrate", "up", "--dry-run")
        self.assert_exit(result, 0)
        steps = result.json()["steps"]
        self.assertTrue(result.json()["dry_run"])
        self.assertEqual(sorted({s["version"] for s in steps if s["version"]}), [v for v in embedded_versions() if v > 3])
        kinds = [s["kind"] for s in steps if s["version"] == 4]
        self.assertEqual(kinds, ["note", "begin", "statement", "record", "commit"])
        after = self.transactions("dry_run_partial")
        self.assertEqual(after[0] - before[0], allowed)
        self.assertEqual(self.sql(url, "SELECT * FROM chatcost_schema_migrations ORDER BY version"), rows)
        self.assertEqual(self.catalog(url), tables)

    def test_dry_run_of_down(self):
        url = self.fresh_database("dry_run_down")
        self.migrate(url, "up")
        result = self.run_chatcost("-d", url, "migrate", "down", "--to", "0", "--dry-run")
        self.assert_exit(result, 0)
        self.assertIn("DROP TABLE chatcost_schema_migrations;", result.stdout)
        self.assertEqual(self.sql(url, "SELECT count(*) FROM chatcost_schema_migrations"),
                         str(len(embedded_versions())))


class Verify(MigrateCase):
    def scratch_databases(self):
        return self.cluster.psql("SELECT count(*) FROM pg_database WHERE datname LIKE 'chatcost_verify_%'")

    def test_our_migrations_are_reversible(self):
        result = self.run_chatcost("-d", self.cluster.url(), "--format", "json", "migrate", "verify")
        self.assert_exit(result, 0)
        report = result.json()
        self.assertTrue(report["reversible"])
        self.assertEqual(report["differences"], [])
        self.assertEqual(report["migrations"], len(embedded_versions()))
        self.assertEqual(self.scratch_databases(), "0")

    def test_a_broken_down_migration_fails_verify(self):
        directory = self.migrations_dir("broken_down")
        result = self.run_chatcost("-d", self.cluster.url(), "--format", "json", "migrate", "verify",
                                   "--migrations-dir", directory)
        self.assert_exit(result, 3)
        report = result.json()
        self.assertFalse(report["reversible"])
        self.assertIn({"phase": "after 9002_widget_price down", "kind": "column",
                       "object": "public.widgets.price_micros", "expected": None, "actual": "bigint"},
                      report["differences"])
        self.assertIn("not reversible", result.stderr)
        self.assertEqual(self.scratch_databases(), "0")


class Lint(MigrateCase):
    needs_server = False
    RULES = ("index-without-concurrently", "concurrently-in-transaction", "update-or-delete",
             "ddl-and-dml-same-table", "volatile-default", "int-not-bigint", "missing-if-exists")

    def lint(self, *args, code=None):
        result = self.run_chatcost("--format", "json", "migrate", "lint", *args)
        if code is not None:
            self.assert_exit(result, code)
        return result

    def test_the_embedded_migrations_pass(self):
        result = self.run_chatcost("migrate", "lint")
        self.assert_exit(result, 0)
        self.assertEqual(result.stdout, "")
        report = self.lint(code=0).json()
        self.assertEqual(report["findings"], [])
        self.assertEqual(report["files_checked"], 2 * len(embedded_versions()))

    def test_each_rule_fires_on_its_fixture_and_not_on_the_safe_rewrite(self):
        for rule in self.RULES:
            with self.subTest(rule=rule):
                bad = os.path.join(FIXTURES, "lint", rule.replace("-", "_") + ".bad.sql")
                findings = self.lint(bad, code=3).json()["findings"]
                self.assertEqual({f["rule"] for f in findings}, {rule})
                for finding in findings:
                    self.assertEqual(finding["file"], bad)
                table = self.run_chatcost("migrate", "lint", bad)
                self.assert_exit(table, 3)
                first = findings[0]
                self.assertTrue(table.stdout.startswith(f"{bad}:{first['line']}: {rule}: {first['message']}\n"),
                                table.stdout)
                good = bad.replace(".bad.sql", ".good.sql")
                self.assertEqual(self.lint(good, code=0).json()["findings"], [])

    def test_lines_are_one_based_and_point_at_the_statement(self):
        findings = self.lint(os.path.join(FIXTURES, "lint", "missing_if_exists.bad.sql"), code=3).json()["findings"]
        self.assertEqual([f["line"] for f in findings], [2, 3])

    def test_a_directory_stands_for_its_sql_files(self):
        report = self.lint(os.path.join(FIXTURES, "lint"), code=3).json()
        self.assertEqual(report["files_checked"], 2 * len(self.RULES))
        self.assertEqual({f["rule"] for f in report["findings"]}, set(self.RULES))
        self.assertTrue(all(f["file"].endswith(".bad.sql") for f in report["findings"]))

    def test_a_missing_file_is_a_usage_error(self):
        self.assert_exit(self.run_chatcost("migrate", "lint", "/nonexistent.sql"), 2)


if __name__ == "__main__":
    main()
