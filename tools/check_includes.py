#!/usr/bin/env python3
"""Checks every #include under src/ against the dependency rule (src/dependency_rule.txt).

Prints one line per violation, naming the file and line, and exits 1 if there is any:
  src/cost/price.cpp:12: cost may not include db (allowed: nothing of ours)
A violation is an include of a module or a library the including module's row does not
allow, an include naming a file that does not exist, a <header> the table does not
declare, or a folder under src/ that has no row (so a new module must be declared). A row
may allow one header of a module by its path ("util/result.hpp"); what that header includes
is then checked against the row too, so it cannot bring the rest of its module along.

Usage: check_includes.py [--src DIR] [--rule FILE]   (defaults: the repository's src/ and
DIR/dependency_rule.txt). Exit 0 when the tree follows the rule, 1 on violations, 2 when
the table itself cannot be read.
"""
import argparse
import fnmatch
import pathlib
import re
import sys

SOURCE_SUFFIXES = (".cpp", ".hpp", ".h")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')


class TableError(Exception):
    """The table is malformed: a usage problem, not a violation of the rule."""


class Rule:
    def __init__(self):
        self.modules = {}  # module -> modules (or single headers, "util/result.hpp") it may include
        self.not_itself = set()  # modules that may not include their own headers
        self.module_lines = {}  # module -> line of its row, for messages about the table
        self.libraries = []  # (patterns, set of modules or None for every module, excluded set)


def read_rule(path):
    rule = Rule()
    section = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            if section not in ("modules", "libraries"):
                raise TableError(f"{path}:{number}: unknown section [{section}]")
            continue
        words = line.split()
        if section == "modules":
            module, allowed = words[0], words[1:]
            if module in rule.modules:
                raise TableError(f"{path}:{number}: module {module} has two rows")
            if "not-itself" in allowed:
                rule.not_itself.add(module)
                allowed = [word for word in allowed if word != "not-itself"]
            if allowed == ["-"]:
                allowed = []
            rule.modules[module] = set(allowed)
            rule.module_lines[module] = number
        elif section == "libraries":
            if len(words) < 2:
                raise TableError(f"{path}:{number}: a library row needs headers and the modules that may use them")
            patterns = words[0].split(",")
            users = words[1:]
            if users[0] == "*":
                excluded = set(users[2:]) if users[1:2] == ["except"] else set()
                if len(users) > 1 and users[1] != "except":
                    raise TableError(f"{path}:{number}: write '* except a b' or '*' alone")
                rule.libraries.append((patterns, None, excluded))
            else:
                rule.libraries.append((patterns, set(users), set()))
        else:
            raise TableError(f"{path}:{number}: a row before [modules] or [libraries]")
    return rule


def module_of(relative):
    """The module of a path relative to src/: its top folder, or a top-level file's stem."""
    parts = pathlib.PurePosixPath(relative).parts
    return parts[0] if len(parts) > 1 else pathlib.PurePosixPath(parts[0]).stem


def is_standard_header(header):
    # <string>, <cstdint>: no extension and no folder. POSIX, libpq and the libraries have one.
    return "." not in header and "/" not in header


def library_row(rule, header):
    for patterns, users, excluded in rule.libraries:
        if any(fnmatch.fnmatchcase(header, pattern) for pattern in patterns):
            return users, excluded
    return None


def describe(modules):
    return ", ".join(sorted(modules)) if modules else "nothing of ours"


def check_table(rule, src, rule_name):
    problems = []
    folders = sorted(entry.name for entry in src.iterdir() if entry.is_dir())
    top_files = sorted(module_of(entry.name) for entry in src.iterdir() if entry.suffix in SOURCE_SUFFIXES)
    present = set(folders) | set(top_files)
    for folder in folders:
        if folder not in rule.modules:
            problems.append(f"{src.name}/{folder}/: module {folder} has no row in [modules] of {rule_name}")
    for module, allowed in rule.modules.items():
        where = f"{rule_name}:{rule.module_lines[module]}"
        if module not in present:
            problems.append(f"{where}: module {module} has no folder under {src.name}/")
        for other in sorted(allowed - set(rule.modules)):
            if "/" in other:
                if not (src / other).is_file():
                    problems.append(f"{where}: {module} may include {other}, which names no file")
            else:
                problems.append(f"{where}: {module} may include {other}, which has no row")
    for _, users, excluded in rule.libraries:
        for other in sorted(((users or set()) | excluded) - set(rule.modules)):
            problems.append(f"{rule_name}: a library row names {other}, which has no row in [modules]")
    return problems


def check_file(rule, src, path, module=None):
    """Yields (line, message) for every include of one source file that breaks the rule: the
    rule of its own module, or of `module` for a header that module may include by name (what
    that header includes, its includer includes too)."""
    borrowed = module is not None
    module = module or module_of(path.relative_to(src).as_posix())
    allowed = rule.modules.get(module)
    text = path.read_text(encoding="utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        match = INCLUDE.match(line)
        if not match:
            continue
        kind, target = match.groups()
        if kind == '"':
            if not (src / target).is_file():
                if borrowed:
                    continue  # reported once, for the header's own module
                yield number, (f'"{target}" names no file under {src.name}/ '
                               f'(include from {src.name}/, as "module/file.hpp")')
                continue
            if allowed is None:
                continue  # the folder's missing row is reported once, by check_table
            target_module = module_of(target)
            if target_module == module:
                if module in rule.not_itself:
                    yield number, f"{module} may not include {module} (allowed: {describe(allowed)}; not itself)"
            elif target_module not in allowed and target not in allowed:
                yield number, f"{module} may not include {target_module} (allowed: {describe(allowed)})"
        else:
            row = library_row(rule, target)
            if row is None:
                if not is_standard_header(target):
                    yield number, f"<{target}> has no row in [libraries] of the dependency rule"
                continue
            users, excluded = row
            if module in excluded or (users is not None and module not in users):
                who = f"every module but {describe(excluded)}" if users is None else describe(users)
                yield number, f"{module} may not include <{target}> (allowed in: {who})"


def main():
    default_src = pathlib.Path(__file__).resolve().parent.parent / "src"
    parser = argparse.ArgumentParser(description="Check every #include under src/ against the dependency rule.")
    parser.add_argument("--src", type=pathlib.Path, default=default_src, help="the source tree (default: src/)")
    parser.add_argument("--rule", type=pathlib.Path, help="the table (default: SRC/dependency_rule.txt)")
    options = parser.parse_args()
    src = options.src.resolve()
    rule_path = options.rule or src / "dependency_rule.txt"
    # Paths are printed as from the folder that holds src/, so "src/cost/price.cpp:12:".
    base = src.parent
    resolved_rule = rule_path.resolve()
    rule_name = resolved_rule.relative_to(base).as_posix() if resolved_rule.is_relative_to(base) else str(rule_path)
    try:
        rule = read_rule(rule_path)
    except (OSError, TableError) as error:
        print(f"check_includes: {error}", file=sys.stderr)
        return 2

    problems = check_table(rule, src, rule_name)
    files = sorted(path for path in src.rglob("*") if path.suffix in SOURCE_SUFFIXES and path.is_file())
    for path in files:
        shown = path.relative_to(base).as_posix()
        problems.extend(f"{shown}:{number}: {message}" for number, message in check_file(rule, src, path))
    for module, allowed in sorted(rule.modules.items()):
        for header in sorted(entry for entry in allowed if "/" in entry and (src / entry).is_file()):
            shown = (src / header).relative_to(base).as_posix()
            problems.extend(f"{shown}:{number}: {message}, through {header}, which {module} may include"
                            for number, message in check_file(rule, src, src / header, module))
    for problem in problems:
        print(problem)
    if problems:
        print(f"check_includes: {len(problems)} include(s) break the dependency rule in {rule_name}",
              file=sys.stderr)
        return 1
    print(f"check_includes: {len(files)} files under {src.name}/ follow {rule_name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
