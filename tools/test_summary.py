#!/usr/bin/env python3
"""Prints one closing line for a meson test run: 'tests: N passed, N failed'.

Counts doctest cases and unittest tests inside each meson test where their
output says so, so the line reflects every assertion group that ran. A skipped
test (exit 77) counts neither way, and the line says plainly what did not run:
  tests: 812 passed, 0 failed (snapshot suite skipped: no models.dev snapshot found;
  set CHATCOST_MODELS_DEV_SNAPSHOT)
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


def suite_of(entry):
    """'chatcost:snapshot / snapshot_seed' -> 'snapshot'."""
    return entry["name"].split(" / ", 1)[0].rsplit(":", 1)[-1]


def skip_notes(skipped):
    """One note per suite with skipped tests: the reason the test gave, else the test names."""
    notes = {}
    for entry in skipped:
        reason = re.search(r"^(\w+ suite skipped: [^(\n]*?)\s*(?:\(|$)", entry.get("stdout", "") or "", re.M)
        note = reason.group(1) if reason else f"{suite_of(entry)} suite: {entry['name']} skipped"
        notes.setdefault(note, None)
    return list(notes)


def main():
    passed = failed = 0
    skipped = []
    with open(sys.argv[1], encoding="utf-8") as log:
        for line in log:
            entry = json.loads(line)
            if entry["result"] == "SKIP":
                skipped.append(entry)
                continue
            p, f = counts(entry)
            if entry["result"] != "OK" and f == 0:
                f = 1
            passed, failed = passed + p, failed + f
    notes = "".join(f" ({note})" for note in skip_notes(skipped))
    print(f"tests: {passed} passed, {failed} failed{notes}")


if __name__ == "__main__":
    main()
