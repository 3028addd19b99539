-- Undoes 0013: the triggers go first, so that no write to chat_messages calls a dropped function.
DROP TRIGGER IF EXISTS chatcost_ledger_insert ON chat_messages;
DROP TRIGGER IF EXISTS chatcost_ledger_update ON chat_messages;
DROP TRIGGER IF EXISTS chatcost_ledger_delete ON chat_messages;
DROP TRIGGER IF EXISTS chatcost_ledger_truncate ON chat_messages;
DROP FUNCTION IF EXISTS chatcost_usage(timestamptz, timestamptz, text, text, uuid[]);
DROP FUNCTION IF EXISTS chatcost_ledger_log();
DROP FUNCTION IF EXISTS chatcost_ledger_log_insert();
DROP FUNCTION IF EXISTS chatcost_ledger_truncated();
DROP TABLE IF EXISTS chatcost_ledger_state;
DROP TABLE IF EXISTS chatcost_ledger_changes;
DROP TABLE IF EXISTS chatcost_ledger;
DROP FUNCTION IF EXISTS chatcost_period(text, text, timestamptz);
DROP FUNCTION IF EXISTS chatcost_ledger_hour(timestamptz);
DROP FUNCTION IF EXISTS chatcost_ledger_margin();
DROP FUNCTION IF EXISTS chatcost_usage_invalid(bigint, bigint, bigint, bigint, bigint, bigint);
