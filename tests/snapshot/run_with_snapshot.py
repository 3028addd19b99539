#!/usr/bin/env python3
"""Runs one test of the snapshot suite with CHATCOST_MODELS_DEV_SNAPSHOT set to the snapshot
file, or exits 77 (meson's "skipped") saying plainly that it did not run and why.

Usage: run_with_snapshot.py COMMAND [ARGS...]
"""
import os
import subprocess
import sys

import models_dev_snapshot

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SKIPPED = 77


def main():
    path, where = models_dev_snapshot.find(SOURCE_ROOT)
    if path is None:
        print(f"snapshot suite skipped: no models.dev snapshot found; set {models_dev_snapshot.VARIABLE} "
              f"(looked for {where})")
        return SKIPPED
    env = dict(os.environ, **{models_dev_snapshot.VARIABLE: path})
    print(f"models.dev snapshot: {path}", flush=True)
    return subprocess.run(sys.argv[1:], env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
