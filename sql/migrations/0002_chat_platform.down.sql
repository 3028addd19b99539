DROP TABLE chat_model_configs;
DROP TABLE chats;
DROP TABLE users;
