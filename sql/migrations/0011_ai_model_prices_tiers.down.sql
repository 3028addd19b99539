-- Dropping the columns drops their constraints and comments with them.
ALTER TABLE ai_model_prices
    DROP COLUMN IF EXISTS tiers,
    DROP COLUMN IF EXISTS reasoning_price;
