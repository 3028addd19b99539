-- Undoes 0014: the budgets go with their table.
DROP TABLE IF EXISTS chatcost_budgets;
