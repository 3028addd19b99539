"""`chatcost budget` (issue 19, item 1): budgets set, unset and listed; `budget check` against the
spend of the current calendar period, in each budget's zone, with exit codes for cron, unpriced
messages shown beside the spend, the projection and the JSON events.

Fixture (assistant messages; costs in micro-dollars; times UTC):
  alice  default budget $10/month UTC, soft 80%
         2026-11-02 $6, 2026-11-10 $5, 2026-11-10 unpriced, 2026-11-10 invalid (negative tokens),
         2026-10-20 $100 (last month), a user message with a cost (not counted)
  bob    own budget $20.50/week Europe/Paris, soft 40% (the default would make him over)
         2026-11-08T22:30Z $3 (Sunday 23:30 in Paris: the week before), 2026-11-08T23:30Z $8.50
         (Monday 00:30 in Paris: this week)
  carol  own budget $1.20/month America/New_York: November 2026 starts in EDT (-04:00) and
         ends in EST (-05:00), 721 hours
         2026-11-01T03:30Z $2 (October 31 in New York), 2026-11-01T04:30Z $0.000001,
         2026-11-12 $1.234567
  dave   default budget, no messages
"""
import json
import math
import subprocess
from datetime import datetime, timedelta, timezone
from fractions import Fraction
from zoneinfo import ZoneInfo

from clitest import ChatcostTestCase, main

USERS = {
    "alice": "00000000-0000-0000-0019-00000000b0a1",
    "bob": "00000000-0000-0000-0019-00000000b0b1",
    "carol": "00000000-0000-0000-0019-00000000b0c1",
    "dave": "00000000-0000-0000-0019-00000000b0d1",
}
CHATS = {name: user_id[:-4] + "c" + user_id[-3:] for name, user_id in USERS.items()}

MESSAGES = [  # (owner, created_at, role, input_tokens, cost)
    ("alice", "2026-11-02T10:00:00Z", "assistant", 5, 6000000),
    ("alice", "2026-11-10T10:00:00Z", "assistant", 5, 5000000),
    ("alice", "2026-11-10T11:00:00Z", "assistant", 5, None),
    ("alice", "2026-11-10T12:00:00Z", "assistant", -5, None),
    ("alice", "2026-10-20T10:00:00Z", "assistant", 5, 100000000),
    ("alice", "2026-11-10T13:00:00Z", "user", 5, 7000000),
    ("bob", "2026-11-08T22:30:00Z", "assistant", 5, 3000000),
    ("bob", "2026-11-08T23:30:00Z", "assistant", 5, 8500000),
    ("carol", "2026-11-01T03:30:00Z", "assistant", 5, 2000000),
    ("carol", "2026-11-01T04:30:00Z", "assistant", 5, 1),
    ("carol", "2026-11-12T00:00:00Z", "assistant", 5, 1234567),
]

BUDGETS = [
    ("--default", "10", "--soft", "80"),
    ("--user", "bob", "$20.50", "--period", "week", "--timezone", "europe/paris", "--soft", "40"),
    ("--user", USERS["carol"], "1.2", "--timezone", "America/New_York"),
]


def fixture_sql():
    users = ",".join(f"('{uid}', '{name}', '{name.title()}')" for name, uid in USERS.items())
    chats = ",".join(f"('{CHATS[name]}', '{uid}')" for name, uid in USERS.items())
    rows = []
    for number, (owner, at, role, tokens, cost) in enumerate(MESSAGES, start=1):
        rows.append(f"({number}, '{CHATS[owner]}', '{at}', '{role}', {tokens}, {'NULL' if cost is None else cost})")
    return f"""
INSERT INTO users (id, username, name) VALUES {users};
INSERT INTO chats (id, owner_id) VALUES {chats};
INSERT INTO chat_messages (id, chat_id, created_at, role, input_tokens, total_cost_micros) VALUES
{",".join(rows)};
"""


def utc(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def period_bounds(unit, zone, at):
    """The calendar period holding `at` in `zone`, worked out by Python's zoneinfo (not by SQL)."""
    local = at.astimezone(ZoneInfo(zone))
    if unit == "month":
        start = datetime(local.year, local.month, 1)
        end = datetime(local.year + local.month // 12, local.month % 12 + 1, 1)
    elif unit == "week":
        start = datetime(local.year, local.month, local.day) - timedelta(days=local.weekday())
        end = start + timedelta(days=7)
    else:
        start = datetime(local.year, local.month, local.day)
        end = start + timedelta(days=1)
    # In UTC: Python subtracts two times of one zone as wall clocks, which a DST change would skew.
    return tuple(bound.replace(tzinfo=ZoneInfo(zone)).astimezone(timezone.utc) for bound in (start, end))


def spend_in(owner, since, until):
    return sum(cost for who, at, role, tokens, cost in MESSAGES
               if who == owner and role == "assistant" and cost is not None and tokens >= 0
               and since <= utc(at) < until)


def projection(spend, start, end, at):
    """spend x period / elapsed, rounded up: exact fractions, independent of the C++ arithmetic."""
    microsecond = timedelta(microseconds=1)
    elapsed = Fraction((at - start) // microsecond)
    length = Fraction((end - start) // microsecond)
    return math.ceil(spend * length / elapsed)


class BudgetTest(ChatcostTestCase):
    count = 0

    def fresh(self, budgets=BUDGETS):
        type(self).count += 1
        dbname = f"budget_{type(self).count}"
        url = self.cluster.create_database(dbname)
        self.assert_exit(self.run_chatcost("-d", url, "--quiet", "migrate", "up"), 0)
        self.cluster.psql(fixture_sql(), dbname)
        for flags in budgets:
            self.assert_exit(self.run_chatcost("-d", url, "--quiet", "budget", "set", *flags), 0)
        return url, dbname

    def setUp(self):
        if not hasattr(type(self), "url"):
            type(self).url, type(self).dbname = self.fresh()

    def budgets(self, url=None):
        result = self.run_chatcost("-d", url or self.url, "--format", "json", "budget", "list")
        self.assert_exit(result, 0)
        return result.json()["budgets"]

    def check(self, at, *args, code=None, url=None):
        result = self.run_chatcost("-d", url or self.url, "--format", "json", "budget", "check", "--at", at, *args)
        if code is not None:
            self.assert_exit(result, code)
        return result

    def by_user(self, report):
        return {row["username"]: row for row in report["users"]}

    # -- set, unset, list ------------------------------------------------------------
    def test_list_shows_what_set_stored(self):
        listed = self.budgets()
        self.assertEqual([(b["scope"], b["username"]) for b in listed],
                         [("default", None), ("user", "bob"), ("user", "carol")])
        default, bob, carol = listed
        self.assertEqual((default["budget_micros"], default["period"], default["soft_percent"], default["timezone"]),
                         (10000000, "month", 80, "UTC"))
        self.assertEqual((bob["budget_micros"], bob["period"], bob["soft_percent"], bob["timezone"]),
                         (20500000, "week", 40, "Europe/Paris"))  # the zone as the database spells it
        self.assertEqual(bob["user_id"], USERS["bob"])
        self.assertEqual((carol["budget_micros"], carol["period"], carol["soft_percent"]), (1200000, "month", None))
        self.assertFalse(any(b["user_missing"] for b in listed))

    def test_set_replaces_whole_and_unset_removes(self):
        url, _ = self.fresh([])
        self.assertEqual(self.budgets(url), [])
        first = self.run_chatcost("-d", url, "--format", "json", "budget", "set", "--user", "alice", "7.5",
                                  "--soft", "50", "--period", "day")
        self.assert_exit(first, 0)
        self.assertEqual(first.json()["result"], "created")
        self.assertEqual(first.json()["budget_micros"], 7500000)
        before = self.budgets(url)
        again = self.run_chatcost("-d", url, "--format", "json", "budget", "set", "--user", "alice", "$7.500000",
                                  "--soft", "50", "--period", "day")
        self.assertEqual(again.json()["result"], "unchanged")
        self.assertEqual(self.budgets(url), before)  # updated_at kept: nothing written
        replaced = self.run_chatcost("-d", url, "--format", "json", "budget", "set", "--user", USERS["alice"], "8")
        self.assertEqual(replaced.json()["result"], "replaced")
        (alice,) = self.budgets(url)
        # Replaced whole: the period and the soft threshold left out took their defaults.
        self.assertEqual((alice["budget_micros"], alice["period"], alice["soft_percent"]), (8000000, "month", None))
        self.assert_exit(self.run_chatcost("-d", url, "budget", "unset", "--user", "alice"), 0)
        self.assertEqual(self.budgets(url), [])
        gone = self.run_chatcost("-d", url, "budget", "unset", "--user", "alice")
        self.assert_exit(gone, 6)
        self.assertIn("no budget for user 'alice'", gone.stderr)
        self.assert_exit(self.run_chatcost("-d", url, "budget", "unset", "--default"), 6)

    def test_a_deleted_users_budget_is_listed_ignored_and_removable_by_id(self):
        url, dbname = self.fresh([("--user", "dave", "3")])
        self.cluster.psql(f"DELETE FROM chats WHERE owner_id = '{USERS['dave']}';"
                          f"DELETE FROM users WHERE id = '{USERS['dave']}'", dbname)
        (dave,) = self.budgets(url)
        self.assertTrue(dave["user_missing"])
        self.assertIsNone(dave["username"])
        report = self.check("2026-11-15T00:00:00Z", "--all", code=0, url=url).json()
        self.assertEqual(report["users"], [])
        self.assert_exit(self.run_chatcost("-d", url, "budget", "unset", "--user", USERS["dave"].upper()), 0)
        self.assertEqual(self.budgets(url), [])

    def test_bad_values_are_refused_and_nothing_is_written(self):
        before = self.budgets()
        cases = [
            (("set", "--default", "1e3"), 2, "'1e3' has an exponent"),
            (("set", "--default", "--", "-5"), 2, "'-5' is negative"),
            (("set", "--default", "0"), 2, "'0' is $0"),
            (("set", "--default", "12.3456789"), 2, "'12.3456789' has more than 6 decimals"),
            (("set", "--default", "12,50"), 2, "'12,50' is not an amount of dollars"),
            (("set", "--default", "abc"), 2, "'abc' is not an amount of dollars"),
            (("set", "--default", "99999999999999"), 2, "'99999999999999' is too large"),
            (("set", "5"), 2, "give --default or --user"),
            (("set", "--default", "--user", "bob", "5"), 2, "give --default or --user"),
            (("set", "--default", "5", "--soft", "0"), 2, "--soft: '0'"),
            (("set", "--default", "5", "--soft", "101"), 2, "--soft: '101'"),
            (("set", "--default", "5", "--soft", "50.5"), 2, "--soft: '50.5'"),
            (("set", "--default", "5", "--period", "year"), 2, "--period: year"),
            (("set", "--default", "5", "--timezone", "Mars/Olympus"), 2, "unknown time zone 'Mars/Olympus'"),
            (("set", "--user", "nobody", "5"), 6, "unknown user 'nobody'"),
            (("set", "--user", "ALICE", "5"), 6, "did you mean 'alice'"),
            (("unset", "--user", "nobody"), 6, "unknown user 'nobody'"),
            (("unset",), 2, "give --default or --user"),
            (("check", "--at", "yesterday"), 2, "yesterday"),
        ]
        for args, code, text in cases:
            with self.subTest(args=args):
                result = self.run_chatcost("-d", self.url, "budget", *args)
                self.assert_exit(result, code)
                self.assertIn(text, result.stderr)
                self.assertEqual(result.stdout, "")
        self.assertEqual(self.budgets(), before)

    # -- check ---------------------------------------------------------------------------
    def test_over_soft_and_a_users_own_budget_beating_the_default(self):
        result = self.check("2026-11-15T00:00:00Z", code=3)
        report = result.json()
        self.assertEqual(report["output_version"], 1)
        self.assertEqual(report["at"], "2026-11-15T00:00:00Z")
        self.assertEqual((report["users_checked"], report["users_over"], report["users_soft"]), (4, 2, 1))
        users = self.by_user(report)
        self.assertEqual(list(users), ["alice", "bob", "carol"])  # over a threshold only; dave is ok
        self.assertEqual({name: row["state"] for name, row in users.items()},
                         {"alice": "over", "bob": "soft", "carol": "over"})
        alice, bob, carol = users["alice"], users["bob"], users["carol"]
        self.assertEqual((alice["budget_scope"], alice["spend_micros"], alice["percent"]), ("default", 11000000, "110.0"))
        # bob's own weekly budget beats the default ($11.50 this month would be over $10).
        self.assertEqual((bob["budget_scope"], bob["budget_micros"], bob["spend_micros"], bob["percent"]),
                         ("user", 20500000, 8500000, "41.4"))
        self.assertEqual((carol["spend_micros"], carol["percent"]), (1234568, "102.8"))
        self.assertIn("2 users over their budget, 1 past the soft threshold", result.stderr)
        everyone = self.by_user(self.check("2026-11-15T00:00:00Z", "--all", code=3).json())
        self.assertEqual(list(everyone), ["alice", "bob", "carol", "dave"])
        self.assertEqual((everyone["dave"]["state"], everyone["dave"]["spend_micros"]), ("ok", 0))

    def test_exit_codes(self):
        self.check("2026-11-01T06:00:00Z", code=0)                    # nobody past a threshold
        soft = self.check("2026-11-09T00:00:00Z", code=0)              # bob soft only
        self.assertEqual([(u["username"], u["state"]) for u in soft.json()["users"]], [("bob", "soft")])
        self.check("2026-11-09T00:00:00Z", "--fail-on-soft", code=3)
        self.check("2026-11-15T00:00:00Z", code=3)

    def test_quiet_prints_nothing_unless_someone_passed_a_threshold(self):
        calm = self.run_chatcost("-d", self.url, "--quiet", "budget", "check", "--at", "2026-11-01T06:00:00Z")
        self.assert_exit(calm, 0)
        self.assertEqual((calm.stdout, calm.stderr), ("", ""))
        news = self.run_chatcost("-d", self.url, "--quiet", "budget", "check", "--at", "2026-11-15T00:00:00Z")
        self.assert_exit(news, 3)
        self.assertIn("alice", news.stdout)
        self.assertIn("110.0%", news.stdout)

    def test_periods_in_the_budgets_zone_dst_included(self):
        at = utc("2026-11-15T00:00:00Z")
        users = self.by_user(self.check("2026-11-15T00:00:00Z", "--all").json())
        for name, unit, zone in (("alice", "month", "UTC"), ("bob", "week", "Europe/Paris"),
                                 ("carol", "month", "America/New_York")):
            start, end = period_bounds(unit, zone, at)
            row = users[name]
            self.assertEqual(utc(row["period_start"]), start, name)
            self.assertEqual(utc(row["period_end"]), end, name)
            self.assertEqual(row["spend_micros"], spend_in(name, start, end if end < at else at), name)
        carol = users["carol"]
        self.assertEqual((carol["period_start"], carol["period_end"]),
                         ("2026-11-01T00:00:00-04:00", "2026-12-01T00:00:00-05:00"))  # 721 hours
        # The same start from an independent SQL computation: local midnight of the 1st, typed.
        sql = "SELECT to_char(('2026-11-01 00:00:00'::timestamp AT TIME ZONE 'America/New_York') AT TIME ZONE 'UTC'," \
              " 'YYYY-MM-DD\"T\"HH24:MI:SS')"
        out = subprocess.run([self.cluster.program("psql"), "-XAt", "-d", self.cluster.url(self.dbname), "-c", sql],
                             capture_output=True, text=True, check=True).stdout.strip()
        self.assertEqual(utc(carol["period_start"]), utc(out + "Z"))
        # A week across Paris's own DST change (2026-10-25): 169 hours, Monday to Monday.
        bob = self.by_user(self.check("2026-10-25T12:00:00Z", "--all").json())["bob"]
        self.assertEqual((bob["period_start"], bob["period_end"]),
                         ("2026-10-19T00:00:00+02:00", "2026-10-26T00:00:00+01:00"))

    def test_projection_to_the_end_of_the_period(self):
        for at_text in ("2026-11-15T00:00:00Z", "2026-11-12T07:13:00.5Z"):
            at = utc(at_text)
            users = self.by_user(self.check(at_text, "--all").json())
            for name, unit, zone in (("alice", "month", "UTC"), ("bob", "week", "Europe/Paris"),
                                     ("carol", "month", "America/New_York")):
                start, end = period_bounds(unit, zone, at)
                spend = spend_in(name, start, at)
                expected = projection(spend, start, end, at) if spend else 0
                self.assertEqual(users[name]["projected_micros"], expected, (at_text, name))
        # carol: $1.234568 in 332 of 721 hours: 1234568 x 721 / 332 = 2681094.96... -> 2681095.
        self.assertEqual(self.by_user(self.check("2026-11-15T00:00:00Z").json())["carol"]["projected_micros"],
                         2681095)

    def test_unpriced_messages_are_shown_not_counted_as_zero(self):
        result = self.check("2026-11-15T00:00:00Z", "--all")
        users = self.by_user(result.json())
        self.assertEqual((users["alice"]["unpriced_messages"], users["alice"]["invalid_messages"]), (1, 1))
        self.assertEqual(users["bob"]["unpriced_messages"], 0)
        self.assertEqual(result.json()["users_with_unpriced"], 1)
        self.assertIn("1 user has unpriced messages in the period", result.stderr)
        table = self.run_chatcost("-d", self.url, "budget", "check", "--at", "2026-11-15T00:00:00Z")
        self.assertIn("Unpriced", table.stdout)
        csv = self.run_chatcost("-d", self.url, "--format", "csv", "budget", "check", "--at", "2026-11-15T00:00:00Z")
        lines = csv.stdout.splitlines()
        self.assertTrue(lines[0].startswith("user_id,username,name,budget_scope,budget_micros,period"))
        self.assertEqual(len(lines), 1 + 3)

    def test_the_same_before_and_after_the_ledger_folds_the_hours(self):
        url, dbname = self.fresh()
        times = ("2026-11-01T06:00:00Z", "2026-11-09T00:00:00Z", "2026-11-15T00:00:00Z", "2026-11-12T07:13:00.5Z")
        raw = [self.check(at, "--all", url=url).json() for at in times]
        self.assert_exit(self.run_chatcost("-d", url, "--quiet", "ledger", "refresh"), 0)
        self.assertEqual([self.check(at, "--all", url=url).json() for at in times], raw)
        # A message written after the refresh counts at once (the ledger's changes, read live).
        self.cluster.psql(f"INSERT INTO chat_messages (id, chat_id, created_at, role, input_tokens, total_cost_micros)"
                          f" VALUES (100, '{CHATS['dave']}', '2026-11-14T00:00:00Z', 'assistant', 5, 9999999)", dbname)
        dave = self.by_user(self.check("2026-11-15T00:00:00Z", url=url, code=3).json())["dave"]
        self.assertEqual((dave["spend_micros"], dave["state"]), (9999999, "soft"))

    def test_events_in_the_report_and_on_stderr_as_json_logs(self):
        expected = [("budget_exceeded", "alice"), ("budget_soft_exceeded", "bob"), ("budget_exceeded", "carol")]
        report = self.check("2026-11-15T00:00:00Z", code=3).json()
        self.assertEqual([(e["event"], e["username"]) for e in report["events"]], expected)
        alice = report["events"][0]
        self.assertEqual((alice["spend_micros"], alice["budget_micros"], alice["percent"], alice["unpriced_messages"]),
                         (11000000, 10000000, "110.0", 1))
        logged = self.run_chatcost("-d", self.url, "--quiet", "--log-format", "json", "budget", "check",
                                   "--at", "2026-11-15T00:00:00Z")
        self.assert_exit(logged, 3)
        events = [json.loads(line) for line in logged.stderr.splitlines()]
        budget_events = [(e["event"], e["username"]) for e in events if e["event"].startswith("budget_")]
        self.assertEqual(budget_events, expected)
        self.assertTrue(all(e["level"] == "warn" for e in events if e["event"].startswith("budget_")))
        self.assertEqual(events[0]["user_id"], USERS["alice"])


if __name__ == "__main__":
    main()
