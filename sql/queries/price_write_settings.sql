-- What the next writes of this transaction to ai_model_prices are, for the history's trigger
-- (migration 0012): $1 chatcost.price_write ('custom', 'unset', or 'default' for seed apply
-- --effective-from), $2 chatcost.effective_from
-- (timestamptz text), $3 chatcost.price_note ('' for none). Transaction-local (SET LOCAL), set
-- through set_config so that the values are parameters, never spliced into SQL text.
SELECT set_config('chatcost.price_write', $1::text, true),
       set_config('chatcost.effective_from', $2::text, true),
       set_config('chatcost.price_note', $3::text, true)
