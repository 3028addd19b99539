"""The command tree of chatcost, read from its --help output.

Shared by tools/gen_completions.py and the cli tests that check completions and man
pages against the binary, so that all three agree on one reading of --help.
"""
import re
import subprocess

OPTION_LINE = re.compile(r"^  (-\S+?)(?: ([^ ].*?))?(?:\s{2,}(.*))?$")
COMMAND_LINE = re.compile(r"^  ([a-z][a-z-]*)\s{2,}(.*)$")
CHOICES = re.compile(r"^[a-z0-9_-]+(\|[a-z0-9_-]+)+$")
CONTINUATION = re.compile(r"^\s{6,}(\S.*)$")


class Option:
    def __init__(self, names, value, description):
        self.names = names              # ["-d", "--database"]
        self.value = value              # "URL", "table|json|csv", or None for a flag
        self.description = description

    @property
    def choices(self):
        """Allowed values when the help shows them as a|b|c (lower case: NAME|UUID is a placeholder)."""
        if self.value and CHOICES.match(self.value):
            return self.value.split("|")
        return []


class Command:
    def __init__(self, path, purpose):
        self.path = path                # ["db", "status"]; [] for chatcost itself
        self.purpose = purpose
        self.options = []
        self.subcommands = []

    def walk(self):
        yield self
        for sub in self.subcommands:
            yield from sub.walk()


def _help(binary, path):
    result = subprocess.run([binary, *path, "--help"], capture_output=True, text=True, check=True)
    return result.stdout


def _parse(command, text):
    section = None
    for line in text.splitlines():
        if line.endswith(":") and not line.startswith(" "):
            section = line[:-1]
            continue
        continuation = CONTINUATION.match(line)
        if continuation and section == "Options" and command.options and not command.options[-1].description:
            # CLI11 puts the description of an option with a long value text on the next line.
            command.options[-1].description = continuation.group(1)
            continue
        if not line.startswith("  ") or line.startswith("   "):
            continue
        if section == "Options":
            match = OPTION_LINE.match(line)
            if match:
                names = match.group(1).split(",")
                command.options.append(Option(names, match.group(2), match.group(3) or ""))
        elif section == "Subcommands":
            match = COMMAND_LINE.match(line)
            if match:
                command.subcommands.append(Command(command.path + [match.group(1)], match.group(2)))


def read_command_tree(binary):
    """The whole tree: chatcost, its commands and their subcommands, with options."""
    root = Command([], "")
    pending = [root]
    while pending:
        command = pending.pop()
        text = _help(binary, command.path)
        if command.path:
            command.purpose = text.splitlines()[0]
        _parse(command, text)
        pending.extend(command.subcommands)
    return root


def all_flags(option_list):
    return [name for option in option_list for name in option.names]
