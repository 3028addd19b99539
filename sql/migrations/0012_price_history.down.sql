-- Undoes 0012: the history, the price references and the trigger go; ai_model_prices keeps the
-- prices it shows (a custom price in force stays as its row's values, now a plain price).
DROP TRIGGER IF EXISTS chatcost_record_price_insert ON ai_model_prices;
DROP TRIGGER IF EXISTS chatcost_record_price_write ON ai_model_prices;
DROP FUNCTION IF EXISTS chatcost_record_price();
DROP FUNCTION IF EXISTS chatcost_close_price_period(text, text, text, timestamptz);
DROP FUNCTION IF EXISTS chatcost_open_price_period(text, text, text, ai_model_prices, timestamptz);
ALTER TABLE ai_model_prices DROP COLUMN IF EXISTS source;
ALTER TABLE chat_messages DROP COLUMN IF EXISTS cost_price_ref;
DROP TABLE IF EXISTS chatcost_price_refs;
DROP TABLE IF EXISTS chatcost_price_periods;
