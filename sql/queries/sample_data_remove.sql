-- Removes an earlier demo sample (checked under sample_data_lock to be all there is): every
-- user, chat, message and model config. The price book and chatcost's bookkeeping are kept.
TRUNCATE chat_messages, chats, users, chat_model_configs
