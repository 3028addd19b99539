-- One step of `chatcost ledger refresh`, its own transaction: folds up to $2 pending changes of
-- the hours already built into the ledger, and builds the hours from built_before to $1 (none
-- when $1 is built_before) from chat_messages, consuming every pending change of those hours: a
-- change committed before this statement's snapshot is in the scan, one committed after it stays
-- pending. One statement, one snapshot: the ledger plus its pending changes stay exactly the raw
-- messages, for every reader, before and after. Returns built_before, the changes folded and
-- superseded, the ledger rows written and the UTC hours with messages that were built.
WITH state AS (
    -- now() read here, once, not in the UPDATE's SET (rule 2 of docs/scaling.md: Citus).
    SELECT built_before, now() AS refreshed_at FROM chatcost_ledger_state
),
folded AS (
    DELETE FROM chatcost_ledger_changes
    WHERE ctid = ANY (ARRAY(SELECT c.ctid
                            FROM chatcost_ledger_changes c, state s
                            WHERE c.bucket < s.built_before
                            LIMIT $2::bigint))
    RETURNING *
),
superseded AS (
    DELETE FROM chatcost_ledger_changes c
    USING state s
    WHERE c.bucket >= s.built_before AND c.bucket < $1::timestamptz
    RETURNING c.bucket
),
built AS (
    SELECT u.period_start AT TIME ZONE 'UTC' AS bucket, u.chat_id, u.model_config_id, u.assistant_messages,
           u.priced_messages, u.unpriced_messages, u.invalid_messages, u.cost_micros, u.input_tokens,
           u.output_tokens, u.reasoning_tokens, u.cache_read_tokens, u.cache_creation_tokens
    FROM state s, chatcost_usage(s.built_before, $1::timestamptz, 'UTC', 'hour') u
    WHERE s.built_before < $1::timestamptz
),
-- Rows of the hours being built left by an earlier build (built_before set back to rebuild the
-- ledger, ARCHITECTURE.md "The ledger"): taken out, so that those hours hold the messages' sums
-- and not both; a row left at zero is pruned.
replaced AS (
    SELECT l.bucket, l.chat_id, l.model_config_id, -l.assistant_messages, -l.priced_messages,
           -l.unpriced_messages, -l.invalid_messages, -l.cost_micros, -l.input_tokens, -l.output_tokens,
           -l.reasoning_tokens, -l.cache_read_tokens, -l.cache_creation_tokens
    FROM chatcost_ledger l, state s
    WHERE l.bucket >= s.built_before AND l.bucket < $1::timestamptz
),
additions AS (
    SELECT * FROM folded
    UNION ALL
    SELECT * FROM built
    UNION ALL
    SELECT * FROM replaced
),
written AS (
    INSERT INTO chatcost_ledger AS l
    SELECT a.bucket, a.chat_id, a.model_config_id, sum(a.assistant_messages), sum(a.priced_messages),
           sum(a.unpriced_messages), sum(a.invalid_messages), sum(a.cost_micros), sum(a.input_tokens),
           sum(a.output_tokens), sum(a.reasoning_tokens), sum(a.cache_read_tokens),
           sum(a.cache_creation_tokens)
    FROM additions a
    GROUP BY a.bucket, a.chat_id, a.model_config_id
    ON CONFLICT ON CONSTRAINT chatcost_ledger_key DO UPDATE
    SET assistant_messages = l.assistant_messages + excluded.assistant_messages,
        priced_messages = l.priced_messages + excluded.priced_messages,
        unpriced_messages = l.unpriced_messages + excluded.unpriced_messages,
        invalid_messages = l.invalid_messages + excluded.invalid_messages,
        cost_micros = l.cost_micros + excluded.cost_micros,
        input_tokens = l.input_tokens + excluded.input_tokens,
        output_tokens = l.output_tokens + excluded.output_tokens,
        reasoning_tokens = l.reasoning_tokens + excluded.reasoning_tokens,
        cache_read_tokens = l.cache_read_tokens + excluded.cache_read_tokens,
        cache_creation_tokens = l.cache_creation_tokens + excluded.cache_creation_tokens
    RETURNING 1
)
UPDATE chatcost_ledger_state
SET built_before = greatest(built_before, $1::timestamptz), refreshed_at = (SELECT s.refreshed_at FROM state s)
RETURNING CASE WHEN isfinite(built_before)
               THEN to_char(built_before AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
               ELSE built_before::text END AS built_before, (SELECT count(*) FROM folded) AS folded_changes,
          (SELECT count(*) FROM superseded) AS superseded_changes, (SELECT count(*) FROM written) AS written_rows,
          (SELECT count(DISTINCT b.bucket) FROM built b) AS built_hours
