#!/usr/bin/env python3
"""Runs a test program beside a throwaway PostgreSQL server.

Usage: with_postgres.py PROGRAM [ARGS...]
The program finds the server in CHATCOST_TEST_DATABASE_URL (a superuser URL on a
Unix socket) and CHATCOST_TEST_SOCKET_DIR; the server is removed afterwards.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pg_cluster import PostgresCluster  # noqa: E402


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    with PostgresCluster() as cluster:
        env = dict(os.environ)
        env["CHATCOST_TEST_DATABASE_URL"] = cluster.url()
        env["CHATCOST_TEST_SOCKET_DIR"] = cluster.socket_dir
        env["CHATCOST_TEST_PG_BINDIR"] = cluster.bindir
        code = subprocess.run(sys.argv[1:], env=env, check=False).returncode
    sys.exit(code)


if __name__ == "__main__":
    main()
