#!/usr/bin/env python3
"""Applying a price book: chatcost's one statement beside the reference approaches.

Usage: bench/seed_apply.py [--chatcost BUILD/src/chatcost] [--repeat N]

Starts a throwaway PostgreSQL (tests/harness/pg_cluster.py), migrates one database per approach
with `chatcost migrate up`, and applies books of 70 and 4,000 rows twice each: into an empty
table ("first") and again unchanged ("no-op"). Approaches:

  chatcost          `chatcost seed apply --file BOOK` (the whole command: validate, connect,
                    schema check, one INSERT ... SELECT over eight arrays through unnest)
  statement         chatcost's statement alone, sent by psql (sql/queries/price_book_apply.sql: eight arrays)
  jsonb_recordset   the same statement over jsonb_to_recordset($1::jsonb)
  array_elements    the same statement over jsonb_array_elements($1::jsonb)
  unnest_guarded    the same statement over six parallel arrays through UNNEST (NULLs as NULL)
  reference_jsonb   the reference design: jsonb_array_elements, unconditional DO UPDATE
  unnest            six parallel arrays through UNNEST, unconditional DO UPDATE (NULL as -1)
  per_row           one INSERT ... ON CONFLICT DO UPDATE per row, in one transaction

Each figure is the median of --repeat runs (the table is truncated before each "first" run);
"best" is the fastest run's server ms, the figure least disturbed by other load on the machine.
ms is the client's wall clock around the whole run (process start and connection included);
server ms is the sum of the durations PostgreSQL logged for the run's statements
(log_min_duration_statement = 0); round-trips counts the statements the server received from
the run (simple-protocol statements plus extended-protocol executes), so the schema check and
connection setup of chatcost are included; dead tuples is pgstattuple's dead_tuple_count after
the run (no autovacuum: it is turned off for the table). Every approach must leave the same
table content (compared by md5): the script stops otherwise.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "harness"))
from pg_cluster import PostgresCluster  # noqa: E402

SNAPSHOT = os.path.join(ROOT, "..", "shared", "data", "models-dev-api-2025-09.json")
COLUMNS = ["input_price", "output_price", "cache_read_price", "cache_write_price"]

REFERENCE_JSONB = """
INSERT INTO ai_model_prices (provider, model, input_price, output_price, cache_read_price, cache_write_price)
SELECT elem->>'provider', elem->>'model', (elem->>'input_price')::bigint, (elem->>'output_price')::bigint,
       (elem->>'cache_read_price')::bigint, (elem->>'cache_write_price')::bigint
FROM jsonb_array_elements(:'book'::jsonb) AS elem
ON CONFLICT (provider, model) DO UPDATE SET
    input_price = EXCLUDED.input_price, output_price = EXCLUDED.output_price,
    cache_read_price = EXCLUDED.cache_read_price, cache_write_price = EXCLUDED.cache_write_price,
    updated_at = now();
"""

UNNEST = """
INSERT INTO ai_model_prices (provider, model, input_price, output_price, cache_read_price, cache_write_price)
SELECT UNNEST(:'providers'::text[]), UNNEST(:'models'::text[]),
       NULLIF(UNNEST(:'inputs'::bigint[]), -1), NULLIF(UNNEST(:'outputs'::bigint[]), -1),
       NULLIF(UNNEST(:'cache_reads'::bigint[]), -1), NULLIF(UNNEST(:'cache_writes'::bigint[]), -1)
ON CONFLICT (provider, model) DO UPDATE SET
    input_price = EXCLUDED.input_price, output_price = EXCLUDED.output_price,
    cache_read_price = EXCLUDED.cache_read_price, cache_write_price = EXCLUDED.cache_write_price,
    updated_at = now();
"""

# chatcost's statement with UNNEST arrays in place of the JSON document (NULL elements are
# plain NULLs in an array literal: no sentinel needed).
UNNEST_GUARDED = """
WITH book AS (
    SELECT * FROM UNNEST(:'providers'::text[], :'models'::text[], :'inputs'::bigint[], :'outputs'::bigint[],
                         :'cache_reads'::bigint[], :'cache_writes'::bigint[])
        AS entry(provider, model, input_price, output_price, cache_read_price, cache_write_price)
),
changed AS (
    SELECT book.* FROM book LEFT JOIN ai_model_prices AS stored USING (provider, model)
    WHERE stored.provider IS NULL
       OR (stored.input_price, stored.output_price, stored.cache_read_price, stored.cache_write_price)
          IS DISTINCT FROM
          (book.input_price, book.output_price, book.cache_read_price, book.cache_write_price)
)
INSERT INTO ai_model_prices AS stored (provider, model, input_price, output_price, cache_read_price,
                                       cache_write_price)
SELECT * FROM changed ORDER BY provider, model
ON CONFLICT (provider, model) DO UPDATE SET
    input_price = EXCLUDED.input_price, output_price = EXCLUDED.output_price,
    cache_read_price = EXCLUDED.cache_read_price, cache_write_price = EXCLUDED.cache_write_price,
    updated_at = now()
WHERE (stored.input_price, stored.output_price, stored.cache_read_price, stored.cache_write_price)
      IS DISTINCT FROM (EXCLUDED.input_price, EXCLUDED.output_price, EXCLUDED.cache_read_price,
                        EXCLUDED.cache_write_price);
"""

PER_ROW = """INSERT INTO ai_model_prices (provider, model, input_price, output_price, cache_read_price,
cache_write_price) VALUES ({}) ON CONFLICT (provider, model) DO UPDATE SET input_price = EXCLUDED.input_price,
output_price = EXCLUDED.output_price, cache_read_price = EXCLUDED.cache_read_price,
cache_write_price = EXCLUDED.cache_write_price, updated_at = now();"""


def sql_text(value):
    return "'" + value.replace("'", "''") + "'"


def sql_value(price):
    return "NULL" if price is None else str(price)


def array_literal(values):
    def element(v):
        if v is None:
            return "NULL"
        if isinstance(v, int):
            return str(v)
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "{" + ",".join(element(v) for v in values) + "}"


def compact(book_path):
    return book_path.replace(".json", ".compact.json")


def make_books(chatcost, scratch):
    """The 70- and 4,000-row books: the real snapshot's prices (all providers), the larger one
    repeated under numbered provider names."""
    real = subprocess.run([chatcost, "-q", "seed", "generate", "--from", SNAPSHOT, "--providers", "all"],
                          capture_output=True, text=True, check=True).stdout
    entries = json.loads(real)
    books = {}
    for size in (70, 4000):
        rows = []
        copy = 0
        while len(rows) < size:
            for e in entries:
                if len(rows) == size:
                    break
                rows.append(dict(e, provider=e["provider"] if copy == 0 else f"{e['provider']}-{copy}"))
            copy += 1
        path = os.path.join(scratch, f"book-{size}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=2)
        # What chatcost sends: one line, no spaces. psql sends this one, so that all JSON
        # approaches parse the same bytes.
        with open(os.path.join(scratch, f"book-{size}.compact.json"), "w", encoding="utf-8") as f:
            json.dump(rows, f, separators=(",", ":"), ensure_ascii=False)
        books[size] = (path, rows)
    return books


class Bench:
    def __init__(self, cluster, chatcost, scratch):
        self.cluster = cluster
        self.chatcost = chatcost
        self.scratch = scratch
        self.log = os.path.join(cluster.root, "server.log")

    def database(self, name):
        url = self.cluster.create_database(name)
        subprocess.run([self.chatcost, "-q", "-d", url, "migrate", "up"], check=True, capture_output=True)
        self.cluster.psql("CREATE EXTENSION IF NOT EXISTS pgstattuple", name)
        self.cluster.psql("ALTER TABLE ai_model_prices SET (autovacuum_enabled = false)", name)
        return url

    def psql_script(self, name, script):
        path = os.path.join(self.scratch, f"{name}.sql")
        with open(path, "w", encoding="utf-8") as f:
            f.write(script)
        return path

    def command(self, approach, url, dbname, book_path, rows):
        psql = [self.cluster.program("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", self.cluster.socket_dir, "-U", "postgres", "-d", dbname]
        if approach == "chatcost":
            return [self.chatcost, "-q", "-d", url + "?application_name=bench", "seed", "apply",
                    "--file", book_path]
        if approach in ("statement", "jsonb_recordset", "array_elements"):
            with open(os.path.join(ROOT, "sql", "queries", "price_book_apply.sql"), encoding="utf-8") as f:
                # $9, the time chatcost passes, is the statement's own time here.
                statement = f.read().replace("$9::timestamptz", "now()")
            source = re.compile(r"FROM unnest\(\$1::text\[\].*?reasoning_price, tiers\)", re.S)
            assert source.search(statement), "price_book_apply.sql no longer reads the book by unnest"
            if approach == "statement":  # chatcost's own: eight parallel arrays
                sets = {"providers": [r["provider"] for r in rows], "models": [r["model"] for r in rows]}
                for column in COLUMNS + ["reasoning_price"]:
                    sets[column] = [r.get(column) for r in rows]
                sets["tiers"] = [json.dumps(r["tiers"], separators=(",", ":")) if r.get("tiers") else None
                                 for r in rows]
                for n, name in enumerate(sets, start=1):
                    statement = statement.replace(f"${n}::", f":'{name}'::")
                script = "".join(f"\\set {k} {sql_text(array_literal(v))}\n" for k, v in sets.items())
                return psql + ["-f", self.psql_script(f"{approach}-{dbname}", script + statement + ";\n")]
            if approach == "jsonb_recordset":
                reader = ("FROM jsonb_to_recordset(:'book'::jsonb) AS entry(provider text, model text, "
                          "input_price bigint, output_price bigint, cache_read_price bigint, "
                          "cache_write_price bigint, reasoning_price bigint, tiers jsonb)")
            else:
                reader = ("FROM (SELECT elem->>'provider' AS provider, elem->>'model' AS model, "
                          "(elem->>'input_price')::bigint AS input_price, "
                          "(elem->>'output_price')::bigint AS output_price, "
                          "(elem->>'cache_read_price')::bigint AS cache_read_price, "
                          "(elem->>'cache_write_price')::bigint AS cache_write_price, "
                          "(elem->>'reasoning_price')::bigint AS reasoning_price, "
                          "elem->'tiers' AS tiers "
                          "FROM jsonb_array_elements(:'book'::jsonb) AS elem) AS entry")
            statement = source.sub(lambda _: reader, statement, count=1)
            script = f"\\set book `cat {compact(book_path)}`\n{statement};\n"
            return psql + ["-f", self.psql_script(f"{approach}-{dbname}", script)]
        if approach == "reference_jsonb":
            script = f"\\set book `cat {compact(book_path)}`\n{REFERENCE_JSONB}"
            return psql + ["-f", self.psql_script(f"{approach}-{dbname}", script)]
        if approach in ("unnest", "unnest_guarded"):
            guarded = approach == "unnest_guarded"
            sets = {"providers": [r["provider"] for r in rows], "models": [r["model"] for r in rows]}
            for column, name in zip(COLUMNS, ["inputs", "outputs", "cache_reads", "cache_writes"]):
                sets[name] = [(None if guarded else -1) if r[column] is None else r[column] for r in rows]
            script = "".join(f"\\set {k} {sql_text(array_literal(v))}\n" for k, v in sets.items())
            script += UNNEST_GUARDED if guarded else UNNEST
            return psql + ["-f", self.psql_script(f"{approach}-{dbname}", script)]
        if approach == "per_row":
            statements = [PER_ROW.format(", ".join([sql_text(r["provider"]), sql_text(r["model"])] +
                                                   [sql_value(r[c]) for c in COLUMNS])) for r in rows]
            script = "BEGIN;\n" + "\n".join(statements) + "\nCOMMIT;\n"
            return psql + ["-f", self.psql_script(f"{approach}-{dbname}", script)]
        raise ValueError(approach)

    def run(self, approach, url, dbname, book_path, rows):
        cmd = self.command(approach, url, dbname, book_path, rows)
        env = dict(os.environ, PGAPPNAME="bench")
        start_offset = os.path.getsize(self.log)
        started = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        elapsed = (time.perf_counter() - started) * 1000
        time.sleep(0.2)  # let the server finish writing its log lines
        server_ms, trips = self.logged(start_offset)
        dead = int(self.cluster.psql("SELECT dead_tuple_count FROM pgstattuple('ai_model_prices')", dbname))
        return elapsed, server_ms, trips, dead

    def logged(self, offset):
        with open(self.log, encoding="utf-8", errors="replace") as f:
            f.seek(offset)
            text = f.read()
        server_ms = 0.0
        trips = 0
        for line in text.splitlines():
            match = re.match(r"\d+\|bench\|.*duration: ([0-9.]+) ms  (statement|execute|parse|bind)", line)
            if not match:
                continue
            server_ms += float(match.group(1))
            if match.group(2) in ("statement", "execute"):
                trips += 1
        return server_ms, trips

    def content(self, dbname):
        return self.cluster.psql("SELECT md5(string_agg(concat_ws('|', provider, model, input_price, "
                                 "output_price, cache_read_price, cache_write_price), ',' "
                                 "ORDER BY provider, model)) FROM ai_model_prices", dbname)


APPROACHES = ["chatcost", "statement", "jsonb_recordset", "array_elements", "unnest_guarded",
              "reference_jsonb", "unnest", "per_row"]
# The single statements that leave an unchanged row alone (no new row version).
GUARDED = ["statement", "jsonb_recordset", "array_elements", "unnest_guarded"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chatcost", default=os.path.join(ROOT, "build", "src", "chatcost"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="chatcost-bench-")
    cluster = PostgresCluster().start()
    try:
        with open(os.path.join(cluster.data, "postgresql.conf"), "a", encoding="utf-8") as conf:
            conf.write("log_min_duration_statement = 0\nlog_line_prefix = '%p|%a|'\n")
        cluster.restart()
        bench = Bench(cluster, args.chatcost, scratch)
        books = make_books(args.chatcost, scratch)
        print(f"{'book':>5} {'approach':<16} {'run':<6} {'ms':>8} {'server ms':>10} {'best':>8} "
              f"{'round-trips':>11} {'dead tuples':>11}")
        noop_best = {}
        for size, (path, rows) in books.items():
            contents = set()
            for approach in APPROACHES:
                dbname = f"b{size}_{approach}"
                url = bench.database(dbname)
                figures = {"first": [], "no-op": []}
                for _ in range(args.repeat):
                    # The price history too (migration 0012): seed apply compares with its open
                    # periods, and TRUNCATE fires no row trigger.
                    cluster.psql("TRUNCATE ai_model_prices, chatcost_price_refs, chatcost_price_periods", dbname)
                    figures["first"].append(bench.run(approach, url, dbname, path, rows))
                    figures["no-op"].append(bench.run(approach, url, dbname, path, rows))
                contents.add(bench.content(dbname))
                for run, samples in figures.items():
                    ms = statistics.median(s[0] for s in samples)
                    server = statistics.median(s[1] for s in samples)
                    best = min(s[1] for s in samples)
                    trips = statistics.median(s[2] for s in samples)
                    dead = statistics.median(s[3] for s in samples)
                    if run == "no-op":
                        noop_best[(size, approach)] = best
                    print(f"{size:>5} {approach:<16} {run:<6} {ms:>8.1f} {server:>10.1f} {best:>8.1f} "
                          f"{trips:>11.0f} {dead:>11.0f}", flush=True)
            if len(contents) != 1:
                sys.exit(f"approaches disagree on the table content for the {size}-row book: {contents}")
        # The figure: an unchanged book, chatcost's whole command (schema check included)
        # against the fastest guarded single statement of this run, by best server ms.
        largest = max(books)
        guarded = min(GUARDED, key=lambda a: noop_best[(largest, a)])
        ratio = noop_best[(largest, "chatcost")] / noop_best[(largest, guarded)]
        print(f"{largest}-row unchanged book: chatcost {noop_best[(largest, 'chatcost')]:.1f} ms, fastest guarded "
              f"statement {guarded} {noop_best[(largest, guarded)]:.1f} ms: {ratio:.2f}x (target: at most 1.1x)")
    finally:
        cluster.stop()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
