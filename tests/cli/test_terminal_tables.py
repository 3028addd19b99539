"""Tables on a real terminal (a pty sized with TIOCSWINSZ): they fit its width, pad by display
width (CJK, emoji), cut names and titles with an ellipsis, hide ids unless --ids, take the compact
layout below 100 columns, and draw a bar chart of periods and models; a pipe gets none of that
unless COLUMNS says how wide to be."""
import re
import unicodedata

import report_fixture as fx
from report_fixture import ReportTestCase
from clitest import main
from terminal_run import run_on_terminal

NOVEMBER = ("--since", "2026-11-01", "--until", "2026-12-01")
CJK_USER = "c1c00000-0000-4000-8000-000000000009"
CJK_CHAT = "c0000000-0000-4000-b000-0000000000c9"
CJK_NAME = "山田太郎（東京本社・営業部）"
EMOJI_TITLE = "家族旅行 👨‍👩‍👧 René👋🏿 plans for the whole summer, with every detail written down"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def load_wide_names(test, url, dbname):
    fx.load(test, url, dbname)
    test.cluster.psql(f"""
INSERT INTO users (id, username, name) VALUES ('{CJK_USER}', '山田', '{CJK_NAME}');
INSERT INTO chats (id, owner_id, title) VALUES ('{CJK_CHAT}', '{CJK_USER}', '{EMOJI_TITLE}');
INSERT INTO chat_messages (id, chat_id, model_config_id, created_at, role, input_tokens, output_tokens,
                           total_cost_micros) VALUES
  (301, '{CJK_CHAT}', '{fx.M1}', '2026-11-12T09:00:00Z', 'assistant', 700, 70, 2500000);
""", dbname)


def width(text):
    """Columns a terminal gives text: wide and fullwidth take two, joiners, marks and selectors none,
    a ZWJ sequence or an emoji with its skin tone one picture of two."""
    text = re.sub("\u200d.", "", text)  # the joined emoji is drawn into the first
    total = 0
    for char in text:
        if unicodedata.combining(char) or char in "\ufe0f\u200d" or 0x1F3FB <= ord(char) <= 0x1F3FF:
            continue
        total += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return total


class TablesOnATerminal(ReportTestCase):
    loader = staticmethod(load_wide_names)

    def on_terminal(self, columns, *args, **env):
        run_env = self.base_env()
        run_env.update({"TERM": "xterm-256color", "LANG": "C.UTF-8"}, **env)
        run_env.pop("COLUMNS", None)
        result = run_on_terminal(["-d", self._url, *args], run_env, stderr=False, columns=columns)
        self.assertEqual(result.code, 0, result)
        return ANSI.sub("", result.terminal.decode()).replace("\r\n", "\n")

    def table_lines(self, text, heading):
        """The lines of the table under HEADING, up to the blank line."""
        lines = text.split("\n")
        start = lines.index(heading) + 1
        end = lines.index("", start)
        return lines[start:end]

    def test_rollup_fits_80_and_200_columns(self):
        for columns in (80, 200):
            with self.subTest(columns=columns):
                text = self.on_terminal(columns, "rollup", *NOVEMBER)
                for line in text.split("\n"):
                    self.assertLessEqual(width(line), columns, line)
                rows = self.table_lines(text, "Users")
                self.assertNotIn(fx.ALICE, text)  # ids hidden
                self.assertEqual(len({width(line.rstrip()) for line in rows[:2]}), 1, rows)
                cjk = next(line for line in rows if line.startswith("山田"))
                header = rows[0]
                # The Cost column ends at the same column in the header and in the CJK row.
                cost_end = header.index("Cost") + len("Cost")
                dollar = re.search(r"\$\d+\.\d\d", cjk)
                self.assertEqual(width(cjk[:dollar.end()]), cost_end, (header, cjk))
                if columns == 80:
                    self.assertNotIn("Cache read", header)  # compact below 100 columns
                    self.assertIn("…", cjk)
                else:
                    self.assertIn("Cache read", header)
                    self.assertIn(CJK_NAME, cjk)

    def test_summary_cuts_long_titles_on_a_narrow_terminal(self):
        text = self.on_terminal(80, "summary", "--user", "山田", *NOVEMBER)
        chats = self.table_lines(text, "By root chat")
        title_line = next(line for line in chats if line.startswith("家族旅行"))
        self.assertIn("…", title_line)
        self.assertLessEqual(width(title_line), 80)
        self.assertNotIn("whole summer", text)
        wide = self.on_terminal(200, "summary", "--user", "山田", *NOVEMBER)
        self.assertIn(EMOJI_TITLE, wide)
        self.assertIn("Cost by model", wide)

    def test_ids_come_back_with_the_flag(self):
        text = self.on_terminal(200, "--ids", "rollup", *NOVEMBER)
        self.assertIn(fx.ALICE, text)
        self.assertIn("User id", text)

    def test_compact_by_choice_on_a_wide_terminal(self):
        text = self.on_terminal(200, "--compact", "rollup", *NOVEMBER)
        self.assertNotIn("Cache read", text)

    def test_period_chart_scaled_to_the_largest(self):
        text = self.on_terminal(80, "rollup", "--by", "day", *NOVEMBER)
        chart = self.table_lines(text, "Cost by day")
        bars = {line[:10]: line.split()[-1] for line in chart if "█" in line or "▏" in line}
        # 2026-11-04: bob's $5.00 is the largest day; the 12th ($2.50) is half of it.
        self.assertEqual(len(bars["2026-11-04"]), 50)
        self.assertEqual(len(bars["2026-11-12"]), 25)
        self.assertEqual(bars["2026-11-10"], "▏")  # 3 micro-dollars: a sliver, never nothing
        for line in chart:
            self.assertLessEqual(width(line), 80, line)
        plain = self.on_terminal(80, "rollup", "--by", "day", *NOVEMBER, NO_COLOR="1")
        self.assertNotIn("█", plain)
        self.assertIn("#" * 50, plain)
        c_locale = self.on_terminal(80, "rollup", "--by", "month", *NOVEMBER, LANG="C")
        self.assertIn("#" * 50, c_locale)
        none = self.on_terminal(80, "--no-chart", "rollup", "--by", "day", *NOVEMBER)
        self.assertNotIn("Cost by day", none)

    def test_pipes_keep_the_full_table_and_no_chart(self):
        result = self.run_chatcost("-d", self._url, "rollup", "--by", "day", *NOVEMBER)
        self.assert_exit(result, 0)
        self.assertNotIn("Cost by day", result.stdout)
        self.assertIn("Cache read", result.stdout)
        self.assertNotIn("…", result.stdout)
        for fmt in ("json", "csv"):
            env = self.base_env()
            env["COLUMNS"] = "80"
            out = self.run_chatcost("-d", self._url, "--format", fmt, "rollup", "--by", "day", *NOVEMBER, env=env)
            self.assert_exit(out, 0)
            self.assertNotIn("cost_bar", out.stdout)
            self.assertNotIn("█", out.stdout)
        # COLUMNS lays a piped table out as for a terminal that wide.
        env = self.base_env()
        env.update({"COLUMNS": "80", "LANG": "C.UTF-8"})
        fitted = self.run_chatcost("-d", self._url, "rollup", *NOVEMBER, env=env)
        self.assertIn("Cost", fitted.stdout)
        for line in fitted.stdout.splitlines():
            self.assertLessEqual(width(line), 80, line)


if __name__ == "__main__":
    main()
