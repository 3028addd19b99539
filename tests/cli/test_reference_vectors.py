"""The reference platform's 13 test vectors of the ceil-once rule chatcost follows, through
`chatcost estimate --format json`: every expected cost exactly (null: unpriced).

The vectors (reference-cost-vectors.json, described in the README.md beside it) are real data
from outside the repository, found where the snapshot suite finds the models.dev catalogue
(tests/snapshot/models_dev_snapshot.py: CHATCOST_MODELS_DEV_SNAPSHOT's folder, else the shared
data folder beside the checkout), or wherever CHATCOST_REFERENCE_VECTORS (the file or its folder)
says. Not found: the test is skipped (exit 77) and says where it looked; it never passes without
them.
"""
import json
import os
import sys
import unittest

from clitest import SOURCE_ROOT, ChatcostTestCase

sys.path.insert(0, os.path.join(SOURCE_ROOT, "tests", "snapshot"))
import models_dev_snapshot  # noqa: E402  (the one place that knows where the shared data is)

FILE_NAME = "reference-cost-vectors.json"
VARIABLE = "CHATCOST_REFERENCE_VECTORS"
RULE = "chatcost/ceil: "  # the vectors of the rule chatcost follows; the others are other rules
EXPECTED_COUNT = 13
SKIPPED = 77

TOKEN_FLAGS = {"input": "--input-tokens", "output": "--output-tokens", "reasoning": "--reasoning-tokens",
               "cache_read": "--cache-read-tokens", "cache_creation": "--cache-creation-tokens"}
PRICE_FLAGS = {"input": "--input-price", "output": "--output-price", "cache_read": "--cache-read-price",
               "cache_write": "--cache-write-price"}


def vectors_path():
    """(the file or None, where it looked)."""
    return models_dev_snapshot.find_beside(FILE_NAME, VARIABLE, SOURCE_ROOT)


def estimate_args(vector):
    """The flags that give estimate the vector's tokens and prices; a null is a flag left out."""
    args = []
    for key, flag in TOKEN_FLAGS.items():
        if vector["tokens"][key] is not None:
            args += [flag, str(vector["tokens"][key])]
    for key, flag in PRICE_FLAGS.items():
        if vector["prices"] is not None and vector["prices"][key] is not None:
            args += [flag, vector["prices"][key]]
    return args


class ReferenceVectors(ChatcostTestCase):
    needs_server = False
    path = None

    def test_every_ceil_vector_through_estimate(self):
        with open(self.path, encoding="utf-8") as f:
            vectors = [v for v in json.load(f) if v["name"].startswith(RULE)]
        self.assertEqual(len(vectors), EXPECTED_COUNT, "the file holds another set of vectors than the 13 known")
        for vector in vectors:
            with self.subTest(vector=vector["name"]):
                result = self.run_chatcost("--format", "json", "estimate", *estimate_args(vector))
                self.assert_exit(result, 0)
                report = result.json()
                self.assertEqual(report["total_cost_micros"], vector["expected_micros"], msg=repr(result))
                self.assertEqual(report["status"], "unpriced" if vector["expected_micros"] is None else "priced")
                if vector.get("exact_micros") is not None:  # the unrounded sum, where the vector gives it
                    self.assertEqual(report["exact_total_micros"], vector["exact_micros"])


def main():
    path, where = vectors_path()
    if path is None:
        print(f"reference vectors skipped: no {FILE_NAME} found; set {VARIABLE} (looked for {where})")
        return SKIPPED
    print(f"reference vectors: {path}", flush=True)
    ReferenceVectors.path = path
    program = unittest.main(verbosity=2, exit=False)
    return 0 if program.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
