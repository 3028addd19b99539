-- Taken before an earlier demo sample is replaced, so that nothing is written between the
-- check that the tables hold only the sample and their truncation.
LOCK TABLE users, chats, chat_messages, chat_model_configs IN ACCESS EXCLUSIVE MODE
