"""Generated chat history for the backfill tests and benchmark: every price form the reference
platform accepts, plus (on request) the bad data it chokes on, and an independent SQL oracle.

Everything is plain SQL run by psql (generate_series and hashint8, so the same N gives the same
rows on every run), so the cli tests and bench/backfill_bench.py share one definition.

Model configs (fixed ids 00000000-0000-0000-0002-0000000000NN):
  01 nested strings, all four keys         02 nested numbers, all four
  03 legacy strings, three keys            04 legacy numbers, two keys
  05 mixed: nested input, legacy others    06 zero prices (string and number)
  07 partial: only output, 12 decimals     08 no price keys: the price book row (one NULL)
  09 no price keys, no price book row      10 nested JSON null, falls back to legacy
  11 a number in exponent form (1.25e-1)   12 a tiny price: rounds 1 token up to 1 micro
  13 only a cache write price (mostly no_matching_category)
with invalid=True also:
  14 "input_price_per_million_tokens": "abc" (the issue's example)
  15 a negative price                      16 13 fractional digits
  and messages with a negative token count or a cost past int64 under config 01.
Messages: every 23rd has no model config, every 10th is a user message without usage.
"""

CONFIG_PREFIX = "00000000-0000-0000-0002-0000000000"


def config_id(n):
    return f"{CONFIG_PREFIX}{n:02d}"


VALID_CONFIGS = [
    (1, "anthropic", "claude-sonnet-4",
     '{"cost": {"input_price_per_million_tokens": "3", "output_price_per_million_tokens": "15", '
     '"cache_read_price_per_million_tokens": "0.3", "cache_write_price_per_million_tokens": "3.75"}}'),
    (2, "anthropic", "claude-opus-4",
     '{"cost": {"input_price_per_million_tokens": 15, "output_price_per_million_tokens": 75, '
     '"cache_read_price_per_million_tokens": 1.5, "cache_write_price_per_million_tokens": 18.75}}'),
    (3, "openai", "gpt-4o",
     '{"input_price_per_million_tokens": "2.5", "output_price_per_million_tokens": "10", '
     '"cache_read_price_per_million_tokens": "1.25"}'),
    (4, "openai", "gpt-4o-mini",
     '{"input_price_per_million_tokens": 0.15, "output_price_per_million_tokens": 0.6, "temperature": 0.2}'),
    (5, "anthropic", "claude-3-5-haiku",
     '{"cost": {"input_price_per_million_tokens": "0.8"}, "output_price_per_million_tokens": 4, '
     '"cache_read_price_per_million_tokens": "0.08", "cache_write_price_per_million_tokens": "1"}'),
    (6, "local", "llama-3.1-8b",
     '{"cost": {"input_price_per_million_tokens": "0", "output_price_per_million_tokens": 0}}'),
    (7, "openai", "o3", '{"cost": {"output_price_per_million_tokens": "8.000000000001"}}'),
    (8, "openai", "gpt-4.1", '{"temperature": 0.7, "cost": {}}'),
    (9, "google", "gemini-2.5-pro", '{}'),
    (10, "mistral", "mistral-large",
     '{"cost": {"input_price_per_million_tokens": null, "output_price_per_million_tokens": "6"}, '
     '"input_price_per_million_tokens": "2"}'),
    (11, "deepseek", "deepseek-chat",
     '{"cost": {"input_price_per_million_tokens": 1.25e-1, "output_price_per_million_tokens": 1.1E0}}'),
    (12, "tiny", "tiny-model",
     '{"cost": {"input_price_per_million_tokens": "0.000001", "output_price_per_million_tokens": "0.01"}}'),
    (13, "cachey", "cache-only", '{"cost": {"cache_write_price_per_million_tokens": "3.75"}}'),
]

INVALID_CONFIGS = [
    (14, "broken", "abc-model", '{"cost": {"input_price_per_million_tokens": "abc", '
                                '"output_price_per_million_tokens": "1"}}'),
    (15, "broken", "negative-model", '{"input_price_per_million_tokens": -1}'),
    (16, "broken", "too-precise", '{"cost": {"output_price_per_million_tokens": 0.0000000000001}}'),
]

# The price book: gpt-4.1 (config 08) is priced from here; its cache write price is unknown.
PRICE_BOOK = [("openai", "gpt-4.1", 2000000, 8000000, 500000, None),
              ("anthropic", "claude-sonnet-4", 1, 1, 1, 1)]  # ignored: config 01 sets its own


def _sql_text(value):
    return "'" + value.replace("'", "''") + "'"


def setup_sql(messages, invalid=False, first_id=1):
    """Users, chats, configs, the price book and `messages` messages (ids from first_id)."""
    configs = VALID_CONFIGS + (INVALID_CONFIGS if invalid else [])
    n_configs = len(configs)
    config_rows = ",\n".join(
        f"  ('{config_id(n)}', {_sql_text(p)}, {_sql_text(m)}, {_sql_text(o)}::jsonb)" for n, p, m, o in configs)
    book_rows = ",\n".join(
        "  ({}, {}, {})".format(_sql_text(p), _sql_text(m), ", ".join("NULL" if v is None else str(v) for v in vs))
        for p, m, *vs in PRICE_BOOK)
    last = first_id + messages - 1
    bad = ""
    if invalid:
        # A negative token count, a token count past 10^12 and reasoning above output, all under
        # config 01 (DESIGN.md section 2 rules 5, 11 and 9).
        bad = f"""
UPDATE chat_messages SET model_config_id = '{config_id(1)}', input_tokens = -5
WHERE id BETWEEN {first_id} AND {last} AND id % 1009 = 3;
UPDATE chat_messages SET model_config_id = '{config_id(1)}', output_tokens = 9000000000000000000
WHERE id BETWEEN {first_id} AND {last} AND id % 1013 = 5;
UPDATE chat_messages SET model_config_id = '{config_id(1)}', output_tokens = 10, reasoning_tokens = 11
WHERE id BETWEEN {first_id} AND {last} AND id % 1019 = 7 AND role = 'assistant';
"""
    return f"""
INSERT INTO users (id, username)
SELECT ('00000000-0000-0000-0000-' || lpad(to_hex(i), 12, '0'))::uuid, 'user' || i
FROM generate_series(1, 50) AS i ON CONFLICT DO NOTHING;
INSERT INTO chats (id, owner_id)
SELECT ('00000000-0000-0000-0001-' || lpad(to_hex(i), 12, '0'))::uuid,
       ('00000000-0000-0000-0000-' || lpad(to_hex(1 + i % 50), 12, '0'))::uuid
FROM generate_series(1, 1000) AS i ON CONFLICT DO NOTHING;
INSERT INTO chat_model_configs (id, provider, model, options) VALUES
{config_rows}
ON CONFLICT DO NOTHING;
INSERT INTO ai_model_prices (provider, model, input_price, output_price, cache_read_price, cache_write_price) VALUES
{book_rows}
ON CONFLICT DO NOTHING;
INSERT INTO chat_messages (id, chat_id, model_config_id, created_at, role, input_tokens, output_tokens,
                           total_tokens, reasoning_tokens, cache_creation_tokens, cache_read_tokens, context_limit)
SELECT i,
       ('00000000-0000-0000-0001-' || lpad(to_hex(1 + i % 1000), 12, '0'))::uuid,
       CASE WHEN i % 23 = 0 THEN NULL
            ELSE ('{CONFIG_PREFIX}' || lpad((1 + abs(hashint8(i)) % {n_configs})::text, 2, '0'))::uuid END,
       timestamptz '2025-01-01 00:00:00+00' + i * interval '7 seconds',
       CASE WHEN i % 10 = 0 THEN 'user' ELSE 'assistant' END,
       CASE WHEN i % 10 = 0 THEN NULL ELSE abs(hashint8(i * 7 + 1)) % 200000 END,
       CASE WHEN i % 10 = 0 THEN NULL WHEN i % 10 = 9 THEN 0 ELSE abs(hashint8(i * 7 + 2)) % 32000 END,
       NULL,
       -- reasoning is inside output (i % 5 = 1: output is the hash below, never NULL or 0)
       CASE WHEN i % 5 = 1 THEN least(abs(hashint8(i * 7 + 3)) % 2000, abs(hashint8(i * 7 + 2)) % 32000) END,
       CASE WHEN i % 3 = 1 THEN abs(hashint8(i * 7 + 4)) % 50000 END,
       CASE WHEN i % 2 = 1 THEN abs(hashint8(i * 7 + 5)) % 100000 END,
       200000
FROM generate_series({first_id}, {last}) AS i;
{bad}
SELECT setval(pg_get_serial_sequence('chat_messages', 'id'), (SELECT max(id) FROM chat_messages));
"""


# The cost each message should have, written independently of chatcost's engine: PostgreSQL's
# exact numeric, ceil of the summed products, DESIGN.md section 2's price resolution and NULL
# rules. `expected` is NULL for unpriced and invalid messages; `invalid` says which are invalid.
ORACLE_SQL = r"""
CREATE OR REPLACE VIEW backfill_oracle AS
WITH texts AS (
    SELECT c.id,
           ARRAY[coalesce(c.options -> 'cost' ->> 'input_price_per_million_tokens', c.options ->> 'input_price_per_million_tokens'),
                 coalesce(c.options -> 'cost' ->> 'output_price_per_million_tokens', c.options ->> 'output_price_per_million_tokens'),
                 coalesce(c.options -> 'cost' ->> 'cache_read_price_per_million_tokens', c.options ->> 'cache_read_price_per_million_tokens'),
                 coalesce(c.options -> 'cost' ->> 'cache_write_price_per_million_tokens', c.options ->> 'cache_write_price_per_million_tokens')] AS t,
           ARRAY[p.input_price, p.output_price, p.cache_read_price, p.cache_write_price] AS book
    FROM chat_model_configs AS c
    LEFT JOIN ai_model_prices AS p ON p.provider = c.provider AND p.model = c.model
),
checked AS (
    SELECT id, t, book, num_nonnulls(t[1], t[2], t[3], t[4]) > 0 AS from_config,
           -- CASE, not AND: only text that looks like a number is cast.
           bool_and(CASE WHEN x IS NULL THEN true
                         WHEN x !~ '^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$' THEN false
                         ELSE x::numeric >= 0 AND x::numeric <= 9223372.036854775807
                              AND scale(trim_scale(x::numeric)) <= 12 END) AS valid
    FROM texts, unnest(t) AS x
    GROUP BY id, t, book
),
prices AS (
    SELECT id, valid,
           CASE WHEN NOT valid THEN NULL WHEN from_config THEN t[1]::numeric ELSE book[1] / 1000000.0 END AS ip,
           CASE WHEN NOT valid THEN NULL WHEN from_config THEN t[2]::numeric ELSE book[2] / 1000000.0 END AS op,
           CASE WHEN NOT valid THEN NULL WHEN from_config THEN t[3]::numeric ELSE book[3] / 1000000.0 END AS crp,
           CASE WHEN NOT valid THEN NULL WHEN from_config THEN t[4]::numeric ELSE book[4] / 1000000.0 END AS cwp
    FROM checked
),
costs AS (
    SELECT m.id,
           num_nonnulls(m.input_tokens, m.output_tokens, m.reasoning_tokens, m.cache_read_tokens,
                        m.cache_creation_tokens) > 0 AS has_usage,
           least(m.input_tokens, m.output_tokens, m.reasoning_tokens, m.cache_read_tokens,
                 m.cache_creation_tokens) < 0
             OR greatest(m.input_tokens, m.output_tokens, m.reasoning_tokens, m.cache_read_tokens,
                         m.cache_creation_tokens) > 1000000000000
             OR m.reasoning_tokens > m.output_tokens AS bad_tokens,
           p.id IS NOT NULL AS has_config,
           coalesce(p.valid, true) AS valid_config,
           CASE WHEN num_nonnulls(p.ip, p.op, p.crp, p.cwp) = 0 THEN NULL
                WHEN NOT ((m.input_tokens IS NOT NULL AND p.ip IS NOT NULL)
                       OR (m.output_tokens IS NOT NULL AND p.op IS NOT NULL)
                       OR (m.cache_read_tokens IS NOT NULL AND p.crp IS NOT NULL)
                       OR (m.cache_creation_tokens IS NOT NULL AND p.cwp IS NOT NULL)) THEN NULL
                ELSE ceil(coalesce(m.input_tokens, 0) * coalesce(p.ip, 0)
                        + coalesce(m.output_tokens, 0) * coalesce(p.op, 0)
                        + coalesce(m.cache_read_tokens, 0) * coalesce(p.crp, 0)
                        + coalesce(m.cache_creation_tokens, 0) * coalesce(p.cwp, 0))
           END AS exact_ceil
    FROM chat_messages AS m
    LEFT JOIN prices AS p ON p.id = m.model_config_id
)
SELECT id,
       has_usage AND (coalesce(bad_tokens, false) OR (has_config AND NOT valid_config)
                      OR exact_ceil > 10000000000000) AS invalid,
       CASE WHEN NOT has_usage OR coalesce(bad_tokens, false) OR NOT valid_config
                 OR exact_ceil > 10000000000000 THEN NULL
            ELSE exact_ceil::bigint END AS expected
FROM costs;
"""

# Rows whose stored cost differs from the oracle (should be none).
MISMATCH_SQL = """
SELECT count(*) FROM chat_messages AS m JOIN backfill_oracle AS o USING (id)
WHERE m.total_cost_micros IS DISTINCT FROM o.expected
"""

# Messages whose cost and price ref (issue 16) disagree: a cost without the ref of the price
# behind it, a ref without a cost, or a ref to no row (should be none after a chatcost backfill).
REF_MISMATCH_SQL = """
SELECT count(*) FROM chat_messages AS m
LEFT JOIN chatcost_price_refs AS r ON r.id = m.cost_price_ref
WHERE ((m.total_cost_micros IS NULL) <> (m.cost_price_ref IS NULL)
       OR (m.cost_price_ref IS NOT NULL AND r.id IS NULL))
"""

# Logs every change of a message's cost, with the writing transaction: a row priced twice, or
# a batch committed without its cursor, shows up here.
COST_LOG_SQL = """
CREATE TABLE cost_writes (id bigint NOT NULL, old_cost bigint, new_cost bigint,
                          txid bigint NOT NULL DEFAULT txid_current());
CREATE FUNCTION log_cost_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.total_cost_micros IS DISTINCT FROM OLD.total_cost_micros THEN
        INSERT INTO cost_writes (id, old_cost, new_cost) VALUES (NEW.id, OLD.total_cost_micros, NEW.total_cost_micros);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER log_cost_write AFTER UPDATE OF total_cost_micros ON chat_messages
FOR EACH ROW EXECUTE FUNCTION log_cost_write();
"""
