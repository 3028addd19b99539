"""Help and messages for people at a shell: every command's --help has a purpose and examples,
a mistyped command gets the closest one, errors name the next step, and colour (or any other
escape code) reaches a terminal only, never a pipe, never under NO_COLOR."""
import os
import sys

from clitest import CHATCOST, SOURCE_ROOT, ChatcostTestCase, main
from terminal_run import run_on_terminal

sys.path.insert(0, os.path.join(SOURCE_ROOT, "tools"))
from cli_model import read_command_tree  # noqa: E402

ESC = "\x1b"


def edit_distance(a, b):
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        diagonal, row[0] = row[0], i
        for j in range(1, len(b) + 1):
            above = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1]))
            diagonal = above
    return row[-1]


class Help(ChatcostTestCase):
    needs_server = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tree = read_command_tree(CHATCOST)

    def test_every_command_has_a_purpose_line_and_examples(self):
        commands = list(self.tree.walk())
        self.assertGreater(len(commands), 20)
        for command in commands:
            result = self.run_chatcost(*command.path, "--help")
            self.assert_exit(result, 0)
            name = " ".join(["chatcost", *command.path])
            first = result.stdout.splitlines()[0]
            self.assertFalse(first.startswith("Usage"), f"{name}: no purpose line")
            self.assertGreater(len(first.split()), 3, f"{name}: purpose '{first}'")
            self.assertIn("\nExamples:\n", result.stdout, name)
            examples = result.stdout.split("\nExamples:\n", 1)[1].splitlines()
            self.assertTrue(any(line.startswith("  ") and "chatcost" in line for line in examples),
                            f"{name}: no example line")
            self.assertNotIn(ESC, result.stdout)

    def test_a_mistyped_command_suggests_the_closest_one(self):
        checked = 0
        for command in self.tree.walk():
            names = [sub.path[-1] for sub in command.subcommands]
            for name in names:
                typo = name[:-1] + name[-1] * 2 + "x"  # two edits away
                distances = sorted((edit_distance(typo, other), other) for other in names)
                if distances[0][0] > 3 or (len(distances) > 1 and distances[1][0] == distances[0][0]):
                    continue  # no single closest command: nothing to expect
                result = self.run_chatcost(*command.path, typo)
                self.assert_exit(result, 2)
                path = " ".join(command.path[-1:] + [typo])
                self.assertIn(f"unknown command '{path}'", result.stderr)
                suggestion = " ".join(["chatcost", *command.path[-1:], distances[0][1]])
                self.assertIn(f"chatcost: hint: did you mean '{suggestion}'?", result.stderr)
                checked += 1
        self.assertGreater(checked, 15)

    def test_usage_errors_name_the_next_step(self):
        for args in (["--bogus", "db", "status"], ["summary"], ["rollup", "--by", "fortnight"], ["demo", "--users", "0"],
                     ["estimate", "--input-tokens", "many"], ["explain", "abc"], ["frobnicate"]):
            result = self.run_chatcost(*args)
            self.assert_exit(result, 2)
            lines = result.stderr.splitlines()
            self.assertTrue(lines[0].startswith("chatcost: error: "), (args, result.stderr))
            self.assertTrue(lines[-1].startswith("chatcost: hint: "), (args, result.stderr))


class Output(ChatcostTestCase):
    """Against a database holding the demo's sample."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.url = cls.cluster.create_database("output")
        env = ChatcostTestCase.base_env(cls)
        cls.setup = ChatcostTestCase.run_chatcost(cls, "-d", cls.url, "demo", "--force", "--messages", "3000",
                                                  "--users", "5", env=env)

    def report_commands(self):
        since = "2000-01-01"
        return [["db", "status"], ["migrate", "status"], ["prices", "list"], ["backfill", "status"],
                ["seed", "apply", "--dry-run"], ["summary", "--user", "alice", "--since", since],
                ["rollup", "--since", since], ["rollup", "--by", "model", "--since", since],
                ["rollup", "--by", "provider", "--since", since], ["rollup", "--by", "day", "--since", since],
                ["rollup", "--by", "month", "--since", since], ["explain", "1"], ["backfill", "--dry-run"],
                ["estimate", "--input-tokens", "5", "--input-price", "3"]]

    def test_the_sample_is_there(self):
        self.assert_exit(self.setup, 0)

    def test_errors_name_the_next_step(self):
        unmigrated = self.fresh_database()
        for args, code in ((["-d", unmigrated, "summary", "--user", "alice"], 7),
                           (["-d", self.url, "summary", "--user", "nobody"], 6),
                           (["-d", "postgresql://x@%2Fnonexistent/db", "rollup"], 4),
                           (["-d", self.url, "demo"], 2)):
            result = self.run_chatcost(*args)
            self.assert_exit(result, code)
            self.assertTrue(result.stderr.startswith("chatcost: error: "), result)
            self.assertRegex(result.stderr.splitlines()[-1], r"^chatcost: hint: \S", result)

    def test_pipes_get_no_escape_codes(self):
        for args in self.report_commands():
            for fmt in ("table", "json", "csv"):
                result = self.run_chatcost("-d", self.url, "--format", fmt, *args)
                self.assertIn(result.code, (0, 6), (args, result))
                self.assertNotIn(ESC, result.stdout + result.stderr, (args, fmt))

    def terminal_env(self, **extra):
        env = self.base_env()
        env["TERM"] = "xterm-256color"
        env.update(extra)
        return env

    def test_a_terminal_gets_colour(self):
        for args in (["rollup", "--since", "2000-01-01"], ["summary", "--user", "alice", "--since", "2000-01-01"]):
            result = run_on_terminal(["-d", self.url, *args], self.terminal_env())
            self.assertEqual(result.code, 0, result)
            self.assertIn(b"\x1b[1m", result.terminal, args)  # bold headings
        # A missing price is yellow.
        result = run_on_terminal(["-d", self.url, "rollup", "--by", "model", "--since", "2000-01-01"],
                                 self.terminal_env())
        self.assertIn(b"\x1b[33munpriced", result.terminal)

    def test_no_color_or_no_color_flag_means_no_escape_codes_on_a_terminal(self):
        for args in self.report_commands():
            for env, flags in ((self.terminal_env(NO_COLOR="1"), []), (self.terminal_env(), ["--no-color"])):
                result = run_on_terminal(["-d", self.url, *flags, *args], env)
                self.assertIn(result.code, (0, 6), (args, result))
                self.assertNotIn(ESC.encode(), result.terminal, (args, flags))
        # TERM=dumb is a terminal that wants none either.
        result = run_on_terminal(["-d", self.url, "rollup"], self.terminal_env(TERM="dumb"))
        self.assertNotIn(ESC.encode(), result.terminal)

    def test_no_color_keeps_the_progress_line_free_of_escape_codes(self):
        url = self.fresh_database()
        result = run_on_terminal(["-d", url, "demo", "--force", "--messages", "20000"],
                                 self.terminal_env(NO_COLOR="1"), stdout=False)
        self.assertEqual(result.code, 0, result)
        self.assertIn(b"\rloading the sample: ", result.terminal)
        self.assertNotIn(ESC.encode(), result.terminal + result.stdout)


if __name__ == "__main__":
    main()
