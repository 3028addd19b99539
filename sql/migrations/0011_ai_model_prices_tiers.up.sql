-- The price book gains a reasoning price and long-context tiers (DESIGN §2 rules 8 and 9).
-- Both columns are nullable without a default, so PostgreSQL only records them in the catalog
-- and rewrites nothing. Each CHECK is added NOT VALID (no scan while the ALTER holds its lock)
-- and then validated; the book holds a few thousand rows, all NULL in the new columns, so the
-- validation is a short read.
ALTER TABLE ai_model_prices
    ADD COLUMN IF NOT EXISTS reasoning_price bigint,
    ADD COLUMN IF NOT EXISTS tiers jsonb;

ALTER TABLE ai_model_prices
    ADD CONSTRAINT ai_model_prices_reasoning_price_check CHECK (reasoning_price >= 0) NOT VALID;

-- The shape of the book file's "tiers" (seed/README.md): a non-empty array of objects, each with
-- "size", a positive integer, and optionally the five prices, each a non-negative integer or
-- null; no other key. Numbers are bounded by bigint, so the readers (price_catalog_configs.sql,
-- explain_message.sql, prices_list.sql) cast them without a failure. The first test is strict,
-- because lax mode unwraps an array nested inside the list; the second is lax, so that a
-- missing key reads as empty rather than as an error. Sizes that repeat are left to the cost
-- engine, which reports them as an invalid price (a jsonpath cannot compare two elements).
ALTER TABLE ai_model_prices
    ADD CONSTRAINT ai_model_prices_tiers_check CHECK (tiers IS NULL OR (
        (tiers @@ 'strict $.type() == "array" && $.size() > 0 && !exists($[*] ? (@.type() != "object"))') IS TRUE
        AND (tiers @@ 'lax !exists($[*] ? (
                !(@."size".type() == "number") || @."size" != @."size".floor() || @."size" <= 0
                || @."size" > 9223372036854775807
                || exists(@.keyvalue() ? (@.key != "size" && @.key != "input_price" && @.key != "output_price"
                                          && @.key != "cache_read_price" && @.key != "cache_write_price"
                                          && @.key != "reasoning_price"))
                || exists(@.keyvalue() ? (@.key != "size" && !(@.value.type() == "null"
                    || (@.value.type() == "number" && @.value >= 0 && @.value == @.value.floor()
                        && @.value <= 9223372036854775807))))))') IS TRUE)) NOT VALID;

ALTER TABLE ai_model_prices VALIDATE CONSTRAINT ai_model_prices_reasoning_price_check;
ALTER TABLE ai_model_prices VALIDATE CONSTRAINT ai_model_prices_tiers_check;

COMMENT ON COLUMN ai_model_prices.reasoning_price IS
    'Micro-dollars per 1M reasoning tokens (inside output_tokens); NULL: reasoning is priced as output';
COMMENT ON COLUMN ai_model_prices.tiers IS
    'Long-context tiers: [{"size": N, "input_price": ..., ...}] by increasing size, in micro-dollars per 1M '
    'tokens; a tier applies to a message whose context is above N; a price left out or null inherits the '
    'row''s own; NULL: no tiers (never [])';
