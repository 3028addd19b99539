"""Runs chatcost with stdout, stderr or both on a pseudo-terminal, as a person at a shell would.

The cli tests use it to check what only a terminal gets (colour, the progress line) and,
by contrast, that pipes and files get none of it.
"""
import fcntl
import os
import pty
import select
import struct
import subprocess
import termios

from clitest import CHATCOST


class TerminalResult:
    def __init__(self, code, terminal, stdout, stderr):
        self.code = code
        self.terminal = terminal  # bytes written to the terminal (stdout and/or stderr)
        self.stdout = stdout      # bytes, when stdout was a pipe
        self.stderr = stderr      # bytes, when stderr was a pipe

    def __repr__(self):
        return (f"exit {self.code}\n--- terminal\n{self.terminal!r}\n--- stdout\n{self.stdout!r}\n"
                f"--- stderr\n{self.stderr!r}")


def run_on_terminal(args, env, stdout=True, stderr=True, timeout=120, columns=80, rows=24):
    """Runs chatcost ARGS; the streams asked for go to a pty (COLUMNSxROWS, set with TIOCSWINSZ;
    TERM from env), the others to pipes. Returns a TerminalResult."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen([CHATCOST, *args], env=env, stdin=subprocess.DEVNULL,
                               stdout=slave if stdout else subprocess.PIPE,
                               stderr=slave if stderr else subprocess.PIPE)
    os.close(slave)
    terminal = bytearray()
    pipes = {f: bytearray() for f in (process.stdout, process.stderr) if f is not None}
    readers = [master] + list(pipes)
    while readers:
        ready, _, _ = select.select(readers, [], [], timeout)
        if not ready:
            process.kill()
            raise TimeoutError(f"chatcost {' '.join(args)} did not finish")
        for reader in ready:
            try:
                chunk = os.read(reader if reader == master else reader.fileno(), 65536)
            except OSError:  # EIO: the terminal's other side is closed
                chunk = b""
            if not chunk:
                readers.remove(reader)
            elif reader == master:
                terminal += chunk
            else:
                pipes[reader] += chunk
    os.close(master)
    code = process.wait(timeout)
    return TerminalResult(code, bytes(terminal), bytes(pipes.get(process.stdout, b"")),
                          bytes(pipes.get(process.stderr, b"")))
