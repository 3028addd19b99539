-- Fails (check violation, nothing changed) while a migration is recorded as adopted; `migrate
-- down` refuses that case before it runs anything.
ALTER TABLE chatcost_schema_migrations
    DROP CONSTRAINT chatcost_schema_migrations_state_check,
    ADD CONSTRAINT chatcost_schema_migrations_state_check
        CHECK (state IN ('applied', 'failed'));
