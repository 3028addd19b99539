"""Every CSV chatcost prints ends every line with CRLF (RFC 4180), whichever command prints it
(issue 18: `db status --format csv` was said to end its lines with LF). stdout is read as bytes:
text mode would turn CRLF into LF and hide the difference."""
import subprocess

import backfill_data as data
from clitest import CHATCOST, ChatcostTestCase, main

ANY_TIME = ("--since", "2000-01-01", "--until", "2100-01-01")

# Every command that prints a report, with the exit codes it may end with on the fixture (6: the
# fixture has invalid prices and usage, which explain and backfill report).
COMMANDS = [
    (("db", "status"), (0,)),
    (("db", "url"), (0,)),
    (("migrate", "status"), (0,)),
    (("migrate", "up", "--dry-run"), (0,)),
    (("migrate", "lint"), (0,)),
    (("seed", "apply", "--dry-run"), (0,)),
    (("prices", "list"), (0,)),
    (("prices", "history", "openai/gpt-4.1"), (0,)),
    (("backfill", "--dry-run"), (0, 6)),
    (("backfill", "status"), (0,)),
    (("unpriced", *ANY_TIME), (0,)),
    (("summary", "--user", "user2", *ANY_TIME), (0,)),
    (("rollup", *ANY_TIME), (0,)),
    (("rollup", "--by", "month", "--breakdown", *ANY_TIME), (0,)),
    (("explain", "1"), (0, 6)),
    (("estimate", "--input-tokens", "5", "--input-price", "3"), (0,)),
    (("export", "focus", *ANY_TIME), (0,)),
]


class CsvLineEndings(ChatcostTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.url = cls.cluster.create_database("csv_lines")
        case = ChatcostTestCase("run")  # only to borrow run_chatcost's clean environment
        case.scratch = cls.scratch
        result = case.run_chatcost("-q", "-d", cls.url, "migrate", "up")
        assert result.code == 0, repr(result)
        cls.cluster.psql(data.setup_sql(200, invalid=True), "csv_lines")

    def csv_bytes(self, args, codes):
        completed = subprocess.run([CHATCOST, "-d", self.url, "--format", "csv", *args], env=self.base_env(),
                                   capture_output=True, check=False, timeout=300)
        self.assertIn(completed.returncode, codes, completed.stderr.decode(errors="replace"))
        return completed.stdout

    def test_every_line_of_every_csv_ends_with_crlf(self):
        for args, codes in COMMANDS:
            with self.subTest(command=" ".join(args)):
                stdout = self.csv_bytes(args, codes)
                self.assertTrue(stdout.endswith(b"\r\n"), stdout[-200:])
                lines = stdout.split(b"\n")[:-1]  # the fixture has no newline inside a field
                self.assertEqual([line for line in lines if not line.endswith(b"\r")], [], stdout[:400])


if __name__ == "__main__":
    main()
