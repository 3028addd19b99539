-- The ledger rows whose messages are all gone (their chat was deleted): nothing to keep. Every
-- figure must be zero, not only the count: a refresh folds the pending changes in batches, in no
-- particular order, so a row may hold the count of a delete and not yet the cost change of an
-- update made before it (0 messages, -7 micro-dollars), which the next batch makes good. The
-- count finds the candidates (chatcost_ledger_empty, a partial index).
DELETE FROM chatcost_ledger
WHERE assistant_messages = 0
  AND priced_messages = 0 AND unpriced_messages = 0 AND invalid_messages = 0
  AND cost_micros = 0 AND input_tokens = 0 AND output_tokens = 0 AND reasoning_tokens = 0
  AND cache_read_tokens = 0 AND cache_creation_tokens = 0
