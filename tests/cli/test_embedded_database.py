"""The embedded default database: created on first use, reused, started concurrently,
stopped and started again; as root, served by the unprivileged 'postgres' account."""
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
import threading

from clitest import CHATCOST, ChatcostTestCase, main
from pg_cluster import find_bindir


class EmbeddedDatabase(ChatcostTestCase):
    needs_server = False

    def setUp(self):
        self.xdg = tempfile.mkdtemp(prefix="xdg-", dir=self.scratch)
        self.env = self.base_env(self.xdg)
        self.root = os.path.join(self.xdg, "chatcost", "postgres")

    def tearDown(self):
        # Never leave a server running behind a test, whatever happened in it.
        data = os.path.join(self.root, "data")
        if os.path.exists(os.path.join(data, "postmaster.pid")):
            self.run_chatcost("db", "stop", env=self.env)
        if os.path.exists(os.path.join(data, "postmaster.pid")):
            owner = os.stat(data).st_uid
            cmd = [os.path.join(find_bindir(), "pg_ctl"), "stop", "-D", data, "-m", "immediate"]
            if owner != os.geteuid():
                cmd = ["setpriv", f"--reuid={owner}", f"--regid={os.stat(data).st_gid}", "--clear-groups"] + cmd
            subprocess.run(cmd, capture_output=True, check=False)

    def status(self):
        result = self.run_chatcost("--format", "json", "db", "status", env=self.env)
        self.assert_exit(result, 0)
        return result, result.json()

    def test_created_on_first_use_and_reused(self):
        first, report = self.status()
        self.assertEqual(report["source"], "embedded")
        self.assertEqual(report["chosen_by"], "no connection configured")
        self.assertEqual(report["database_name"], "chatcost")
        self.assertEqual(report["embedded"]["data_directory"], os.path.join(self.root, "data"))
        self.assertIn("creating the embedded database", first.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.root, "data", "PG_VERSION")))
        pid_before = self.postmaster_pid()

        second, again = self.status()
        self.assertNotIn("creating", second.stderr)
        self.assertNotIn("starting", second.stderr)
        self.assertEqual(again["embedded"], report["embedded"])
        self.assertEqual(self.postmaster_pid(), pid_before)

    def test_private_directories_and_socket_only(self):
        self.status()
        for sub in ("data", "socket"):
            mode = stat.S_IMODE(os.stat(os.path.join(self.root, sub)).st_mode)
            self.assertEqual(mode, 0o700, sub)
        conf = open(os.path.join(self.root, "data", "postgresql.conf"), encoding="utf-8").read()
        self.assertIn("listen_addresses = ''", conf)
        if os.geteuid() == 0:
            owner = pwd.getpwuid(os.stat(os.path.join(self.root, "data")).st_uid).pw_name
            self.assertEqual(owner, "postgres")
            self.assertFalse(os.path.exists(os.path.join(self.root, "data.initializing")))

    def test_two_processes_starting_it_at_once(self):
        results = [None, None]

        def run(i):
            results[i] = self.run_chatcost("--format", "json", "db", "status", env=self.env)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for r in results:
            self.assert_exit(r, 0)
        created = sum("creating the embedded database" in r.stderr for r in results)
        self.assertEqual(created, 1, results)
        self.assertEqual(results[0].json()["embedded"], results[1].json()["embedded"])
        self.assertEqual(sorted(os.listdir(self.root)),
                         ["data", "database-created", "server.log", "socket"])

    def test_stop_then_a_command_starts_it_again(self):
        self.status()
        stop = self.run_chatcost("--format", "json", "db", "stop", env=self.env)
        self.assert_exit(stop, 0)
        self.assertTrue(stop.json()["stopped"])
        self.assertFalse(os.path.exists(os.path.join(self.root, "data", "postmaster.pid")))
        again = self.run_chatcost("--format", "json", "db", "stop", env=self.env)
        self.assert_exit(again, 0)
        self.assertFalse(again.json()["stopped"])
        result, report = self.status()
        self.assertIn("starting the embedded database", result.stderr)
        self.assertTrue(report["server_version"].startswith("15"))

    def test_start_reports_whether_it_started(self):
        first = self.run_chatcost("--format", "json", "db", "start", env=self.env)
        self.assert_exit(first, 0)
        self.assertTrue(first.json()["started"])
        second = self.run_chatcost("--format", "json", "db", "start", env=self.env)
        self.assertFalse(second.json()["started"])

    def test_url_works_with_psql(self):
        self.status()
        url = self.run_chatcost("db", "url", env=self.env)
        self.assert_exit(url, 0)
        psql = os.path.join(find_bindir(), "psql")
        out = subprocess.run([psql, "-X", "-A", "-t", url.stdout.strip(), "-c", "SELECT current_database()"],
                             capture_output=True, text=True, check=False)
        self.assertEqual(out.stdout.strip(), "chatcost", out.stderr)

    def test_url_starts_a_stopped_server(self):
        self.status()
        self.assert_exit(self.run_chatcost("db", "stop", env=self.env), 0)
        url = self.run_chatcost("db", "url", env=self.env)
        self.assert_exit(url, 0)
        self.assertIn("starting the embedded database", url.stderr)
        self.assertEqual(len(url.stdout.splitlines()), 1, url.stdout)  # only the URL, for $(...)
        self.assertTrue(os.path.exists(os.path.join(self.root, "data", "postmaster.pid")))
        psql = os.path.join(find_bindir(), "psql")
        out = subprocess.run([psql, "-X", "-A", "-t", url.stdout.strip(), "-c", "SELECT 1"],
                             capture_output=True, text=True, check=False)
        self.assertEqual(out.stdout.strip(), "1", out.stderr)

    def test_quiet_says_nothing_on_first_use(self):
        result = self.run_chatcost("-q", "--format", "json", "db", "status", env=self.env)
        self.assert_exit(result, 0)
        self.assertEqual(result.stderr, "")

    def test_as_an_ordinary_user(self):
        if os.geteuid() != 0:
            self.status()  # we are one already
            return
        nobody = pwd.getpwnam("nobody")
        home = tempfile.mkdtemp(prefix="chatcost-nobody-")
        try:
            os.chmod(home, 0o700)
            binary = os.path.join(home, "chatcost")
            shutil.copy(CHATCOST, binary)
            os.chown(home, nobody.pw_uid, nobody.pw_gid)
            os.chown(binary, nobody.pw_uid, nobody.pw_gid)
            env = self.base_env(os.path.join(home, "xdg"))
            env["HOME"] = home
            as_nobody = ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups"]
            result = subprocess.run(as_nobody + [binary, "--format", "json", "db", "status"], env=env,
                                    capture_output=True, text=True, check=False, cwd=home, timeout=120)
            self.assertEqual(result.returncode, 0, result.stderr)
            data = os.path.join(home, "xdg", "chatcost", "postgres", "data")
            self.assertEqual(os.stat(data).st_uid, nobody.pw_uid)
            subprocess.run(as_nobody + [binary, "db", "stop"], env=env, capture_output=True, check=False,
                           cwd=home, timeout=120)
        finally:
            shutil.rmtree(home, ignore_errors=True)

    def postmaster_pid(self):
        with open(os.path.join(self.root, "data", "postmaster.pid"), encoding="utf-8") as f:
            return f.readline().strip()


if __name__ == "__main__":
    main()
