"""`meson install` puts the binary, the man pages and the completions where each tool looks,
under the configured prefix and DESTDIR; another prefix moves all of them."""
import json
import os
import subprocess
import tempfile

from clitest import SOURCE_ROOT, ChatcostTestCase, main

BUILD_ROOT = os.environ.get("CHATCOST_BUILD_ROOT", os.path.join(SOURCE_ROOT, "build"))
PAGES = sorted(p for p in os.listdir(os.path.join(SOURCE_ROOT, "man")) if p.endswith(".1"))
# Relative to the prefix: what a user's shell, man and PATH find there.
EXPECTED = ["bin/chatcost",
            "share/bash-completion/completions/chatcost",
            "share/zsh/site-functions/_chatcost",
            "share/fish/vendor_completions.d/chatcost.fish"] + [f"share/man/man1/{p}" for p in PAGES]


def meson(*args, cwd=None):
    return subprocess.run(["meson", *args], capture_output=True, text=True, check=True, cwd=cwd).stdout


def build_option(build_root, name):
    for option in json.loads(meson("introspect", build_root, "--buildoptions")):
        if option["name"] == name:
            return option["value"]
    raise KeyError(name)


class Install(ChatcostTestCase):
    needs_server = False

    def test_install_into_a_destdir(self):
        prefix = build_option(BUILD_ROOT, "prefix")
        with tempfile.TemporaryDirectory(prefix="chatcost-destdir-") as destdir:
            meson("install", "-C", BUILD_ROOT, "--destdir", destdir, "--no-rebuild", "--quiet")
            root = destdir + prefix
            for relative in EXPECTED:
                self.assertTrue(os.path.isfile(os.path.join(root, relative)), relative)
            binary = os.path.join(root, "bin", "chatcost")
            self.assertTrue(os.access(binary, os.X_OK))
            version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True)
            self.assertRegex(version.stdout, r"^chatcost \d")
            # Nothing lands outside the prefix, and nothing is installed that was not expected.
            installed = sorted(os.path.relpath(os.path.join(d, f), destdir)
                               for d, _, files in os.walk(destdir) for f in files)
            self.assertEqual(installed, sorted(os.path.relpath(os.path.join(root, r), destdir) for r in EXPECTED))
            # What was installed works from there: a man page renders, bash completes.
            page = os.path.join(root, "share", "man", "man1", "chatcost-demo.1")
            rendered = subprocess.run(["mandoc", "-T", "ascii", page], capture_output=True, text=True, check=True)
            self.assertIn("CHATCOST-DEMO(1)", rendered.stdout)
            script = (f"source {os.path.join(root, 'share/bash-completion/completions/chatcost')}\n"
                      "COMP_WORDS=(chatcost dem); COMP_CWORD=1; _chatcost; echo ${COMPREPLY[@]}\n")
            completed = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True)
            self.assertEqual(completed.stdout.split(), ["demo"])

    def test_installed_paths_start_with_the_configured_prefix(self):
        prefix = build_option(BUILD_ROOT, "prefix")
        installed = json.loads(meson("introspect", BUILD_ROOT, "--installed"))
        self.assertEqual(sorted(os.path.relpath(p, prefix) for p in installed.values()), sorted(EXPECTED))
        for path in installed.values():
            self.assertTrue(path.startswith(prefix.rstrip("/") + "/"), path)

    def test_another_prefix_moves_everything(self):
        with tempfile.TemporaryDirectory(prefix="chatcost-prefix-") as scratch:
            build = os.path.join(scratch, "build")
            meson("setup", build, "--prefix", "/opt/chatcost-test", "-Dtests=false", cwd=SOURCE_ROOT)
            installed = json.loads(meson("introspect", build, "--installed"))
            self.assertEqual(sorted(installed.values()), sorted(f"/opt/chatcost-test/{r}" for r in EXPECTED))


if __name__ == "__main__":
    main()
