"""Base class for the cli suite: runs the real chatcost binary against a real server.

Each test module gets its own PostgreSQL (started once per class) and every
chatcost run gets a clean environment: no PG*/DATABASE_URL variables from the
caller, and XDG_DATA_HOME in a temp dir so the user's own embedded database is
never touched.
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from pg_cluster import PostgresCluster

CHATCOST = os.environ.get("CHATCOST_BIN", "chatcost")
SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CONNECTION_VARIABLES = ("CHATCOST_DATABASE_URL", "DATABASE_URL", "PGHOST", "PGHOSTADDR", "PGPORT",
                        "PGDATABASE", "PGUSER", "PGSERVICE", "PGPASSWORD", "PGOPTIONS", "NO_COLOR")


class Result:
    def __init__(self, completed):
        self.code = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr

    def json(self):
        return json.loads(self.stdout)

    def __repr__(self):
        return f"exit {self.code}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


class ChatcostTestCase(unittest.TestCase):
    needs_server = True
    cluster = None

    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp(prefix="chatcost-cli-")
        if cls.needs_server:
            cls.cluster = PostgresCluster().start()

    @classmethod
    def tearDownClass(cls):
        if cls.cluster:
            cls.cluster.stop()
        shutil.rmtree(cls.scratch, ignore_errors=True)

    def base_env(self, xdg=None):
        env = {k: v for k, v in os.environ.items() if k not in CONNECTION_VARIABLES}
        env["XDG_DATA_HOME"] = xdg or os.path.join(self.scratch, "xdg-unused")
        return env

    def run_chatcost(self, *args, env=None, input=None, timeout=120):
        completed = subprocess.run([CHATCOST, *args], env=env if env is not None else self.base_env(),
                                   input=input, capture_output=True, text=True, timeout=timeout, check=False)
        return Result(completed)

    def fresh_database(self, name=None):
        name = name or self.id().split(".")[-1].lower()
        return self.cluster.create_database(name)

    def assert_exit(self, result, code):
        self.assertEqual(result.code, code, msg=repr(result))


def main():
    unittest.main(verbosity=2)
