"""Shell completions: generated from --help, committed, complete, and working in each shell."""
import os
import re
import subprocess
import sys
import tempfile

from clitest import CHATCOST, SOURCE_ROOT, ChatcostTestCase, main

sys.path.insert(0, os.path.join(SOURCE_ROOT, "tools"))
from cli_model import all_flags, read_command_tree  # noqa: E402

COMPLETIONS = os.path.join(SOURCE_ROOT, "completions")
FILES = ("chatcost.bash", "_chatcost", "chatcost.fish")


class Completions(ChatcostTestCase):
    needs_server = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tree = read_command_tree(CHATCOST)
        cls.texts = {}
        for name in FILES:
            with open(os.path.join(COMPLETIONS, name), encoding="utf-8") as f:
                cls.texts[name] = f.read()

    def test_committed_files_are_up_to_date(self):
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([sys.executable, os.path.join(SOURCE_ROOT, "tools", "gen_completions.py"), CHATCOST, out],
                           check=True)
            for name in FILES:
                with open(os.path.join(out, name), encoding="utf-8") as f:
                    self.assertEqual(f.read(), self.texts[name],
                                     f"completions/{name} is stale: run tools/gen_completions.py "
                                     "build/src/chatcost completions")

    def test_every_command_and_flag_appears_in_each_file(self):
        for command in self.tree.walk():
            words = command.path[-1:] + all_flags(command.options)
            for name, text in self.texts.items():
                for word in words:
                    if name == "chatcost.fish" and word.startswith("-"):
                        word = ("-l " + word[2:]) if word.startswith("--") else ("-s " + word[1:])
                    self.assertIn(word, text, f"{word} of '{' '.join(command.path)}' missing from {name}")

    def test_nothing_in_the_files_is_unknown_to_the_binary(self):
        known_flags = {flag for c in self.tree.walk() for flag in all_flags(c.options)}
        known_paths = {" ".join(c.path) for c in self.tree.walk()}
        bash = self.texts["chatcost.bash"]
        for flag in re.findall(r"(?<![\w-])(--?[a-z][a-z0-9-]*)", bash):
            self.assertIn(flag, known_flags | {"-f", "-W", "-type", "-name", "-v"}, flag)
        for path in re.findall(r"^\s+(?:'([^']*)'|\"\"|([a-z-]+))\) commands=", bash, re.M):
            self.assertIn(path[0] or path[1], known_paths)
        fish_words = re.findall(r"-a ([a-z-]+) -d", self.texts["chatcost.fish"])
        self.assertTrue(fish_words)
        for word in fish_words:
            self.assertTrue(any(c.path and c.path[-1] == word for c in self.tree.walk()), word)

    def bash_complete(self, *words):
        script = (f"source {os.path.join(COMPLETIONS, 'chatcost.bash')}\n"
                  f"COMP_WORDS=({' '.join(repr(w) for w in words)})\n"
                  f"COMP_CWORD={len(words) - 1}\n_chatcost\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n")
        out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True)
        return out.stdout.split()

    def test_bash_completes_commands_subcommands_flags_and_values(self):
        top = self.bash_complete("chatcost", "")
        self.assertEqual(sorted(top), sorted(c.path[0] for c in self.tree.subcommands))
        self.assertEqual(self.bash_complete("chatcost", "db", "st"), ["status", "start", "stop"])
        self.assertEqual(self.bash_complete("chatcost", "--format", ""), ["table", "json", "csv"])
        self.assertIn("--input-price", self.bash_complete("chatcost", "-d", "postgresql:///x", "estimate", "--in"))
        self.assertIn("--database", self.bash_complete("chatcost", "db", "status", "--d"))

    def test_bash_completes_time_zones_when_an_option_takes_one(self):
        zone_options = [f for c in self.tree.walk() for o in c.options if o.value for f in o.names
                        if f == "--timezone"]
        if not zone_options:
            self.assertNotIn("--timezone)", self.texts["chatcost.bash"])
            return
        self.assertIn("Europe/Paris", self.bash_complete("chatcost", "rollup", "--timezone", "Europe/Pa"))

    def test_bash_completes_the_choices_of_by_and_the_flags_of_demo(self):
        self.assertEqual(self.bash_complete("chatcost", "rollup", "--by", ""), ["user", "model", "provider", "chat",
                                                                              "day", "week", "month"])
        self.assertEqual(self.bash_complete("chatcost", "rollup", "--by", "m"), ["model", "month"])
        self.assertIn("America/New_York", self.bash_complete("chatcost", "summary", "--timezone", "America/New"))
        demo = self.bash_complete("chatcost", "demo", "--")
        for flag in ("--messages", "--users", "--seed", "--force", "--format"):
            self.assertIn(flag, demo)
        # After a value option's value, the next word is a flag again, not the value.
        self.assertIn("--until", self.bash_complete("chatcost", "rollup", "--by", "day", "--un"))

    def test_bash_completes_the_formats_and_output_file_of_export_focus(self):
        # export focus prints CSV unless --format (or -j) says json or table: the global flag, offered there
        focus = self.bash_complete("chatcost", "export", "focus", "--")
        for flag in ("--month", "--output", "--format", "--json", "--timezone"):
            self.assertIn(flag, focus)
        self.assertEqual(self.bash_complete("chatcost", "export", "focus", "--month", "2026-11", "--format", ""),
                         ["table", "json", "csv"])
        with tempfile.TemporaryDirectory() as scratch:
            open(os.path.join(scratch, "focus-2026-11.csv"), "w").close()
            self.assertEqual(self.bash_complete("chatcost", "export", "focus", "-o", os.path.join(scratch, "focus-")),
                             [os.path.join(scratch, "focus-2026-11.csv")])

    def test_bash_completes_paths_for_directory_options(self):
        with tempfile.TemporaryDirectory() as scratch:
            os.mkdir(os.path.join(scratch, "migrations-extra"))
            found = self.bash_complete("chatcost", "migrate", "status", "--migrations-dir",
                                       os.path.join(scratch, "migrations-"))
            self.assertEqual(found, [os.path.join(scratch, "migrations-extra")])

    def test_fish_completes_values(self):
        script = f"source {os.path.join(COMPLETIONS, 'chatcost.fish')}; complete -C 'chatcost rollup --by '"
        out = subprocess.run(["fish", "-c", script], capture_output=True, text=True, check=True).stdout
        self.assertEqual(sorted(line.split("\t")[0] for line in out.splitlines()),
                         ["chat", "day", "model", "month", "provider", "user", "week"])

    def test_zsh_and_fish_accept_the_files(self):
        subprocess.run(["zsh", "-n", os.path.join(COMPLETIONS, "_chatcost")], check=True)
        subprocess.run(["fish", "-n", os.path.join(COMPLETIONS, "chatcost.fish")], check=True)

    def test_fish_completes_for_real(self):
        script = f"source {os.path.join(COMPLETIONS, 'chatcost.fish')}; complete -C 'chatcost db st'"
        out = subprocess.run(["fish", "-c", script], capture_output=True, text=True, check=True).stdout
        self.assertEqual(sorted(line.split("\t")[0] for line in out.splitlines()), ["start", "status", "stop"])


if __name__ == "__main__":
    main()
