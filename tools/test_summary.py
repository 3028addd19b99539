#!/usr/bin/env python3
"""Prints one closing line for a meson test run: 'tests: N passed, N failed'.

Counts doctest cases and unittest tests inside each meson test where their
output says so, so the line reflects every assertion group that ran.
"""
import json
import re
import sys


def counts(entry):
    out = (entry.get("stdout", "") or "") + (entry.get("stderr", "") or "")
    doctest = re.search(r"\[doctest\] test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed", out)
    if doctest:
        return int(doctest.group(2)), int(doctest.group(3))
    ran = re.search(r"^Ran (\d+) tests?", out, re.M)
    if ran:
        total = int(ran.group(1))
        failed = re.search(r"FAILED \((?:failures=(\d+))?(?:, )?(?:errors=(\d+))?", out)
        bad = sum(int(g) for g in failed.groups() if g) if failed else 0
        return total - bad, bad
    return (1, 0) if entry["result"] == "OK" else (0, 1)


def main():
    passed = failed = 0
    with open(sys.argv[1], encoding="utf-8") as log:
        for line in log:
            entry = json.loads(line)
            p, f = counts(entry)
            if entry["result"] not in ("OK", "SKIP") and f == 0:
                f = 1
            passed, failed = passed + p, failed + f
    print(f"tests: {passed} passed, {failed} failed")


if __name__ == "__main__":
    main()
