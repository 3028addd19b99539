ALTER TABLE chat_messages DROP COLUMN IF EXISTS total_cost_micros;
