"""tools/check_includes.py on the fixture tree tests/fixtures/include_rule/: it rejects the
fixture's forbidden include naming file and line, passes the tree once that include is gone, and
reports each other kind of finding on a variant of the fixture built in a temporary folder. Also:
ARCHITECTURE.md shows the real table's rows as they are."""
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHECKER = ROOT / "tools" / "check_includes.py"
FIXTURE = ROOT / "tests" / "fixtures" / "include_rule" / "src"


def run_checker(src):
    return subprocess.run([sys.executable, str(CHECKER), "--src", str(src)], capture_output=True, text=True,
                          check=False)


def line_of(path, text):
    """The 1-based line of path that holds text, so the expectations follow the fixture's edits."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} is not in {path}")


class FixtureVariant:
    """A copy of the fixture tree in a temporary folder, to break it one more way."""

    def __enter__(self):
        self.folder = tempfile.TemporaryDirectory()
        self.src = pathlib.Path(self.folder.name) / "src"
        shutil.copytree(FIXTURE, self.src)
        # The variants start from a tree that passes: the fixture without its forbidden include.
        self.replace("cost/price.cpp", '#include "db/session.hpp"\n', "")
        return self

    def __exit__(self, *exc):
        self.folder.cleanup()

    def replace(self, relative, old, new):
        path = self.src / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def write(self, relative, text):
        path = self.src / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


class IncludeRuleTest(unittest.TestCase):
    def assert_rejected(self, result, expected_lines):
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertEqual(result.stdout.splitlines(), expected_lines)
        self.assertIn("break the dependency rule", result.stderr)

    def test_forbidden_include_is_rejected_naming_file_and_line(self):
        line = line_of(FIXTURE / "cost" / "price.cpp", '#include "db/session.hpp"')
        self.assert_rejected(run_checker(FIXTURE),
                             [f"src/cost/price.cpp:{line}: cost may not include db (allowed: nothing of ours)"])

    def test_fixture_without_the_forbidden_include_passes(self):
        with FixtureVariant() as variant:
            result = run_checker(variant.src)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assertEqual(result.stdout, "")
            self.assertIn("follow src/dependency_rule.txt", result.stderr)

    def test_arrow_against_the_layers_names_what_is_allowed(self):
        with FixtureVariant() as variant:
            variant.write("util/clock.hpp", '#pragma once\n\n#include "cost/price.hpp"\n')
            self.assert_rejected(run_checker(variant.src),
                                 ["src/util/clock.hpp:3: util may not include cost (allowed: nothing of ours)"])
            variant.write("db/rows.cpp", '#include "db/session.hpp"\n#include "commands/commands.hpp"\n')
            result = run_checker(variant.src)
            self.assertIn("src/db/rows.cpp:2: db may not include commands (allowed: util)", result.stdout)

    def test_commands_never_include_commands(self):
        with FixtureVariant() as variant:
            variant.replace("commands/report.cpp", '#include "cost/price.hpp"\n',
                            '#include "commands/commands.hpp"\n#include "cost/price.hpp"\n')
            line = line_of(variant.src / "commands" / "report.cpp", '"commands/commands.hpp"')
            self.assert_rejected(run_checker(variant.src), [
                f"src/commands/report.cpp:{line}: commands may not include commands "
                "(allowed: cost, db, util; not itself)"
            ])

    def test_one_header_of_a_module_may_be_allowed_by_name(self):
        with FixtureVariant() as variant:
            variant.replace("dependency_rule.txt", "cost       -\n", "cost       util/result.hpp\n")
            variant.write("util/result.hpp", "#pragma once\n\n#include <string>\n")
            variant.replace("cost/price.hpp", "#include <cstdint>\n",
                            '#include <cstdint>\n\n#include "util/result.hpp"\n')
            result = run_checker(variant.src)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            # The rest of util stays out of reach.
            variant.write("cost/clock.cpp", '#include "util/failure.hpp"\n')
            self.assert_rejected(run_checker(variant.src), [
                "src/cost/clock.cpp:1: cost may not include util (allowed: util/result.hpp)"
            ])

    def test_what_a_header_allowed_by_name_includes_is_checked_for_its_includer(self):
        with FixtureVariant() as variant:
            variant.replace("dependency_rule.txt", "cost       -\n", "cost       util/result.hpp\n")
            variant.write("util/result.hpp", "#pragma once\n\n#include <fmt/format.h>\n")
            self.assert_rejected(run_checker(variant.src), [
                "src/util/result.hpp:3: cost may not include <fmt/format.h> (allowed in: every module but cost), "
                "through util/result.hpp, which cost may include"
            ])

    def test_library_outside_its_modules_is_rejected(self):
        with FixtureVariant() as variant:
            variant.replace("cost/price.hpp", "#include <cstdint>\n", "#include <cstdint>\n#include <pqxx/pqxx>\n")
            line = line_of(variant.src / "cost" / "price.hpp", "<pqxx/pqxx>")
            self.assert_rejected(run_checker(variant.src), [
                f"src/cost/price.hpp:{line}: cost may not include <pqxx/pqxx> (allowed in: commands, db)"
            ])

    def test_library_excluded_from_a_module_is_rejected(self):
        with FixtureVariant() as variant:
            variant.write("cost/text.cpp", "#include <string>\n#include <fmt/format.h>\n")
            self.assert_rejected(run_checker(variant.src), [
                "src/cost/text.cpp:2: cost may not include <fmt/format.h> (allowed in: every module but cost)"
            ])

    def test_undeclared_library_is_rejected(self):
        with FixtureVariant() as variant:
            variant.write("db/pool.cpp", "#include <vector>\n#include <boost/asio.hpp>\n")
            self.assert_rejected(run_checker(variant.src), [
                "src/db/pool.cpp:2: <boost/asio.hpp> has no row in [libraries] of the dependency rule"
            ])

    def test_include_of_a_missing_file_is_rejected(self):
        with FixtureVariant() as variant:
            variant.write("db/rows.cpp", '#include "db/session.hpp"\n#include "db/no_such_file.hpp"\n')
            self.assert_rejected(run_checker(variant.src), [
                'src/db/rows.cpp:2: "db/no_such_file.hpp" names no file under src/ '
                '(include from src/, as "module/file.hpp")'
            ])

    def test_folder_without_a_row_is_rejected(self):
        with FixtureVariant() as variant:
            variant.write("ledger/usage.cpp", '#include "db/session.hpp"\n')
            self.assert_rejected(run_checker(variant.src), [
                "src/ledger/: module ledger has no row in [modules] of src/dependency_rule.txt"
            ])

    def test_row_without_a_folder_is_rejected(self):
        with FixtureVariant() as variant:
            variant.replace("dependency_rule.txt", "util       -\n", "util       -\nreports    db\n")
            line = line_of(variant.src / "dependency_rule.txt", "reports    db")
            self.assert_rejected(run_checker(variant.src), [
                f"src/dependency_rule.txt:{line}: module reports has no folder under src/"
            ])

    def test_malformed_table_is_a_usage_error(self):
        with FixtureVariant() as variant:
            variant.replace("dependency_rule.txt", "[libraries]", "[librarys]")
            result = run_checker(variant.src)
            self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
            self.assertIn("unknown section [librarys]", result.stderr)


def table_rows(text):
    """The rows of a dependency-rule table, without comments and blank lines, spaced alike."""
    rows = (" ".join(line.split("#", 1)[0].split()) for line in text.splitlines())
    return [row for row in rows if row]


class ArchitectureShowsTheTableTest(unittest.TestCase):
    def test_architecture_md_shows_the_rows_of_src_dependency_rule_txt(self):
        architecture = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
        section = architecture.split("## The dependency rule\n", 1)[1].split("\n## ", 1)[0]
        shown = section.split("```\n", 2)[1]
        table = (ROOT / "src" / "dependency_rule.txt").read_text(encoding="utf-8")
        self.assertEqual(table_rows(shown), table_rows(table),
                         "ARCHITECTURE.md's dependency table differs from src/dependency_rule.txt: copy the file's "
                         "rows into the section 'The dependency rule'")


if __name__ == "__main__":
    unittest.main(verbosity=2)
