"""The default suites need nothing beside the checkout, and a run says plainly when the snapshot
suite did not run: the lookup of models_dev_snapshot.py, the summary line of
tools/test_summary.py, and a check that no test outside tests/snapshot/ reads ../shared."""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

import models_dev_snapshot

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SKIP_NOTE = "(snapshot suite skipped: no models.dev snapshot found; set CHATCOST_MODELS_DEV_SNAPSHOT)"


class Lookup(unittest.TestCase):
    def setUp(self):
        self.scratch = tempfile.TemporaryDirectory()
        self.addCleanup(self.scratch.cleanup)
        self.root = os.path.join(self.scratch.name, "checkout")
        os.makedirs(self.root)

    def write(self, *parts):
        path = os.path.join(self.scratch.name, *parts)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write("{}")
        return path

    def test_nothing_beside_the_checkout_and_no_variable(self):
        path, where = models_dev_snapshot.find(self.root, {})
        self.assertIsNone(path)
        self.assertIn(os.path.join(self.scratch.name, "shared", "data", models_dev_snapshot.FILE_NAME), where)

    def test_shared_data_beside_the_checkout(self):
        expected = self.write("shared", "data", models_dev_snapshot.FILE_NAME)
        self.assertEqual(models_dev_snapshot.find(self.root, {})[0], expected)

    def test_the_variable_names_a_file_or_a_directory(self):
        beside = self.write("shared", "data", models_dev_snapshot.FILE_NAME)
        elsewhere = self.write("elsewhere", "catalogue.json")
        self.assertEqual(models_dev_snapshot.find(self.root, {models_dev_snapshot.VARIABLE: elsewhere})[0],
                         elsewhere)
        folder = os.path.dirname(self.write("folder", models_dev_snapshot.FILE_NAME))
        self.assertEqual(models_dev_snapshot.find(self.root, {models_dev_snapshot.VARIABLE: folder})[0],
                         os.path.join(folder, models_dev_snapshot.FILE_NAME))
        # Set but wrong: not found, and no silent fall back to the one beside the checkout.
        missing = os.path.join(self.scratch.name, "missing.json")
        path, where = models_dev_snapshot.find(self.root, {models_dev_snapshot.VARIABLE: missing})
        self.assertIsNone(path)
        self.assertIn(missing, where)
        self.assertTrue(os.path.exists(beside))

    def test_the_suite_skips_with_exit_77_saying_why(self):
        env = dict(os.environ, **{models_dev_snapshot.VARIABLE: os.path.join(self.scratch.name, "none.json")})
        runner = os.path.join(os.path.dirname(os.path.abspath(__file__)), "run_with_snapshot.py")
        result = subprocess.run([sys.executable, runner, "false"], env=env, capture_output=True, text=True,
                                check=False)
        self.assertEqual(result.returncode, 77)
        self.assertIn("snapshot suite skipped: no models.dev snapshot found; set CHATCOST_MODELS_DEV_SNAPSHOT",
                      result.stdout)


class SummaryLine(unittest.TestCase):
    def summary(self, entries):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as log:
            for entry in entries:
                log.write(json.dumps(entry) + "\n")
        self.addCleanup(os.unlink, log.name)
        result = subprocess.run([sys.executable, os.path.join(SOURCE_ROOT, "tools", "test_summary.py"), log.name],
                                capture_output=True, text=True, check=True)
        return result.stdout

    unit = {"name": "chatcost:unit / unit", "result": "OK",
            "stdout": "[doctest] test cases:  12 |  12 passed | 0 failed | 0 skipped\n"}

    def skipped(self, name):
        return {"name": f"chatcost:snapshot / {name}", "result": "SKIP", "stdout":
                "snapshot suite skipped: no models.dev snapshot found; set CHATCOST_MODELS_DEV_SNAPSHOT "
                "(looked for /x/shared/data/models-dev-api-2026-07.json (beside the checkout))\n"}

    def test_a_skipped_snapshot_suite_is_said_plainly_and_is_no_failure(self):
        line = self.summary([self.unit, self.skipped("snapshot_models_dev"), self.skipped("snapshot_seed")])
        self.assertEqual(line, f"tests: 12 passed, 0 failed {SKIP_NOTE}\n")

    def test_no_note_when_the_snapshot_suite_ran(self):
        ran = {"name": "chatcost:snapshot / snapshot_seed", "result": "OK", "stdout": "Ran 4 tests in 1.0s\n\nOK\n"}
        self.assertEqual(self.summary([self.unit, ran]), "tests: 16 passed, 0 failed\n")


class NothingBesideTheCheckout(unittest.TestCase):
    def test_no_test_outside_the_snapshot_suite_reads_shared(self):
        beside = re.compile(r"\.\.\W{0,6}shared\b")
        offenders = []
        for folder in ("unit", "db", "cli", "harness", "golden", "lint", "fixtures"):
            for directory, _, names in os.walk(os.path.join(SOURCE_ROOT, "tests", folder)):
                for name in names:
                    if not name.endswith((".cpp", ".hpp", ".py", ".build")):
                        continue
                    path = os.path.join(directory, name)
                    with open(path, encoding="utf-8", errors="replace") as f:
                        for number, line in enumerate(f, start=1):
                            if beside.search(line):
                                offenders.append(f"{os.path.relpath(path, SOURCE_ROOT)}:{number}: {line.strip()}")
        self.assertEqual(offenders, [], "the default suites must pass with nothing beside the checkout")


if __name__ == "__main__":
    unittest.main(verbosity=2)
