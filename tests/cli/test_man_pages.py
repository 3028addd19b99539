"""Man pages: lint-clean mdoc, one per command, and in agreement with --help on every flag."""
import os
import re
import subprocess
import sys

from clitest import CHATCOST, SOURCE_ROOT, ChatcostTestCase, main

sys.path.insert(0, os.path.join(SOURCE_ROOT, "tools"))
from cli_model import all_flags, read_command_tree  # noqa: E402

MAN = os.path.join(SOURCE_ROOT, "man")
HELP_FLAGS = {"-h", "--help"}
# Every page says these; chatcost(1) explains the global options, the rest mention them.
REQUIRED_SECTIONS = ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "JSON OUTPUT", "ENVIRONMENT", "FILES",
                     "EXIT STATUS", "EXAMPLES", "SEE ALSO")
# `Fl -since` renders --since, `Fl d` renders -d: one flag per Fl, up to the next macro.
FL_MACRO = re.compile(r"(?:^\.|\s)Fl\s+(-?[A-Za-z0-9][A-Za-z0-9-]*)", re.M)


def page_flags(text):
    return {"-" + word for word in FL_MACRO.findall(text)}


def sections(text):
    return [line[4:].strip('"') for line in text.splitlines() if line.startswith(".Sh ")]


def read(name):
    with open(os.path.join(MAN, name), encoding="utf-8") as f:
        return f.read()


class ManPages(ChatcostTestCase):
    needs_server = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tree = read_command_tree(CHATCOST)
        cls.global_flags = set(all_flags(cls.tree.options))
        cls.commands = {c.path[0]: c for c in cls.tree.subcommands}

    def command_flags(self, command):
        return {flag for c in command.walk() for flag in all_flags(c.options)} - HELP_FLAGS

    def test_every_page_is_lint_clean(self):
        pages = sorted(p for p in os.listdir(MAN) if p.endswith(".1"))
        self.assertIn("chatcost.1", pages)
        for page in pages:
            result = subprocess.run(["mandoc", "-T", "lint", "-W", "warning", os.path.join(MAN, page)],
                                    capture_output=True, text=True, check=False)
            self.assertEqual((result.returncode, result.stdout + result.stderr), (0, ""), page)

    def test_quotes_render_in_pairs(self):
        # ".Pq Ql a , Ql b" renders as "(`a, `b'')": a quote opened and the next one opened before
        # it closes, the closers piled up at the end. Read the rendered text, as a person would.
        import re
        garbled = re.compile(r"`[^`'\s]+(, | or | and )`|'{2,}\)")
        for page in sorted(p for p in os.listdir(MAN) if p.endswith(".1")):
            rendered = subprocess.run(["mandoc", "-T", "ascii", os.path.join(MAN, page)], capture_output=True,
                                      text=True, check=True).stdout
            text = re.sub(".\b", "", rendered)  # overstrike (bold, underline) to plain text
            found = garbled.search(text)
            self.assertIsNone(found, f"{page}: {text[max(0, found.start() - 40):found.end() + 40]!r}" if found else "")

    def test_every_command_has_a_page_with_every_section(self):
        for name in self.commands:
            page = f"chatcost-{name}.1"
            self.assertTrue(os.path.exists(os.path.join(MAN, page)), f"man/{page} is missing")
            text = read(page)
            self.assertIn(f".Dt CHATCOST-{name.upper()} 1", text)
            found = sections(text)
            for section in REQUIRED_SECTIONS:
                self.assertIn(section, found, f"{page} has no {section} section")
            self.assertIn("CHATCOST_DATABASE_URL", text, f"{page}: connection resolution")
            self.assertIn("/chatcost/postgres", text, f"{page}: where the embedded database lives")

    def test_chatcost_1_lists_every_command_and_page(self):
        text = read("chatcost.1")
        for name in self.commands:
            self.assertRegex(text, rf"\.It Cm {name}\b", f"chatcost.1 COMMANDS lacks {name}")
            self.assertIn(f".Xr chatcost-{name} 1", text)
        for section in ("SYNOPSIS", "OPTIONS", "ENVIRONMENT", "FILES", "EXIT STATUS", "EXAMPLES"):
            self.assertIn(section, sections(text))

    def test_every_help_flag_is_in_the_page_and_every_page_flag_is_in_help(self):
        for name, command in self.commands.items():
            documented = page_flags(read(f"chatcost-{name}.1"))
            for flag in sorted(self.command_flags(command)):
                self.assertIn(flag, documented, f"{flag} of 'chatcost {name}' is not in man/chatcost-{name}.1")
            unknown = documented - self.command_flags(command) - self.global_flags - HELP_FLAGS
            self.assertEqual(unknown, set(), f"man/chatcost-{name}.1 documents flags 'chatcost {name}' lacks")

    def test_chatcost_1_documents_the_global_flags_and_nothing_unknown(self):
        documented = page_flags(read("chatcost.1"))
        for flag in sorted(self.global_flags | HELP_FLAGS | {"--version"}):
            self.assertIn(flag, documented)
        every_flag = {flag for c in self.tree.walk() for flag in all_flags(c.options)} | {"--version"}
        self.assertEqual(documented - every_flag, set())

    def test_the_flag_reader_sees_what_mandoc_renders(self):
        # The test above is only as good as page_flags: check it against mandoc's own output.
        text = read("chatcost-rollup.1")
        rendered = subprocess.run(["mandoc", "-T", "ascii", os.path.join(MAN, "chatcost-rollup.1")],
                                  capture_output=True, text=True, check=True).stdout
        rendered = re.sub(r".\x08", "", rendered)
        for flag in page_flags(text):
            self.assertIn(flag, rendered)
        self.assertIn("--fail-on-unpriced", page_flags(text))


if __name__ == "__main__":
    main()
