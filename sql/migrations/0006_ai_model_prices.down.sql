DROP TABLE ai_model_prices;
