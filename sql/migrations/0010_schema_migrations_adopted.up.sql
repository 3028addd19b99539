-- A migration can also be recorded as 'adopted': `chatcost migrate up --adopt` found the
-- objects it creates already made by the chat platform, checked their shape, and recorded it
-- without running it (README.md, "Adopting the platform's database"). chatcost never drops
-- what it adopted: `migrate down` stops before an adopted migration. The bookkeeping table is
-- chatcost's own and holds one row per migration, so the check is validated at once.
ALTER TABLE chatcost_schema_migrations
    DROP CONSTRAINT chatcost_schema_migrations_state_check,
    ADD CONSTRAINT chatcost_schema_migrations_state_check
        CHECK (state IN ('applied', 'failed', 'adopted'));
