-- The chat platform's tables that chatcost reads, with the reference platform's column names
-- so that its SQL runs unchanged against ours (DESIGN.md section 3).
CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username text NOT NULL UNIQUE,
    name text NOT NULL DEFAULT '',
    email text NOT NULL DEFAULT '',
    avatar_url text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    deleted boolean NOT NULL DEFAULT false
);

CREATE TABLE chats (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    parent_chat_id uuid REFERENCES chats (id) ON DELETE SET NULL,
    root_chat_id uuid REFERENCES chats (id) ON DELETE SET NULL,
    title text NOT NULL DEFAULT 'New Chat',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- A user's chats: per-user reports, and the cascade when a user is deleted.
CREATE INDEX IF NOT EXISTS idx_chats_owner_id ON chats (owner_id);

CREATE TABLE chat_model_configs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    provider text NOT NULL,
    model text NOT NULL,
    display_name text NOT NULL DEFAULT '',
    -- Prices live under options->'cost' (or, legacy, at the top level): DESIGN.md section 2.
    options jsonb NOT NULL DEFAULT '{}',
    enabled boolean NOT NULL DEFAULT true,
    deleted boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
