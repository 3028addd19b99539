"""A throwaway PostgreSQL server for tests: initdb into a temp dir, Unix socket only.

Works as root too: initdb and the server then run as the 'postgres' account,
which owns the temp dir. Tuned for speed (fsync off): test data is disposable.
"""
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import urllib.parse


def find_bindir():
    explicit = os.environ.get("CHATCOST_PG_BINDIR")
    if explicit:
        return explicit
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                      key=lambda p: int(p.split("/")[-2]) if p.split("/")[-2].isdigit() else 0)
    for bindir in reversed(versions):
        if os.access(os.path.join(bindir, "initdb"), os.X_OK):
            return bindir
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        return os.path.dirname(pg_ctl)
    raise RuntimeError("PostgreSQL server programs not found: apt-get install postgresql")


class PostgresCluster:
    def __init__(self):
        self.bindir = find_bindir()
        self.account = None
        if os.geteuid() == 0:
            self.account = pwd.getpwnam(os.environ.get("CHATCOST_SERVER_ACCOUNT", "postgres"))
        self.root = None

    # -- lifecycle -----------------------------------------------------------------
    def start(self):
        self.root = tempfile.mkdtemp(prefix="chatcost-pg-")
        self.data = os.path.join(self.root, "data")
        self.socket_dir = os.path.join(self.root, "socket")
        os.mkdir(self.socket_dir, 0o700)
        if self.account:
            for path in (self.root, self.socket_dir):
                os.chown(path, self.account.pw_uid, self.account.pw_gid)
        self._run_as_server([self.program("initdb"), "-D", self.data, "-U", "postgres", "-A", "trust",
                             "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions"])
        with open(os.path.join(self.data, "postgresql.conf"), "a", encoding="utf-8") as conf:
            conf.write(f"""
listen_addresses = ''
unix_socket_directories = '{self.socket_dir}'
unix_socket_permissions = 0700
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
""")
        self._run_as_server([self.program("pg_ctl"), "start", "-D", self.data, "-w", "-t", "60", "-s",
                             "-l", os.path.join(self.root, "server.log")])
        return self

    def stop(self):
        if not self.root:
            return
        subprocess.run(self._as_server_cmd([self.program("pg_ctl"), "stop", "-D", self.data, "-m", "immediate",
                                            "-w", "-s"]), check=False, capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def start_standby(self):
        """A hot standby of this server: pg_basebackup -R over the socket (it streams the WAL from
        here), in its own directory with its own socket directory. Stop it with .stop()."""
        standby = PostgresCluster()
        standby.root = tempfile.mkdtemp(prefix="chatcost-pg-standby-")
        standby.data = os.path.join(standby.root, "data")
        standby.socket_dir = os.path.join(standby.root, "socket")
        os.mkdir(standby.socket_dir, 0o700)
        if standby.account:
            for path in (standby.root, standby.socket_dir):
                os.chown(path, standby.account.pw_uid, standby.account.pw_gid)
        standby._run_as_server([self.program("pg_basebackup"), "-D", standby.data, "-R", "-X", "stream",
                                "-c", "fast", "-h", self.socket_dir, "-U", "postgres", "--no-sync"])
        # The copied postgresql.conf names the primary's socket directory: the last setting wins.
        with open(os.path.join(standby.data, "postgresql.conf"), "a", encoding="utf-8") as conf:
            conf.write(f"""
unix_socket_directories = '{standby.socket_dir}'
hot_standby = on
""")
        standby._run_as_server([standby.program("pg_ctl"), "start", "-D", standby.data, "-w", "-t", "60", "-s",
                                "-l", os.path.join(standby.root, "server.log")])
        return standby

    def wait_for_replay(self, standby, timeout=60):
        """Waits until the standby has replayed everything this server has written so far."""
        target = self.psql("SELECT pg_current_wal_lsn()")
        deadline = time.monotonic() + timeout
        while True:
            caught_up = standby.psql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")
            if caught_up == "t":
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"the standby did not replay up to {target} in {timeout}s")
            time.sleep(0.05)

    def restart(self):
        self._run_as_server([self.program("pg_ctl"), "restart", "-D", self.data, "-m", "fast", "-w", "-s",
                             "-l", os.path.join(self.root, "server.log")])

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- connecting ----------------------------------------------------------------
    def url(self, dbname="postgres", user="postgres", password=None):
        auth = urllib.parse.quote(user, safe="")
        if password is not None:
            auth += ":" + urllib.parse.quote(password, safe="")
        host = urllib.parse.quote(self.socket_dir, safe="")
        return f"postgresql://{auth}@{host}/{dbname}"

    def psql(self, sql, dbname="postgres", check=True):
        """Runs SQL with psql; returns stdout (unaligned, tuples only)."""
        result = subprocess.run([self.program("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                                 "-h", self.socket_dir, "-U", "postgres", "-d", dbname, "-c", sql],
                                capture_output=True, text=True, check=False)
        if check and result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr}")
        return result.stdout.strip()

    def create_database(self, name):
        self.psql(f'DROP DATABASE IF EXISTS "{name}"')
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    # -- internals -----------------------------------------------------------------
    def program(self, name):
        return os.path.join(self.bindir, name)

    def _as_server_cmd(self, argv):
        if not self.account:
            return argv
        return ["setpriv", f"--reuid={self.account.pw_uid}", f"--regid={self.account.pw_gid}",
                "--clear-groups", "--"] + argv

    def _run_as_server(self, argv):
        result = subprocess.run(self._as_server_cmd(argv), capture_output=True, text=True, cwd="/",
                                check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
        return result
