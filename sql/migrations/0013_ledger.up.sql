-- The ledger: reports whose cost grows with the groups they show, not the messages behind them
-- (ARCHITECTURE.md "The ledger", docs/scaling.md).
--
-- chatcost_ledger holds the sums of the assistant messages per (UTC hour, chat, model config),
-- folded by `chatcost ledger refresh`. The hours at and after chatcost_ledger_state.built_before
-- have not been built yet and are read from chat_messages: there, a new message costs the
-- application nothing. Every other change to chat_messages waits in chatcost_ledger_changes as a
-- signed delta until refresh folds it: an UPDATE or DELETE (a backfill batch, a deleted chat),
-- and an INSERT of a message dated before its transaction began, less chatcost_ledger_margin()
-- (an import of history), appended by the triggers below (new rows only: two application
-- writes never wait on the same row of chatcost's). Refresh builds only hours that end before
-- every transaction open when it started began, less that margin (ledger_horizon.sql), so a
-- message it does not see and no trigger logged is always in an hour read from chat_messages.
-- chatcost_usage() adds the three in one statement, so one snapshot: every report is exactly the
-- raw report at every moment, whether refresh ran a minute ago, a month ago or never.

-- DESIGN.md section 2, rule 11: a token count negative or above 10^12, reasoning above output,
-- a cost outside [0, 10^13] micro-dollars. Such a message counts only as invalid.
CREATE FUNCTION chatcost_usage_invalid(input_tokens bigint, output_tokens bigint,
    reasoning_tokens bigint, cache_read_tokens bigint, cache_creation_tokens bigint,
    total_cost_micros bigint) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(input_tokens NOT BETWEEN 0 AND 1000000000000
                    OR output_tokens NOT BETWEEN 0 AND 1000000000000
                    OR reasoning_tokens NOT BETWEEN 0 AND 1000000000000
                    OR cache_read_tokens NOT BETWEEN 0 AND 1000000000000
                    OR cache_creation_tokens NOT BETWEEN 0 AND 1000000000000
                    OR reasoning_tokens > output_tokens
                    OR total_cost_micros NOT BETWEEN 0 AND 10000000000000, false)
$$;

-- The UTC hour of an instant, whatever the session's TimeZone.
CREATE FUNCTION chatcost_ledger_hour(at timestamptz) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT date_trunc('hour', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
$$;

-- How much earlier than its transaction's start a new message must be dated for its insert to
-- be logged; refresh builds no hour that ends later than its horizon less this.
CREATE FUNCTION chatcost_ledger_margin() RETURNS interval
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT interval '10 minutes'
$$;

-- The period of an instant in a zone: date_trunc(unit, local time); NULL for the unit 'none'.
CREATE FUNCTION chatcost_period(unit text, zone text, at timestamptz) RETURNS timestamp
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN unit = 'none' THEN NULL ELSE date_trunc(unit, at AT TIME ZONE zone) END
$$;

-- Sums are numeric: exact past int64 (the reports say so when a total is).
CREATE TABLE chatcost_ledger (
    bucket timestamptz NOT NULL,
    chat_id uuid NOT NULL,
    model_config_id uuid,
    assistant_messages bigint NOT NULL,
    priced_messages bigint NOT NULL,
    unpriced_messages bigint NOT NULL,
    invalid_messages bigint NOT NULL,
    cost_micros numeric NOT NULL,
    input_tokens numeric NOT NULL,
    output_tokens numeric NOT NULL,
    reasoning_tokens numeric NOT NULL,
    cache_read_tokens numeric NOT NULL,
    cache_creation_tokens numeric NOT NULL,
    CONSTRAINT chatcost_ledger_key UNIQUE NULLS NOT DISTINCT (bucket, chat_id, model_config_id)
);
-- One user's chats (summary): by chat, then time.
CREATE INDEX IF NOT EXISTS chatcost_ledger_chat ON chatcost_ledger (chat_id, bucket);
-- The rows whose messages are all gone (their chat was deleted), for `ledger refresh` to drop.
CREATE INDEX IF NOT EXISTS chatcost_ledger_empty ON chatcost_ledger (bucket) WHERE assistant_messages = 0;

-- The deltas not folded yet. No index, no key: appending is all the application's writes pay.
CREATE TABLE chatcost_ledger_changes (LIKE chatcost_ledger);

-- One row. Hours before built_before are in the ledger (plus their changes); the others are read
-- from chat_messages until `ledger refresh` builds them ('-infinity': nothing built yet).
CREATE TABLE chatcost_ledger_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    built_before timestamptz NOT NULL DEFAULT '-infinity',
    refreshed_at timestamptz
);
INSERT INTO chatcost_ledger_state DEFAULT VALUES;

-- Appends the signed sums of an UPDATE's or DELETE's assistant rows per (hour, chat, model
-- config): + for new_rows, - for old_rows. An UPDATE that changes nothing the ledger keeps
-- appends nothing (its groups sum to zero). The two statements differ only in their rows: PL/pgSQL keeps each one's
-- plan for the session, which a shared SQL function taking the rows as an array would not (it
-- was planned again on every insert). SECURITY DEFINER: the application's role needs no grant on
-- chatcost's tables to write chat_messages.
CREATE FUNCTION chatcost_ledger_log() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO chatcost_ledger_changes
        SELECT chatcost_ledger_hour(e.created_at), e.chat_id, e.model_config_id, sum(e.sign),
               coalesce(sum(e.sign) FILTER (WHERE NOT e.invalid AND e.total_cost_micros IS NOT NULL), 0),
               coalesce(sum(e.sign) FILTER (WHERE NOT e.invalid AND e.total_cost_micros IS NULL AND e.has_usage), 0),
               coalesce(sum(e.sign) FILTER (WHERE e.invalid), 0),
               coalesce(sum(e.sign * e.total_cost_micros) FILTER (WHERE NOT e.invalid), 0),
               coalesce(sum(e.sign * e.input_tokens) FILTER (WHERE NOT e.invalid), 0),
               coalesce(sum(e.sign * e.output_tokens) FILTER (WHERE NOT e.invalid), 0),
               coalesce(sum(e.sign * e.reasoning_tokens) FILTER (WHERE NOT e.invalid), 0),
               coalesce(sum(e.sign * e.cache_read_tokens) FILTER (WHERE NOT e.invalid), 0),
               coalesce(sum(e.sign * e.cache_creation_tokens) FILTER (WHERE NOT e.invalid), 0)
        FROM (SELECT -1 AS sign, o.created_at, o.chat_id, o.model_config_id, o.input_tokens,
                     o.output_tokens, o.reasoning_tokens, o.cache_read_tokens, o.cache_creation_tokens,
                     o.total_cost_micros,
                     chatcost_usage_invalid(o.input_tokens, o.output_tokens, o.reasoning_tokens,
                         o.cache_read_tokens, o.cache_creation_tokens, o.total_cost_micros) AS invalid,
                     num_nonnulls(o.input_tokens, o.output_tokens, o.reasoning_tokens,
                         o.cache_read_tokens, o.cache_creation_tokens) > 0 AS has_usage
              FROM old_rows o
              WHERE o.role = 'assistant') AS e
        GROUP BY 1, 2, 3;
    ELSE
        INSERT INTO chatcost_ledger_changes
        SELECT g.*
        FROM (SELECT chatcost_ledger_hour(e.created_at), e.chat_id, e.model_config_id, sum(e.sign),
               coalesce(sum(e.sign) FILTER (WHERE NOT e.invalid AND e.total_cost_micros IS NOT NULL), 0),
               coalesce(sum(e.sign) FILTER (WHERE NOT e.invalid AND e.total_cost_micros IS NULL AND e.has_usage), 0),
               coalesce(sum(e.sign) FILTER (WHERE e.invalid), 0),
               coalesce(sum(e.sign * e.total_cost_micros) FILTER (WHERE NOT e.invalid), 0),
               coalesce(sum(e.sign * e.input_tokens) FILTER (WHERE NOT e.invalid), 0),
               coalesce(sum(e.sign * e.output_tokens) FILTER (WHERE NOT e.invalid), 0),
               coalesce(sum(e.sign * e.reasoning_tokens) FILTER (WHERE NOT e.invalid), 0),
               coalesce(sum(e.sign * e.cache_read_tokens) FILTER (WHERE NOT e.invalid), 0),
               coalesce(sum(e.sign * e.cache_creation_tokens) FILTER (WHERE NOT e.invalid), 0)
              FROM (SELECT 1 AS sign, n.created_at, n.chat_id, n.model_config_id, n.input_tokens,
                     n.output_tokens, n.reasoning_tokens, n.cache_read_tokens, n.cache_creation_tokens,
                     n.total_cost_micros,
                     chatcost_usage_invalid(n.input_tokens, n.output_tokens, n.reasoning_tokens,
                         n.cache_read_tokens, n.cache_creation_tokens, n.total_cost_micros) AS invalid,
                     num_nonnulls(n.input_tokens, n.output_tokens, n.reasoning_tokens,
                         n.cache_read_tokens, n.cache_creation_tokens) > 0 AS has_usage
              FROM new_rows n
              WHERE n.role = 'assistant'
                    UNION ALL
                    SELECT -1 AS sign, o.created_at, o.chat_id, o.model_config_id, o.input_tokens,
                     o.output_tokens, o.reasoning_tokens, o.cache_read_tokens, o.cache_creation_tokens,
                     o.total_cost_micros,
                     chatcost_usage_invalid(o.input_tokens, o.output_tokens, o.reasoning_tokens,
                         o.cache_read_tokens, o.cache_creation_tokens, o.total_cost_micros) AS invalid,
                     num_nonnulls(o.input_tokens, o.output_tokens, o.reasoning_tokens,
                         o.cache_read_tokens, o.cache_creation_tokens) > 0 AS has_usage
              FROM old_rows o
              WHERE o.role = 'assistant') AS e
              GROUP BY 1, 2, 3) AS g (bucket, chat_id, model_config_id, assistant_messages, priced_messages,
                                      unpriced_messages, invalid_messages, cost_micros, input_tokens,
                                      output_tokens, reasoning_tokens, cache_read_tokens, cache_creation_tokens)
        WHERE (g.assistant_messages, g.priced_messages, g.unpriced_messages, g.invalid_messages, g.cost_micros,
               g.input_tokens, g.output_tokens, g.reasoning_tokens, g.cache_read_tokens, g.cache_creation_tokens)
              <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    END IF;
    RETURN NULL;
END
$$;

-- A new assistant message dated before its transaction began, less the margin: one delta row.
-- The application's usual insert (created_at = now()) calls nothing: the WHEN clause is false.
-- Its margin is written as a constant, not as chatcost_ledger_margin(): the server prepares a
-- trigger's WHEN for every statement, and a call would be inlined (parsed) each time. The two
-- are the same (tests/unit/test_ledger_invalid_usage.cpp holds them so).
CREATE FUNCTION chatcost_ledger_log_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    invalid boolean := chatcost_usage_invalid(NEW.input_tokens, NEW.output_tokens, NEW.reasoning_tokens,
                                              NEW.cache_read_tokens, NEW.cache_creation_tokens,
                                              NEW.total_cost_micros);
    has_usage boolean := num_nonnulls(NEW.input_tokens, NEW.output_tokens, NEW.reasoning_tokens,
                                  NEW.cache_read_tokens, NEW.cache_creation_tokens) > 0;
BEGIN
    INSERT INTO chatcost_ledger_changes
    VALUES (chatcost_ledger_hour(NEW.created_at), NEW.chat_id, NEW.model_config_id, 1,
            (NOT invalid AND NEW.total_cost_micros IS NOT NULL)::integer,
            (NOT invalid AND NEW.total_cost_micros IS NULL AND has_usage)::integer, invalid::integer,
            CASE WHEN invalid THEN 0 ELSE coalesce(NEW.total_cost_micros, 0) END,
            CASE WHEN invalid THEN 0 ELSE coalesce(NEW.input_tokens, 0) END,
            CASE WHEN invalid THEN 0 ELSE coalesce(NEW.output_tokens, 0) END,
            CASE WHEN invalid THEN 0 ELSE coalesce(NEW.reasoning_tokens, 0) END,
            CASE WHEN invalid THEN 0 ELSE coalesce(NEW.cache_read_tokens, 0) END,
            CASE WHEN invalid THEN 0 ELSE coalesce(NEW.cache_creation_tokens, 0) END);
    RETURN NULL;
END
$$;
CREATE TRIGGER chatcost_ledger_insert AFTER INSERT ON chat_messages FOR EACH ROW
    WHEN (NEW.role = 'assistant' AND NEW.created_at < now() - interval '10 minutes')
    EXECUTE FUNCTION chatcost_ledger_log_insert();

-- UPDATE and DELETE: statement triggers with transition tables, one call per statement however
-- many rows (a backfill batch of 5,000 updates appends its sums per group, not 5,000 rows). On a
-- partitioned chat_messages they fire for writes through the parent table (docs/scaling.md).
CREATE TRIGGER chatcost_ledger_update AFTER UPDATE ON chat_messages
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION chatcost_ledger_log();
CREATE TRIGGER chatcost_ledger_delete AFTER DELETE ON chat_messages
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION chatcost_ledger_log();

-- TRUNCATE chat_messages leaves nothing to sum: the ledger and its pending changes go with it.
CREATE FUNCTION chatcost_ledger_truncated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    DELETE FROM chatcost_ledger;
    DELETE FROM chatcost_ledger_changes;
    RETURN NULL;
END
$$;
CREATE TRIGGER chatcost_ledger_truncate AFTER TRUNCATE ON chat_messages
    FOR EACH STATEMENT EXECUTE FUNCTION chatcost_ledger_truncated();

-- The assistant messages created in [p_since, p_until), summed per (period, chat, model config):
-- the period is date_trunc(p_unit, local time in p_zone) for p_unit 'hour', 'day', 'week' or 'month',
-- NULL for 'none'. Exactly the sums of the raw messages, in one snapshot: an hour of the ledger is
-- used only when it lies wholly inside the range and inside one period with one UTC offset (a
-- DST change or a half-hour zone's midnight splits an hour); the hours it cannot use, those not
-- built yet, and every message of a range without a ledger are read from chat_messages (by
-- created_at: the report index). A cost is 0 when no message was priced: the counts say which.
-- p_chats, when not NULL, keeps only those chats (one user's summary), read by chat (indexes
-- on chat_id first); the branches for all chats and for some are chosen once per call.
CREATE FUNCTION chatcost_usage(p_since timestamptz, p_until timestamptz, p_zone text, p_unit text,
                               p_chats uuid[] DEFAULT NULL)
RETURNS TABLE (period_start timestamp, chat_id uuid, model_config_id uuid, assistant_messages bigint,
               priced_messages bigint, unpriced_messages bigint, invalid_messages bigint,
               cost_micros numeric, input_tokens numeric, output_tokens numeric,
               reasoning_tokens numeric, cache_read_tokens numeric, cache_creation_tokens numeric)
LANGUAGE sql STABLE AS $$
    WITH state AS (
        SELECT built_before FROM chatcost_ledger_state
    ),
    kept AS (
        SELECT l.*
        FROM chatcost_ledger l, state s
        WHERE p_chats IS NULL
          AND l.bucket > p_since - interval '1 hour' AND l.bucket < p_until AND l.bucket < s.built_before
        UNION ALL
        SELECT l.*
        FROM chatcost_ledger l, state s
        WHERE l.chat_id = ANY (p_chats)
          AND l.bucket > p_since - interval '1 hour' AND l.bucket < p_until AND l.bucket < s.built_before
        UNION ALL
        SELECT c.*
        FROM chatcost_ledger_changes c, state s
        WHERE (p_chats IS NULL OR c.chat_id = ANY (p_chats))
          AND c.bucket > p_since - interval '1 hour' AND c.bucket < p_until AND c.bucket < s.built_before
    ),
    judged AS (
        SELECT k.*,
               k.bucket >= p_since AND k.bucket + interval '1 hour' <= p_until
               AND (p_unit = 'none'
                    OR ((k.bucket + interval '1 hour') AT TIME ZONE p_zone) - (k.bucket AT TIME ZONE p_zone)
                           = interval '1 hour'
                       AND chatcost_period(p_unit, p_zone, k.bucket)
                           = chatcost_period(p_unit, p_zone, k.bucket + interval '1 hour' - interval '1 microsecond'))
                   AS whole
        FROM kept k
    ),
    raw_ranges AS (
        SELECT greatest(j.bucket, p_since) AS low, least(j.bucket + interval '1 hour', p_until) AS high
        FROM judged j
        WHERE NOT j.whole
        GROUP BY j.bucket
        UNION ALL
        SELECT greatest(p_since, s.built_before), p_until
        FROM state s
        WHERE s.built_before < p_until
    ),
    raw AS (
        SELECT chatcost_period(p_unit, p_zone, m.created_at) AS period_start, m.chat_id, m.model_config_id,
               count(*) AS assistant_messages,
               count(*) FILTER (WHERE NOT m.invalid AND m.total_cost_micros IS NOT NULL) AS priced_messages,
               count(*) FILTER (WHERE NOT m.invalid AND m.total_cost_micros IS NULL
                                  AND num_nonnulls(m.input_tokens, m.output_tokens, m.reasoning_tokens,
                                                   m.cache_read_tokens, m.cache_creation_tokens) > 0)
                   AS unpriced_messages,
               count(*) FILTER (WHERE m.invalid) AS invalid_messages,
               coalesce(sum(m.total_cost_micros) FILTER (WHERE NOT m.invalid), 0) AS cost_micros,
               coalesce(sum(m.input_tokens) FILTER (WHERE NOT m.invalid), 0) AS input_tokens,
               coalesce(sum(m.output_tokens) FILTER (WHERE NOT m.invalid), 0) AS output_tokens,
               coalesce(sum(m.reasoning_tokens) FILTER (WHERE NOT m.invalid), 0) AS reasoning_tokens,
               coalesce(sum(m.cache_read_tokens) FILTER (WHERE NOT m.invalid), 0) AS cache_read_tokens,
               coalesce(sum(m.cache_creation_tokens) FILTER (WHERE NOT m.invalid), 0) AS cache_creation_tokens
        FROM (SELECT cm.*, chatcost_usage_invalid(cm.input_tokens, cm.output_tokens, cm.reasoning_tokens,
                             cm.cache_read_tokens, cm.cache_creation_tokens, cm.total_cost_micros) AS invalid
              FROM raw_ranges r
              JOIN chat_messages cm ON cm.created_at >= r.low AND cm.created_at < r.high
              WHERE p_chats IS NULL AND cm.role = 'assistant'
              UNION ALL
              SELECT cm.*, chatcost_usage_invalid(cm.input_tokens, cm.output_tokens, cm.reasoning_tokens,
                             cm.cache_read_tokens, cm.cache_creation_tokens, cm.total_cost_micros)
              FROM raw_ranges r
              JOIN chat_messages cm ON cm.chat_id = ANY (p_chats) AND cm.created_at >= r.low
                                   AND cm.created_at < r.high
              WHERE cm.role = 'assistant') AS m
        GROUP BY 1, 2, 3
    ),
    parts AS (
        SELECT chatcost_period(p_unit, p_zone, j.bucket) AS period_start, j.chat_id, j.model_config_id,
               j.assistant_messages, j.priced_messages, j.unpriced_messages, j.invalid_messages,
               j.cost_micros, j.input_tokens, j.output_tokens, j.reasoning_tokens, j.cache_read_tokens,
               j.cache_creation_tokens
        FROM judged j
        WHERE j.whole
        UNION ALL
        SELECT * FROM raw
    )
    SELECT p.period_start, p.chat_id, p.model_config_id, sum(p.assistant_messages)::bigint,
           sum(p.priced_messages)::bigint, sum(p.unpriced_messages)::bigint,
           sum(p.invalid_messages)::bigint, sum(p.cost_micros), sum(p.input_tokens), sum(p.output_tokens),
           sum(p.reasoning_tokens), sum(p.cache_read_tokens), sum(p.cache_creation_tokens)
    FROM parts p
    GROUP BY p.period_start, p.chat_id, p.model_config_id
    HAVING sum(p.assistant_messages) > 0
$$;
