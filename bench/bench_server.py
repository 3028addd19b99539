"""What the single-database benchmarks under bench/ share: a throwaway PostgreSQL with the
benchmark's settings (tests/harness/pg_cluster.py), psql on its database, the chatcost binary run
without the caller's PG* environment and timed, and a step that says how long it took."""
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "harness"))
from pg_cluster import PostgresCluster  # noqa: E402

# Production-like: synchronous commit, so that VACUUM can mark pages all-visible (index-only scans
# need it) once their commits are flushed; room for a bulk load without a checkpoint.
SERVER_SETTINGS = """
synchronous_commit = on
shared_buffers = '1GB'
maintenance_work_mem = '1GB'
max_wal_size = '8GB'
checkpoint_timeout = '30min'
"""


class BenchServer:
    """Subclasses set self.args (with .chatcost) and self.dbname, then call start_server()."""

    ok_codes = (0,)  # chatcost's exit codes that are not a failure of the benchmark

    def __init__(self, args, dbname):
        self.args = args
        self.dbname = dbname
        self.cluster = None
        self.url = None

    def start_server(self):
        self.cluster = PostgresCluster().start()
        with open(os.path.join(self.cluster.data, "postgresql.conf"), "a", encoding="utf-8") as conf:
            conf.write(SERVER_SETTINGS)
        self.cluster.restart()
        self.url = self.cluster.create_database(self.dbname)

    def stop_server(self):
        if self.cluster and not self.args.keep:
            self.cluster.stop()
        elif self.cluster:
            print(f"kept: {self.url}")

    def psql(self, sql, timeout=None):
        result = subprocess.run([self.cluster.program("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                                 "-h", self.cluster.socket_dir, "-U", "postgres", "-d", self.dbname],
                                input=sql, capture_output=True, text=True, check=False, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr}")
        return result.stdout.strip()

    def chatcost(self, *args):
        """(milliseconds, stdout) of `chatcost -d URL --quiet ARGS`, the whole process."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG") and "DATABASE_URL" not in k}
        started = time.perf_counter()
        result = subprocess.run([self.args.chatcost, "-d", self.url, "--quiet", *args], env=env,
                                capture_output=True, text=True, check=False)
        elapsed = (time.perf_counter() - started) * 1000
        if result.returncode not in self.ok_codes:
            raise RuntimeError(f"chatcost {' '.join(args)}: exit {result.returncode}\n{result.stderr}")
        return elapsed, result.stdout

    @staticmethod
    def step(what, action):
        print(f"-- {what} ...", flush=True)
        started = time.perf_counter()
        value = action()
        print(f"   {what}: {time.perf_counter() - started:.1f} s", flush=True)
        return value
